// On Today, only while a team round waits for me: one line and a link to the (lazy) round screen.
// Kept tiny on purpose: Today's first load must not carry the round screen itself.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { useI18n } from '../i18n/context';
import { thermostatHref, type Turn } from './data';

export function TeamRoundCard() {
  const { t } = useI18n();
  const [turns, setTurns] = useState<Turn[]>([]);
  useEffect(() => {
    api.get<{ turns: Turn[] }>('/thermostat/turns').then(
      (body) => setTurns(body.turns),
      () => undefined, // offline: no card
    );
  }, []);
  if (turns.length === 0) return null;
  const turn = turns[0];
  return (
    <section class="card team-round-card" aria-labelledby="team-round-card-title">
      <h2 class="card__title" id="team-round-card-title">
        {t('thermostat.card.title', { team: turn.team_name })}
      </h2>
      <p>{t(turn.stage === 'answering' ? 'thermostat.card.answer' : 'thermostat.card.confirm')}</p>
      <a class="button button--secondary" href={thermostatHref(turn.team_id)}>
        {t(turn.stage === 'answering' ? 'thermostat.card.answer_cta' : 'thermostat.card.confirm_cta')}
      </a>
    </section>
  );
}

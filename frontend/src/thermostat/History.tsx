// The thermostat's history for the team's managers: each standard with its period, how the team did and
// who agreed; a suggestion to raise the bar or to talk about what holds the team back.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { Notice } from '../components/Notice';
import { useI18n } from '../i18n/context';
import { thermostatHref, type Round, type TeamThermostat } from './data';
import { AnswerList } from './ManagerRound';
import { levelText } from './parts';

function periodLabel(period: string, startsOn: string, locale: string): string {
  const tag = locale === 'nl' ? 'nl-NL' : 'en-GB';
  const start = new Date(`${startsOn}T12:00:00`);
  if (period === 'quarter') return `Q${Math.floor(start.getMonth() / 3) + 1} ${start.getFullYear()}`;
  return new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric' }).format(start);
}

export function History({ data }: { data: TeamThermostat }) {
  const { t, n, locale } = useI18n();
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 class="card__title" id="history-title">
        {t('thermostat.history.title')}
      </h2>
      {data.suggestion === 'raise_bar' && (
        <Notice kind="info">
          <span data-testid="suggestion">{t('thermostat.suggest.raise_bar')}</span>
        </Notice>
      )}
      {data.suggestion === 'talk' && data.talk_round_id && (
        <Notice kind="info">
          <span data-testid="suggestion">{t('thermostat.suggest.talk')}</span>{' '}
          <a href={thermostatHref(data.team_id, data.talk_round_id)}>{t('thermostat.suggest.talk_link')}</a>
        </Notice>
      )}
      {data.history.length === 0 && <p class="muted">{t('thermostat.history.none')}</p>}
      <ul class="thermostat-history">
        {data.history.map((entry) => (
          <li key={entry.round_id} class={`thermostat-history__item thermostat-history__item--${entry.outcome}`}>
            <p class="thermostat-history__head">
              <strong>{periodLabel(entry.period, entry.starts_on, locale)}</strong>
              <span class={`thermostat-outcome thermostat-outcome--${entry.outcome}`}>{t(`thermostat.outcome.${entry.outcome}`)}</span>
            </p>
            <p>{entry.statement ?? entry.behaviour_name}</p>
            <p class="muted">
              {entry.behaviour_name && `${entry.behaviour_name} · `}
              {levelText(entry.kind, entry.target, t, n)}
              {entry.value !== null && ` · ${t(entry.outcome === 'running' ? 'thermostat.history.so_far' : 'thermostat.history.value', { value: entry.kind === 'rhythm_share' ? `${n(Math.round(entry.value))}%` : n(entry.value) })}`}
            </p>
            <p class="muted">
              {entry.agreed_by
                ? t('thermostat.history.agreed_by', { names: entry.agreed_by.join(', ') })
                : t('thermostat.history.agreed_count', { count: entry.agreed_count })}
              {' · '}
              <a href={thermostatHref(data.team_id, entry.round_id)}>{t('thermostat.history.answers_link')}</a>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A past round's answers, to talk about what holds the team back. */
export function PastRound({ roundId }: { roundId: number }) {
  const i18n = useI18n();
  const [round, setRound] = useState<Round | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<Round>(`/thermostat/rounds/${roundId}`).then(setRound, setError);
  }, [roundId]);
  if (error !== null) return <Notice kind="error">{errorMessage(error, i18n)}</Notice>;
  if (!round || round.stage === 'answering' || round.stage === 'confirming') return null;
  return (
    <div id="past-round">
      <AnswerList answers={round.answers ?? []} anonymous={round.anonymous} />
    </div>
  );
}

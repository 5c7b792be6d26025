// Voorbeeldgedrag / Leading by example: the team sees its managers do the behaviour first — their own
// coaching rhythm (streak, this week). Shown on the Team screen and, for members, on the leaderboard;
// absent when the organisation turned it off or the team's managers have no behaviours of their own.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { useI18n } from '../i18n/context';
import { streakText } from '../rhythm/data';
import type { LeadingByExample } from './data';
import './leaders.css';

export function LeadersCard({ teamId, teamName }: { teamId: number; teamName?: string }) {
  const i18n = useI18n();
  const { t, tn } = i18n;
  const [answer, setAnswer] = useState<LeadingByExample | null>(null);
  useEffect(() => {
    api.get<LeadingByExample>(`/teams/${teamId}/leaders`).then(setAnswer, () => setAnswer(null));
  }, [teamId]);
  if (!answer || !answer.shown) return null;
  const leaders = answer.leaders.filter((leader) => leader.behaviours.length > 0);
  if (leaders.length === 0) return null;
  const headingId = `leaders-heading-${teamId}`;
  return (
    <section class="card leaders" aria-labelledby={headingId} data-team-id={teamId}>
      <h2 class="card__title" id={headingId}>
        {teamName ? t('leaders.title_team', { team: teamName }) : t('leaders.title')}
      </h2>
      <p class="card__intro">{t('leaders.intro')}</p>
      {leaders.map((leader) => (
        <div key={leader.user_id} class="leaders__person">
          <h3 class="leaders__name">{leader.name}</h3>
          <ul class="leaders__list">
            {leader.behaviours.map((behaviour) => (
              <li key={behaviour.id} class="leaders__item">
                <span class="leaders__icon" aria-hidden="true">
                  {behaviour.icon}
                </span>
                <span class="leaders__what">
                  <span class="leaders__behaviour">{behaviour.name}</span>
                  <span class="leaders__meta">
                    {behaviour.streak > 0
                      ? t('leaders.streak', { streak: streakText({ current: behaviour.streak, longest: behaviour.streak, unit: behaviour.unit }, i18n) })
                      : t('today.streak_none')}
                    {' · '}
                    {tn('leaders.this_week', behaviour.week_done)}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

// The team goal ("thermostat") on Today and on the leaderboard: a progress bar everyone moves together,
// and a celebration once the team made it (shown once per goal on this device).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { useI18n } from '../i18n/context';
import type { BoardSummary, TeamGoal } from './data';

const CELEBRATED_KEY = 'ritme.goals.celebrated';

function celebrated(): number[] {
  try {
    return JSON.parse(localStorage.getItem(CELEBRATED_KEY) ?? '[]') as number[];
  } catch {
    return [];
  }
}

/** Loads the goals of my teams itself; pass `goals` to show ones already loaded. */
export function TeamGoalCard({ goals: given, refreshKey }: { goals?: TeamGoal[]; refreshKey?: unknown }) {
  const [goals, setGoals] = useState<TeamGoal[]>(given ?? []);
  useEffect(() => {
    if (given) {
      setGoals(given);
      return;
    }
    api.get<BoardSummary>('/boards/summary').then(
      (summary) => setGoals(summary.goals),
      () => undefined, // offline or no goal: the card simply stays away
    );
  }, [given, refreshKey]);
  if (goals.length === 0) return null;
  return (
    <>
      {goals.map((goal) => (
        <GoalProgress key={goal.id} goal={goal} />
      ))}
    </>
  );
}

export function GoalProgress({ goal }: { goal: TeamGoal }) {
  const { t, n } = useI18n();
  const [party, setParty] = useState(false);
  useEffect(() => {
    if (!goal.reached) return;
    const seen = celebrated();
    if (seen.includes(goal.id)) return;
    setParty(true);
    localStorage.setItem(CELEBRATED_KEY, JSON.stringify([...seen.slice(-20), goal.id]));
  }, [goal.id, goal.reached]);
  const labelId = `team-goal-${goal.id}`;
  const value = goal.kind === 'rhythm_share' ? `${n(Math.round(goal.value))}%` : n(Math.round(goal.value));
  const target = goal.kind === 'rhythm_share' ? `${n(goal.target)}%` : n(goal.target);
  return (
    <section class={`card team-goal${goal.reached ? ' team-goal--reached' : ''}`} aria-labelledby={labelId} data-goal-id={goal.id}>
      <div class="team-goal__head">
        <h2 class="team-goal__title" id={labelId}>
          {t('boards.goal.title', { team: goal.team_name })}
        </h2>
        <span class="team-goal__period">{t(`boards.goal.period.${goal.period}`)}</span>
      </div>
      {goal.title && <p class="team-goal__standard">“{goal.title}”</p>}
      <p class="team-goal__what">{t(`boards.goal.kind.${goal.kind}`, { target })}</p>
      <div
        class="team-goal__bar"
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={goal.percent}
        aria-valuetext={t('boards.goal.progress', { value, target })}
      >
        <span class="team-goal__fill" style={{ width: `${goal.percent}%` }} />
      </div>
      <p class="team-goal__numbers">
        <strong data-testid="goal-value">{value}</strong> / {target}
        {goal.kind === 'rhythm_share' && !goal.finished && <span class="team-goal__hint"> · {t('boards.goal.share_hint')}</span>}
      </p>
      {goal.reached && (
        <p class={`team-goal__reached${party ? ' team-goal__reached--party' : ''}`} role="status">
          <span aria-hidden="true">🎉 </span>
          {t('boards.goal.reached')}
        </p>
      )}
    </section>
  );
}

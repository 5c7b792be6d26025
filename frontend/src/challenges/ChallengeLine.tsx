// Today's one line about the running challenge I take part in: my team's place or my own progress,
// and the time left; it links to the Challenges screen. Stays away when there is none (or offline).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { useI18n } from '../i18n/context';
import type { Challenge } from './data';
import { myTeam, timeLeft } from './data';

export function ChallengeLine({ refreshKey }: { refreshKey?: unknown }) {
  const { t, tn, n } = useI18n();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  useEffect(() => {
    api.get<{ challenge: Challenge | null }>('/challenges/today').then(
      (answer) => setChallenge(answer.challenge),
      () => undefined,
    );
  }, [refreshKey]);
  if (!challenge) return null;
  const mine = myTeam(challenge);
  const own = challenge.me?.consistency;
  let progress: string;
  if (challenge.kind === 'team' && mine) {
    progress = t('challenges.line_team', { team: mine.name, rank: mine.rank ?? '–', score: mine.score === null ? '–' : `${n(mine.score)}%` });
  } else if (challenge.kind === 'together' && challenge.together) {
    progress = t('challenges.together_value', { total: n(challenge.together.total), target: n(challenge.together.target) });
  } else {
    progress = t('challenges.line_me', { value: own == null ? '–' : `${n(own)}%` });
  }
  const left = challenge.seconds_left !== null ? timeLeft(challenge.seconds_left) : null;
  return (
    <a href="/challenges" class="card challenge-line" data-testid="challenge-line">
      <span class="challenge-line__icon" aria-hidden="true">
        {challenge.frozen ? '❄️' : '🏁'}
      </span>
      <span class="challenge-line__text">
        <strong>{challenge.title}</strong> · {progress}
        {left && <> · {tn(`challenges.left_${left.unit}`, left.count)}</>}
      </span>
    </a>
  );
}

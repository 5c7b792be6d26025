// One line of the celebration feed: a win, a badge award, a streak milestone or a team goal.
import { AwardCard } from '../badges/AwardCard';
import { PersonLink } from '../components/Person';
import { relativeTime } from '../components/format';
import { useI18n } from '../i18n/context';
import { WinCard } from '../wins/WinCard';
import type { FeedItem } from './data';

export function FeedCard({ item, onChange, onRemoved }: { item: FeedItem; onChange: (item: FeedItem) => void; onRemoved: (id: number) => void }) {
  const { t, tn, locale } = useI18n();
  if (item.kind === 'win' && item.win) {
    return <WinCard win={item.win} onChange={(win) => onChange({ ...item, win })} onRemoved={() => onRemoved(item.id)} />;
  }
  if (item.kind === 'award' && item.award) {
    return <AwardCard award={item.award} onChange={(award) => onChange({ ...item, award })} />;
  }
  if (item.kind === 'milestone' && item.milestone && item.person) {
    const { count, unit, behaviour } = item.milestone;
    return (
      <article class="card rc-card rc-card--milestone">
        <header class="rc-card__head">
          <span class="rc-emoji" aria-hidden="true">
            🔥
          </span>
          <div class="rc-card__who">
            <p class="rc-card__title">
              <PersonLink person={item.person} />{' '}
              {unit === 'week' ? tn('recognition.milestone_weeks', count) : tn('recognition.milestone_days', count)}
            </p>
            <p class="rc-card__meta">
              <time dateTime={item.created_at}>{relativeTime(item.created_at, locale)}</time>
              {behaviour && (
                <>
                  {' '}
                  · {behaviour.icon} {behaviour.name}
                </>
              )}
            </p>
          </div>
        </header>
      </article>
    );
  }
  if (item.kind === 'challenge' && item.challenge) {
    const c = item.challenge;
    const outcome =
      c.kind === 'team'
        ? c.winner
          ? t('challenges.feed_winner', { team: c.winner })
          : t('challenges.feed_no_winner')
        : c.kind === 'together'
          ? t('challenges.together_value', { total: c.total, target: c.target ?? 0 })
          : t('challenges.celebrated', { count: c.celebrated });
    return (
      <article class="card rc-card rc-card--goal" data-testid="feed-challenge">
        <header class="rc-card__head">
          <span class="rc-emoji" aria-hidden="true">
            🏁
          </span>
          <div class="rc-card__who">
            <p class="rc-card__title">{t('challenges.feed_closed', { title: c.title })}</p>
            <p class="rc-card__meta">
              <time dateTime={item.created_at}>{relativeTime(item.created_at, locale)}</time> · {outcome}
            </p>
          </div>
        </header>
      </article>
    );
  }
  if (item.kind === 'team_goal' && item.team_goal) {
    return (
      <article class="card rc-card rc-card--goal">
        <header class="rc-card__head">
          <span class="rc-emoji" aria-hidden="true">
            🎯
          </span>
          <div class="rc-card__who">
            <p class="rc-card__title">{t('recognition.goal_reached', { team: item.team_goal.team.name })}</p>
            <p class="rc-card__meta">
              <time dateTime={item.created_at}>{relativeTime(item.created_at, locale)}</time>
              {item.team_goal.title && <> · {item.team_goal.title}</>}
            </p>
          </div>
        </header>
      </article>
    );
  }
  return null;
}

// One badge award on the feed or a profile: the badge, who earned it, the reason, applause.
import { PersonLink } from '../components/Person';
import { relativeTime } from '../components/format';
import { useI18n } from '../i18n/context';
import { useMe } from '../session';
import { ApplauseBar } from '../wins/Applause';
import type { Award } from './data';

export function AwardCard({ award, onChange }: { award: Award; onChange: (award: Award) => void }) {
  const { t, locale } = useI18n();
  const me = useMe();
  return (
    <article class="card rc-card rc-card--award" data-award={award.id}>
      <header class="rc-card__head">
        <span class="rc-emoji" aria-hidden="true">
          {award.badge.emoji}
        </span>
        <div class="rc-card__who">
          <p class="rc-card__title">
            <PersonLink person={award.user} /> {t('recognition.earned_badge', { badge: award.badge.name })}
          </p>
          <p class="rc-card__meta">
            <time dateTime={award.created_at}>{relativeTime(award.created_at, locale)}</time> ·{' '}
            {award.awarded_by ? t('recognition.awarded_by', { name: award.awarded_by.name }) : t('recognition.automatic')}
            {award.nominated_by && (
              <>
                {' · '}
                <span class="rc-card__nominator">
                  {t('recognition.nominated_by', { name: award.nominated_by.name })}
                </span>
              </>
            )}
          </p>
        </div>
      </header>
      {award.reason && <p class="rc-card__text rc-card__reason">“{award.reason}”</p>}
      <ApplauseBar target={award} path={`/awards/${award.id}`} own={award.user.id === me.id} onChange={onChange} />
    </article>
  );
}

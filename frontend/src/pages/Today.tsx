import { EmptyState } from '../components/EmptyState';
import { TodayIcon } from '../components/icons';
import { useI18n, usePageTitle } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useMe } from '../session';

/** The hour of the day where the user lives, not where the phone happens to be set. */
function hourIn(timeZone: string, now: Date): number {
  try {
    return Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(now));
  } catch {
    return now.getHours(); // an unknown zone name: fall back to the device clock
  }
}

function greetingKey(hour: number): MessageKey {
  if (hour >= 5 && hour < 12) return 'greeting.morning';
  if (hour >= 12 && hour < 18) return 'greeting.afternoon';
  return 'greeting.evening';
}

function longDate(locale: string, timeZone: string, now: Date): string {
  const tag = locale === 'nl' ? 'nl-NL' : 'en-GB';
  try {
    return new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(now);
  } catch {
    return new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long' }).format(now);
  }
}

export function TodayPage() {
  const { t, locale } = useI18n();
  usePageTitle('today.title');
  const me = useMe();
  const now = new Date();
  const firstName = me.name.trim().split(/\s+/)[0] || me.name;
  return (
    <>
      <div class="page-head">
        <p class="page-head__eyebrow">{longDate(locale, me.time_zone, now)}</p>
        <h1 class="page-head__title" tabIndex={-1}>
          {t(greetingKey(hourIn(me.time_zone, now)), { name: firstName })}
        </h1>
      </div>
      <EmptyState icon={<TodayIcon size={36} />} title={t('today.empty_title')} body={t('today.empty_body')} />
    </>
  );
}

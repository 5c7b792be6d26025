// Today's heading ("Donderdag 3 december", "Goedemorgen, Ruben") and the user's day, in their time zone.
//
// Both need Intl.DateTimeFormat, and the first one a page builds costs 50–100 ms on a phone 4× slower
// (ICU starting up; every later one is cheap). A warm open should show Today within 0.6 s (issue 20),
// so the heading of the last open is kept (api/kept.ts) with the instant until which it holds: the
// next change of the user's day or of the greeting's part of it, found with Intl itself, so DST and
// any offset are right. Within that time, the first render needs no Intl at all.
import { dateTimeFormat } from '../components/format';
import type { MessageKey } from '../i18n/messages';
import { localDate } from './data';

export type GreetingKey = Extract<MessageKey, 'greeting.morning' | 'greeting.afternoon' | 'greeting.evening'>;

/** The hour of the day where the user lives, not where the phone happens to be set. */
export function hourIn(timeZone: string, now: Date): number {
  try {
    return Number(dateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(now));
  } catch {
    return now.getHours(); // an unknown zone name: fall back to the device clock
  }
}

export function greetingKey(hour: number): GreetingKey {
  if (hour >= 5 && hour < 12) return 'greeting.morning';
  if (hour >= 12 && hour < 18) return 'greeting.afternoon';
  return 'greeting.evening';
}

export function longDate(locale: string, timeZone: string, now: Date): string {
  const tag = locale === 'nl' ? 'nl-NL' : 'en-GB';
  try {
    return dateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(now);
  } catch {
    return dateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long' }).format(now);
  }
}

/** Today's heading and day as computed at `from`, holding until `until` (ms since the epoch). */
export interface DayFrame {
  timeZone: string;
  locale: string;
  date: string;
  greeting: GreetingKey;
  longDate: string;
  from: number;
  until: number;
}

/** Which day and which part of it: what must stay the same for a kept heading to hold. */
function dayPart(timeZone: string, at: Date): string {
  return `${localDate(at, timeZone)}|${greetingKey(hourIn(timeZone, at))}`;
}

const STEP_MS = 20 * 60_000; // no zone moves its clock by more, or changes day part twice, within 20 minutes
const HORIZON_MS = 10 * 3600_000; // a day part lasts at most 7 hours, 8 across a DST change

/** The heading at `now` and the first instant (to the second) at which the day or its part changes. */
export function dayFrame(timeZone: string, locale: string, now: Date): DayFrame {
  const part = dayPart(timeZone, now);
  const end = now.getTime() + HORIZON_MS;
  let before = now.getTime();
  let after = end;
  for (let at = before + STEP_MS; at <= end; at += STEP_MS) {
    if (dayPart(timeZone, new Date(at)) !== part) {
      after = at;
      break;
    }
    before = at;
  }
  // The change lies in (before, after]: halve it down to a second.
  while (after - before > 1000) {
    const middle = Math.floor((before + after) / 2);
    if (dayPart(timeZone, new Date(middle)) === part) before = middle;
    else after = middle;
  }
  return {
    timeZone,
    locale,
    date: localDate(now, timeZone),
    greeting: greetingKey(hourIn(timeZone, now)),
    longDate: longDate(locale, timeZone, now),
    from: now.getTime(),
    until: after,
  };
}

/** Whether a kept frame still says the right thing at `now` for this zone and language. */
export function frameHolds(frame: DayFrame | null, timeZone: string, locale: string, now: Date): frame is DayFrame {
  const at = now.getTime();
  return !!frame && frame.timeZone === timeZone && frame.locale === locale && frame.from <= at && at < frame.until;
}

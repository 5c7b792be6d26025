// Small formatting helpers shared by the screens: relative times, initials, and date formats built once.

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An Intl.DateTimeFormat, built once per language and options: building one costs far more than using
 * it, and Today formats on every render (a tap, on a phone 4× slower: issue 20). An unknown time zone
 * throws here, as `new Intl.DateTimeFormat` does.
 */
export function dateTimeFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  // The same options in any order are the same format (the keys sorted: a caller's spread order varies).
  const key = `${tag}|${JSON.stringify(options, Object.keys(options).sort())}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

/**
 * Build ahead of need the date formats Today's first render uses (its heading's date in the reader's
 * language, the hour and the day in en-GB: rhythm/heading.ts, rhythm/data.localDate). The first date
 * format a page builds costs 50–100 ms on a phone 4× slower (ICU starting up); main.tsx builds them in
 * the first idle moment after the first render, which uses the heading the last open kept instead.
 */
export function warmDateFormats(tag: string, timeZone?: string): void {
  const zone = timeZone ? { timeZone } : {};
  try {
    dateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', ...zone }).format(0);
    dateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', ...zone }).format(0);
    dateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', ...zone }).format(0);
  } catch {
    // An unknown zone: the screen builds its own fallback when it needs it.
  }
}

/** "5 min ago", "yesterday", or a date, in the interface language. */
export function relativeTime(iso: string, locale: string, now = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(0, 'minute');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return format.format(Math.round(seconds / 86400), 'day');
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(then);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

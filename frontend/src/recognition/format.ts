// Small formatting helpers shared by the recognition screens.
import { ApiError } from '../api';
import { errorMessage } from '../errors';
import type { I18n } from '../i18n/context';

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

/**
 * The server words its own rule refusals (own applause, edit window over…) in the user's language;
 * show those, and fall back to the app's catalogue for the common codes.
 */
export function recognitionError(error: unknown, i18n: Pick<I18n, 't' | 'tn'>): string {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.message && error.code !== 'validation_failed') {
    const generic = ['not_found', 'forbidden', 'conflict', 'csrf_failed', 'not_authenticated', 'rate_limited'];
    if (!generic.includes(error.code)) return error.message;
  }
  return errorMessage(error, i18n);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

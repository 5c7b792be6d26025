// Turn whatever a request threw into a sentence in the user's language. The API's `message`
// is for developers and logs; the UI speaks from its own catalogues, keyed by `code`.
import { ApiError } from './client';
import type { I18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';

const MESSAGE_FOR_CODE: Record<string, MessageKey> = {
  invalid_credentials: 'error.invalid_credentials',
  wrong_password: 'validation.current_password_wrong',
  email_taken: 'error.email_taken',
  not_authenticated: 'error.not_authenticated',
  csrf_failed: 'error.csrf_failed',
  validation_failed: 'error.validation_failed',
  not_found: 'error.not_found',
  forbidden: 'error.forbidden',
  conflict: 'error.conflict',
  token_invalid: 'error.token_invalid',
  network_error: 'error.network',
};

export function errorMessage(error: unknown, { t, tn }: Pick<I18n, 't' | 'tn'>): string {
  if (!(error instanceof ApiError)) return t('error.generic');
  if (error.code === 'rate_limited' || error.status === 429) {
    if (error.retryAfter && error.retryAfter > 0) {
      return tn('error.rate_limited_minutes', Math.max(1, Math.ceil(error.retryAfter / 60)));
    }
    return t('error.rate_limited');
  }
  const key = MESSAGE_FOR_CODE[error.code];
  if (key) return t(key);
  // An unknown code that still names fields: point at the fields, which carry the detail.
  return Object.keys(error.fields).length > 0 ? t('error.validation_failed') : t('error.generic');
}

/** The server's messages for each form field, first one per field. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(
    Object.entries(error.fields)
      .filter(([, messages]) => messages.length > 0)
      .map(([field, messages]) => [field, messages[0]]),
  );
}

/**
 * The server words its own rule refusals (own applause, edit window over…) in the user's language;
 * show those, and fall back to the app's catalogue for the common codes.
 */
export function refusalMessage(error: unknown, i18n: Pick<I18n, 't' | 'tn'>): string {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.message && error.code !== 'validation_failed') {
    const generic = ['not_found', 'forbidden', 'conflict', 'csrf_failed', 'not_authenticated', 'rate_limited'];
    if (!generic.includes(error.code)) return error.message;
  }
  return errorMessage(error, i18n);
}

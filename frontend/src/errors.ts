// Turn whatever a request threw into a sentence in the user's language. The API's `message`
// is for developers and logs; the UI speaks from its own catalogues, keyed by `code`.
import { ApiError } from './api';
import type { I18n } from './i18n/context';
import type { MessageKey } from './i18n/messages';

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

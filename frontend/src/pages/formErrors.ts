import type { I18n } from '../i18n/context';
import { fieldErrors } from '../errors';
import type { Problems } from '../validation';

/**
 * The message to show under each field: our own translated check first, else what the
 * server said about that field.
 */
export function messagesFor<F extends string>(
  fields: readonly F[],
  found: Problems<F>,
  serverError: unknown,
  t: I18n['t'],
): Partial<Record<F, string>> {
  const server = fieldErrors(serverError);
  const messages: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const key = found[field];
    const message = key ? t(key) : server[field];
    if (message) messages[field] = message;
  }
  return messages;
}

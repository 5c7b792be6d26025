// Forms: the checks the browser makes before asking the server (the server checks again), the
// message under each field, and the submit/focus hooks every form uses.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { fieldErrors } from '../api/errors';
import type { I18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export type Problems<F extends string> = Partial<Record<F, MessageKey>>;

export function checkRequired(value: string): MessageKey | undefined {
  return value.trim() ? undefined : 'validation.required';
}

/** A select that starts on "Kies …": nothing is chosen for the person, they must choose themselves. */
export function checkChosen(value: string, message: MessageKey): MessageKey | undefined {
  return value ? undefined : message;
}

export function checkEmail(value: string): MessageKey | undefined {
  if (!value.trim()) return 'validation.required';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? undefined : 'validation.email';
}

export function checkNewPassword(value: string): MessageKey | undefined {
  if (!value) return 'validation.required';
  // Count code points, as the server does, not UTF-16 units.
  const length = [...value].length;
  return length < PASSWORD_MIN || length > PASSWORD_MAX ? 'validation.password_length' : undefined;
}

export function checkConfirmation(password: string, confirmation: string): MessageKey | undefined {
  if (!confirmation) return 'validation.required';
  return password === confirmation ? undefined : 'validation.password_mismatch';
}

/** Drop the fields without a problem; an empty result means the form may be sent. */
export function problems<F extends string>(checks: Record<F, MessageKey | undefined>): Problems<F> {
  return Object.fromEntries(Object.entries(checks).filter(([, key]) => key)) as Problems<F>;
}

export function hasProblems(found: object): boolean {
  return Object.keys(found).length > 0;
}

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

/** Run one request at a time for a form: busy while it runs, the error if it fails. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** Resolves true when the action succeeded; a failure is kept in `error`. */
  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/**
 * After a failed submit, move focus to the first invalid field (or the form's alert) so
 * keyboard and screen-reader users land on what needs fixing.
 */
export function useFocusFirstProblem(trigger: unknown) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!trigger || !formRef.current) return;
    const target = formRef.current.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]');
    if (target?.getAttribute('role') === 'alert') target.setAttribute('tabindex', '-1');
    target?.focus();
  }, [trigger]);
  return formRef;
}

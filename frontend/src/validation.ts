// Checks the browser can make before asking the server; the server checks again.
import type { MessageKey } from './i18n/messages';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export type Problems<F extends string> = Partial<Record<F, MessageKey>>;

export function checkRequired(value: string): MessageKey | undefined {
  return value.trim() ? undefined : 'validation.required';
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

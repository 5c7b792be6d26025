import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

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

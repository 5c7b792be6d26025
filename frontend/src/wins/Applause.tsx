// The applause button under a win or badge award: one tap, tap again to take it back. Applause
// goes through the offline queue: offline it shows at once and is sent when the connection is back.
import { useState } from 'preact/hooks';
import type { PersonRef } from '../accounts/data';
import { refusalMessage } from '../api/errors';
import { useI18n } from '../i18n/context';
import { applaud, withdrawApplause } from './data';

interface Applaudable {
  id: number;
  applause_count: number;
  applauded_by_me: boolean;
  applauded_by: PersonRef[];
}

export function ApplauseBar<T extends Applaudable>({
  target,
  path,
  own,
  onChange,
}: {
  target: T;
  /** `/wins/12` or `/awards/3` */
  path: string;
  /** The viewer's own win or badge: they see the applause but cannot give it. */
  own: boolean;
  onChange: (updated: T) => void;
}) {
  const i18n = useI18n();
  const { t, tn, locale } = i18n;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The client_id of applause still waiting on this device, so a second tap can cancel it. */
  const [pending, setPending] = useState<string | null>(null);

  async function toggle() {
    setBusy(true);
    setError(null);
    const on = !target.applauded_by_me;
    try {
      if (on) {
        const { clientId, updated } = await applaud<T>(path, locale);
        setPending(updated ? null : clientId);
        onChange(updated ?? { ...target, applauded_by_me: true, applause_count: target.applause_count + 1 });
      } else {
        const updated = await withdrawApplause<T>(path, pending, locale);
        setPending(null);
        onChange(updated ?? { ...target, applauded_by_me: false, applause_count: Math.max(0, target.applause_count - 1) });
      }
    } catch (caught) {
      setError(refusalMessage(caught, i18n));
    } finally {
      setBusy(false);
    }
  }

  const names = target.applauded_by.map((p) => p.name);
  const who =
    names.length === 0
      ? null
      : names.length <= 3
        ? names.join(', ')
        : t('recognition.applause_names_more', { names: names.slice(0, 2).join(', '), count: names.length - 2 });
  return (
    <div class="applause">
      {!own && (
        <button
          type="button"
          class={`applause__button${target.applauded_by_me ? ' applause__button--on' : ''}`}
          aria-pressed={target.applauded_by_me}
          disabled={busy}
          onClick={toggle}
        >
          <span aria-hidden="true">👏</span>
          <span>{target.applauded_by_me ? t('recognition.applauded') : t('recognition.applaud')}</span>
        </button>
      )}
      <p class="applause__count" aria-live="polite">
        {target.applause_count > 0 ? tn('recognition.applause_count', target.applause_count) : own ? t('recognition.no_applause_yet') : ''}
        {who && <span class="applause__who"> · {who}</span>}
      </p>
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

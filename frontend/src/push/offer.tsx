// offerReminders(): after the first check-in, a small card asks whether a reminder is welcome.
// Only its "Yes" tap asks the browser for permission — so the browser's prompt appears when the
// person has just felt what a check-in is and has said yes, never on first load.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { isLocale, translate, type MessageKey } from '../i18n/messages';
import { enableReminders, pushState } from './data';

const OFFERED_KEY = 'ritme.push.offered';

function remembered(): boolean {
  try {
    return localStorage.getItem(OFFERED_KEY) === '1';
  } catch {
    return false;
  }
}

function remember(): void {
  try {
    localStorage.setItem(OFFERED_KEY, '1');
  } catch {
    // private mode: the offer may come once more, which is harmless
  }
}

/**
 * Offer reminders once per browser, e.g. right after the first check-in. Does nothing when push is
 * not possible, already on, blocked, or was offered before. Resolves when the offer is shown (or not).
 */
export async function offerReminders(): Promise<void> {
  if (typeof document === 'undefined' || remembered()) return;
  if ((await pushState()) !== 'off' || Notification.permission !== 'default') return;
  remember();
  const host = document.createElement('div');
  document.body.appendChild(host);
  const close = () => {
    render(null, host);
    host.remove();
  };
  render(<ReminderOffer onClose={close} />, host);
}

function ReminderOffer({ onClose }: { onClose: () => void }) {
  const lang = document.documentElement.lang;
  const t = (key: MessageKey) => translate(isLocale(lang) ? lang : 'nl', key);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function yes() {
    setBusy(true);
    try {
      const state = await enableReminders();
      setDone(state === 'on' ? t('push.offer.done') : state === 'denied' ? t('push.denied') : null);
      if (state !== 'on' && state !== 'denied') onClose();
      else window.setTimeout(onClose, 4000);
    } catch {
      setDone(t('push.failed'));
      window.setTimeout(onClose, 4000);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="reminder-offer" role="region" aria-labelledby="reminder-offer-text">
      {done ? (
        <p role="status">{done}</p>
      ) : (
        <>
          <div>
            <p class="reminder-offer__text" id="reminder-offer-text">
              {t('push.offer.text')}
            </p>
            <p class="reminder-offer__detail">{t('push.offer.detail')}</p>
          </div>
          <div class="reminder-offer__actions">
            <button type="button" class="button button--ghost button--small" onClick={onClose}>
              {t('push.offer.no')}
            </button>
            <button type="button" class="button button--primary button--small" disabled={busy} onClick={yes}>
              {t('push.offer.yes')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

// The reminder offer: once the day's list is done after a tap on Today, a small card below the list
// asks whether a reminder is welcome. Only its "Yes" tap asks the browser for permission — so the
// browser's prompt appears when the person has just finished their rhythm and has said yes, never
// on first load, never while they are still tapping, never offline, and it never covers the list.
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import { enableReminders, offerWanted, pushState } from './data';

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

/** Whether this browser may still be offered reminders: push possible, off, not asked, never offered. */
async function mayOffer(): Promise<boolean> {
  if (typeof document === 'undefined' || remembered()) return false;
  return (await pushState()) === 'off' && Notification.permission === 'default';
}

/**
 * The offer in the page's flow (Today puts it below its lists), shown once per browser when
 * `offerWanted` holds for the visit: after a tap that finished the day's list, online.
 */
export function ReminderOffer(visit: { tapped: boolean; online: boolean; due: number; done: number }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const [closed, setClosed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const wanted = offerWanted(visit);

  useEffect(() => {
    if (!wanted || shown || closed) return;
    let live = true;
    void mayOffer().then((may) => {
      if (!live || !may) return;
      remember();
      setShown(true);
    });
    return () => {
      live = false;
    };
  }, [wanted, shown, closed]);

  // Gone offline meanwhile: the offer waits (it needs the network), it is not lost.
  if (!shown || closed || (!visit.online && !done)) return null;

  const close = () => setClosed(true);

  async function yes() {
    setBusy(true);
    try {
      const state = await enableReminders();
      setDone(state === 'on' ? t('push.offer.done') : state === 'denied' ? t('push.denied') : null);
      if (state !== 'on' && state !== 'denied') close();
      else window.setTimeout(close, 4000);
    } catch {
      setDone(t('push.failed'));
      window.setTimeout(close, 4000);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="reminder-offer" aria-labelledby="reminder-offer-text">
      {done ? (
        <p role="status">{done}</p>
      ) : (
        <>
          <div>
            <h2 class="reminder-offer__text" id="reminder-offer-text">
              {t('push.offer.text')}
            </h2>
            <p class="reminder-offer__detail">{t('push.offer.detail')}</p>
          </div>
          <div class="reminder-offer__actions">
            <button type="button" class="button button--ghost button--small" onClick={close}>
              {t('push.offer.no')}
            </button>
            <button type="button" class="button button--primary button--small" disabled={busy} onClick={yes}>
              {t('push.offer.yes')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

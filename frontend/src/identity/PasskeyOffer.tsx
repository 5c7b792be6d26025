// After a password sign-in on a phone, Today offers once (below its lists, never under the thumb) to add a
// passkey: one tap, and the next sign-in needs no password. "Niet nu" and an added passkey are remembered per
// person in this browser (localStorage), so the offer does not come back; it is only made when the person has
// no passkey yet and the browser can make one.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors';
import { useI18n } from '../i18n/context';
import { answerPasskeyOffer, coarsePointer, passkeyOfferWanted } from './data';
import { addPasskey, cancelled, listPasskeys, passkeysSupported } from './webauthn';

export function PasskeyOffer({ personId }: { personId: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!passkeysSupported() || !passkeyOfferWanted(personId, coarsePointer())) return;
    let live = true;
    listPasskeys().then(
      (keys) => live && keys.length === 0 && setShown(true),
      () => undefined, // offline or refused: no offer this time
    );
    return () => {
      live = false;
    };
  }, [personId]);

  if (!shown) return null;

  function notNow() {
    answerPasskeyOffer(personId);
    setShown(false);
  }

  async function add() {
    setBusy(true);
    try {
      await addPasskey(t('identity.passkeys.default_name'));
      answerPasskeyOffer(personId);
      setOutcome({ ok: true, text: t('identity.offer.added') });
    } catch (error) {
      if (!cancelled(error)) {
        setOutcome({ ok: false, text: error instanceof DOMException ? t('identity.passkeys.browser_refused') : errorMessage(error, i18n) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card passkey-offer" aria-labelledby="passkey-offer-text">
      {outcome?.ok ? (
        <p role="status">{outcome.text}</p>
      ) : (
        <>
          <div>
            <h2 class="passkey-offer__text" id="passkey-offer-text">
              {t('identity.offer.text')}
            </h2>
            <p class="passkey-offer__detail muted">{t('identity.offer.detail')}</p>
            {outcome && (
              <p class="field__error" role="alert">
                {outcome.text}
              </p>
            )}
          </div>
          <div class="passkey-offer__actions">
            <button type="button" class="button button--ghost button--small" onClick={notNow}>
              {t('identity.offer.not_now')}
            </button>
            <button type="button" class="button button--primary button--small" disabled={busy} onClick={() => void add()}>
              {t('identity.offer.add')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

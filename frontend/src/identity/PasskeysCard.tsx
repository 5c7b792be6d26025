// Ik → Passkeys: add one on this device, see them, remove one. Signing in with one is on the sign-in screen.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { errorMessage } from '../api/errors';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { addPasskey, cancelled, listPasskeys, passkeysSupported, removePasskey, type PasskeyInfo } from './webauthn';

export function PasskeysCard() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [keys, setKeys] = useState<PasskeyInfo[] | null>(null);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ key: MessageKey; name: string } | null>(null);
  const submit = useSubmit();

  const load = useCallback(() => {
    listPasskeys().then(setKeys, submit.setError);
  }, [submit.setError]);
  useEffect(load, [load]);

  async function add(event: Event) {
    event.preventDefault();
    setMessage(null);
    let added: PasskeyInfo | null = null;
    const ok = await submit.run(async () => {
      added = await addPasskey(name.trim() || t('identity.passkeys.default_name'));
    });
    if (ok && added) {
      setName('');
      setMessage({ key: 'identity.passkeys.added', name: (added as PasskeyInfo).name });
      load();
    } else if (cancelled(submit.error)) {
      submit.setError(null);
    }
  }

  async function remove(key: PasskeyInfo) {
    setMessage(null);
    if (await submit.run(() => removePasskey(key.id))) {
      setMessage({ key: 'identity.passkeys.removed', name: key.name });
      load();
    }
  }

  const when = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
  const failure = submit.error !== null && !cancelled(submit.error);
  return (
    <section class="card" aria-labelledby="passkeys-heading">
      <h2 class="card__title" id="passkeys-heading">
        {t('identity.passkeys.title')}
      </h2>
      <p class="card__intro">{t('identity.passkeys.intro')}</p>
      {failure && <Notice kind="error">{submit.error instanceof DOMException ? t('identity.passkeys.browser_refused') : errorMessage(submit.error, i18n)}</Notice>}
      {message && <Notice kind="success">{t(message.key, { name: message.name })}</Notice>}
      {keys && keys.length > 0 && (
        <ul class="identity-passkeys">
          {keys.map((key) => (
            <li key={key.id}>
              <span>
                <strong>{key.name}</strong>
                <span class="muted">
                  {' '}
                  {t('identity.passkeys.added_on', { date: when.format(new Date(key.created_at)) })}
                </span>
              </span>
              <button type="button" class="button button--small button--ghost-dark" aria-label={t('identity.passkeys.remove_label', { name: key.name })} disabled={submit.busy} onClick={() => remove(key)}>
                {t('identity.passkeys.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {keys && keys.length === 0 && <p class="muted">{t('identity.passkeys.none')}</p>}
      {passkeysSupported() ? (
        <form class="form" onSubmit={add} noValidate>
          <TextField label={t('identity.passkeys.name')} name="passkey_name" maxLength={80} value={name} onValue={setName} hint={t('identity.passkeys.name_hint')} />
          <button type="submit" class="button button--secondary" disabled={submit.busy}>
            {t('identity.passkeys.add')}
          </button>
        </form>
      ) : (
        <p class="muted">{t('identity.passkeys.unsupported')}</p>
      )}
    </section>
  );
}

// The invite page when the invitee's organisation signs in through its provider: no password to choose (when the
// provider is required) — the invitee signs in there with the invited address, and that first sign-in completes the
// invite (the server creates the person the invite names and links them to the provider's subject).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Notice } from '../components/Notice';
import './identity.css';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import { identityErrorMessage, startProviderSignIn, type InviteSignIn } from './data';

export function InviteWithProvider({ how, children }: { how: InviteSignIn; children?: ComponentChildren }) {
  const i18n = useI18n();
  const { t } = i18n;
  const submit = useSubmit();
  const [leaving, setLeaving] = useState(false);
  const name = how.provider_name ?? '';

  if (how.method === 'unavailable') {
    return <Notice kind="error">{t('identity.invite.unavailable', { email: how.email })}</Notice>;
  }

  async function go() {
    setLeaving(await submit.run(() => startProviderSignIn(how.email, name)));
  }

  return (
    <div class="identity-invite">
      {submit.error !== null && <Notice kind="error">{identityErrorMessage(submit.error, i18n)}</Notice>}
      <p>{t(how.required ? 'identity.invite.required' : 'identity.invite.offered', { name, email: how.email })}</p>
      {leaving && (
        <p class="identity-leaving" role="status">
          {t('identity.login.leaving', { name })}
        </p>
      )}
      <button type="button" class="button button--primary button--block" disabled={submit.busy || leaving} onClick={go}>
        {t('identity.invite.continue', { name })}
      </button>
      {!how.required && children && (
        <>
          <p class="identity-shortcut__or">{t('identity.invite.or_password')}</p>
          {children}
        </>
      )}
    </div>
  );
}

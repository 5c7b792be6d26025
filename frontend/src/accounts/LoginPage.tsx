import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { AuthLayout } from '../components/AuthLayout';
import { PasswordField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { ApiError } from '../api/client';
import { useFocusFirstProblem, useSubmit, checkEmail, checkRequired, hasProblems, problems, type Problems, messagesFor } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import { useSession } from '../session';
import { cancelled, passkeysSupported, signInWithPasskey } from '../identity/webauthn';
import { type Discovery, discover, forgetProvider, identityErrorMessage, refusalMessage, rememberedProvider, startProviderSignIn } from '../identity/data';

type LoginField = 'email' | 'password';

/**
 * E-mail first: an address whose domain has its organisation's identity provider goes there (home-realm
 * discovery, identity/data.ts); any other address asks for the password next. A browser that went to a
 * provider before offers "Inloggen met …" straight away.
 */
export function LoginPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('login.title');
  const { query } = useLocation();
  const { signIn, setMe } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<'email' | 'password' | 'leaving'>('email');
  const [leavingFor, setLeavingFor] = useState('');
  const [remembered, setRemembered] = useState(rememberedProvider);
  const [found, setFound] = useState<Problems<LoginField>>({});
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const formRef = useFocusFirstProblem(failures);
  const passwordStep = useRef<HTMLDivElement>(null);
  const refusal = refusalMessage(query.sso_error, i18n);

  useEffect(() => {
    // Refused at the provider: no shortcut to the same refusal next time.
    if (query.sso_error) {
      forgetProvider();
      setRemembered(null);
    }
  }, [query.sso_error]);

  useEffect(() => {
    if (step === 'password') passwordStep.current?.querySelector<HTMLInputElement>('input[name=password]')?.focus();
  }, [step]);

  async function goToProvider(address: string, name: string) {
    setLeavingFor(name);
    setStep('leaving');
    if (!(await submit.run(() => startProviderSignIn(address, name)))) {
      setStep('email');
      setFailures((n) => n + 1);
    }
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (step === 'email') {
      const checked = problems<LoginField>({ email: checkEmail(email), password: undefined });
      setFound(checked);
      let answer: Discovery | null = null;
      if (hasProblems(checked) || !(await submit.run(async () => { answer = await discover(email.trim()); }))) {
        setFailures((n) => n + 1);
        return;
      }
      const realm = answer as Discovery | null;
      if (realm?.method === 'provider') await goToProvider(email.trim(), realm.provider_name ?? '');
      else setStep('password');
      return;
    }
    const checked = problems<LoginField>({ email: checkEmail(email), password: checkRequired(password) });
    setFound(checked);
    // On success the app leaves this page by itself (see app.tsx).
    if (hasProblems(checked) || !(await submit.run(() => signIn(email.trim(), password)))) {
      setFailures((n) => n + 1);
    }
  }

  async function withPasskey() {
    // On success the app leaves this page by itself (see app.tsx); a cancelled dialog says nothing.
    let me: Awaited<ReturnType<typeof signInWithPasskey>> | null = null;
    if (await submit.run(async () => { me = await signInWithPasskey(); })) {
      if (me) setMe(me);
    }
  }

  function otherAddress() {
    setStep('email');
    setPassword('');
    submit.setError(null);
  }

  function loginErrorMessage(error: unknown): string {
    if (error instanceof ApiError && error.code === 'passkey_refused') return t('identity.login.passkey_refused');
    if (error instanceof DOMException) return t('identity.passkeys.browser_refused');
    return identityErrorMessage(error, i18n); // the password step too: provider_required
  }

  const messages = messagesFor<LoginField>(['email', 'password'], found, submit.error, t);
  const quiet = !submit.error && !refusal;
  return (
    <AuthLayout title={t('login.title')} intro={t('login.intro')}>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
        {query.reset && quiet && <Notice kind="success">{t('login.reset_done')}</Notice>}
        {query.signed_out && quiet && <Notice kind="info">{t('login.signed_out')}</Notice>}
        {refusal && !submit.error && <Notice kind="error">{refusal}</Notice>}
        {submit.error !== null && !cancelled(submit.error) && <Notice kind="error">{loginErrorMessage(submit.error)}</Notice>}
        {step === 'leaving' && (
          <p class="identity-leaving" role="status">
            {t('identity.login.leaving', { name: leavingFor })}
          </p>
        )}
        {step === 'email' && remembered && (
          <div class="identity-shortcut">
            <button type="button" class="button button--primary button--block" disabled={submit.busy} onClick={() => goToProvider(remembered.email, remembered.name)}>
              {t('identity.login.with', { name: remembered.name })}
            </button>
            <p class="identity-shortcut__as muted">{t('identity.login.as', { email: remembered.email })}</p>
            <p class="identity-shortcut__or">{t('identity.login.or')}</p>
          </div>
        )}
        {step !== 'password' ? (
          <TextField
            label={t('login.email')}
            type="email"
            name="email"
            autocomplete="username"
            inputMode="email"
            autocapitalize="off"
            spellcheck={false}
            required
            value={email}
            onValue={setEmail}
            error={messages.email}
            disabled={step === 'leaving'}
          />
        ) : (
          <div class="identity-address">
            <input type="email" name="email" autocomplete="username" value={email} hidden readOnly />
            <span class="identity-address__label">{t('login.email')}</span>
            <span class="identity-address__value">{email.trim()}</span>
            <button type="button" class="button button--small button--ghost-dark" onClick={otherAddress}>
              {t('identity.login.other_address')}
            </button>
          </div>
        )}
        {step === 'password' && (
          <div ref={passwordStep}>
            <PasswordField
              label={t('login.password')}
              name="password"
              autocomplete="current-password"
              required
              value={password}
              onValue={setPassword}
              error={messages.password}
            />
          </div>
        )}
        <button
          type="submit"
          class={`button button--block ${remembered && step === 'email' ? 'button--secondary' : 'button--primary'}`}
          disabled={submit.busy || step === 'leaving'}
        >
          {step === 'password' ? (submit.busy ? t('login.submitting') : t('login.submit')) : t('identity.login.next')}
        </button>
        {step === 'email' && passkeysSupported() && (
          <button type="button" class="button button--secondary button--block" disabled={submit.busy} onClick={withPasskey}>
            {t('identity.login.passkey')}
          </button>
        )}
        <p class="form__aside">
          <a href="/forgot-password">{t('login.forgot')}</a>
        </p>
      </form>
    </AuthLayout>
  );
}

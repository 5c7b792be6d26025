import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { AuthLayout } from '../components/AuthLayout';
import { PasswordField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { errorMessage } from '../api/errors';
import { useFocusFirstProblem, useSubmit, checkEmail, checkRequired, hasProblems, problems, type Problems, messagesFor } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import { useSession } from '../session';

type LoginField = 'email' | 'password';

export function LoginPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('login.title');
  const { query } = useLocation();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [found, setFound] = useState<Problems<LoginField>>({});
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const formRef = useFocusFirstProblem(failures);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const checked = problems<LoginField>({ email: checkEmail(email), password: checkRequired(password) });
    setFound(checked);
    // On success the app leaves this page by itself (see app.tsx).
    if (hasProblems(checked) || !(await submit.run(() => signIn(email.trim(), password)))) {
      setFailures((n) => n + 1);
    }
  }

  const messages = messagesFor<LoginField>(['email', 'password'], found, submit.error, t);
  return (
    <AuthLayout title={t('login.title')} intro={t('login.intro')}>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
        {query.reset && !submit.error && <Notice kind="success">{t('login.reset_done')}</Notice>}
        {query.signed_out && !submit.error && <Notice kind="info">{t('login.signed_out')}</Notice>}
        {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
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
        />
        <PasswordField
          label={t('login.password')}
          name="password"
          autocomplete="current-password"
          required
          value={password}
          onValue={setPassword}
          error={messages.password}
        />
        <button type="submit" class="button button--primary button--block" disabled={submit.busy}>
          {submit.busy ? t('login.submitting') : t('login.submit')}
        </button>
        <p class="form__aside">
          <a href="/forgot-password">{t('login.forgot')}</a>
        </p>
      </form>
    </AuthLayout>
  );
}

import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { AuthLayout } from '../components/AuthLayout';
import { TextField } from '../components/Field';
import { MailIcon } from '../components/icons';
import { Notice } from '../components/Notice';
import { errorMessage } from '../api/errors';
import { useFocusFirstProblem, useSubmit, checkEmail, hasProblems, problems, type Problems, messagesFor } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';

export function ForgotPasswordPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('forgot.title');
  const [email, setEmail] = useState('');
  const [found, setFound] = useState<Problems<'email'>>({});
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const formRef = useFocusFirstProblem(failures);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const checked = problems<'email'>({ email: checkEmail(email) });
    setFound(checked);
    const address = email.trim();
    // The server answers 202 whether or not the address exists, so we cannot say more.
    const ok = !hasProblems(checked) && (await submit.run(() => api.post('/auth/password-reset', { email: address })));
    if (ok) setSentTo(address);
    else setFailures((n) => n + 1);
  }

  if (sentTo) {
    return (
      <AuthLayout title={t('forgot.sent_title')}>
        <div class="sent">
          <div class="empty-state__icon">
            <MailIcon size={32} />
          </div>
          <p role="status">{t('forgot.sent_body', { email: sentTo })}</p>
          <a class="button button--secondary button--block" href="/login">
            {t('common.back_to_login')}
          </a>
        </div>
      </AuthLayout>
    );
  }

  const messages = messagesFor<'email'>(['email'], found, submit.error, t);
  return (
    <AuthLayout title={t('forgot.title')} intro={t('forgot.intro')}>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
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
        <button type="submit" class="button button--primary button--block" disabled={submit.busy}>
          {t('forgot.submit')}
        </button>
        <p class="form__aside">
          <a href="/login">{t('common.back_to_login')}</a>
        </p>
      </form>
    </AuthLayout>
  );
}

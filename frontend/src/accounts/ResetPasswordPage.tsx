import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { AuthLayout } from '../components/AuthLayout';
import { PasswordField } from '../components/Field';
import { Notice } from '../components/Notice';
import { errorMessage } from '../api/errors';
import { useFocusFirstProblem, useSubmit, checkConfirmation, checkNewPassword, hasProblems, problems, type Problems, messagesFor } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import { isDeadLink } from './data';

type ResetField = 'password' | 'password_confirm';

export function ResetPasswordPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('reset.title');
  const { params } = useRoute();
  const { route } = useLocation();
  const token = params.token ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [found, setFound] = useState<Problems<ResetField>>({});
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const formRef = useFocusFirstProblem(failures);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const checked = problems<ResetField>({
      password: checkNewPassword(password),
      password_confirm: checkConfirmation(password, confirmation),
    });
    setFound(checked);
    const ok =
      !hasProblems(checked) &&
      (await submit.run(() => api.post(`/auth/password-reset/${encodeURIComponent(token)}`, { password })));
    if (ok) route('/login?reset=1', true);
    else setFailures((n) => n + 1);
  }

  const messages = messagesFor<ResetField>(['password', 'password_confirm'], found, submit.error, t);
  return (
    <AuthLayout title={t('reset.title')} intro={t('reset.intro')}>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && (
          <Notice kind="error">
            {errorMessage(submit.error, i18n)}
            {isDeadLink(submit.error) && (
              <>
                {' '}
                <a href="/forgot-password">{t('reset.request_new')}</a>
              </>
            )}
          </Notice>
        )}
        <PasswordField
          label={t('reset.password')}
          name="password"
          autocomplete="new-password"
          required
          value={password}
          onValue={setPassword}
          hint={t('password.hint')}
          error={messages.password}
        />
        <PasswordField
          label={t('reset.password_confirm')}
          name="password_confirm"
          autocomplete="new-password"
          required
          value={confirmation}
          onValue={setConfirmation}
          error={messages.password_confirm}
        />
        <button type="submit" class="button button--primary button--block" disabled={submit.busy}>
          {t('reset.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}

// First run: with an empty installation (and signup allowed), create the organisation and its admin.
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api/client';
import { AuthLayout } from '../components/AuthLayout';
import { PasswordField, SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { fieldErrors } from '../api/errors';
import { useFocusFirstProblem, useSubmit, checkEmail, checkNewPassword, checkRequired, hasProblems, problems, type Problems } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import { useSession } from '../session';
import { adminErrorMessage } from './data';
import { timeZoneOptions } from './OrganisationPage';
import type { Me } from '../accounts/data';

type SetupField = 'organisation_name' | 'name' | 'email' | 'password';

export function SetupPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('admin.setup.title');
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    api.get<{ needed: boolean }>('/setup').then((answer) => setNeeded(answer.needed), setLoadError);
  }, []);

  if (loadError) {
    return (
      <AuthLayout title={t('admin.setup.title')}>
        <Notice kind="error">{adminErrorMessage(loadError, i18n)}</Notice>
      </AuthLayout>
    );
  }
  if (needed === null) {
    return (
      <AuthLayout title={t('admin.setup.title')}>
        <p class="muted" aria-busy="true">{t('common.loading')}</p>
      </AuthLayout>
    );
  }
  if (!needed) {
    return (
      <AuthLayout title={t('admin.setup.title')}>
        <Notice kind="info">{t('admin.setup.closed')}</Notice>
        <a class="button button--primary button--block" href="/login">
          {t('login.submit')}
        </a>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('admin.setup.title')} intro={t('admin.setup.intro')}>
      <SetupForm />
    </AuthLayout>
  );
}

function SetupForm() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { setMe } = useSession();
  const { route } = useLocation();
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Amsterdam';
  const [organisation, setOrganisation] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [timeZone, setTimeZone] = useState(browserZone);
  const [found, setFound] = useState<Problems<SetupField>>({});
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const formRef = useFocusFirstProblem(failures);
  const zones = useMemo(() => timeZoneOptions(browserZone), [browserZone]);
  const server = fieldErrors(submit.error);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const checked = problems<SetupField>({
      organisation_name: checkRequired(organisation),
      name: checkRequired(name),
      email: checkEmail(email),
      password: checkNewPassword(password),
    });
    setFound(checked);
    const ok =
      !hasProblems(checked) &&
      (await submit.run(async () => {
        const me = await api.post<Me>('/setup', {
          organisation_name: organisation.trim(),
          name: name.trim(),
          email: email.trim(),
          password,
          time_zone: timeZone,
          locale: locale,
        });
        api.resetCsrfToken(); // the session changed under the token
        setMe(me);
      }));
    if (ok) route('/admin/teams', true);
    else setFailures((n) => n + 1);
  }

  const message = (field: SetupField) => (found[field] ? t(found[field]) : server[field]);
  return (
    <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
      {submit.error !== null && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
      <TextField label={t('admin.setup.organisation')} name="organisation_name" autocomplete="organization" required maxLength={120} value={organisation} onValue={setOrganisation} error={message('organisation_name')} />
      <TextField label={t('admin.setup.name')} name="name" autocomplete="name" required maxLength={120} value={name} onValue={setName} error={message('name')} />
      <TextField label={t('login.email')} name="email" type="email" autocomplete="email" required value={email} onValue={setEmail} error={message('email')} />
      <PasswordField label={t('password.new')} name="password" autocomplete="new-password" required minLength={10} maxLength={200} value={password} onValue={setPassword} hint={t('password.hint')} error={message('password')} />
      <SelectField label={t('admin.organisation.time_zone')} name="time_zone" value={timeZone} onValue={setTimeZone} options={zones} hint={t('admin.organisation.time_zone_hint')} />
      <p class="form__note">{t('admin.setup.language_note')}</p>
      <button type="submit" class="button button--primary button--block" disabled={submit.busy}>
        {submit.busy ? t('admin.setup.creating') : t('admin.setup.submit')}
      </button>
    </form>
  );
}

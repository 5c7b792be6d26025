import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { AuthLayout } from '../components/AuthLayout';
import { PasswordField, TextField } from '../components/Field';
import { LinkOffIcon } from '../components/icons';
import { Notice } from '../components/Notice';
import { errorMessage } from '../api/errors';
import { useFocusFirstProblem, useSubmit, checkConfirmation, checkNewPassword, checkRequired, hasProblems, problems, type Problems, messagesFor } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import { inviteSignIn, type InviteSignIn } from '../identity/data';
import { InviteWithProvider } from '../identity/InviteWithProvider';
import { useSession } from '../session';
import { isDeadLink, type InviteInfo, type Me } from './data';

type InviteField = 'name' | 'password' | 'password_confirm';

export function InvitePage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('invite.title');
  const { params } = useRoute();
  const token = params.token ?? '';
  const [invite, setInvite] = useState<InviteInfo | null>(null);
  const [how, setHow] = useState<InviteSignIn | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setLoadError(null);
    // How this invitee signs in (the organisation's provider, or a password); the server refuses a password
    // anyway when the provider is required, so a failed look-up falls back to the password form.
    const password: InviteSignIn = { method: 'password', provider_name: null, required: false, email: '' };
    Promise.all([api.get<InviteInfo>(`/auth/invites/${encodeURIComponent(token)}`), inviteSignIn(token).catch(() => password)]).then(([info, signIn]) => {
      setHow(signIn);
      setInvite(info);
    }, setLoadError);
  }, [token, attempt]);

  if (isDeadLink(loadError) || (invite === null && loadError === null)) {
    return (
      <AuthLayout title={t('invite.title')}>
        {loadError ? <DeadLink /> : <p class="muted" aria-busy="true">{t('common.loading')}</p>}
      </AuthLayout>
    );
  }
  if (loadError) {
    return (
      <AuthLayout title={t('invite.title')}>
        <Notice kind="error">{errorMessage(loadError, i18n)}</Notice>
        <button type="button" class="button button--secondary button--block" onClick={() => setAttempt((n) => n + 1)}>
          {t('common.retry')}
        </button>
      </AuthLayout>
    );
  }
  const intro = invite!.team_name
    ? t('invite.intro', { organisation: invite!.organisation_name, team: invite!.team_name })
    : t('invite.intro_no_team', { organisation: invite!.organisation_name });
  return (
    <AuthLayout title={t('invite.title')} intro={intro}>
      {how && how.method !== 'password' ? (
        <InviteWithProvider how={how}>
          <AcceptForm token={token} invite={invite!} />
        </InviteWithProvider>
      ) : (
        <AcceptForm token={token} invite={invite!} />
      )}
    </AuthLayout>
  );
}

function DeadLink() {
  const { t } = useI18n();
  return (
    <div class="dead-link">
      <div class="empty-state__icon">
        <LinkOffIcon size={32} />
      </div>
      <h2 class="empty-state__title">{t('invite.invalid_title')}</h2>
      <p class="empty-state__body">{t('invite.invalid_body')}</p>
      <a class="button button--secondary button--block" href="/login">
        {t('common.back_to_login')}
      </a>
    </div>
  );
}

function AcceptForm({ token, invite }: { token: string; invite: InviteInfo }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { setMe } = useSession();
  const { route } = useLocation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [found, setFound] = useState<Problems<InviteField>>({});
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const formRef = useFocusFirstProblem(failures);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const checked = problems<InviteField>({
      name: checkRequired(name),
      password: checkNewPassword(password),
      password_confirm: checkConfirmation(password, confirmation),
    });
    setFound(checked);
    const ok =
      !hasProblems(checked) &&
      (await submit.run(async () => {
        setMe(await api.post<Me>(`/auth/invites/${encodeURIComponent(token)}/accept`, { name: name.trim(), password }));
      }));
    if (ok) route('/', true);
    else setFailures((n) => n + 1);
  }

  if (isDeadLink(submit.error)) return <DeadLink />;
  const messages = messagesFor<InviteField>(['name', 'password', 'password_confirm'], found, submit.error, t);
  return (
    <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
      {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
      <TextField label={t('login.email')} type="email" name="email" autocomplete="username" value={invite.email} onValue={() => {}} readOnly />
      <TextField
        label={t('invite.name')}
        name="name"
        autocomplete="name"
        required
        maxLength={120}
        value={name}
        onValue={setName}
        error={messages.name}
      />
      <PasswordField
        label={t('invite.password')}
        name="password"
        autocomplete="new-password"
        required
        value={password}
        onValue={setPassword}
        hint={t('password.hint')}
        error={messages.password}
      />
      <PasswordField
        label={t('invite.password_confirm')}
        name="password_confirm"
        autocomplete="new-password"
        required
        value={confirmation}
        onValue={setConfirmation}
        error={messages.password_confirm}
      />
      <button type="submit" class="button button--primary button--block" disabled={submit.busy}>
        {submit.busy ? t('invite.submitting') : t('invite.submit')}
      </button>
    </form>
  );
}

import { useLocation } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { PasswordField, SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { RhythmIcon } from '../components/icons';
import { canAdminister } from '../admin/AdminLayout';
import { Segmented } from '../components/Segmented';
import { errorMessage } from '../api/errors';
import { useFocusFirstProblem, useSubmit, checkNewPassword, checkRequired, hasProblems, problems, type Problems, messagesFor } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import { LOCALES, type Locale } from '../i18n/messages';
import { useMe, useSession } from '../session';
import { MyData } from '../admin/MySection';
import { ReminderSection } from '../push/ReminderSettings';
import { MyRecognition } from '../feed/PersonPage';
import type { Me } from './data';
import { PasskeysCard } from '../identity/PasskeysCard';

export function ProfilePage() {
  const { t } = useI18n();
  usePageTitle('profile.title');
  const me = useMe();
  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('profile.title')}
        </h1>
      </div>
      <IdentityCard me={me} />
      <Shortcuts me={me} />
      <MyRecognition />
      <ProfileForm me={me} />
      <ReminderSection me={me} />
      <PasswordForm />
      <PasskeysCard />
      <MyData />
      <SignOutCard />
    </>
  );
}

/** Mijn ritme for everyone; Beheer (team rhythm, behaviours, people…) for managers and admins. */
function Shortcuts({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <nav class="card shortcuts" aria-label={t('profile.shortcuts')}>
      <ul class="shortcuts__list">
        <li>
          <a class="shortcuts__link" href="/rhythm">
            <RhythmIcon size={22} />
            <span>{t('profile.rhythm_link')}</span>
          </a>
        </li>
        <li>
          <a class="shortcuts__link" href="/energy">
            <span class="admin-link__icon" aria-hidden="true">
              ◔
            </span>
            <span>{t('energy.profile_link')}</span>
          </a>
        </li>
        {canAdminister(me.role) && (
          <li>
            <a class="shortcuts__link" href="/admin">
              <span class="admin-link__icon" aria-hidden="true">
                ⚙
              </span>
              <span>{t(me.role === 'admin' ? 'admin.link' : 'admin.link_manager')}</span>
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

function IdentityCard({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <section class="card identity" aria-label={me.name}>
      <div class="identity__avatar" aria-hidden="true">
        {initials(me.name)}
      </div>
      <div class="identity__text">
        <p class="identity__name">{me.name}</p>
        <p class="identity__meta">{me.email}</p>
        <p class="identity__meta">
          {t(`role.${me.role}`)} · {me.organisation.name}
        </p>
        {me.teams.length > 0 && (
          <ul class="chips" aria-label={t('profile.teams')}>
            {me.teams.map((team) => (
              <li key={team.id} class="chip">
                {team.name}
                {team.manages && <span class="chip__note"> · {t('profile.manages')}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/** Every zone the browser knows, plus the user's own in case the browser lacks it (e.g. "UTC"). */
function timeZoneOptions(current: string) {
  const zones: string[] =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Europe/Amsterdam'];
  const all = zones.includes(current) ? zones : [current, ...zones];
  return all.map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }));
}

type ProfileField = 'name' | 'time_zone' | 'locale';

function ProfileForm({ me }: { me: Me }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { setMe } = useSession();
  const [name, setName] = useState(me.name);
  const [timeZone, setTimeZone] = useState(me.time_zone);
  const [locale, setLocale] = useState<Locale>(me.locale);
  const [found, setFound] = useState<Problems<ProfileField>>({});
  const [saved, setSaved] = useState(false);
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const formRef = useFocusFirstProblem(failures);
  const zones = useMemo(() => timeZoneOptions(me.time_zone), [me.time_zone]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    setSaved(false);
    const checked = problems<ProfileField>({ name: checkRequired(name), time_zone: undefined, locale: undefined });
    setFound(checked);
    const ok =
      !hasProblems(checked) &&
      (await submit.run(async () => {
        // setMe also switches the interface language when it changed.
        setMe(await api.patch<Me>('/me', { name: name.trim(), time_zone: timeZone, locale }));
      }));
    if (ok) setSaved(true);
    else setFailures((n) => n + 1);
  }

  const messages = messagesFor<ProfileField>(['name', 'time_zone', 'locale'], found, submit.error, t);
  return (
    <section class="card" aria-labelledby="profile-heading">
      <h2 class="card__title" id="profile-heading">
        {t('profile.details')}
      </h2>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
        {saved && <Notice kind="success">{t('profile.saved')}</Notice>}
        <TextField
          label={t('profile.name')}
          name="name"
          autocomplete="name"
          required
          maxLength={120}
          value={name}
          onValue={setName}
          error={messages.name}
        />
        <SelectField
          label={t('profile.time_zone')}
          name="time_zone"
          value={timeZone}
          onValue={setTimeZone}
          options={zones}
          hint={t('profile.time_zone_hint')}
          error={messages.time_zone}
        />
        <Segmented<Locale>
          legend={t('profile.language')}
          value={locale}
          onChange={setLocale}
          options={LOCALES.map((value) => ({ value, label: t(`lang.${value}`), lang: value }))}
        />
        {messages.locale && <p class="field__error">{messages.locale}</p>}
        <button type="submit" class="button button--primary" disabled={submit.busy}>
          {submit.busy ? t('profile.saving') : t('profile.save')}
        </button>
      </form>
    </section>
  );
}

type PasswordFieldName = 'current_password' | 'new_password';

function PasswordForm() {
  const i18n = useI18n();
  const me = useMe();
  const { t } = i18n;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [found, setFound] = useState<Problems<PasswordFieldName>>({});
  const [changed, setChanged] = useState(false);
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const formRef = useFocusFirstProblem(failures);

  async function onSubmit(event: Event) {
    event.preventDefault();
    setChanged(false);
    const checked = problems<PasswordFieldName>({
      current_password: checkRequired(current),
      new_password: checkNewPassword(next),
    });
    setFound(checked);
    const ok =
      !hasProblems(checked) &&
      (await submit.run(() => api.post('/me/password', { current_password: current, new_password: next })));
    if (ok) {
      setChanged(true);
      setCurrent('');
      setNext('');
    } else {
      setFailures((n) => n + 1);
    }
  }

  // A wrong current password belongs next to that field, not in a banner.
  const wrongCurrent =
    submit.error instanceof ApiError && ['wrong_password', 'invalid_credentials'].includes(submit.error.code);
  const messages = messagesFor<PasswordFieldName>(['current_password', 'new_password'], found, submit.error, t);
  if (wrongCurrent && !messages.current_password) messages.current_password = t('validation.current_password_wrong');

  return (
    <section class="card" aria-labelledby="password-heading">
      <h2 class="card__title" id="password-heading">
        {t('password.title')}
      </h2>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && !wrongCurrent && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
        {changed && <Notice kind="success">{t('password.changed')}</Notice>}
        {/* Lets password managers pair the new password with the right account. */}
        <input type="email" name="username" autocomplete="username" value={me.email} hidden readOnly />
        <PasswordField
          label={t('password.current')}
          name="current_password"
          autocomplete="current-password"
          required
          value={current}
          onValue={setCurrent}
          error={messages.current_password}
        />
        <PasswordField
          label={t('password.new')}
          name="new_password"
          autocomplete="new-password"
          required
          minLength={10}
          maxLength={200}
          value={next}
          onValue={setNext}
          hint={t('password.hint')}
          error={messages.new_password}
        />
        <p class="form__note">{t('password.note')}</p>
        <button type="submit" class="button button--secondary" disabled={submit.busy}>
          {t('password.submit')}
        </button>
      </form>
    </section>
  );
}

function SignOutCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const { signOut } = useSession();
  const { route } = useLocation();
  const submit = useSubmit();

  async function leave(everywhere: boolean) {
    if (await submit.run(() => signOut({ everywhere }))) route('/login?signed_out=1', true);
  }

  return (
    <section class="card" aria-labelledby="signout-heading">
      <h2 class="card__title" id="signout-heading">
        {t('signout.title')}
      </h2>
      {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
      <div class="stack">
        <button type="button" class="button button--secondary button--block" disabled={submit.busy} onClick={() => leave(false)}>
          {t('signout.button')}
        </button>
        <button type="button" class="button button--danger button--block" disabled={submit.busy} onClick={() => leave(true)}>
          {t('signout.everywhere')}
        </button>
        <p class="form__note">{t('signout.everywhere_hint')}</p>
      </div>
    </section>
  );
}

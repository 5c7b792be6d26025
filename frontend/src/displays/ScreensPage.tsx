// Beheer → Schermen: enter the code an office screen shows (or arrive here from its QR code), choose its
// teams and mode, and revoke a screen in one click.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { fieldErrors } from '../api/errors';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { api } from '../api/client';
import { adminErrorMessage } from '../admin/data';
import { AdminLayout } from '../admin/AdminLayout';
import { useI18n } from '../i18n/context';
import { useMe } from '../session';
import { approveDisplay, clockTime, denyDisplay, listDisplays, revokeDisplay, type DisplayConfig, type DisplayMode } from './data';

interface TeamRef {
  id: number;
  name: string;
}

export function ScreensPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const { query } = useLocation();
  const [displays, setDisplays] = useState<DisplayConfig[] | null>(null);
  const [teams, setTeams] = useState<TeamRef[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [code, setCode] = useState(query.code ?? '');
  const [name, setName] = useState(t('screens.name_default'));
  const [picked, setPicked] = useState<number[]>([]);
  const [mode, setMode] = useState<DisplayMode>('normal');
  const [seconds, setSeconds] = useState('12');
  const { busy, error, run } = useSubmit();

  const load = () => listDisplays().then(setDisplays, setLoadError);
  useEffect(() => {
    void load();
    if (me.role === 'admin') api.get<TeamRef[]>('/teams').then(setTeams, setLoadError);
    else setTeams(me.teams.filter((team) => team.manages));
  }, [me]);
  useEffect(() => {
    if (teams.length === 1) setPicked([teams[0].id]);
  }, [teams]);

  const errors = fieldErrors(error);
  const submit = async (event: Event) => {
    event.preventDefault();
    setMessage(null);
    const done = await run(() =>
      approveDisplay({ user_code: code, name, team_ids: picked, mode, slide_seconds: Number(seconds) || 12 }),
    );
    if (done) {
      setMessage(t('screens.paired', { name }));
      setCode('');
      void load();
    }
  };
  const deny = async () => {
    setMessage(null);
    if (await run(() => denyDisplay(code))) {
      setMessage(t('screens.denied'));
      setCode('');
    }
  };
  const revoke = async (display: DisplayConfig) => {
    setMessage(null);
    if (await run(() => revokeDisplay(display.id))) {
      setMessage(t('screens.revoked', { name: display.name }));
      void load();
    }
  };

  return (
    <AdminLayout title="screens.title">
      <p class="muted">{t('screens.intro', { path: `${location.origin}/display` })}</p>
      {message && <Notice kind="success">{message}</Notice>}
      {loadError !== null && <Notice kind="error">{adminErrorMessage(loadError, i18n)}</Notice>}
      {error !== null && <Notice kind="error">{adminErrorMessage(error, i18n)}</Notice>}
      <form class="card stack" onSubmit={(event) => void submit(event)} aria-labelledby="screens-pair">
        <h2 id="screens-pair" class="card__title">
          {t('screens.pair.heading')}
        </h2>
        <TextField
          label={t('screens.code')}
          hint={t('screens.code_hint')}
          value={code}
          onValue={setCode}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          required
          error={errors.user_code}
        />
        <TextField label={t('screens.name')} value={name} onValue={setName} required maxLength={80} error={errors.name} />
        <fieldset class="checkbox-group">
          <legend class="field__label">{t('screens.teams')}</legend>
          {teams.map((team) => (
            <label key={team.id} class="checkbox">
              <input
                type="checkbox"
                checked={picked.includes(team.id)}
                onChange={(event) =>
                  setPicked((now) => (event.currentTarget.checked ? [...now, team.id] : now.filter((id) => id !== team.id)))
                }
              />
              <span>{team.name}</span>
            </label>
          ))}
          {errors.team_ids && <p class="field__error">{errors.team_ids}</p>}
        </fieldset>
        <fieldset class="radio-group">
          <legend class="field__label">{t('screens.mode')}</legend>
          {(['normal', 'public'] as const).map((value) => (
            <label key={value} class="checkbox">
              <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
              <span>{t(`screens.mode.${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <TextField label={t('screens.seconds')} type="number" inputMode="numeric" min={5} max={120} value={seconds} onValue={setSeconds} error={errors.slide_seconds} />
        <div class="toolbar">
          <button type="submit" class="button button--primary" disabled={busy || picked.length === 0}>
            {t('screens.submit')}
          </button>
          <button type="button" class="button" disabled={busy || !code} onClick={() => void deny()}>
            {t('screens.deny')}
          </button>
        </div>
        {picked.length === 0 && <p class="muted">{t('screens.pick_team')}</p>}
      </form>
      <h2 class="section-title">{t('screens.list')}</h2>
      {displays && displays.length === 0 && <p class="muted">{t('screens.none')}</p>}
      {displays && displays.length > 0 && (
        <ul class="admin-list" aria-label={t('screens.list')}>
          {displays.map((display) => (
            <li key={display.id} class="admin-list__item screens-item">
              <div>
                <p class="screens-item__name">{display.name}</p>
                <p class="muted">
                  {t(display.mode === 'public' ? 'screens.mode_public' : 'screens.mode_normal')} ·{' '}
                  {teams
                    .filter((team) => display.team_ids.includes(team.id))
                    .map((team) => team.name)
                    .join(', ')}{' '}
                  ·{' '}
                  {display.last_seen_at
                    ? t('screens.last_seen', { time: clockTime(display.last_seen_at, me.time_zone, i18n.locale) })
                    : t('screens.never_seen')}
                </p>
              </div>
              <button
                type="button"
                class="button button--danger"
                aria-label={t('screens.revoke_label', { name: display.name })}
                disabled={busy}
                onClick={() => void revoke(display)}
              >
                {t('screens.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </AdminLayout>
  );
}

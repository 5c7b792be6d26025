// Organisation: name, time zone, language, visibility, retention, win points; holidays; the export.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api/client';
import { SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { Segmented } from '../components/Segmented';
import { fieldErrors } from '../api/errors';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import { type MessageKey, type Locale, LOCALES } from '../i18n/messages';
import { useMe, useSession } from '../session';
import { AdminLayout } from './AdminLayout';
import { SignInSettingsCard } from '../identity/SignInSettingsCard';
import { EnergySettingsCard } from '../energy/EnergySettingsCard';
import type { Visibility } from '../leaderboards/data';
import { adminErrorMessage, downloadExport, formatBytes, type Holiday, type OrganisationSettings } from './data';

const VISIBILITIES: Visibility[] = ['open', 'teams_first', 'private'];

export function timeZoneOptions(current: string) {
  const zones: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Europe/Amsterdam'];
  const all = zones.includes(current) ? zones : [current, ...zones];
  return all.map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }));
}

export function OrganisationPage() {
  const i18n = useI18n();
  const [settings, setSettings] = useState<OrganisationSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const me = useMe();

  useEffect(() => {
    if (me.role === 'admin') api.get<OrganisationSettings>('/admin/organisation').then(setSettings, setError);
  }, [me.role]);

  return (
    <AdminLayout title="admin.organisation.title" adminOnly>
      {error !== null && <Notice kind="error">{adminErrorMessage(error, i18n)}</Notice>}
      {settings && <SettingsForm settings={settings} onSaved={setSettings} />}
      {me.role === 'admin' && <SignInSettingsCard />}
      {me.role === 'admin' && <EnergySettingsCard />}
      <HolidaysCard />
      <ExportCard />
    </AdminLayout>
  );
}

function SettingsForm({ settings, onSaved }: { settings: OrganisationSettings; onSaved: (s: OrganisationSettings) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { reload } = useSession();
  const [form, setForm] = useState(settings);
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const zones = useMemo(() => timeZoneOptions(settings.time_zone), [settings.time_zone]);
  const server = fieldErrors(submit.error);

  function set<K extends keyof OrganisationSettings>(key: K, value: OrganisationSettings[K]) {
    setSaved(false);
    setForm((current) => ({ ...current, [key]: value }));
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    const { id: _id, ...changes } = form;
    let answer: OrganisationSettings | null = null;
    const ok = await submit.run(async () => {
      answer = await api.patch<OrganisationSettings>('/admin/organisation', { ...changes, name: form.name.trim() });
    });
    if (ok && answer) {
      onSaved(answer);
      setSaved(true);
      if ((answer as OrganisationSettings).name !== settings.name) reload(); // the app bar shows the name
    }
  }

  const number = (key: 'retention_days' | 'win_points' | 'confirmed_win_bonus') => (value: string) =>
    set(key, value === '' ? (Number.NaN) : Number(value));

  return (
    <section class="card" aria-labelledby="org-settings-heading">
      <h2 class="card__title" id="org-settings-heading">
        {t('admin.organisation.settings')}
      </h2>
      <form class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
        {saved && <Notice kind="success">{t('admin.organisation.saved')}</Notice>}
        <TextField label={t('admin.organisation.name')} name="name" required maxLength={120} value={form.name} onValue={(v) => set('name', v)} error={server.name} />
        <SelectField label={t('admin.organisation.time_zone')} name="time_zone" value={form.time_zone} onValue={(v) => set('time_zone', v)} options={zones} hint={t('admin.organisation.time_zone_hint')} error={server.time_zone} />
        <Segmented<Locale>
          legend={t('admin.organisation.language')}
          value={form.locale}
          onChange={(v) => set('locale', v)}
          options={LOCALES.map((value) => ({ value, label: t(`lang.${value}`), lang: value }))}
        />
        <fieldset class="radio-group">
          <legend class="field__label">{t('admin.organisation.visibility')}</legend>
          {VISIBILITIES.map((value) => (
            <label key={value} class="checkbox admin-radio">
              <input type="radio" name="visibility" value={value} checked={form.visibility === value} onChange={() => set('visibility', value)} />
              <span>
                <strong>{t(`admin.visibility.${value}` as MessageKey)}</strong>
                <span class="admin-radio__hint">{t(`admin.visibility.${value}_hint` as MessageKey)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label class="checkbox">
          <input type="checkbox" checked={form.boards_top_only} onChange={(event) => set('boards_top_only', event.currentTarget.checked)} />
          <span>{t('admin.organisation.top_only')}</span>
        </label>
        <label class="checkbox">
          <input type="checkbox" name="leaders_shown" checked={form.leaders_shown} onChange={(event) => set('leaders_shown', event.currentTarget.checked)} />
          <span>{t('admin.organisation.leaders_shown')}</span>
        </label>
        <div class="form__row">
          <TextField label={t('admin.organisation.retention')} name="retention_days" type="number" inputMode="numeric" min={30} max={3650} value={Number.isNaN(form.retention_days) ? '' : String(form.retention_days)} onValue={number('retention_days')} hint={t('admin.organisation.retention_hint')} error={server.retention_days} />
          <TextField label={t('admin.organisation.win_points')} name="win_points" type="number" inputMode="numeric" min={0} max={100} value={Number.isNaN(form.win_points) ? '' : String(form.win_points)} onValue={number('win_points')} error={server.win_points} />
          <TextField label={t('admin.organisation.win_bonus')} name="confirmed_win_bonus" type="number" inputMode="numeric" min={0} max={100} value={Number.isNaN(form.confirmed_win_bonus) ? '' : String(form.confirmed_win_bonus)} onValue={number('confirmed_win_bonus')} error={server.confirmed_win_bonus} />
        </div>
        <button type="submit" class="button button--primary" disabled={submit.busy}>
          {t('admin.save')}
        </button>
      </form>
    </section>
  );
}

function HolidaysCard() {
  const i18n = useI18n();
  const { t, tn, locale } = i18n;
  const thisYear = new Date().getFullYear();
  const [holidays, setHolidays] = useState<Holiday[] | null>(null);
  const [year, setYear] = useState(String(thisYear));
  const [day, setDay] = useState('');
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = useSubmit();

  const load = useCallback(() => {
    api.get<Holiday[]>('/holidays').then(setHolidays, submit.setError);
  }, [submit.setError]);
  useEffect(load, [load]);

  async function loadPublic() {
    let added: Holiday[] = [];
    if (await submit.run(async () => { added = await api.post<Holiday[]>('/admin/holidays/load', { year: Number(year) }); })) {
      setMessage(tn('admin.holidays.loaded', added.length, { year }));
      load();
    }
  }

  async function add(event: Event) {
    event.preventDefault();
    if (!day || !name.trim()) return;
    if (await submit.run(() => api.post('/holidays', { day, name: name.trim() }))) {
      setDay('');
      setName('');
      setMessage(t('admin.holidays.added'));
      load();
    }
  }

  async function remove(holiday: Holiday) {
    if (await submit.run(() => api.delete(`/holidays/${holiday.id}`))) {
      setMessage(t('admin.holidays.removed', { name: holiday.name }));
      load();
    }
  }

  const dateFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const upcoming = (holidays ?? []).filter((h) => h.day >= `${thisYear - 1}-01-01`);
  return (
    <section class="card" aria-labelledby="holidays-heading">
      <h2 class="card__title" id="holidays-heading">
        {t('admin.holidays.title')}
      </h2>
      <p class="card__intro">{t('admin.holidays.intro')}</p>
      {submit.error !== null && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
      {message && <Notice kind="success">{message}</Notice>}
      <div class="form__row admin-inline">
        <SelectField label={t('admin.holidays.year')} name="year" value={year} onValue={setYear} options={[thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: String(y), label: String(y) }))} />
        <button type="button" class="button button--secondary button--small" disabled={submit.busy} onClick={loadPublic}>
          {t('admin.holidays.load')}
        </button>
      </div>
      {upcoming.length > 0 ? (
        <ul class="admin-holidays">
          {upcoming.map((holiday) => (
            <li key={holiday.id}>
              <span>
                <strong>{holiday.name}</strong> <span class="muted">{dateFormat.format(new Date(`${holiday.day}T00:00:00Z`))}</span>
              </span>
              <button type="button" class="button button--small button--ghost-dark" aria-label={t('admin.holidays.remove_label', { name: holiday.name })} disabled={submit.busy} onClick={() => remove(holiday)}>
                {t('admin.holidays.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        holidays && <p class="muted">{t('admin.holidays.none')}</p>
      )}
      <form class="form" onSubmit={add} noValidate>
        <h3 class="subheading">{t('admin.holidays.add_title')}</h3>
        <div class="form__row">
          <TextField label={t('admin.holidays.day')} name="day" type="date" value={day} onValue={setDay} />
          <TextField label={t('admin.holidays.name')} name="holiday_name" maxLength={80} value={name} onValue={setName} />
        </div>
        <button type="submit" class="button button--secondary button--small" disabled={submit.busy || !day || !name.trim()}>
          {t('admin.holidays.add')}
        </button>
      </form>
    </section>
  );
}

function ExportCard() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [bytes, setBytes] = useState<number | null>(null);
  const [done, setDone] = useState(false);
  const submit = useSubmit();

  async function start() {
    setDone(false);
    setBytes(0);
    const ok = await submit.run(() => downloadExport('/admin/export', setBytes));
    setDone(ok);
  }

  return (
    <section class="card" aria-labelledby="export-heading">
      <h2 class="card__title" id="export-heading">
        {t('admin.export.title')}
      </h2>
      <p class="card__intro">{t('admin.export.intro')}</p>
      {submit.error !== null && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
      {submit.busy && bytes !== null && (
        <div class="admin-progress" role="status">
          <progress class="admin-progress__bar" aria-label={t('admin.export.progress_label')} />
          <span>{t('admin.export.received', { size: formatBytes(bytes, locale) })}</span>
        </div>
      )}
      {done && bytes !== null && <Notice kind="success">{t('admin.export.done', { size: formatBytes(bytes, locale) })}</Notice>}
      <button type="button" class="button button--primary" disabled={submit.busy} onClick={start}>
        {submit.busy ? t('admin.export.busy') : t('admin.export.start')}
      </button>
    </section>
  );
}

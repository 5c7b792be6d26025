import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { api } from '../api/client';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { Segmented } from '../components/Segmented';
import { errorMessage, fieldErrors } from '../api/errors';
import { useFocusFirstProblem, useSubmit } from '../components/form';
import { AdminLayout } from '../admin/AdminLayout';
import { firstRunChanged } from '../admin/FirstRun';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { withKeys, type ChecklistRow } from './checklist';
import type { Cadence } from './data';
import { useMe } from '../session';

export interface CatalogueBehaviour {
  id: number;
  name: string;
  name_nl: string;
  name_en: string;
  description: string;
  description_nl: string;
  description_en: string;
  icon: string;
  points: number;
  cadence: Cadence;
  times_per_week: number | null;
  days_of_week: number[];
  customer_facing: boolean;
  for_managers: boolean;
  checklist: { key: string; label_nl: string; label_en: string }[];
  team_ids: number[];
  archived: boolean;
}

interface TeamOption {
  id: number;
  name: string;
  archived?: boolean;
}

const CADENCES: Cadence[] = ['daily', 'weekdays', 'times_per_week', 'days_of_week'];

export function BehavioursPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const allowed = me.role === 'manager' || me.role === 'admin';
  const [showArchived, setShowArchived] = useState(false);
  const [list, setList] = useState<CatalogueBehaviour[] | null>(null);
  const [teams, setTeams] = useState<TeamOption[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<CatalogueBehaviour | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const archiving = useSubmit();

  const load = useCallback(() => {
    api.get<CatalogueBehaviour[]>(`/behaviours${showArchived ? '?include_archived=true' : ''}`).then(
      (answer) => {
        setList(answer);
        setError(null);
      },
      setError,
    );
  }, [showArchived]);

  useEffect(() => {
    if (allowed) load();
  }, [allowed, load]);

  useEffect(() => {
    if (me.role === 'admin') {
      api.get<TeamOption[]>('/teams').then((all) => setTeams(all.filter((team) => !team.archived)), setError);
    } else {
      setTeams(me.teams.filter((team) => team.manages).map(({ id, name }) => ({ id, name })));
    }
  }, [me]);

  async function toggleArchived(behaviour: CatalogueBehaviour) {
    setMessage(null);
    const ok = await archiving.run(() => api.patch(`/behaviours/${behaviour.id}`, { archived: !behaviour.archived }));
    if (ok) {
      setMessage(t(behaviour.archived ? 'behaviours.restored_done' : 'behaviours.archived_done', { name: behaviour.name }));
      load();
    }
  }

  function finished(saved: CatalogueBehaviour, created: boolean) {
    setEditing(null);
    setMessage(t(created ? 'behaviours.created' : 'behaviours.saved', { name: saved.name }));
    load();
    if (created) firstRunChanged();
    requestAnimationFrame(() => document.getElementById('behaviours-list')?.focus());
  }

  // Beheer → Gedrag (the old address /behaviours leads here); AdminLayout turns away reps and staff.
  return (
    <AdminLayout title="behaviours.title" forbidden="behaviours.forbidden">
      <p class="page-head__intro">{t('behaviours.intro')}</p>

      {editing ? (
        <BehaviourForm
          key={editing === 'new' ? 'new' : editing.id}
          behaviour={editing === 'new' ? null : editing}
          teams={teams}
          manager={me.role === 'manager'}
          onCancel={() => setEditing(null)}
          onSaved={finished}
        />
      ) : (
        <>
          {message && <Notice kind="success">{message}</Notice>}
          {archiving.error !== null && <Notice kind="error">{errorMessage(archiving.error, i18n)}</Notice>}
          {error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
          <div class="toolbar">
            <label class="checkbox checkbox--inline">
              <input type="checkbox" checked={showArchived} onChange={(event) => setShowArchived(event.currentTarget.checked)} />
              <span>{t('behaviours.show_archived')}</span>
            </label>
            <button
              type="button"
              class="button button--primary button--small"
              disabled={teams.length === 0}
              onClick={() => {
                setMessage(null);
                setEditing('new');
              }}
            >
              {t('behaviours.new')}
            </button>
          </div>
          {teams.length === 0 && me.role === 'manager' && <p class="muted">{t('behaviours.no_teams')}</p>}
          {list && list.length === 0 && <p class="muted">{t('behaviours.empty')}</p>}
          {list && list.length > 0 && (
            <ul class="catalogue" id="behaviours-list" tabIndex={-1} aria-label={t('behaviours.title')}>
              {list.map((behaviour) => (
                <li key={behaviour.id} class={`catalogue__item card${behaviour.archived ? ' catalogue__item--archived' : ''}`}>
                  <span class="catalogue__icon" aria-hidden="true">
                    {behaviour.icon}
                  </span>
                  <div class="catalogue__text">
                    <p class="catalogue__name">
                      {behaviour.name}
                      {behaviour.archived && <span class="badge badge--muted">{t('behaviours.archived')}</span>}
                    </p>
                    <p class="catalogue__meta">
                      {cadenceSummary(behaviour, t)} · {t('behaviours.points_short', { points: behaviour.points })}
                      {behaviour.checklist.length > 0 && ` · ${t('behaviours.checklist')}`}
                    </p>
                  </div>
                  <div class="catalogue__actions">
                    <button
                      type="button"
                      class="button button--small button--secondary"
                      aria-label={t('behaviours.edit_label', { name: behaviour.name })}
                      onClick={() => {
                        setMessage(null);
                        setEditing(behaviour);
                      }}
                    >
                      {t('behaviours.edit')}
                    </button>
                    <button
                      type="button"
                      class="button button--small button--ghost-dark"
                      aria-label={t(behaviour.archived ? 'behaviours.unarchive_label' : 'behaviours.archive_label', { name: behaviour.name })}
                      disabled={archiving.busy}
                      onClick={() => toggleArchived(behaviour)}
                    >
                      {t(behaviour.archived ? 'behaviours.unarchive' : 'behaviours.archive')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </AdminLayout>
  );
}

function cadenceSummary(b: CatalogueBehaviour, t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
  if (b.cadence === 'times_per_week') return t('behaviours.times_short', { count: b.times_per_week ?? 1 });
  return t(`behaviours.cadence.${b.cadence}` as MessageKey);
}

type FormField =
  | 'name_nl'
  | 'name_en'
  | 'description_nl'
  | 'description_en'
  | 'icon'
  | 'points'
  | 'cadence'
  | 'times_per_week'
  | 'days_of_week'
  | 'checklist'
  | 'team_ids';

function BehaviourForm({
  behaviour,
  teams,
  manager,
  onCancel,
  onSaved,
}: {
  behaviour: CatalogueBehaviour | null;
  teams: TeamOption[];
  manager: boolean;
  onCancel: () => void;
  onSaved: (saved: CatalogueBehaviour, created: boolean) => void;
}) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [nameNl, setNameNl] = useState(behaviour?.name_nl ?? '');
  const [nameEn, setNameEn] = useState(behaviour?.name_en ?? '');
  const [descriptionNl, setDescriptionNl] = useState(behaviour?.description_nl ?? '');
  const [descriptionEn, setDescriptionEn] = useState(behaviour?.description_en ?? '');
  const [icon, setIcon] = useState(behaviour?.icon ?? '');
  const [points, setPoints] = useState(String(behaviour?.points ?? 10));
  const [cadence, setCadence] = useState<Cadence>(behaviour?.cadence ?? 'weekdays');
  const [timesPerWeek, setTimesPerWeek] = useState(String(behaviour?.times_per_week ?? 2));
  const [days, setDays] = useState<number[]>(behaviour?.days_of_week ?? []);
  const [customerFacing, setCustomerFacing] = useState(behaviour?.customer_facing ?? true);
  const [forManagers, setForManagers] = useState(behaviour?.for_managers ?? false);
  const [checklist, setChecklist] = useState<ChecklistRow[]>(behaviour?.checklist ?? []);
  // A manager sees only the teams they manage; teams the behaviour has beyond those stay on it.
  const [teamIds, setTeamIds] = useState<number[]>(
    behaviour?.team_ids ?? (teams.length === 1 ? [teams[0].id] : []),
  );
  const [found, setFound] = useState<Partial<Record<FormField, string>>>({});
  /** A setter that also clears that field's message: the error goes once the user acts on it. */
  function edited<T>(field: FormField, set: (value: T) => void) {
    return (value: T) => {
      set(value);
      if (found[field]) setFound(({ [field]: _gone, ...rest }) => rest);
    };
  }
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const formRef = useFocusFirstProblem(failures);
  const headingId = useId();

  const weekdayNames = Array.from({ length: 7 }, (_, n) =>
    new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, 1 + n)),
    ),
  );

  function check(): Partial<Record<FormField, string>> {
    const problems: Partial<Record<FormField, string>> = {};
    if (!nameNl.trim()) problems.name_nl = t('validation.required');
    const p = Number(points);
    if (!Number.isInteger(p) || p < 1 || p > 100) problems.points = t('validation.number_range', { min: 1, max: 100 });
    const n = Number(timesPerWeek);
    if (cadence === 'times_per_week' && (!Number.isInteger(n) || n < 1 || n > 7))
      problems.times_per_week = t('validation.number_range', { min: 1, max: 7 });
    if (cadence === 'days_of_week' && days.length === 0) problems.days_of_week = t('validation.pick_one');
    if (teamIds.length === 0) problems.team_ids = t('validation.pick_one');
    if (checklist.some((row) => !row.label_nl.trim())) problems.checklist = t('validation.required');
    return problems;
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    const problems = check();
    setFound(problems);
    if (Object.keys(problems).length > 0) {
      setFailures((n) => n + 1);
      return;
    }
    const payload = {
      name_nl: nameNl.trim(),
      name_en: nameEn.trim(),
      description_nl: descriptionNl.trim(),
      description_en: descriptionEn.trim(),
      ...(icon.trim() ? { icon: icon.trim() } : {}),
      points: Number(points),
      cadence,
      times_per_week: cadence === 'times_per_week' ? Number(timesPerWeek) : null,
      days_of_week: cadence === 'days_of_week' ? [...days].sort() : [],
      customer_facing: customerFacing,
      for_managers: forManagers,
      // Keys are the app's business: made from the criterion when it is first saved, kept after that.
      checklist: withKeys(checklist.map((row) => ({ ...row, label_nl: row.label_nl.trim(), label_en: row.label_en.trim() }))),
      team_ids: teamIds,
    };
    let saved: CatalogueBehaviour | null = null;
    const ok = await submit.run(async () => {
      saved = behaviour
        ? await api.patch<CatalogueBehaviour>(`/behaviours/${behaviour.id}`, payload)
        : await api.post<CatalogueBehaviour>('/behaviours', payload);
    });
    if (ok && saved) onSaved(saved, !behaviour);
    else setFailures((n) => n + 1);
  }

  // Our own check first, else the server's message for that field (checklist.0.key → checklist).
  const server = fieldErrors(submit.error);
  const messageFor = (field: FormField): string | undefined =>
    found[field] ??
    server[field] ??
    Object.entries(server).find(([name]) => name.startsWith(`${field}.`))?.[1];

  const teamOptions = [...teams];
  for (const id of teamIds) if (!teamOptions.some((team) => team.id === id)) teamOptions.push({ id, name: `#${id}` });

  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 class="card__title" id={headingId}>
        {behaviour ? t('behaviours.form_edit') : t('behaviours.form_new')}
      </h2>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
        <TextField label={t('behaviours.name_nl')} name="name_nl" required maxLength={80} value={nameNl} onValue={edited('name_nl', setNameNl)} error={messageFor('name_nl')} />
        <TextField label={t('behaviours.name_en')} name="name_en" maxLength={80} value={nameEn} onValue={setNameEn} error={messageFor('name_en')} />
        <TextArea label={t('behaviours.description_nl')} name="description_nl" value={descriptionNl} onValue={setDescriptionNl} error={messageFor('description_nl')} />
        <TextArea label={t('behaviours.description_en')} name="description_en" value={descriptionEn} onValue={setDescriptionEn} error={messageFor('description_en')} />
        <div class="form__row">
          <TextField label={t('behaviours.icon')} name="icon" maxLength={16} value={icon} onValue={setIcon} hint={t('behaviours.icon_hint')} error={messageFor('icon')} />
          <TextField
            label={t('behaviours.points')}
            name="points"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            value={points}
            onValue={edited('points', setPoints)}
            hint={t('behaviours.points_hint')}
            error={messageFor('points')}
          />
        </div>

        <fieldset class="radio-group">
          <legend class="field__label">{t('behaviours.cadence')}</legend>
          {CADENCES.map((value) => (
            <label key={value} class="checkbox">
              <input type="radio" name="cadence" value={value} checked={cadence === value} onChange={() => setCadence(value)} />
              <span>{t(`behaviours.cadence.${value}` as MessageKey)}</span>
            </label>
          ))}
          {messageFor('cadence') && <p class="field__error">{messageFor('cadence')}</p>}
        </fieldset>

        {cadence === 'times_per_week' && (
          <TextField
            label={t('behaviours.times_per_week')}
            name="times_per_week"
            type="number"
            inputMode="numeric"
            min={1}
            max={7}
            value={timesPerWeek}
            onValue={edited('times_per_week', setTimesPerWeek)}
            hint={t('behaviours.times_per_week_hint')}
            error={messageFor('times_per_week')}
          />
        )}

        {cadence === 'days_of_week' && (
          <fieldset class="checkbox-group checkbox-group--days" aria-describedby={messageFor('days_of_week') ? 'days-error' : undefined}>
            <legend class="field__label">{t('behaviours.days_of_week')}</legend>
            {weekdayNames.map((name, n) => (
              <label key={n} class="checkbox">
                <input
                  type="checkbox"
                  name="days_of_week"
                  value={n + 1}
                  checked={days.includes(n + 1)}
                  aria-invalid={messageFor('days_of_week') ? 'true' : undefined}
                  onChange={(event) =>
                    edited('days_of_week', setDays)(event.currentTarget.checked ? [...days, n + 1] : days.filter((d) => d !== n + 1))
                  }
                />
                <span>{name}</span>
              </label>
            ))}
            {messageFor('days_of_week') && (
              <p class="field__error" id="days-error">
                {messageFor('days_of_week')}
              </p>
            )}
          </fieldset>
        )}

        <Segmented<'yes' | 'no'>
          legend={t('behaviours.customer_facing')}
          value={customerFacing ? 'yes' : 'no'}
          onChange={(value) => setCustomerFacing(value === 'yes')}
          options={[
            { value: 'yes', label: t('common.yes') },
            { value: 'no', label: t('common.no') },
          ]}
        />
        <p class="field__hint field__hint--tight">{t('behaviours.customer_facing_hint')}</p>

        <label class="checkbox">
          <input type="checkbox" name="for_managers" checked={forManagers} onChange={(event) => setForManagers(event.currentTarget.checked)} aria-describedby="for-managers-hint" />
          <span>{t('behaviours.for_managers')}</span>
        </label>
        <p class="field__hint field__hint--tight" id="for-managers-hint">{t('behaviours.for_managers_hint')}</p>

        <fieldset class="checklist-editor">
          <legend class="field__label">{t('behaviours.checklist')}</legend>
          <p class="field__hint">{t('behaviours.checklist_hint')}</p>
          {checklist.map((row, n) => (
            <div class="checklist-editor__row" key={n} role="group" aria-label={t('behaviours.checklist_item', { n: n + 1 })}>
              <TextField
                label={t('behaviours.checklist_label_nl')}
                name={`checklist_label_nl_${n}`}
                maxLength={80}
                value={row.label_nl}
                onValue={(value) => setChecklist(checklist.map((r, m) => (m === n ? { ...r, label_nl: value } : r)))}
              />
              <TextField
                label={t('behaviours.checklist_label_en')}
                name={`checklist_label_en_${n}`}
                maxLength={80}
                value={row.label_en}
                onValue={(value) => setChecklist(checklist.map((r, m) => (m === n ? { ...r, label_en: value } : r)))}
              />
              <button
                type="button"
                class="button button--small button--ghost-dark"
                onClick={() => setChecklist(checklist.filter((_, m) => m !== n))}
              >
                {t('behaviours.checklist_remove', { n: n + 1 })}
              </button>
            </div>
          ))}
          {messageFor('checklist') && <p class="field__error">{messageFor('checklist')}</p>}
          {checklist.length < 6 && (
            <button
              type="button"
              class="button button--small button--secondary"
              onClick={() => setChecklist([...checklist, { key: '', label_nl: '', label_en: '' }])}
            >
              {t('behaviours.checklist_add')}
            </button>
          )}
        </fieldset>

        <fieldset class="checkbox-group">
          <legend class="field__label">{t('behaviours.teams')}</legend>
          {manager && <p class="field__hint">{t('behaviours.teams_hint_manager')}</p>}
          {teamOptions.map((team) => (
            <label key={team.id} class="checkbox">
              <input
                type="checkbox"
                name="team_ids"
                value={team.id}
                checked={teamIds.includes(team.id)}
                disabled={!teams.some((own) => own.id === team.id)}
                aria-invalid={messageFor('team_ids') ? 'true' : undefined}
                onChange={(event) =>
                  edited('team_ids', setTeamIds)(event.currentTarget.checked ? [...teamIds, team.id] : teamIds.filter((id) => id !== team.id))
                }
              />
              <span>{team.name}</span>
            </label>
          ))}
          {messageFor('team_ids') && <p class="field__error">{messageFor('team_ids')}</p>}
        </fieldset>

        <div class="form__actions">
          <button type="button" class="button button--secondary" onClick={onCancel}>
            {t('behaviours.cancel')}
          </button>
          <button type="submit" class="button button--primary" disabled={submit.busy}>
            {submit.busy ? t('behaviours.saving') : behaviour ? t('behaviours.save') : t('behaviours.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

function TextArea({ label, name, value, onValue, error }: { label: string; name: string; value: string; onValue: (v: string) => void; error?: string }) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label class="field__label" for={id}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        class="field__input field__textarea"
        rows={2}
        maxLength={500}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

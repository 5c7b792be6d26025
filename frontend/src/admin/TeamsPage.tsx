// Teams: create, rename, set the kind, assign managers, archive and restore (admins).
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { fieldErrors } from '../api/errors';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { AdminLayout } from './AdminLayout';
import { firstRunChanged } from './FirstRun';
import { adminErrorMessage, TEAM_KINDS, type AdminTeam, type Person } from './data';

export function TeamsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [teams, setTeams] = useState<AdminTeam[] | null>(null);
  const [leaders, setLeaders] = useState<Person[]>([]);
  const [showArchived, setShowArchived] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    api.get<AdminTeam[]>(`/teams${showArchived ? '?include_archived=true' : ''}`).then((answer) => {
      setTeams(answer);
      setError(null);
    }, setError);
  }, [showArchived]);

  useEffect(load, [load]);
  useEffect(() => {
    // Only managers and admins can manage a team.
    api.get<Person[]>('/admin/people?active=true').then(
      (people) => setLeaders(people.filter((p) => p.role === 'manager' || p.role === 'admin')),
      setError,
    );
  }, []);

  function changed(text: string) {
    setMessage(text);
    load();
  }

  return (
    <AdminLayout title="admin.teams.title" adminOnly>
      {message && <Notice kind="success">{message}</Notice>}
      {error !== null && <Notice kind="error">{adminErrorMessage(error, i18n)}</Notice>}
      <NewTeamForm onCreated={(name) => changed(t('admin.teams.created', { name }))} />
      <div class="toolbar">
        <label class="checkbox checkbox--inline">
          <input type="checkbox" checked={showArchived} onChange={(event) => setShowArchived(event.currentTarget.checked)} />
          <span>{t('admin.teams.show_archived')}</span>
        </label>
      </div>
      {teams && teams.length === 0 && <p class="muted">{t('admin.teams.none')}</p>}
      {teams && teams.length > 0 && (
        <ul class="admin-list" aria-label={t('admin.teams.title')}>
          {teams.map((team) => (
            <TeamRow key={team.id} team={team} leaders={leaders} onChanged={changed} />
          ))}
        </ul>
      )}
    </AdminLayout>
  );
}

function kindOptions(t: (key: MessageKey) => string) {
  return TEAM_KINDS.map((kind) => ({ value: kind, label: t(`admin.kind_${kind}` as MessageKey) }));
}

function NewTeamForm({ onCreated }: { onCreated: (name: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('sales');
  const submit = useSubmit();

  async function onSubmit(event: Event) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    if (await submit.run(() => api.post('/teams', { name: trimmed, kind }))) {
      setName('');
      onCreated(trimmed);
      firstRunChanged();
    }
  }

  return (
    <section class="card" aria-labelledby="new-team-heading">
      <h2 class="card__title" id="new-team-heading">
        {t('admin.teams.new')}
      </h2>
      <form class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && !fieldErrors(submit.error).name && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
        <div class="form__row">
          <TextField label={t('admin.teams.name')} name="team_name" required maxLength={80} value={name} onValue={setName} error={fieldErrors(submit.error).name && t('admin.teams.name_taken')} />
          <SelectField label={t('admin.teams.kind')} name="team_kind" value={kind} onValue={setKind} options={kindOptions(t)} />
        </div>
        <button type="submit" class="button button--primary" disabled={submit.busy || !name.trim()}>
          {t('admin.teams.create')}
        </button>
      </form>
    </section>
  );
}

function TeamRow({ team, leaders, onChanged }: { team: AdminTeam; leaders: Person[]; onChanged: (message: string) => void }) {
  const i18n = useI18n();
  const { t, tn } = i18n;
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(team.name);
  const [kind, setKind] = useState(team.kind);
  const [manager, setManager] = useState('');
  const submit = useSubmit();
  const candidates = leaders.filter((person) => !team.managers.some((m) => m.id === person.id));

  async function save(event: Event) {
    event.preventDefault();
    if (await submit.run(() => api.patch(`/teams/${team.id}`, { name: name.trim(), kind }))) {
      setEditing(false);
      onChanged(t('admin.teams.saved', { name: name.trim() }));
    }
  }

  async function addManager() {
    const person = leaders.find((p) => String(p.id) === manager);
    if (!person) return;
    if (await submit.run(() => api.put(`/teams/${team.id}/members/${person.id}`, { manages: true }))) {
      setManager('');
      onChanged(t('admin.teams.manager_added', { name: person.name, team: team.name }));
    }
  }

  async function removeManager(id: number, personName: string) {
    if (await submit.run(() => api.put(`/teams/${team.id}/members/${id}`, { manages: false }))) {
      onChanged(t('admin.teams.manager_removed', { name: personName, team: team.name }));
    }
  }

  async function archive() {
    if (await submit.run(() => api.patch(`/teams/${team.id}`, { archived: !team.archived }))) {
      onChanged(t(team.archived ? 'admin.teams.restored' : 'admin.teams.archived_done', { name: team.name }));
    }
  }

  return (
    <li class={`card admin-team${team.archived ? ' admin-person--inactive' : ''}`}>
      <div class="admin-person__main">
        <div class="admin-person__text">
          <p class="admin-person__name">
            {team.name}
            {team.archived && <span class="badge badge--muted">{t('admin.teams.archived')}</span>}
          </p>
          <p class="admin-person__meta">
            {t(`admin.kind_${team.kind}` as MessageKey)} · {tn('admin.teams.members', team.member_count)}
          </p>
          <p class="admin-person__meta">
            {team.managers.length > 0 ? t('admin.teams.managed_by', { names: team.managers.map((m) => m.name).join(', ') }) : t('admin.teams.no_manager')}
          </p>
        </div>
        <button type="button" class="button button--small button--secondary" aria-expanded={editing} aria-label={t('admin.teams.edit_label', { name: team.name })} onClick={() => setEditing(!editing)}>
          {t('admin.person.edit')}
        </button>
      </div>
      {editing && (
        <div class="admin-person__edit">
          {submit.error !== null && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
          <form class="form" onSubmit={save} noValidate>
            <div class="form__row">
              <TextField label={t('admin.teams.name')} name="name" required maxLength={80} value={name} onValue={setName} />
              <SelectField label={t('admin.teams.kind')} name="kind" value={kind} onValue={setKind} options={kindOptions(t)} />
            </div>
            <div class="form__actions">
              <button type="submit" class="button button--primary button--small" disabled={submit.busy || !name.trim()}>
                {t('admin.save')}
              </button>
              <button type="button" class="button button--small button--ghost-dark" disabled={submit.busy} onClick={archive}>
                {t(team.archived ? 'admin.teams.restore' : 'admin.teams.archive')}
              </button>
            </div>
          </form>
          <h3 class="subheading">{t('admin.teams.managers')}</h3>
          {team.managers.length > 0 && (
            <ul class="chips">
              {team.managers.map((m) => (
                <li key={m.id} class="chip">
                  {m.name}
                  <button type="button" class="chip__remove" aria-label={t('admin.teams.remove_manager', { name: m.name })} disabled={submit.busy} onClick={() => removeManager(m.id, m.name)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          {candidates.length > 0 ? (
            <div class="form__row admin-inline">
              <SelectField label={t('admin.teams.add_manager')} name="manager" value={manager} onValue={setManager} options={[{ value: '', label: '—' }, ...candidates.map((p) => ({ value: String(p.id), label: p.name }))]} />
              <button type="button" class="button button--secondary button--small" disabled={submit.busy || !manager} onClick={addManager}>
                {t('admin.teams.assign')}
              </button>
            </div>
          ) : (
            <p class="form__note">{t('admin.teams.no_candidates')}</p>
          )}
        </div>
      )}
    </li>
  );
}

// People: search and filter, invite many at once, open invites, and per person role, team and status.
import { useLocation } from 'preact-iso';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api/client';
import { SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { checkChosen, hasProblems, messagesFor, problems, useFocusFirstProblem, useSubmit, type Problems } from '../components/form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useMe } from '../session';
import { AdminLayout } from './AdminLayout';
import { firstRunChanged } from './FirstRun';
import { adminErrorMessage, ROLES, type AdminInvite, type AdminTeam, type BulkInviteResult, type Person } from './data';
import type { Role } from '../accounts/data';

type ActiveFilter = '' | 'true' | 'false';

export function PeoplePage() {
  const i18n = useI18n();
  const { t, tn } = i18n;
  const me = useMe();
  const [query, setQuery] = useState('');
  const [teamId, setTeamId] = useState('');
  const [role, setRole] = useState('');
  const [active, setActive] = useState<ActiveFilter>('');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [teams, setTeams] = useState<AdminTeam[]>([]);
  const [invites, setInvites] = useState<AdminInvite[]>([]);
  const [error, setError] = useState<unknown>(null);
  const { query: address } = useLocation();
  const [inviting, setInviting] = useState(address.invite === '1'); // the first-run checklist's link opens the form
  const [message, setMessage] = useState<string | null>(null);
  const isAdmin = me.role === 'admin';

  // The teams one may put people in: all (admins) or the ones one manages (managers).
  const assignable = useMemo(
    () => teams.filter((team) => !team.archived && (isAdmin || me.teams.some((m) => m.id === team.id && m.manages))),
    [teams, isAdmin, me.teams],
  );

  const load = useCallback(() => {
    const params = new URLSearchParams();
    if (query.trim()) params.set('q', query.trim());
    if (teamId) params.set('team_id', teamId);
    if (role) params.set('role', role);
    if (active) params.set('active', active);
    api.get<Person[]>(`/admin/people?${params}`).then((answer) => {
      setPeople(answer);
      setError(null);
    }, setError);
  }, [query, teamId, role, active]);

  const loadInvites = useCallback(() => {
    api.get<AdminInvite[]>('/invites').then(setInvites, setError);
  }, []);

  useEffect(() => {
    const timer = setTimeout(load, 200); // typing in the search box does not fire a request per key
    return () => clearTimeout(timer);
  }, [load]);
  useEffect(() => {
    api.get<AdminTeam[]>('/teams').then(setTeams, setError);
    loadInvites();
  }, [loadInvites]);

  const teamOptions = [{ value: '', label: t('admin.people.all_teams') }, ...teams.map((team) => ({ value: String(team.id), label: team.name }))];
  const roleOptions = [{ value: '', label: t('admin.people.all_roles') }, ...ROLES.map((value) => ({ value, label: t(`role.${value}` as MessageKey) }))];
  const activeOptions = [
    { value: '', label: t('admin.people.everyone') },
    { value: 'true', label: t('admin.people.active') },
    { value: 'false', label: t('admin.people.inactive') },
  ];
  const openInvites = invites.filter((invite) => invite.status === 'open' || invite.status === 'expired');

  return (
    <AdminLayout title="admin.people.title">
      {message && <Notice kind="success">{message}</Notice>}
      {error !== null && <Notice kind="error">{adminErrorMessage(error, i18n)}</Notice>}

      <div class="toolbar">
        <p class="muted admin-count" role="status">
          {people ? tn('admin.people.count', people.length) : t('common.loading')}
        </p>
        <button type="button" class="button button--primary button--small" aria-expanded={inviting} onClick={() => setInviting(!inviting)}>
          {t('admin.invite.open')}
        </button>
      </div>

      {inviting && (
        <InviteForm
          teams={assignable}
          isAdmin={isAdmin}
          onDone={(result) => {
            loadInvites();
            if (result.invited.length) firstRunChanged();
            setMessage(result.invited.length ? tn('admin.invite.sent', result.invited.length) : null);
            if (result.problems.length === 0) setInviting(false);
          }}
        />
      )}

      <section class="card admin-filters" aria-label={t('admin.people.filters')}>
        <TextField label={t('admin.people.search')} name="q" type="search" value={query} onValue={setQuery} autocomplete="off" />
        <div class="admin-filters__row">
          <SelectField label={t('admin.people.team')} name="team" value={teamId} onValue={setTeamId} options={teamOptions} />
          <SelectField label={t('admin.people.role')} name="role" value={role} onValue={setRole} options={roleOptions} />
          <SelectField label={t('admin.people.status')} name="active" value={active} onValue={(v) => setActive(v as ActiveFilter)} options={activeOptions} />
        </div>
      </section>

      {people && people.length === 0 && <p class="muted">{t('admin.people.none')}</p>}
      {people && people.length > 0 && (
        <ul class="admin-list" aria-label={t('admin.people.title')}>
          {people.map((person) => (
            <PersonRow
              key={person.id}
              person={person}
              teams={assignable}
              isAdmin={isAdmin}
              isSelf={person.id === me.id}
              onChanged={(text) => {
                setMessage(text);
                load();
              }}
            />
          ))}
        </ul>
      )}

      {openInvites.length > 0 && (
        <section class="card" aria-labelledby="invites-heading">
          <h2 class="card__title" id="invites-heading">
            {t('admin.invites.title')}
          </h2>
          <ul class="admin-invites">
            {openInvites.map((invite) => (
              <InviteRow key={invite.id} invite={invite} onChanged={(text) => { setMessage(text); loadInvites(); }} />
            ))}
          </ul>
        </section>
      )}
    </AdminLayout>
  );
}

function InviteForm({ teams, isAdmin, onDone }: { teams: AdminTeam[]; isAdmin: boolean; onDone: (result: BulkInviteResult) => void }) {
  const i18n = useI18n();
  const { t, tn } = i18n;
  const [emails, setEmails] = useState('');
  // Nothing is chosen for the inviter: only a manager's one team is no choice at all.
  const [teamId, setTeamId] = useState(teams.length === 1 ? String(teams[0].id) : '');
  const [role, setRole] = useState<Role | ''>('');
  const [result, setResult] = useState<BulkInviteResult | null>(null);
  const [found, setFound] = useState<Problems<'team_id' | 'role'>>({});
  const [failures, setFailures] = useState(0);
  const formRef = useFocusFirstProblem(failures);
  const submit = useSubmit();
  const roles: Role[] = isAdmin ? ROLES : ['rep', 'staff'];

  async function onSubmit(event: Event) {
    event.preventDefault();
    setResult(null);
    const checked = problems({ team_id: checkChosen(teamId, 'validation.choose_team'), role: checkChosen(role, 'validation.choose_role') });
    setFound(checked);
    if (hasProblems(checked)) {
      setFailures((n) => n + 1);
      return;
    }
    let answer: BulkInviteResult | null = null;
    const ok = await submit.run(async () => {
      answer = await api.post<BulkInviteResult>('/admin/invites/bulk', { emails, team_id: Number(teamId), role });
    });
    if (ok && answer) {
      const done: BulkInviteResult = answer;
      setResult(done);
      // Keep the lines that failed in the box, so they can be fixed and sent again.
      const lines = emails.split('\n');
      setEmails(done.problems.map((problem) => lines[problem.line - 1]?.trim() ?? problem.value).filter(Boolean).join('\n'));
      onDone(done);
    }
  }

  if (teams.length === 0) {
    return <Notice kind="info">{t('admin.invite.no_teams')}</Notice>;
  }
  const messages = messagesFor(['team_id', 'role'] as const, found, submit.error, t);
  return (
    <section class="card" aria-labelledby="invite-heading">
      <h2 class="card__title" id="invite-heading">
        {t('admin.invite.title')}
      </h2>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
        {result && result.problems.length > 0 && (
          <Notice kind="error">
            <p>{tn('admin.invite.problems', result.problems.length)}</p>
            <ul class="admin-problems">
              {result.problems.map((problem) => (
                <li key={`${problem.line}-${problem.value}`}>
                  {t('admin.invite.line', { line: problem.line })}: <strong>{problem.value}</strong> — {problemText(problem.code, problem.message, t)}
                </li>
              ))}
            </ul>
          </Notice>
        )}
        <div class="field">
          <label class="field__label" for="invite-emails">
            {t('admin.invite.emails')}
          </label>
          <textarea
            id="invite-emails"
            name="emails"
            class="field__input field__textarea"
            rows={5}
            required
            value={emails}
            onInput={(event) => setEmails(event.currentTarget.value)}
            aria-describedby="invite-emails-hint"
            placeholder={'lotte@voorbeeld.nl\ndaan@voorbeeld.nl'}
          />
          <p class="field__hint" id="invite-emails-hint">
            {t('admin.invite.emails_hint')}
          </p>
        </div>
        <div class="form__row">
          <SelectField
            label={t('admin.people.team')}
            name="team_id"
            value={teamId}
            onValue={(value) => { setTeamId(value); setFound(({ team_id: _gone, ...rest }) => rest); }}
            options={[{ value: '', label: t('admin.invite.choose_team') }, ...teams.map((team) => ({ value: String(team.id), label: team.name }))]}
            error={messages.team_id}
          />
          <SelectField
            label={t('admin.people.role')}
            name="role"
            value={role}
            onValue={(value) => { setRole(value as Role | ''); setFound(({ role: _gone, ...rest }) => rest); }}
            options={[{ value: '', label: t('admin.invite.choose_role') }, ...roles.map((value) => ({ value, label: t(`role.${value}` as MessageKey) }))]}
            error={messages.role}
          />
        </div>
        <button type="submit" class="button button--primary" disabled={submit.busy || !emails.trim()}>
          {submit.busy ? t('admin.invite.sending') : t('admin.invite.submit')}
        </button>
      </form>
    </section>
  );
}

function problemText(code: string, fallback: string, t: (key: MessageKey) => string): string {
  const known = ['invalid_email', 'duplicate_in_list', 'email_taken', 'already_invited'];
  return known.includes(code) ? t(`admin.invite.problem.${code}` as MessageKey) : fallback;
}

function PersonRow({
  person,
  teams,
  isAdmin,
  isSelf,
  onChanged,
}: {
  person: Person;
  teams: AdminTeam[];
  isAdmin: boolean;
  isSelf: boolean;
  onChanged: (message: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState<Role>(person.role);
  const [teamId, setTeamId] = useState(person.teams[0] ? String(person.teams[0].id) : '');
  const [confirmErase, setConfirmErase] = useState(false);
  const submit = useSubmit();
  const roles: Role[] = isAdmin ? ROLES : ['rep', 'staff'];
  const editable = isAdmin || person.role === 'rep' || person.role === 'staff';

  async function save(event: Event) {
    event.preventDefault();
    const changes: Record<string, unknown> = {};
    if (role !== person.role) changes.role = role;
    if (teamId && !person.teams.some((team) => String(team.id) === teamId && person.teams.length === 1)) changes.team_id = Number(teamId);
    if (Object.keys(changes).length === 0) {
      setEditing(false);
      return;
    }
    if (await submit.run(() => api.patch(`/admin/people/${person.id}`, changes))) {
      setEditing(false);
      onChanged(t('admin.person.saved', { name: person.name }));
    }
  }

  async function setActive(active: boolean) {
    if (await submit.run(() => api.patch(`/admin/people/${person.id}`, { active }))) {
      onChanged(t(active ? 'admin.person.reactivated' : 'admin.person.deactivated', { name: person.name }));
    }
  }

  async function erase() {
    if (await submit.run(() => api.post(`/admin/people/${person.id}/erase`))) {
      onChanged(t('admin.person.erased'));
    }
  }

  const teamOptions = [
    ...(teamId && !teams.some((team) => String(team.id) === teamId) ? [{ value: teamId, label: person.teams[0]?.name ?? '' }] : []),
    ...teams.map((team) => ({ value: String(team.id), label: team.name })),
  ];
  return (
    <li class={`card admin-person${person.active ? '' : ' admin-person--inactive'}`}>
      <div class="admin-person__main">
        <div class="admin-person__text">
          <p class="admin-person__name">
            {person.name}
            {!person.active && <span class="badge badge--muted">{t('admin.people.inactive')}</span>}
          </p>
          <p class="admin-person__meta">{person.email}</p>
          <p class="admin-person__meta">
            {t(`role.${person.role}` as MessageKey)}
            {person.teams.length > 0 && ` · ${person.teams.map((team) => (team.manages ? `${team.name} (${t('profile.manages')})` : team.name)).join(', ')}`}
          </p>
        </div>
        {editable && !isSelf && (
          <button
            type="button"
            class="button button--small button--secondary"
            aria-expanded={editing}
            aria-label={t('admin.person.edit_label', { name: person.name })}
            onClick={() => setEditing(!editing)}
          >
            {t('admin.person.edit')}
          </button>
        )}
      </div>
      {editing && (
        <form class="form admin-person__edit" onSubmit={save} noValidate>
          {submit.error !== null && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
          <div class="form__row">
            <SelectField label={t('admin.people.role')} name="role" value={role} onValue={(v) => setRole(v as Role)} options={roles.map((value) => ({ value, label: t(`role.${value}` as MessageKey) }))} />
            <SelectField label={t('admin.person.team')} name="team_id" value={teamId} onValue={setTeamId} options={[{ value: '', label: '—' }, ...teamOptions]} />
          </div>
          <div class="form__actions">
            <button type="submit" class="button button--primary button--small" disabled={submit.busy}>
              {t('admin.save')}
            </button>
            {person.active ? (
              <button type="button" class="button button--small button--ghost-dark" disabled={submit.busy} onClick={() => setActive(false)}>
                {t('admin.person.deactivate')}
              </button>
            ) : (
              <button type="button" class="button button--small button--secondary" disabled={submit.busy} onClick={() => setActive(true)}>
                {t('admin.person.reactivate')}
              </button>
            )}
            {isAdmin && !confirmErase && (
              <button type="button" class="button button--small button--danger" disabled={submit.busy} onClick={() => setConfirmErase(true)}>
                {t('admin.person.erase')}
              </button>
            )}
          </div>
          <p class="form__note">{t('admin.person.deactivate_hint')}</p>
          {confirmErase && (
            <div class="admin-confirm" role="group" aria-label={t('admin.person.erase')}>
              <p>{t('admin.person.erase_confirm', { name: person.name })}</p>
              <div class="form__actions">
                <button type="button" class="button button--small button--danger" disabled={submit.busy} onClick={erase}>
                  {t('admin.person.erase_really')}
                </button>
                <button type="button" class="button button--small button--secondary" onClick={() => setConfirmErase(false)}>
                  {t('admin.cancel')}
                </button>
              </div>
            </div>
          )}
        </form>
      )}
    </li>
  );
}

function InviteRow({ invite, onChanged }: { invite: AdminInvite; onChanged: (message: string) => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const submit = useSubmit();
  const until = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(new Date(invite.expires_at));
  return (
    <li class="admin-invite">
      <div class="admin-invite__text">
        <p class="admin-person__name">{invite.email}</p>
        <p class="admin-person__meta">
          {t(`role.${invite.role}` as MessageKey)} · {invite.team_name} ·{' '}
          {invite.status === 'expired' ? t('admin.invites.expired') : t('admin.invites.valid_until', { date: until })}
        </p>
        {submit.error !== null && <p class="field__error">{adminErrorMessage(submit.error, i18n)}</p>}
      </div>
      <div class="admin-invite__actions">
        <button
          type="button"
          class="button button--small button--secondary"
          disabled={submit.busy}
          aria-label={t('admin.invites.resend_label', { email: invite.email })}
          onClick={async () => {
            if (await submit.run(() => api.post(`/invites/${invite.id}/resend`))) onChanged(t('admin.invites.resent', { email: invite.email }));
          }}
        >
          {t('admin.invites.resend')}
        </button>
        <button
          type="button"
          class="button button--small button--ghost-dark"
          disabled={submit.busy}
          aria-label={t('admin.invites.revoke_label', { email: invite.email })}
          onClick={async () => {
            if (await submit.run(() => api.delete(`/invites/${invite.id}`))) onChanged(t('admin.invites.revoked', { email: invite.email }));
          }}
        >
          {t('admin.invites.revoke')}
        </button>
      </div>
    </li>
  );
}

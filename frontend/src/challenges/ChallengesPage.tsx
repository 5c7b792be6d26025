// Uitdagingen / Challenges: the running and past challenges with their standing, time left, and my own
// and my team's part; managers and admins start new ones and cancel them with a reason.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { errorMessage, fieldErrors } from '../api/errors';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import type { Challenge, ChallengeKind, ChallengeList, ChallengeOptions } from './data';
import { addDays, myTeam, timeLeft } from './data';
import { Duels } from './Duels';

export function ChallengesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('challenges.title');
  const [list, setList] = useState<ChallengeList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(() => {
    api.get<ChallengeList>('/challenges').then(
      (answer) => {
        setError(null);
        setList(answer);
      },
      (caught: unknown) => setError(caught),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('challenges.title')}
        </h1>
        <p class="page-head__intro">{t('challenges.intro')}</p>
      </div>
      {done && <Notice kind="success">{done}</Notice>}
      {list?.can_create && !creating && (
        <p class="challenge-new">
          <button type="button" class="button button--primary button--block" onClick={() => setCreating(true)}>
            {t('challenges.new')}
          </button>
        </p>
      )}
      {creating && (
        <ChallengeForm
          onCancel={() => setCreating(false)}
          onCreated={(title) => {
            setCreating(false);
            setDone(t('challenges.created', { title }));
            load();
          }}
        />
      )}
      {error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      {!list && error === null && (
        <div class="skeleton" aria-busy="true">
          <p class="visually-hidden" role="status">
            {t('common.loading')}
          </p>
          <div class="skeleton__block skeleton__block--tall" />
        </div>
      )}
      {list && (
        <>
          <section aria-labelledby="challenges-current" class="challenge-section">
            <h2 class="section-title" id="challenges-current">
              {t('challenges.current')}
            </h2>
            {list.current.length === 0 && <p class="muted">{t('challenges.none_current')}</p>}
            {list.current.map((challenge) => (
              <ChallengeCard key={challenge.id} challenge={challenge} onChanged={load} />
            ))}
          </section>
          <Duels />
          {list.past.length > 0 && (
            <section aria-labelledby="challenges-past" class="challenge-section">
              <h2 class="section-title" id="challenges-past">
                {t('challenges.past')}
              </h2>
              {list.past.map((challenge) => (
                <ChallengeCard key={challenge.id} challenge={challenge} onChanged={load} />
              ))}
            </section>
          )}
        </>
      )}
    </>
  );
}

function StatusLine({ challenge }: { challenge: Challenge }) {
  const { t, tn, locale } = useI18n();
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString(locale === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short' });
  const period = t('challenges.period', { from: day(challenge.starts_on), to: day(challenge.ends_on) });
  let status = t(`challenges.status.${challenge.status}`);
  if ((challenge.status === 'running' || challenge.status === 'frozen') && challenge.seconds_left !== null) {
    const left = timeLeft(challenge.seconds_left);
    status = `${status} · ${tn(`challenges.left_${left.unit}`, left.count)}`;
  }
  return (
    <p class="challenge-card__meta">
      <span class={`challenge-status challenge-status--${challenge.status}`} data-testid="challenge-status">
        {challenge.frozen && <span aria-hidden="true">❄️ </span>}
        {status}
      </span>{' '}
      · {period}
    </p>
  );
}

function pct(value: number | null, n: (value: number) => string): string {
  return value === null ? '–' : `${n(value)}%`;
}

export function ChallengeCard({ challenge, onChanged }: { challenge: Challenge; onChanged: () => void }) {
  const { t, tn, n } = useI18n();
  const [cancelling, setCancelling] = useState(false);
  const [editing, setEditing] = useState(false);
  const titleId = `challenge-${challenge.id}`;
  if (editing) {
    return (
      <ChallengeForm
        initial={challenge}
        onCancel={() => setEditing(false)}
        onCreated={() => {
          setEditing(false);
          onChanged();
        }}
      />
    );
  }
  const mine = myTeam(challenge);
  return (
    <article class={`card challenge-card challenge-card--${challenge.status}`} aria-labelledby={titleId} data-challenge-id={challenge.id}>
      <header class="challenge-card__head">
        <span class="challenge-card__emoji" aria-hidden="true">
          {challenge.kind === 'personal_best' ? '🌱' : challenge.kind === 'together' ? '🤝' : '🏁'}
        </span>
        <div>
          <h3 class="challenge-card__title" id={titleId}>
            {challenge.title}
          </h3>
          <p class="challenge-card__kind">{t(`challenges.kind.${challenge.kind}`)}</p>
        </div>
      </header>
      <StatusLine challenge={challenge} />
      {challenge.frozen && <p class="challenge-card__frozen">{t('challenges.frozen_hint')}</p>}
      <p class="challenge-card__behaviours">
        {challenge.behaviours.map((b) => (
          <span key={b.id} class="challenge-chip">
            <span aria-hidden="true">{b.icon}</span> {b.name}
          </span>
        ))}
      </p>
      {challenge.status === 'cancelled' && challenge.cancel_reason && (
        <p class="muted">{t('challenges.cancelled_because', { reason: challenge.cancel_reason })}</p>
      )}
      {challenge.teams.length > 0 && (
        <ol class="challenge-standing" aria-label={t('challenges.standing')}>
          {challenge.teams.map((team) => (
            <li key={team.team_id} class={`challenge-standing__row${team.is_mine ? ' challenge-standing__row--mine' : ''}`} data-testid="challenge-team">
              <span class="challenge-standing__rank">{team.rank ?? '–'}</span>
              <span class="challenge-standing__name">
                {team.name}
                {team.is_mine && <span class="challenge-standing__you"> · {t('challenges.your_team')}</span>}
              </span>
              <span class="challenge-standing__score" data-testid="challenge-score">
                {pct(team.score, n)}
              </span>
            </li>
          ))}
        </ol>
      )}
      {challenge.together && (
        <div class="challenge-together">
          <div
            class="team-goal__bar"
            role="progressbar"
            aria-label={t('challenges.together_progress')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={challenge.together.percent}
            aria-valuetext={t('challenges.together_value', { total: n(challenge.together.total), target: n(challenge.together.target) })}
          >
            <span class="team-goal__fill" style={{ width: `${challenge.together.percent}%` }} />
          </div>
          <p>{t('challenges.together_value', { total: n(challenge.together.total), target: n(challenge.together.target) })}</p>
          <ul class="challenge-contributions">
            {challenge.together.contributions.map((c) => (
              <li key={c.team_id}>
                {c.name}: <strong>{n(c.done)}</strong>
              </li>
            ))}
          </ul>
        </div>
      )}
      {challenge.celebrated && (
        <p class="challenge-celebrated">
          <span aria-hidden="true">🎉 </span>
          {t('challenges.celebrated', { count: n(challenge.celebrated.count) })}
          {challenge.celebrated.names.length > 0 && <> {challenge.celebrated.names.join(', ')}</>}
        </p>
      )}
      {challenge.me && (
        <p class="challenge-me" data-testid="challenge-me">
          {t('challenges.me', { value: pct(challenge.me.consistency, n) })} · {tn('challenges.checkins', challenge.me.done)}
          {challenge.me.late > 0 && <> · {t('challenges.late', { count: n(challenge.me.late) })}</>}
          {challenge.kind === 'personal_best' && (
            <> · {challenge.me.beat ? t('challenges.beat') : t('challenges.previous', { value: pct(challenge.me.baseline, n) })}</>
          )}
          {mine && challenge.kind === 'team' && <> · {t('challenges.team_place', { team: mine.name, rank: mine.rank ?? '–' })}</>}
        </p>
      )}
      {challenge.can_change && !cancelling && (
        <div class="challenge-actions">
          {challenge.status === 'upcoming' && (
            <button type="button" class="button button--secondary button--small" onClick={() => setEditing(true)}>
              {t('challenges.edit')}
            </button>
          )}
          <button type="button" class="button button--secondary button--small" onClick={() => setCancelling(true)}>
            {t('challenges.cancel')}
          </button>
        </div>
      )}
      {cancelling && <CancelForm challenge={challenge} onClose={() => setCancelling(false)} onDone={onChanged} />}
    </article>
  );
}

function CancelForm({ challenge, onClose, onDone }: { challenge: Challenge; onClose: () => void; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const errors = fieldErrors(submit.error);
  return (
    <form
      class="challenge-cancel"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await submit.run(() => api.post(`/challenges/${challenge.id}/cancel`, { reason }))) onDone();
      }}
    >
      <TextField label={t('challenges.cancel_reason')} value={reason} onValue={setReason} required minLength={3} maxLength={500} error={errors.reason} />
      {submit.error !== null && !errors.reason && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
      <div class="challenge-actions">
        <button type="submit" class="button button--danger" disabled={submit.busy}>
          {t('challenges.cancel_confirm')}
        </button>
        <button type="button" class="button button--secondary" onClick={onClose}>
          {t('common.dismiss')}
        </button>
      </div>
    </form>
  );
}

const KINDS: ChallengeKind[] = ['team', 'personal_best', 'together'];

/** A new challenge, or (with `initial`) one that has not started yet. */
function ChallengeForm({ initial, onCancel, onCreated }: { initial?: Challenge; onCancel: () => void; onCreated: (title: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [options, setOptions] = useState<ChallengeOptions | null>(null);
  const [kind, setKind] = useState<ChallengeKind>(initial?.kind ?? 'team');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [startsOn, setStartsOn] = useState(initial?.starts_on ?? '');
  const [endsOn, setEndsOn] = useState(initial?.ends_on ?? '');
  const typed = useRef({ startsOn, endsOn });
  typed.current = { startsOn, endsOn };
  const [behaviours, setBehaviours] = useState<number[]>(initial?.behaviours.map((b) => b.id) ?? []);
  const [teams, setTeams] = useState<number[]>(initial?.team_ids ?? []);
  const [target, setTarget] = useState(initial?.target ? String(initial.target) : '');
  const formId = initial ? `challenge-edit-${initial.id}` : 'challenge-form-title';
  const submit = useSubmit();
  const errors = fieldErrors(submit.error);

  useEffect(() => {
    api.get<ChallengeOptions>('/challenges/options').then(
      (answer) => {
        setOptions(answer);
        if (initial) return;
        // Defaults only: on a slow connection the manager may already have typed a date; keep it.
        const start = typed.current.startsOn || answer.today;
        setStartsOn(start);
        setEndsOn(typed.current.endsOn || addDays(start, 6));
      },
      (caught: unknown) => submit.setError(caught),
    );
  }, []);

  const toggle = (list: number[], id: number) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

  return (
    <form
      class="card challenge-form"
      aria-labelledby={formId}
      onSubmit={async (event) => {
        event.preventDefault();
        const body = {
          kind,
          title,
          starts_on: startsOn,
          ends_on: endsOn,
          behaviour_ids: behaviours,
          team_ids: teams,
          target: kind === 'together' ? Number(target) || null : null,
        };
        const send = () => (initial ? api.put(`/challenges/${initial.id}`, body) : api.post('/challenges', body));
        if (await submit.run(send)) onCreated(title);
      }}
    >
      <h2 class="section-title" id={formId}>
        {initial ? t('challenges.edit') : t('challenges.new')}
      </h2>
      <fieldset class="challenge-form__choices">
        <legend class="field__label">{t('challenges.kind_label')}</legend>
        {KINDS.map((value) => (
          <label key={value} class="challenge-check">
            <input type="radio" name={`${formId}-kind`} value={value} checked={kind === value} onChange={() => setKind(value)} />
            <span>{t(`challenges.kind.${value}`)}</span>
          </label>
        ))}
        <p class="field__hint">{t(`challenges.kind_hint.${kind}`)}</p>
      </fieldset>
      <TextField label={t('challenges.name')} value={title} onValue={setTitle} required maxLength={120} error={errors.title} />
      <div class="challenge-form__dates">
        <TextField label={t('challenges.starts_on')} type="date" value={startsOn} onValue={setStartsOn} required min={options?.today} error={errors.starts_on} />
        <TextField label={t('challenges.ends_on')} type="date" value={endsOn} onValue={setEndsOn} required min={startsOn} hint={t('challenges.length_hint')} error={errors.ends_on} />
      </div>
      <fieldset class="challenge-form__choices">
        <legend class="field__label">{t('challenges.behaviours')}</legend>
        {options?.behaviours.map((b) => (
          <label key={b.id} class="challenge-check">
            <input type="checkbox" checked={behaviours.includes(b.id)} onChange={() => setBehaviours(toggle(behaviours, b.id))} />
            <span>
              <span aria-hidden="true">{b.icon}</span> {b.name}
            </span>
          </label>
        ))}
        {errors.behaviour_ids && <p class="field__error">{errors.behaviour_ids}</p>}
      </fieldset>
      <fieldset class="challenge-form__choices">
        <legend class="field__label">{t('challenges.teams')}</legend>
        <p class="field__hint">{t('challenges.teams_hint')}</p>
        {options?.teams.map((team) => (
          <label key={team.id} class="challenge-check">
            <input type="checkbox" checked={teams.includes(team.id)} onChange={() => setTeams(toggle(teams, team.id))} />
            <span>{team.name}</span>
          </label>
        ))}
        {errors.team_ids && <p class="field__error">{errors.team_ids}</p>}
      </fieldset>
      {kind === 'together' && (
        <TextField label={t('challenges.target')} type="number" inputMode="numeric" min={1} value={target} onValue={setTarget} required error={errors.target} />
      )}
      {submit.error !== null && Object.keys(errors).length === 0 && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
      <div class="challenge-actions">
        <button type="submit" class="button button--primary" disabled={submit.busy}>
          {initial ? t('challenges.save') : t('challenges.create')}
        </button>
        <button type="button" class="button button--secondary" onClick={onCancel}>
          {t('challenges.form_cancel')}
        </button>
      </div>
    </form>
  );
}

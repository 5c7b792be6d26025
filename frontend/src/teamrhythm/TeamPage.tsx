// Team (managers, admins): leading by example (what the team sees of its managers), the week's rhythm
// grid, the customer-facing trend and the team goal form.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api/client';
import { SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { errorMessage } from '../api/errors';
import { AdminLayout } from '../admin/AdminLayout';
import { useI18n } from '../i18n/context';
import { useMe } from '../session';
import { GoalProgress } from '../goals/TeamGoalCard';
import { LeadersCard } from './LeadersCard';
import { TrendChart } from './TrendChart';
import type { GoalKind, TeamGoal } from '../goals/data';
import type { GridMember, RhythmGrid, TrendWeek } from './data';
import './crm-mark.css';

interface TeamOption {
  id: number;
  name: string;
}

export function TeamPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const [teams, setTeams] = useState<TeamOption[]>(() => me.teams.filter((team) => team.manages));
  const [teamId, setTeamId] = useState<number | null>(teams[0]?.id ?? null);

  useEffect(() => {
    if (me.role !== 'admin') return;
    api.get<TeamOption[]>('/teams').then((all) => {
      setTeams(all);
      setTeamId((current) => current ?? all[0]?.id ?? null);
    }, () => undefined);
  }, [me.role]);

  const allowed = me.role === 'admin' || me.teams.some((team) => team.manages);
  // Beheer → Teamritme (also from Ranglijst; the old address /team leads here).
  return (
    <AdminLayout title="boards.team.title" forbidden="boards.team.only_managers">
      <p class="page-head__intro">{t('boards.team.intro')}</p>
      {!allowed && <Notice kind="info">{t('boards.team.no_team')}</Notice>}
      {allowed && teams.length > 1 && (
        <SelectField
          label={t('boards.team.choose')}
          value={String(teamId ?? '')}
          onValue={(value) => setTeamId(Number(value))}
          options={teams.map((team) => ({ value: String(team.id), label: team.name }))}
        />
      )}
      {allowed && teamId !== null && <TeamView key={teamId} teamId={teamId} />}
    </AdminLayout>
  );
}

function TeamView({ teamId }: { teamId: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [week, setWeek] = useState<string | null>(null);
  const [grid, setGrid] = useState<RhythmGrid | null>(null);
  const [trend, setTrend] = useState<TrendWeek[] | null>(null);
  const [goal, setGoal] = useState<TeamGoal | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.get<RhythmGrid>(`/teams/${teamId}/rhythm-grid${week ? `?week=${week}` : ''}`).then(setGrid, setError);
  }, [teamId, week]);
  const loadGoal = useCallback(() => {
    api.get<{ goal: TeamGoal | null }>(`/teams/${teamId}/goal`).then((answer) => setGoal(answer.goal), setError);
  }, [teamId]);
  useEffect(() => {
    api.get<TrendWeek[]>(`/teams/${teamId}/customer-facing`).then(setTrend, setError);
    loadGoal();
  }, [teamId, loadGoal]);

  return (
    <>
      {error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      <LeadersCard teamId={teamId} />
      <section class="card team-section" aria-labelledby="goal-heading">
        <h2 id="goal-heading" class="team-section__title">
          {t('boards.goal.heading')}
        </h2>
        {goal && <GoalProgress goal={goal} />}
        <GoalForm teamId={teamId} goal={goal} onSaved={setGoal} />
      </section>
      <section class="card team-section" aria-labelledby="grid-heading">
        <div class="team-section__head">
          <h2 id="grid-heading" class="team-section__title">
            {t('boards.grid.title')}
          </h2>
          {grid && (
            <div class="week-switch">
              <button type="button" class="button button--ghost" onClick={() => setWeek(grid.previous_week)} aria-label={t('boards.grid.previous')}>
                ‹
              </button>
              <span>{t('boards.grid.week', { week: grid.week.slice(6) })}</span>
              <button
                type="button"
                class="button button--ghost"
                disabled={!grid.next_week}
                onClick={() => grid.next_week && setWeek(grid.next_week)}
                aria-label={t('boards.grid.next')}
              >
                ›
              </button>
            </div>
          )}
        </div>
        {grid ? <Grid grid={grid} /> : <div class="skeleton__block skeleton__block--tall" aria-busy="true" />}
      </section>
      <section class="card team-section" aria-labelledby="trend-heading">
        <h2 id="trend-heading" class="team-section__title">
          {t('boards.trend.title')}
        </h2>
        <p class="field__hint">{t('boards.trend.intro')}</p>
        {trend && <TrendChart weeks={trend} />}
      </section>
    </>
  );
}

function GoalForm({ teamId, goal, onSaved }: { teamId: number; goal: TeamGoal | null; onSaved: (goal: TeamGoal | null) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<GoalKind>(goal?.kind ?? 'rhythm_share');
  const [target, setTarget] = useState(String(goal?.target ?? 80));
  const [period, setPeriod] = useState<string>(goal?.period ?? 'week');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!goal) return;
    setKind(goal.kind);
    setTarget(String(goal.target));
    setPeriod(goal.period);
  }, [goal?.id]);

  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const number = Number(target);
    if (!Number.isInteger(number) || number < 1 || (kind === 'rhythm_share' && number > 100)) {
      setProblem(t(kind === 'rhythm_share' ? 'boards.goal.bad_share' : 'boards.goal.bad_count'));
      return;
    }
    setProblem(null);
    api.put<{ goal: TeamGoal }>(`/teams/${teamId}/goal`, { kind, target: number, period }).then(
      (answer) => {
        onSaved(answer.goal);
        setSaved(true);
      },
      (caught: unknown) =>
        setProblem(caught instanceof ApiError && caught.fields.target ? caught.fields.target[0] : errorMessage(caught, i18n)),
    );
  };
  return (
    <form class="goal-form" onSubmit={submit} noValidate>
      <SelectField
        label={t('boards.goal.kind')}
        name="kind"
        value={kind}
        onValue={(value) => setKind(value as GoalKind)}
        options={[
          { value: 'rhythm_share', label: t('boards.goal.kind_share') },
          { value: 'customer_facing_checkins', label: t('boards.goal.kind_count') },
        ]}
      />
      <TextField
        label={kind === 'rhythm_share' ? t('boards.goal.target_share') : t('boards.goal.target_count')}
        name="target"
        inputMode="numeric"
        value={target}
        onValue={setTarget}
        error={problem ?? undefined}
      />
      <SelectField
        label={t('boards.goal.period_label')}
        name="period"
        value={period}
        onValue={setPeriod}
        options={[
          { value: 'week', label: t('boards.goal.period.week') },
          { value: 'month', label: t('boards.goal.period.month') },
          { value: 'quarter', label: t('boards.goal.period.quarter') },
        ]}
      />
      <button type="submit" class="button button--primary button--block">
        {t('boards.goal.save')}
      </button>
      {saved && <Notice kind="success">{t('boards.goal.saved')}</Notice>}
    </form>
  );
}

/** Whether a scrolling box is wider inside than it shows (a phone with many behaviours). */
function useOverflows<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(box);
    window.addEventListener('resize', measure);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', measure);
    };
  });
  return { ref, overflows };
}

function Grid({ grid }: { grid: RhythmGrid }) {
  const { t } = useI18n();
  const fromCrm = grid.members.some((member) => member.cells.some((cell) => cell.crm.some(Boolean)));
  const [sort, setSort] = useState<'consistency' | 'name'>('consistency');
  const scroller = useOverflows<HTMLDivElement>();
  if (grid.members.length === 0) return <p>{t('boards.grid.empty')}</p>;
  const members = [...grid.members].sort((a, b) =>
    sort === 'name' ? a.name.localeCompare(b.name) : (b.consistency ?? -1) - (a.consistency ?? -1) || a.name.localeCompare(b.name),
  );
  return (
    <div>
      {scroller.overflows && (
        <p class="grid-scroll-hint" id="grid-scroll-hint">
          <span aria-hidden="true">↔ </span>
          {t('boards.grid.scroll_hint')}
        </p>
      )}
      {/* Scrolls sideways on a phone; focusable, so a keyboard can scroll it too. */}
      <div
        class="grid-wrap"
        ref={scroller.ref}
        role="region"
        aria-labelledby="grid-heading"
        aria-describedby={scroller.overflows ? 'grid-scroll-hint' : undefined}
        tabIndex={scroller.overflows ? 0 : undefined}
      >
        <table class="rhythm-grid">
          <caption class="visually-hidden">{t('boards.grid.caption', { week: grid.week })}</caption>
          <thead>
            <tr>
              <th scope="col" class="rhythm-grid__person">
                <button type="button" class="link-button" onClick={() => setSort(sort === 'name' ? 'consistency' : 'name')}>
                  {sort === 'name' ? t('boards.grid.sorted_name') : t('boards.grid.sorted_consistency')}
                </button>
              </th>
              {grid.behaviours.map((behaviour) => (
                <th key={behaviour.id} scope="col" title={behaviour.name}>
                  <span aria-hidden="true">{behaviour.icon}</span>
                  <span class="visually-hidden">{behaviour.name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <MemberRow key={member.user_id} member={member} grid={grid} />
            ))}
          </tbody>
        </table>
      </div>
      {/* The column heads are icons: what each one means, in words. */}
      <dl class="grid-key">
        {grid.behaviours.map((behaviour) => (
          <div key={behaviour.id} class="grid-key__item">
            <dt aria-hidden="true">{behaviour.icon}</dt>
            <dd>{behaviour.name}</dd>
          </div>
        ))}
      </dl>
      <ul class="grid-legend">
        {(['done', 'due', 'missed', 'away'] as const).map((state) => (
          <li key={state}>
            <span class={`grid-cell grid-cell--${state}`} aria-hidden="true" /> {t(`boards.grid.state.${state}`)}
          </li>
        ))}
        {fromCrm && (
          <li>
            <span class="grid-cell grid-cell--done grid-cell--crm" aria-hidden="true" /> {t('boards.grid.crm_legend')}
          </li>
        )}
      </ul>
    </div>
  );
}

function MemberRow({ member, grid }: { member: GridMember; grid: RhythmGrid }) {
  const { t, n } = useI18n();
  return (
    <tr class={member.slipping ? 'rhythm-grid__row--slipping' : undefined}>
      <th scope="row" class="rhythm-grid__person">
        <span class="rhythm-grid__name">{member.name}</span>
        <span class="rhythm-grid__meta">
          {member.consistency === null ? '–' : `${n(member.consistency)}%`}
          {member.slipping && <span class="slipping"> · {t('boards.grid.slipping')}</span>}
          {member.away.length > 0 && (
            <span class="rhythm-grid__away">
              {' '}
              · {t('boards.grid.away_days', { count: member.away.length })}
              {member.away.some((a) => a.kind) && ` (${[...new Set(member.away.map((a) => a.kind).filter(Boolean))].map((k) => t(`boards.away.${k as 'sick' | 'leave' | 'holiday'}`)).join(', ')})`}
            </span>
          )}
        </span>
      </th>
      {grid.behaviours.map((behaviour) => {
        const cell = member.cells.find((c) => c.behaviour_id === behaviour.id);
        if (!cell) return <td key={behaviour.id} />;
        const crm = cell.crm.filter(Boolean).length;
        const label = `${behaviour.name}: ${t(`boards.grid.state.${cell.state}`)}, ${cell.done}/${cell.target}${crm ? ` (${t('boards.grid.from_crm', { count: crm })})` : ''}`;
        return (
          <td key={behaviour.id}>
            <span class={`grid-cell grid-cell--${cell.state}${crm ? ' grid-cell--crm' : ''}`} title={label}>
              <span aria-hidden="true">{cell.target ? `${cell.done}/${cell.target}` : ''}</span>
              <span class="visually-hidden">{label}</span>
            </span>
          </td>
        );
      })}
    </tr>
  );
}

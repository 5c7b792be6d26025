// Ranglijst / Leaderboard: people and teams, per period, on points or consistency.
// The own row stays in view: when it scrolls off, a copy sticks to the bottom of the screen.
import { forwardRef } from 'preact/compat';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { TeamGoalCard } from '../goals/TeamGoalCard';
import { LeadersCard } from '../teamrhythm/LeadersCard';
import type { BoardRow, Leaderboard, Metric, Period, Scope } from './data';
import { Notice } from '../components/Notice';
import { Segmented } from '../components/Segmented';
import { errorMessage } from '../api/errors';
import { useI18n, usePageTitle } from '../i18n/context';
import { useMe } from '../session';
import type { BoardSummary } from '../goals/data';

const PAGE = 50;

export function LeaderboardPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('leaderboard.title');
  const me = useMe();
  const [scope, setScope] = useState<Scope>('people');
  const [period, setPeriod] = useState<Period>('week');
  const [metric, setMetric] = useState<Metric>('points');
  const [board, setBoard] = useState<Leaderboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [summary, setSummary] = useState<BoardSummary | null>(null);

  const load = useCallback(
    (offset = 0) => {
      const query = new URLSearchParams({ scope, period, metric, offset: String(offset), limit: String(PAGE) });
      api.get<Leaderboard>(`/leaderboards?${query}`).then(
        (answer) => {
          setError(null);
          setBoard((earlier) =>
            offset && earlier ? { ...answer, rows: [...earlier.rows.filter((r) => !r.is_me || r.rank !== null), ...answer.rows] } : answer,
          );
        },
        (caught: unknown) => setError(caught),
      );
    },
    [scope, period, metric],
  );
  useEffect(() => load(0), [load]);
  useEffect(() => {
    api.get<BoardSummary>('/boards/summary').then(setSummary, () => undefined);
  }, []);

  const managesTeams = me.role === 'admin' || me.teams.some((team) => team.manages);

  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('leaderboard.title')}
        </h1>
        <p class="page-head__intro">{t('boards.intro')}</p>
      </div>
      {summary && <TeamGoalCard goals={summary.goals} />}
      {/* Voorbeeldgedrag: the members see their managers go first (managers see it on the Team screen). */}
      {me.teams
        .filter((team) => !team.manages)
        .map((team) => (
          <LeadersCard key={team.id} teamId={team.id} teamName={me.teams.filter((mine) => !mine.manages).length > 1 ? team.name : undefined} />
        ))}
      <p class="boards-team-link">
        <a href="/challenges" class="button button--secondary button--block">
          {t('challenges.link')}
        </a>
      </p>
      {(managesTeams || me.teams.length > 0) && (
        <p class="boards-team-link">
          <a href="/thermostat" class="button button--secondary button--block">
            {t('thermostat.link')}
          </a>
        </p>
      )}
      {managesTeams && (
        <p class="boards-team-link">
          <a href="/admin/team" class="button button--secondary button--block">
            {t('boards.team_link')}
          </a>
        </p>
      )}
      <div class="boards-controls">
        <Segmented
          legend={t('boards.scope')}
          hideLegend
          value={scope}
          onChange={setScope}
          options={[
            { value: 'people', label: t('boards.scope.people') },
            { value: 'teams', label: t('boards.scope.teams') },
          ]}
        />
        <Segmented
          legend={t('boards.period')}
          hideLegend
          size="small"
          value={period}
          onChange={setPeriod}
          options={[
            { value: 'week', label: t('boards.period.week') },
            { value: 'month', label: t('boards.period.month') },
            { value: 'quarter', label: t('boards.period.quarter') },
            { value: 'all', label: t('boards.period.all') },
          ]}
        />
        <Segmented
          legend={t('boards.metric')}
          hideLegend
          size="small"
          value={metric}
          onChange={setMetric}
          options={[
            { value: 'points', label: t('boards.metric.points') },
            { value: 'consistency', label: t('boards.metric.consistency') },
          ]}
        />
      </div>
      {error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      {!board && error === null && (
        <div class="skeleton" aria-busy="true">
          <p class="visually-hidden" role="status">
            {t('common.loading')}
          </p>
          <div class="skeleton__block skeleton__block--tall" />
        </div>
      )}
      {board && <BoardList board={board} onMore={() => load(board.offset + board.limit)} />}
      {summary && summary.visibility === 'teams_first' && scope === 'people' && (
        <OptIn value={summary.board_opt_in} onChange={(board_opt_in) => setSummary({ ...summary, board_opt_in })} />
      )}
    </>
  );
}

function BoardList({ board, onMore }: { board: Leaderboard; onMore: () => void }) {
  const { t } = useI18n();
  const myRow = useRef<HTMLLIElement>(null);
  const [myRowVisible, setMyRowVisible] = useState(true);
  useEffect(() => {
    const row = myRow.current;
    if (!row || typeof IntersectionObserver === 'undefined') {
      setMyRowVisible(true);
      return;
    }
    const observer = new IntersectionObserver(([entry]) => setMyRowVisible(entry.isIntersecting), {
      rootMargin: '0px 0px -72px 0px', // the bottom navigation covers the last bit of the screen
    });
    observer.observe(row);
    return () => observer.disconnect();
  }, [board]);

  const ranked = board.rows.filter((row) => row.rank !== null);
  if (board.people_hidden && board.scope === 'people') {
    return (
      <section class="card boards-private">
        <p>{t('boards.private')}</p>
        {board.me && board.me.rank !== null && (
          <ol class="board" aria-label={t('leaderboard.title')}>
            <Line row={board.me} board={board} ref={myRow} />
          </ol>
        )}
      </section>
    );
  }
  if (ranked.length === 0) {
    return (
      <section class="card empty-state">
        <h2 class="empty-state__title">{t('boards.empty_title')}</h2>
        <p class="empty-state__body">{t('boards.empty_body')}</p>
      </section>
    );
  }
  const me = board.me;
  return (
    <>
      <ol class="board card" aria-label={t('leaderboard.title')}>
        {ranked.map((row, i) => {
          const gap = i > 0 && row.is_me && !ranked[i - 1].is_me && (ranked[i - 1].rank ?? 0) + 1 < (row.rank ?? 0);
          return (
            <>
              {gap && (
                <li class="board__gap" aria-hidden="true">
                  ⋯
                </li>
              )}
              <Line key={`${row.rank}-${row.user_id ?? row.team_id ?? i}`} row={row} board={board} ref={row.is_me ? myRow : undefined} />
            </>
          );
        })}
      </ol>
      {board.has_more && (
        <button type="button" class="button button--secondary button--block" onClick={onMore}>
          {t('boards.more')}
        </button>
      )}
      {me && me.rank === null && <p class="boards-not-ranked">{t(board.metric === 'consistency' ? 'boards.not_ranked_consistency' : 'boards.not_ranked')}</p>}
      {me && me.rank !== null && !myRowVisible && (
        <div class="board-sticky" aria-hidden="true">
          <ol class="board card">
            <Line row={me} board={board} />
          </ol>
        </div>
      )}
    </>
  );
}

const ARROWS = { up: '▲', down: '▼', same: '–', new: '★' } as const;


const Line = forwardRef<HTMLLIElement, { row: BoardRow; board: Leaderboard }>(function Line({ row, board }, ref) {
  const { t, n } = useI18n();
  const name = row.name ?? t('boards.colleague');
  const value = row.value === null ? '–' : board.metric === 'consistency' ? `${n(Math.round(row.value))}%` : n(row.value);
  return (
    <li ref={ref} class={`board__row${row.is_me ? ' board__row--me' : ''}`} data-me={row.is_me ? 'true' : undefined}>
      <span class="board__rank">{row.rank}</span>
      <span class="board__name">
        {name}
        {row.is_me && <span class="board__you"> · {t('boards.you')}</span>}
        {board.scope === 'teams' && row.members !== null && (
          <span class="board__members">{t('boards.members', { count: row.members })}</span>
        )}
      </span>
      <span class="board__value">{value}</span>
      {row.movement ? (
        <span class={`board__move board__move--${row.movement}`} title={t(`boards.movement.${row.movement}`)}>
          <span aria-hidden="true">{ARROWS[row.movement]}</span>
          <span class="visually-hidden">{t(`boards.movement.${row.movement}`)}</span>
        </span>
      ) : (
        <span class="board__move" />
      )}
    </li>
  );
});

function OptIn({ value, onChange }: { value: boolean; onChange: (value: boolean) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <section class="card boards-optin">
      <label class="checkbox">
        <input
          type="checkbox"
          checked={value}
          disabled={busy}
          onChange={(event) => {
            const next = (event.currentTarget).checked;
            setBusy(true);
            void api
              .patch<{ board_opt_in: boolean }>('/me/board-preferences', { board_opt_in: next })
              .then((answer) => onChange(answer.board_opt_in))
              .finally(() => setBusy(false));
          }}
        />
        <span>{t('boards.opt_in')}</span>
      </label>
      <p class="field__hint">{t('boards.opt_in_hint')}</p>
    </section>
  );
}

"""Leaderboards of people and teams per week, month, quarter or all time, on points or consistency.

Ties share a rank, movement compares with the period before, the viewer's own row is always in it,
and the privacy presets decide whose names show (docs/privacy.md); the team board is teams.py.
Boards read only the aggregates (boards/read.py), never check-ins: the ordered standings are kept
per worker briefly (boards/standings.py) and the viewer's own row is read fresh on every request.
Also the opt-in to show one's name. Functions flush, never commit.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from backend.accounts.models import Membership, User, Visibility
from backend.boards import read as boards
from backend.boards.read import BoardStanding, BoardTotal, ConsistencyWeek, Viewer, periods
from backend.extensions import db
from backend.leaderboards.board import CONSISTENCY, PEOPLE, POINTS, TEAMS, TOP_ONLY, Board, Row
from backend.leaderboards.teams import team_board
from backend.rhythm import read as rhythm


def leaderboard(
    actor: User, scope: str, period: str, metric: str, team_id: int | None = None, offset: int = 0, limit: int = 50
) -> Board:
    viewer = boards.viewer(actor)
    organisation = viewer.organisation
    if team_id is not None:
        boards.team_of(viewer, team_id)
    top_only = organisation.boards_top_only
    if top_only:
        offset, limit = 0, TOP_ONLY
    start = periods.period_start(period, viewer.today)
    board = Board(
        scope=scope,
        period=period,
        metric=metric,
        starts_on=start,
        ends_on=periods.period_end(period, start),
        team_id=team_id if scope == PEOPLE else None,
        visibility=organisation.visibility,
        top_only=top_only,
        offset=offset,
        limit=limit,
        has_more=False,
    )
    if scope == TEAMS:
        team_board(viewer, board)
    else:
        _people_board(viewer, board)
    return board


@dataclass
class _Standings:
    """One board's order, best first: (user, name, value, opt_in) rows, their ranks, and where each person is."""

    rows: list[tuple[int, str, float, bool]]
    ranks: list[int]
    index: dict[int, int]


def _board_source(metric: str, period: str):
    if metric == POINTS:
        return BoardTotal, BoardTotal.points
    if period == "snapshot":
        return ConsistencyWeek, ConsistencyWeek.consistency
    return BoardStanding, BoardStanding.consistency


def _board_filter(query, viewer: Viewer, table, value, period: str, start: date | None, team_id: int | None):
    query = query.where(table.organisation_id == viewer.organisation.id)
    if table is BoardTotal:
        query = query.where(BoardTotal.period == period, BoardTotal.starts_on == start, BoardTotal.points > 0)
    elif table is ConsistencyWeek:
        query = query.where(ConsistencyWeek.week_start == start, value.is_not(None))
    else:
        query = query.where(value.is_not(None))
    if team_id is not None:
        query = query.where(table.user_id.in_(select(Membership.user_id).where(Membership.team_id == team_id)))
    return query


def _board_values(viewer: Viewer, metric: str, period: str, start: date | None, team_id: int | None):
    """(person, value) for everyone on one board: a walk of the board's covering index, no join."""
    table, value = _board_source(metric, period)
    return db.session.execute(
        _board_filter(select(table.user_id, value), viewer, table, value, period, start, team_id)
    ).all()


@dataclass
class _Roster:
    """The organisation's people still here: name, opt-in, and whether behaviours apply to them as a member."""

    people: dict[int, tuple[str, bool]]
    with_behaviours: set[int]


def _roster(viewer: Viewer) -> _Roster:
    key = ("roster", viewer.organisation.id)
    cached = boards.cached(key)
    if cached is not None:
        return cached
    people = {
        user_id: (name, opt_in)
        for user_id, name, opt_in in db.session.execute(
            select(User.id, User.name, User.board_opt_in).where(
                User.organisation_id == viewer.organisation.id, boards.active_people()
            )
        )
    }
    with_behaviours = rhythm.people_with_behaviours(viewer.organisation.id)
    roster = _Roster(people, with_behaviours & people.keys())
    boards.remember(key, viewer.organisation.id, roster)
    return roster


def _histogram(viewer: Viewer, metric: str, period: str, start: date | None, team_id: int | None):
    """How many people hold each value on a board, best first: ranks of anyone without ordering everyone."""
    key = ("histogram", viewer.organisation.id, metric, period, start, team_id)
    cached = boards.cached(key)
    if cached is not None:
        return cached
    table, value = _board_source(metric, period)
    query = _board_filter(select(value, func.count()), viewer, table, value, period, start, team_id)
    if viewer.gone:
        query = query.where(table.user_id.not_in(viewer.gone))
    histogram = sorted(db.session.execute(query.group_by(value)).all(), reverse=True)
    boards.remember(key, viewer.organisation.id, histogram)
    return histogram


def _previous_ranks(
    viewer: Viewer, metric: str, period: str, start: date | None, team_id: int | None, user_ids: list[int]
) -> dict[int, int]:
    """Ranks at the end of the previous period, of the people shown: their values and the histogram."""
    table, value = _board_source(metric, period)
    values = dict(
        db.session.execute(
            _board_filter(select(table.user_id, value), viewer, table, value, period, start, team_id).where(
                table.user_id.in_(user_ids)
            )
        ).all()
    )
    if not values:
        return {}
    histogram = _histogram(viewer, metric, period, start, team_id)
    ranks, above, position = {}, 0, 0
    for wanted in sorted(set(values.values()), reverse=True):
        while position < len(histogram) and histogram[position][0] > wanted:
            above += histogram[position][1]
            position += 1
        ranks[wanted] = above + 1
    return {user_id: ranks[v] for user_id, v in values.items()}


def _ordered(rows: list[tuple[int, str, float, bool]]) -> _Standings:
    """Ranks for rows already in board order: ties share one (1, 2, 2, 4)."""
    ranks, rank, previous = [], 0, None
    for position, row in enumerate(rows, start=1):
        if row[2] != previous:
            rank, previous = position, row[2]
        ranks.append(rank)
    return _Standings(rows, ranks, {row[0]: n for n, row in enumerate(rows)})


def _order_key(row: tuple) -> tuple:
    return (-row[2], row[1], row[0])


def _with_my_row(viewer: Viewer, standings: _Standings, metric: str, period: str, start: date | None) -> _Standings:
    """My own row is never stale, whichever worker took my last check-in: read it, and move it if it moved.

    Everyone else's rows may lag the cache's lifetime; mine is one indexed read.
    """
    me = viewer.user
    if metric == POINTS:
        value = db.session.scalar(
            select(BoardTotal.points).where(
                BoardTotal.user_id == me.id, BoardTotal.period == period, BoardTotal.starts_on == start
            )
        )
    else:
        value = db.session.scalar(select(BoardStanding.consistency).where(BoardStanding.user_id == me.id))
    position = standings.index.get(me.id)
    cached = standings.rows[position] if position is not None else None
    if metric == POINTS and (value or 0) <= 0:
        fresh = 0.0 if cached is not None else None  # at zero I stay on the board only if I have behaviours
    else:
        fresh = float(value) if value is not None else None
    if (cached[2] if cached else None) == fresh:
        return standings
    rows = [row for row in standings.rows if row[0] != me.id]
    if fresh is not None:
        mine = (me.id, me.name, fresh, cached[3] if cached else me.board_opt_in)
        keys = [_order_key(row) for row in rows]
        rows.insert(bisect_left(keys, _order_key(mine)), mine)
    return _ordered(rows)


def _standings(
    viewer: Viewer, metric: str, period: str, start: date | None, team_id: int | None, current: bool
) -> _Standings:
    """The ordered board; `current` adds the people at zero and makes sure the viewer's own row is fresh."""
    key = ("people", viewer.organisation.id, metric, period, start, team_id, current)
    cached = boards.cached(key)
    if cached is not None:
        if current and (team_id is None or team_id in viewer.team_ids):
            fresh = _with_my_row(viewer, cached, metric, period, start)
            if fresh is not cached:
                boards.remember(key, viewer.organisation.id, fresh, keep_expiry=True)
            return fresh
        return cached
    roster = _roster(viewer)
    rows = sorted(
        (
            (user_id, roster.people[user_id][0], float(value), roster.people[user_id][1])
            for user_id, value in _board_values(viewer, metric, period, start, team_id)
            if user_id in roster.people
        ),
        key=_order_key,
    )
    if current and metric == POINTS:
        # Everyone with behaviours but no points yet ranks last at 0, together; staff without wins do not.
        scored = {row[0] for row in rows}
        candidates = roster.with_behaviours - scored
        if team_id is not None:
            candidates &= set(db.session.scalars(select(Membership.user_id).where(Membership.team_id == team_id)))
        rows += sorted(
            ((user_id, roster.people[user_id][0], 0.0, roster.people[user_id][1]) for user_id in candidates),
            key=_order_key,
        )
    standings = _ordered(rows)
    boards.remember(key, viewer.organisation.id, standings)
    return standings


def _people_board(viewer: Viewer, board: Board) -> None:
    me = viewer.user
    current = _standings(viewer, board.metric, board.period, board.starts_on, board.team_id, True)
    if board.metric == POINTS:
        previous_start = periods.previous_start(board.period, board.starts_on)
        previous = (POINTS, board.period, previous_start) if previous_start else None
    else:
        # Consistency is a running measure: every period shows it now, compared with the end of the period before.
        before = board.starts_on - timedelta(days=1) if board.period != periods.ALL else viewer.today - timedelta(7)
        previous = (CONSISTENCY, "snapshot", periods.week_start(before))

    positions: list[int] = []
    if viewer.organisation.visibility == Visibility.PRIVATE:
        board.people_hidden = True
    else:
        positions = list(range(board.offset, min(board.offset + board.limit, len(current.rows))))
        board.has_more = len(current.rows) > board.offset + board.limit and not board.top_only
    mine = current.index.get(me.id)
    if mine is not None and mine not in positions:
        positions.append(mine)
    shown = [current.rows[n][0] for n in positions]
    previous_ranks = _previous_ranks(viewer, *previous, board.team_id, shown) if previous and shown else {}
    names = _name_rules(viewer, shown)
    for n in positions:
        user_id, name, value, opt_in = current.rows[n]
        row = _person_row(
            viewer, user_id, name, value, opt_in, current.ranks[n], previous, previous_ranks.get(user_id), names
        )
        board.rows.append(row)
        if row.is_me:
            board.me = row
    if board.me is None:
        # Not ranked (no behaviours that apply, or outside the team asked for): say so, never "last".
        board.me = Row(rank=None, value=None, name=me.name, user_id=me.id, is_me=True)


def _name_rules(viewer: Viewer, user_ids: list[int]) -> dict[int, set[int]]:
    """The teams of each shown person, only when a manager's right to see names depends on it."""
    if viewer.organisation.visibility != Visibility.TEAMS_FIRST or viewer.is_admin or not viewer.managed:
        return {}
    teams: dict[int, set[int]] = defaultdict(set)
    for user_id, team_id in db.session.execute(
        select(Membership.user_id, Membership.team_id).where(Membership.user_id.in_(user_ids))
    ):
        teams[user_id].add(team_id)
    return teams


def _person_row(viewer, user_id, name, value, opt_in, rank, previous, previous_rank, teams_of) -> Row:
    is_me = user_id == viewer.user.id
    visible = (
        is_me
        or viewer.organisation.visibility == Visibility.OPEN
        or opt_in
        or viewer.is_admin
        or bool(teams_of.get(user_id, set()) & viewer.managed)
    )
    if previous is None:
        movement = None
    elif previous_rank is None:
        movement = "new"
    else:
        movement = "up" if rank < previous_rank else "down" if rank > previous_rank else "same"
    return Row(
        rank=rank,
        value=round(float(value), 1),
        name=name if visible else None,
        user_id=user_id if visible else None,
        anonymous=not visible,
        is_me=is_me,
        movement=movement,
        previous_rank=previous_rank,
    )


def set_board_opt_in(actor: User, opt_in: bool) -> User:
    actor.board_opt_in = opt_in
    boards.clear_standings(actor.organisation_id)  # a name shown or hidden takes effect on the next board
    db.session.flush()
    return actor

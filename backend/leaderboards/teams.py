"""The team board: each team's points or consistency per active member, ranked.

Managers coach; they are not counted. Members away every day of the period so far do not dilute
their team. Per worker, the values are kept briefly (boards/standings.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from backend.accounts.models import Membership, Team
from backend.boards import read as boards
from backend.boards.read import BoardStanding, BoardTeamTotal, ConsistencyWeek, Viewer, periods
from backend.extensions import db
from backend.leaderboards.board import CONSISTENCY, POINTS, Board, Row
from backend.rhythm import read as rhythm


def _team_members(viewer: Viewer):
    """(team, person) for the active, non-managing members of the organisation's current teams."""
    return (
        select(Membership.team_id, Membership.user_id)
        .join(Team, Team.id == Membership.team_id)
        .where(
            Team.organisation_id == viewer.organisation.id,
            Team.archived_at.is_(None),
            Membership.manages.is_(False),
            Membership.user_id.not_in(viewer.gone),
        )
    )


def _team_values(
    viewer: Viewer, metric: str, period: str, start: date | None, counts: dict[int, int] | None
) -> dict[int, tuple[float, int]]:
    key = ("teams", viewer.organisation.id, metric, period, start, viewer.today)
    cached = boards.cached(key)
    if cached is not None:
        return cached
    if counts is None and metric == POINTS:
        sub = _team_members(viewer).subquery()
        counts = dict(db.session.execute(select(sub.c.team_id, func.count()).group_by(sub.c.team_id)).all())
    values = _compute_team_values(viewer, metric, period, start, counts or {})
    boards.remember(key, viewer.organisation.id, values)
    return values


def _compute_team_values(
    viewer: Viewer, metric: str, period: str, start: date | None, counts: dict[int, int]
) -> dict[int, tuple[float, int]]:
    """Per team: (value per active member, active members). Managers coach; they are not counted."""
    organisation_id = viewer.organisation.id
    members = _team_members(viewer)
    if metric == CONSISTENCY:
        table, value = (
            (BoardStanding, BoardStanding.consistency)
            if period != "snapshot"
            else (ConsistencyWeek, ConsistencyWeek.consistency)
        )
        sub = members.subquery()
        query = select(sub.c.team_id, func.sum(value), func.count(value)).join(table, table.user_id == sub.c.user_id)
        if table is ConsistencyWeek:
            query = query.where(ConsistencyWeek.week_start == start)
        query = query.where(value.is_not(None)).group_by(sub.c.team_id)
        return {team_id: (round(float(total) / count, 1), count) for team_id, total, count in db.session.execute(query)}
    counts = dict(counts)
    end = min(periods.period_end(period, start) or viewer.today, viewer.today)
    for team_id, _user_id in _away_whole_period(viewer, members, start, end):
        counts[team_id] -= 1
    sums = dict(
        db.session.execute(
            select(BoardTeamTotal.team_id, BoardTeamTotal.points).where(
                BoardTeamTotal.organisation_id == organisation_id,
                BoardTeamTotal.period == period,
                BoardTeamTotal.starts_on == start,
            )
        ).all()
    )
    with_behaviours = rhythm.teams_with_behaviours(organisation_id)
    result = {}
    for team_id, count in counts.items():
        total = float(sums.get(team_id) or 0.0)
        if count <= 0 or (total <= 0 and team_id not in with_behaviours):
            continue  # nobody to count, or a team without behaviours that earned nothing: not "last"
        result[team_id] = (round(total / count, 1), count)
    return result


def _away_whole_period(viewer: Viewer, members, start: date, end: date) -> list[tuple[int, int]]:
    """(team, person) for members away every day of the period so far: they do not dilute the team."""
    if start == periods.ALL_START or end < start:
        return []
    away = rhythm.away_throughout(viewer.organisation.id, start, end)
    if not away:
        return []
    sub = members.subquery()
    return [tuple(r) for r in db.session.execute(select(sub.c.team_id, sub.c.user_id).where(sub.c.user_id.in_(away)))]


def _ranked(values: dict[int, tuple[float, int]], names: dict[int, str]) -> list[tuple[int, int]]:
    """[(team_id, rank)] best first; ties share a rank and are ordered by name."""
    order = sorted(values, key=lambda t: (-values[t][0], names.get(t, ""), t))
    result, previous_value, previous_rank = [], None, 0
    for position, team_id in enumerate(order, start=1):
        value = values[team_id][0]
        rank = previous_rank if value == previous_value else position
        result.append((team_id, rank))
        previous_value, previous_rank = value, rank
    return result


def team_board(viewer: Viewer, board: Board) -> None:
    names = dict(
        db.session.execute(select(Team.id, Team.name).where(Team.organisation_id == viewer.organisation.id)).all()
    )
    current = _team_values(viewer, board.metric, board.period, board.starts_on, None)
    if board.metric == POINTS:
        previous_start = periods.previous_start(board.period, board.starts_on)
        previous = _team_values(viewer, POINTS, board.period, previous_start, None) if previous_start else None
    else:
        before = board.starts_on - timedelta(days=1) if board.period != periods.ALL else viewer.today - timedelta(7)
        previous = _team_values(viewer, CONSISTENCY, "snapshot", periods.week_start(before), None)
    previous_ranks = dict(_ranked(previous, names)) if previous is not None else {}
    ranked = _ranked(current, names)
    page = ranked[board.offset : board.offset + board.limit]
    board.has_more = len(ranked) > board.offset + board.limit
    shown = {team_id for team_id, _ in page}
    mine = [(t, r) for t, r in ranked if t in viewer.team_ids and t not in shown]
    for team_id, rank in page + mine:
        if previous is None:
            movement, previous_rank = None, None
        else:
            previous_rank = previous_ranks.get(team_id)
            movement = (
                "new"
                if previous_rank is None
                else "up"
                if rank < previous_rank
                else "down"
                if rank > previous_rank
                else "same"
            )
        row = Row(
            rank=rank,
            value=current[team_id][0],
            name=names.get(team_id),
            team_id=team_id,
            is_me=team_id in viewer.team_ids,
            movement=movement,
            previous_rank=previous_rank,
            members=current[team_id][1],
        )
        board.rows.append(row)
        if row.is_me and board.me is None:
            board.me = row

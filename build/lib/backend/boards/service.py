"""The rules of the boards: aggregates, leaderboards, privacy presets, team goals, the manager's grid.

Boards never read check-ins: check-ins (folded in by batch after the tap, see rhythm/fold.py),
undos and win or badge points move a few aggregate rows (BoardDay, BoardTotal and BoardTeamTotal
per period, BoardStanding, ConsistencyWeek), and `rebuild_aggregates` recomputes them from the
check-ins after a bulk insert. Each worker keeps the ordered standings briefly (see "the standings cache"). Rules and
presets: docs/privacy.md. Functions flush, never commit; the request commits once.
"""

from __future__ import annotations

import os
import time
from bisect import bisect_left
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import selectinload

from backend import signals
from backend.accounts.models import Membership, Organisation, Role, Team, User, Visibility
from backend.boards import periods
from backend.boards.models import BoardDay, BoardStanding, BoardTeamTotal, BoardTotal, ConsistencyWeek, TeamGoal
from backend.errors import DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.rhythm import fold
from backend.rhythm import service as rhythm
from backend.rhythm.models import AwayDay, Behaviour, BehaviourTeam, CheckIn, OrganisationHoliday, RhythmState
from backend.timeutil import local_today, utcnow
from backend.upsert import insert_for, upsert_dialect

PEOPLE, TEAMS = "people", "teams"
POINTS, CONSISTENCY = "points", "consistency"
TOP_ONLY = 10
RHYTHM_SHARE, CUSTOMER_FACING = "rhythm_share", "customer_facing_checkins"
GOAL_KINDS = (RHYTHM_SHARE, CUSTOMER_FACING)
TREND_WEEKS = 12
SLIPPING_WEEKS = 3  # consistency falling this many weeks in a row


# --- the standings cache ---------------------------------------------------------------------

# Ordered standings, cached per worker for RITME_BOARD_CACHE_SECONDS (after CTFd's get_standings): data,
# never a page rendered for one person. Writes do not clear it: with thousands of people checking in,
# a board would be cold after every tap. Instead the viewer's own row is read fresh on every request
# (_with_my_row), so one's own check-in shows at once; everyone else's within the cache's lifetime.
# A rebuild or a deactivation clears the organisation. 0 turns the cache off.
CACHE_SECONDS = float(os.environ.get("RITME_BOARD_CACHE_SECONDS", "15"))
CACHE_ENTRIES = 64
_cache: OrderedDict[tuple, tuple[float, int, object]] = OrderedDict()


def _cached(key: tuple):
    entry = _cache.get(key)
    if entry is None or entry[0] <= time.monotonic():
        return None
    _cache.move_to_end(key)
    return entry[2]


def _remember(key: tuple, organisation_id: int, value, keep_expiry: bool = False) -> None:
    if CACHE_SECONDS <= 0:
        return
    expires = _cache[key][0] if keep_expiry and key in _cache else time.monotonic() + CACHE_SECONDS
    _cache[key] = (expires, organisation_id, value)
    while len(_cache) > CACHE_ENTRIES:
        _cache.popitem(last=False)


def clear_standings(organisation_id: int) -> None:
    for key in [k for k, entry in _cache.items() if entry[1] == organisation_id]:
        _cache.pop(key, None)


@signals.person_deactivated.connect
def _on_deactivated(person: User, **_kwargs) -> None:
    clear_standings(person.organisation_id)


# --- keeping the aggregates -------------------------------------------------------------------


def _member_teams(user_ids: Iterable[int]) -> dict[int, list[int]]:
    """The teams each person earns points for: those they are a member of, not those they manage."""
    teams: dict[int, list[int]] = defaultdict(list)
    for user_id, team_id in db.session.execute(
        select(Membership.user_id, Membership.team_id).where(
            Membership.user_id.in_(list(user_ids)), Membership.manages.is_(False)
        )
    ):
        teams[user_id].append(team_id)
    return teams


_ADDED = {
    BoardDay: (("user_id", "day"), ("points", "bonus_points", "checkins", "customer_facing")),
    BoardTotal: (("user_id", "period", "starts_on"), ("points", "checkins", "customer_facing")),
    BoardTeamTotal: (("team_id", "period", "starts_on"), ("points",)),
}
_ADDING: dict[tuple[str, type], object] = {}


def _adding(model):
    """INSERT … ON CONFLICT DO UPDATE col = col + new, built once per database (compiling it each time is slow)."""
    key = (upsert_dialect(), model)
    if key not in _ADDING:
        keys, added = _ADDED[model]
        statement = insert_for(model)
        _ADDING[key] = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={column: getattr(model, column) + getattr(statement.excluded, column) for column in added},
        )
    return _ADDING[key]


@dataclass
class DayMove:
    """What one person's day gains (or loses): points, of which bonus (wins, badges), check-ins, customer-facing."""

    points: float = 0.0
    checkins: int = 0
    customer_facing: int = 0
    bonus: float = 0.0


def _add_to_board(organisation_id: int, moves: dict[tuple[int, date], DayMove]) -> None:
    """Move people's days, the periods they belong to and their teams' periods: one statement each.

    Rows go in key order, so two folds moving the same rows lock them in the same order.
    """
    if not moves:
        return
    db.session.execute(
        _adding(BoardDay),
        [
            {
                "organisation_id": organisation_id,
                "user_id": user_id,
                "day": day,
                "points": move.points,
                "bonus_points": move.bonus,
                "checkins": move.checkins,
                "customer_facing": move.customer_facing,
            }
            for (user_id, day), move in sorted(moves.items())
        ],
    )
    totals: dict[tuple[int, str, date], DayMove] = defaultdict(DayMove)
    for (user_id, day), move in moves.items():
        for period, start in periods.starts_for(day).items():
            total = totals[(user_id, period, start)]
            total.points += move.points
            total.checkins += move.checkins
            total.customer_facing += move.customer_facing
    db.session.execute(
        _adding(BoardTotal),
        [
            {
                "organisation_id": organisation_id,
                "user_id": user_id,
                "period": period,
                "starts_on": start,
                "points": total.points,
                "checkins": total.checkins,
                "customer_facing": total.customer_facing,
            }
            for (user_id, period, start), total in sorted(totals.items())
        ],
    )
    teams_of = _member_teams({user_id for user_id, _day in moves})
    team_points: dict[tuple[int, str, date], float] = defaultdict(float)
    for (user_id, period, start), total in totals.items():
        for team_id in teams_of.get(user_id, ()):
            team_points[(team_id, period, start)] += total.points
    team_rows = [
        {"organisation_id": organisation_id, "team_id": t, "period": p, "starts_on": s, "points": points}
        for (t, p, s), points in sorted(team_points.items())
        if points
    ]
    if team_rows:
        db.session.execute(_adding(BoardTeamTotal), team_rows)


_UNKNOWN = object()


def _as_member(user: User, behaviours: list[Behaviour]) -> list[Behaviour]:
    """The behaviours that apply to someone as a member: a team's managers coach it, they are not ranked on it."""
    if not behaviours:
        return []
    if not any(m.manages for m in user.memberships):
        return behaviours  # a member of every team they are in: everything that applies counts
    member_of = select(Membership.team_id).where(Membership.user_id == user.id, Membership.manages.is_(False))
    mine = set(
        db.session.scalars(
            select(BehaviourTeam.behaviour_id).where(
                BehaviourTeam.team_id.in_(member_of), BehaviourTeam.behaviour_id.in_([b.id for b in behaviours])
            )
        )
    )
    return [b for b in behaviours if b.id in mine]


def _consistency_of(user: User, today: date, settle: bool) -> int | None | object:
    """Average current consistency over the behaviours that apply; None when none apply.

    Only `settle` (the nightly job) lets the rhythm service recompute a behaviour that has no settled
    checkpoint, which writes one. Inside a check-in it would race the person's other taps for the same
    rows (a deadlock on PostgreSQL), so there the average is over the behaviours already settled, and
    _UNKNOWN when none is.
    """
    behaviours = _as_member(user, rhythm.applicable_behaviours(user))
    if not behaviours:
        return None
    if not settle:
        settled = set(
            db.session.scalars(
                select(RhythmState.behaviour_id).where(
                    RhythmState.user_id == user.id, RhythmState.behaviour_id.in_([b.id for b in behaviours])
                )
            )
        )
        behaviours = [b for b in behaviours if b.id in settled]
        if not behaviours:
            return _UNKNOWN
    rhythms = rhythm.rhythms_for(user, behaviours, today)
    return round(100 * sum(r.score for r in rhythms.values()) / len(rhythms))


_STANDINGS: dict[str, tuple] = {}


def _standing_upserts() -> tuple:
    """The standing and this week's consistency, INSERT … ON CONFLICT, built once per database."""
    dialect = upsert_dialect()
    if dialect not in _STANDINGS:
        standing = insert_for(BoardStanding)
        week = insert_for(ConsistencyWeek)
        _STANDINGS[dialect] = (
            standing.on_conflict_do_update(
                index_elements=["user_id"],
                set_={"consistency": standing.excluded.consistency, "computed_on": standing.excluded.computed_on},
            ),
            week.on_conflict_do_update(
                index_elements=["user_id", "week_start"], set_={"consistency": week.excluded.consistency}
            ),
        )
    return _STANDINGS[dialect]


def _store_standings(organisation_id: int, standings: list[tuple[int, int | None, date]]) -> None:
    """(user, consistency, their today) for many people: two statements, in key order."""
    if not standings:
        return
    standing, week = _standing_upserts()
    standings = sorted(standings, key=lambda row: row[0])
    db.session.execute(
        standing,
        [
            {"organisation_id": organisation_id, "user_id": u, "consistency": c, "computed_on": today}
            for u, c, today in standings
        ],
    )
    db.session.execute(
        week,
        [
            {
                "organisation_id": organisation_id,
                "user_id": u,
                "week_start": periods.week_start(today),
                "consistency": c,
            }
            for u, c, today in standings
        ],
    )


def _store_standing(user: User, consistency: int | None, today: date) -> None:
    _store_standings(user.organisation_id, [(user.id, consistency, today)])


def refresh_standing(user: User, today: date | None = None, settle: bool = False) -> None:
    today = today or local_today(user.time_zone)
    consistency = _consistency_of(user, today, settle)
    if consistency is not _UNKNOWN:
        _store_standing(user, consistency, today)


@signals.checkins_folded.connect
def _on_checkins_folded(_sender, organisation_id: int, checkins: list, **_kwargs) -> None:
    """A batch of taps (rhythm/fold.py): each day, period and team total moves once, then the standings."""
    facing = set(
        db.session.scalars(
            select(Behaviour.id).where(
                Behaviour.id.in_({c.behaviour_id for c in checkins}), Behaviour.customer_facing.is_(True)
            )
        )
    )
    moves: dict[tuple[int, date], DayMove] = defaultdict(DayMove)
    for checkin in checkins:
        move = moves[(checkin.user_id, checkin.occurred_on)]
        move.points += checkin.points
        move.checkins += 1
        move.customer_facing += checkin.behaviour_id in facing
    _add_to_board(organisation_id, moves)
    people = list(
        db.session.scalars(
            select(User)
            .where(User.id.in_({c.user_id for c in checkins}))
            .options(selectinload(User.memberships))
            .order_by(User.id)
        )
    )
    # The settled scores plus each behaviour's score as its latest tap left it (the tap's path
    # wrote only the checkpoint); the nightly settle brings the decay of idle days in.
    fresh = {(c.user_id, c.behaviour_id): c.score_after for c in checkins if c.score_after is not None}
    members = {p.id for p in people if not any(m.manages for m in p.memberships)}
    consistencies = rhythm.settled_consistencies(organisation_id, sorted(members), fresh)
    _store_standings(
        organisation_id,
        [(p.id, consistencies.get(p.id), local_today(p.time_zone)) for p in people if p.id in members],
    )
    for person in people:
        if person.id not in members:
            refresh_standing(person)  # managers are ranked only on the teams they are in, not those they manage
    facing_people = {user_id for (user_id, _day), move in moves.items() if move.customer_facing}
    if facing_people:
        teams_of = _member_teams(facing_people)
        teams = {team_id for user_id in facing_people for team_id in teams_of.get(user_id, ())}
        _check_goals(organisation_id, teams, {c.occurred_on for c in checkins if c.behaviour_id in facing})


@signals.checkin_undone.connect
def _on_checkin_undone(checkin: CheckIn, user: User, **_kwargs) -> None:
    behaviour = db.session.get(Behaviour, checkin.behaviour_id)
    facing = 1 if behaviour is not None and behaviour.customer_facing else 0
    _add_to_board(
        checkin.organisation_id,
        {(checkin.user_id, checkin.occurred_on): DayMove(-checkin.points, -1, -facing)},
    )
    refresh_standing(user)


@signals.checkins_imported.connect
def _on_checkins_imported(_sender, organisation_id: int, user_ids: Iterable[int], **_kwargs) -> None:
    rebuild_aggregates(organisation_id, user_ids)


@signals.points_changed.connect
def _on_points_changed(_sender, organisation_id: int, user_id: int, day: date, delta: float, **_kwargs) -> None:
    _add_to_board(organisation_id, {(user_id, day): DayMove(points=float(delta), bonus=float(delta))})


@signals.personal_data_erase.connect
def _on_erase(person: User, **_kwargs) -> None:
    for model in (BoardDay, BoardTotal, BoardStanding, ConsistencyWeek):
        db.session.execute(delete(model).where(model.user_id == person.id))


@signals.personal_data_export.connect
def _on_export(person: User, **_kwargs) -> dict:
    days = db.session.scalars(select(BoardDay).where(BoardDay.user_id == person.id).order_by(BoardDay.day))
    return {
        "board_days": [
            {
                "day": d.day.isoformat(),
                "points": d.points,
                "checkins": d.checkins,
                "customer_facing": d.customer_facing,
            }
            for d in days
        ]
    }


def rebuild_aggregates(
    organisation_id: int,
    user_ids: Iterable[int] | None = None,
    progress: Callable[[str], None] = lambda _message: None,
    history_weeks: int = TREND_WEEKS,
) -> int:
    """Recompute the board aggregates of an organisation (or some of its people) from their check-ins.

    For bulk inserts that send no signals (the demo seed, the CSV import). Points from wins and
    badges are kept. Returns the number of people rebuilt.
    """
    # Pending taps fold in first (under the fold's lock), so the rebuild below counts each check-in once.
    fold.catch_up(organisation_id, commit=False)
    fold.take_fold_lock(organisation_id)
    people_query = select(User).where(User.organisation_id == organisation_id)
    if user_ids is not None:
        people_query = people_query.where(User.id.in_(list(user_ids)))
    people = list(db.session.scalars(people_query.order_by(User.id)))
    ids = [p.id for p in people]
    clear_standings(organisation_id)
    if not ids:
        return 0
    bonus = {
        (user_id, day): points
        for user_id, day, points in db.session.execute(
            select(BoardDay.user_id, BoardDay.day, BoardDay.bonus_points).where(
                BoardDay.user_id.in_(ids), BoardDay.bonus_points != 0
            )
        )
    }
    for model in (BoardDay, BoardTotal):
        db.session.execute(delete(model).where(model.user_id.in_(ids)))
    days: dict[tuple[int, date], list] = {}
    for user_id, day, points, count, facing in db.session.execute(
        select(
            CheckIn.user_id,
            CheckIn.occurred_on,
            func.sum(CheckIn.points),
            func.count(),
            func.sum(func.cast(Behaviour.customer_facing, db.Integer)),
        )
        .join(Behaviour, Behaviour.id == CheckIn.behaviour_id)
        .where(CheckIn.user_id.in_(ids), CheckIn.pending_fold.is_(False))  # a tap arriving now: the fold's
        .group_by(CheckIn.user_id, CheckIn.occurred_on)
    ):
        days[(user_id, day)] = [float(points or 0), int(count), int(facing or 0), 0.0]
    for key, points in bonus.items():
        row = days.setdefault(key, [0.0, 0, 0, 0.0])
        row[0] += points
        row[3] += points
    organisation_of = {p.id: p.organisation_id for p in people}
    day_rows = [
        {
            "organisation_id": organisation_of[user_id],
            "user_id": user_id,
            "day": day,
            "points": points,
            "checkins": count,
            "customer_facing": facing,
            "bonus_points": extra,
        }
        for (user_id, day), (points, count, facing, extra) in days.items()
    ]
    totals: dict[tuple[int, str, date], list] = defaultdict(lambda: [0.0, 0, 0])
    for (user_id, day), (points, count, facing, _extra) in days.items():
        for period, start in periods.starts_for(day).items():
            total = totals[(user_id, period, start)]
            total[0] += points
            total[1] += count
            total[2] += facing
    total_rows = [
        {
            "organisation_id": organisation_of[user_id],
            "user_id": user_id,
            "period": period,
            "starts_on": start,
            "points": points,
            "checkins": count,
            "customer_facing": facing,
        }
        for (user_id, period, start), (points, count, facing) in totals.items()
    ]
    for rows, model in ((day_rows, BoardDay), (total_rows, BoardTotal)):
        for n in range(0, len(rows), 5000):
            db.session.execute(insert_for(model), rows[n : n + 5000])
    _resum_teams(people[0].organisation_id)
    progress(f"boards: {len(day_rows)} person-days, {len(total_rows)} period totals")
    for n, person in enumerate(people, start=1):
        _rebuild_consistency(person, history_weeks)
        if n % 100 == 0:
            progress(f"boards: consistency of {n}/{len(people)} people")
    db.session.flush()
    return len(people)


def _resum_teams(organisation_id: int) -> None:
    """Team totals from the members' totals, by current membership (managers coach; they do not count)."""
    db.session.execute(delete(BoardTeamTotal).where(BoardTeamTotal.organisation_id == organisation_id))
    sums = db.session.execute(
        select(Membership.team_id, BoardTotal.period, BoardTotal.starts_on, func.sum(BoardTotal.points))
        .join(BoardTotal, BoardTotal.user_id == Membership.user_id)
        .where(BoardTotal.organisation_id == organisation_id, Membership.manages.is_(False))
        .group_by(Membership.team_id, BoardTotal.period, BoardTotal.starts_on)
    ).all()
    rows = [
        {"organisation_id": organisation_id, "team_id": t, "period": p, "starts_on": s, "points": float(v or 0)}
        for t, p, s, v in sums
    ]
    for n in range(0, len(rows), 5000):
        db.session.execute(insert_for(BoardTeamTotal), rows[n : n + 5000])


def _rebuild_consistency(person: User, weeks: int) -> None:
    """Weekly consistency snapshots of the last `weeks` weeks and the current standing, from the history."""
    since, _until, histories = rhythm.history_for(person, weeks)
    today = local_today(person.time_zone)
    counted = {b.id for b in _as_member(person, [h.behaviour for h in histories])}
    histories = [h for h in histories if h.behaviour.id in counted]
    if not histories:
        _store_standing(person, None, today)
        return
    for week in range(weeks):
        value = round(sum(h.trend[week]["consistency"] for h in histories) / len(histories))
        monday = since + timedelta(weeks=week)
        row = insert_for(ConsistencyWeek).values(
            organisation_id=person.organisation_id, user_id=person.id, week_start=monday, consistency=value
        )
        db.session.execute(
            row.on_conflict_do_update(index_elements=["user_id", "week_start"], set_={"consistency": value})
        )
    current = round(100 * sum(h.rhythm.score for h in histories) / len(histories))
    _store_standing(person, current, today)


def settle_organisation(organisation_id: int, progress: Callable[[str], None] = lambda _m: None) -> int:
    """Bring everyone's consistency up to today (it decays on days nobody checks in): run nightly.

    Also settles team goals whose period ended. Returns the number of people refreshed.
    """
    fold.catch_up(organisation_id, commit=False)
    people = list(
        db.session.scalars(
            select(User).where(User.organisation_id == organisation_id, User.active.is_(True)).order_by(User.id)
        )
    )
    for n, person in enumerate(people, start=1):
        refresh_standing(person, settle=True)
        if n % 200 == 0:
            progress(f"settled {n}/{len(people)} people")
    organisation = db.session.get(Organisation, organisation_id)
    today = local_today(organisation.time_zone)
    for goal in db.session.scalars(
        select(TeamGoal).where(TeamGoal.organisation_id == organisation_id, TeamGoal.reached_at.is_(None))
    ):
        _progress(goal, today)
    db.session.flush()
    return len(people)


# --- who may see what -------------------------------------------------------------------------


@dataclass
class Viewer:
    user: User
    organisation: Organisation
    today: date  # in the organisation's time zone
    team_ids: set[int]
    managed: set[int]

    @property
    def is_admin(self) -> bool:
        return self.user.role == Role.ADMIN

    @cached_property
    def gone(self) -> list[int]:
        return _gone(self.organisation.id)


def _viewer(user: User) -> Viewer:
    organisation = user.organisation
    memberships = list(user.memberships)
    return Viewer(
        user=user,
        organisation=organisation,
        today=local_today(organisation.time_zone),
        team_ids={m.team_id for m in memberships},
        managed={m.team_id for m in memberships if m.manages} if user.role == Role.MANAGER else set(),
    )


def _team(viewer: Viewer, team_id: int) -> Team:
    team = db.session.get(Team, team_id)
    if team is None or team.organisation_id != viewer.organisation.id:
        raise NotFound()
    return team


def _ensure_manages(viewer: Viewer, team: Team) -> None:
    if viewer.is_admin or team.id in viewer.managed:
        return
    raise Forbidden()


def _active_people():
    return and_(User.active.is_(True), User.erased_at.is_(None))


# --- leaderboards -----------------------------------------------------------------------------


@dataclass
class Row:
    rank: int | None
    value: float | None
    name: str | None
    user_id: int | None = None
    team_id: int | None = None
    anonymous: bool = False
    is_me: bool = False
    movement: str | None = None  # up | down | same | new; None for all time
    previous_rank: int | None = None
    members: int | None = None


@dataclass
class Board:
    scope: str
    period: str
    metric: str
    starts_on: date
    ends_on: date | None
    team_id: int | None
    visibility: str
    top_only: bool
    offset: int
    limit: int
    has_more: bool
    rows: list[Row] = field(default_factory=list)
    me: Row | None = None
    people_hidden: bool = False


def leaderboard(
    actor: User, scope: str, period: str, metric: str, team_id: int | None = None, offset: int = 0, limit: int = 50
) -> Board:
    viewer = _viewer(actor)
    organisation = viewer.organisation
    if team_id is not None:
        _team(viewer, team_id)
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
        _team_board(viewer, board)
    else:
        _people_board(viewer, board)
    return board


def _gone(organisation_id: int) -> list[int]:
    """Deactivated and erased people of the organisation: few, so leaving them out by id beats a join per row."""
    return list(
        db.session.scalars(
            select(User.id).where(
                User.organisation_id == organisation_id, or_(User.active.is_(False), User.erased_at.is_not(None))
            )
        )
    )


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
    cached = _cached(key)
    if cached is not None:
        return cached
    people = {
        user_id: (name, opt_in)
        for user_id, name, opt_in in db.session.execute(
            select(User.id, User.name, User.board_opt_in).where(
                User.organisation_id == viewer.organisation.id, _active_people()
            )
        )
    }
    with_behaviours = set(
        db.session.scalars(
            select(Membership.user_id)
            .join(BehaviourTeam, BehaviourTeam.team_id == Membership.team_id)
            .join(Behaviour, Behaviour.id == BehaviourTeam.behaviour_id)
            .where(
                Behaviour.organisation_id == viewer.organisation.id,
                Behaviour.archived_at.is_(None),
                Membership.manages.is_(False),
            )
            .distinct()
        )
    )
    roster = _Roster(people, with_behaviours & people.keys())
    _remember(key, viewer.organisation.id, roster)
    return roster


def _histogram(viewer: Viewer, metric: str, period: str, start: date | None, team_id: int | None):
    """How many people hold each value on a board, best first: ranks of anyone without ordering everyone."""
    key = ("histogram", viewer.organisation.id, metric, period, start, team_id)
    cached = _cached(key)
    if cached is not None:
        return cached
    table, value = _board_source(metric, period)
    query = _board_filter(select(value, func.count()), viewer, table, value, period, start, team_id)
    if viewer.gone:
        query = query.where(table.user_id.not_in(viewer.gone))
    histogram = sorted(db.session.execute(query.group_by(value)).all(), reverse=True)
    _remember(key, viewer.organisation.id, histogram)
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
    cached = _cached(key)
    if cached is not None:
        if current and (team_id is None or team_id in viewer.team_ids):
            fresh = _with_my_row(viewer, cached, metric, period, start)
            if fresh is not cached:
                _remember(key, viewer.organisation.id, fresh, keep_expiry=True)
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
    _remember(key, viewer.organisation.id, standings)
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
    cached = _cached(key)
    if cached is not None:
        return cached
    if counts is None and metric == POINTS:
        sub = _team_members(viewer).subquery()
        counts = dict(db.session.execute(select(sub.c.team_id, func.count()).group_by(sub.c.team_id)).all())
    values = _compute_team_values(viewer, metric, period, start, counts or {})
    _remember(key, viewer.organisation.id, values)
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
    with_behaviours = set(
        db.session.scalars(
            select(BehaviourTeam.team_id)
            .join(Behaviour, Behaviour.id == BehaviourTeam.behaviour_id)
            .where(Behaviour.organisation_id == organisation_id, Behaviour.archived_at.is_(None))
        )
    )
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
    span = (end - start).days + 1
    holidays = set(
        db.session.scalars(
            select(OrganisationHoliday.day).where(
                OrganisationHoliday.organisation_id == viewer.organisation.id,
                OrganisationHoliday.day >= start,
                OrganisationHoliday.day <= end,
            )
        )
    )
    needed = span - len(holidays)
    if needed <= 0:
        return []
    away_query = (
        select(AwayDay.user_id)
        .where(AwayDay.organisation_id == viewer.organisation.id, AwayDay.day >= start, AwayDay.day <= end)
        .group_by(AwayDay.user_id)
        .having(func.count() >= needed)
    )
    if holidays:
        away_query = away_query.where(AwayDay.day.not_in(holidays))
    away = list(db.session.scalars(away_query))
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


def _team_board(viewer: Viewer, board: Board) -> None:
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


def set_board_opt_in(actor: User, opt_in: bool) -> User:
    actor.board_opt_in = opt_in
    clear_standings(actor.organisation_id)  # a name shown or hidden takes effect on the next board
    db.session.flush()
    return actor


# --- team goals -------------------------------------------------------------------------------


@dataclass
class GoalProgress:
    goal: TeamGoal
    ends_on: date
    value: float  # a percentage (rhythm_share) or a count (customer-facing check-ins)
    done: int
    due: int | None
    percent: int  # of the target, 0 … 100
    reached: bool
    finished: bool  # the period is over
    team_name: str


def _members(team_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.team_id == team_id, Membership.manages.is_(False), _active_people())
            .order_by(User.name, User.id)
        )
    )


def _team_behaviours(team_id: int) -> list[Behaviour]:
    return list(
        db.session.scalars(
            select(Behaviour)
            .join(BehaviourTeam, BehaviourTeam.behaviour_id == Behaviour.id)
            .where(BehaviourTeam.team_id == team_id, Behaviour.archived_at.is_(None))
            .order_by(Behaviour.id)
        )
    )


def _away_of(organisation_id: int, user_ids: list[int], since: date, until: date) -> dict[int, dict[date, str | None]]:
    """Away days per person (kind only when the person gave one), organisation holidays for all."""
    away: dict[int, dict[date, str | None]] = defaultdict(dict)
    holidays = list(
        db.session.scalars(
            select(OrganisationHoliday.day).where(
                OrganisationHoliday.organisation_id == organisation_id,
                OrganisationHoliday.day >= since,
                OrganisationHoliday.day <= until,
            )
        )
    )
    for user_id, day, kind in db.session.execute(
        select(AwayDay.user_id, AwayDay.day, AwayDay.kind).where(
            AwayDay.user_id.in_(user_ids), AwayDay.day >= since, AwayDay.day <= until
        )
    ):
        away[user_id][day] = kind
    for user_id in user_ids:
        for day in holidays:
            away[user_id].setdefault(day, "holiday")
    return away


def _person_start(user: User, behaviour: Behaviour) -> date:
    return max(behaviour.starts_on, user.created_at.astimezone(ZoneInfo(user.time_zone)).date())


def _done_days(user_ids: list[int], behaviour_ids: list[int], since: date, until: date) -> set[tuple[int, int, date]]:
    if not user_ids or not behaviour_ids:
        return set()
    return {
        tuple(row)
        for row in db.session.execute(
            select(CheckIn.user_id, CheckIn.behaviour_id, CheckIn.occurred_on).where(
                CheckIn.user_id.in_(user_ids),
                CheckIn.behaviour_id.in_(behaviour_ids),
                CheckIn.occurred_on >= since,
                CheckIn.occurred_on <= until,
            )
        )
    }


def rhythm_share(team_id: int, organisation_id: int, start: date, end: date, today: date) -> tuple[int, int]:
    """(done, due) behaviour-days of a team's members in [start, end], as far as today.

    Day cadences: every required day from the person's start, not away (a check-in on an away day
    still counts); today only once done. Weekly cadences: each ISO week counts in the period that
    holds its Thursday (the ISO rule), asking min(N, days not away); the running week asks only
    what is done so far, so an unfinished week never pulls the share down.
    """
    members, behaviours = _members(team_id), _team_behaviours(team_id)
    if not members or not behaviours:
        return 0, 0
    horizon = min(end, today)
    since, until = periods.week_start(start), periods.week_start(end) + timedelta(days=6)
    done = _done_days([m.id for m in members], [b.id for b in behaviours], since, min(until, today))
    away = _away_of(organisation_id, [m.id for m in members], since, until)
    total_done = total_due = 0
    for member in members:
        for behaviour in behaviours:
            cadence = rhythm.cadence_of(behaviour)
            first = _person_start(member, behaviour)
            if cadence.weekly:
                monday = since
                while monday <= horizon:
                    thursday = monday + timedelta(days=3)
                    if start <= thursday <= end:
                        week = [monday + timedelta(days=n) for n in range(7)]
                        count = sum(1 for d in week if (member.id, behaviour.id, d) in done)
                        available = sum(1 for d in week if d >= first and d not in away[member.id])
                        target = min(cadence.times_per_week or 1, available)
                        if monday + timedelta(days=6) >= today:
                            target = min(count, target)
                        total_done += min(count, target)
                        total_due += target
                    monday += timedelta(days=7)
                continue
            day = max(start, first)
            while day <= horizon:
                checked = (member.id, behaviour.id, day) in done
                if cadence.requires(day) and (checked or (day not in away[member.id] and day < today)):
                    total_due += 1
                    total_done += int(checked)
                day += timedelta(days=1)
    return total_done, total_due


def customer_facing_count(team_id: int, start: date, end: date) -> int:
    members = select(Membership.user_id).where(Membership.team_id == team_id, Membership.manages.is_(False))
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(BoardDay.customer_facing), 0))
            .join(User, User.id == BoardDay.user_id)
            .where(BoardDay.user_id.in_(members), BoardDay.day >= start, BoardDay.day <= end, _active_people())
        )
    )


def _progress(goal: TeamGoal, today: date) -> GoalProgress:
    end = periods.period_end(goal.period, goal.starts_on)
    finished = today > end
    if goal.kind == CUSTOMER_FACING:
        done, due = customer_facing_count(goal.team_id, goal.starts_on, end), None
        value = float(done)
        met = done >= goal.target
    else:
        done, due = rhythm_share(goal.team_id, goal.organisation_id, goal.starts_on, end, today)
        value = round(100 * done / due, 1) if due else 0.0
        # A share is only settled when the period is over: Monday's first tap would be "100%".
        met = finished and value >= goal.target
    if met and goal.reached_at is None:
        _mark_reached(goal)
    percent = min(100, round(100 * value / goal.target)) if goal.target else 0
    return GoalProgress(
        goal=goal,
        ends_on=end,
        value=value,
        done=done,
        due=due,
        percent=percent,
        reached=goal.reached_at is not None,
        finished=finished,
        team_name=goal.team.name,
    )


def _mark_reached(goal: TeamGoal) -> None:
    """Exactly once, also when two check-ins race: only the update that finds it unreached sends the signal."""
    result = db.session.execute(
        update(TeamGoal)
        .where(TeamGoal.id == goal.id, TeamGoal.reached_at.is_(None))
        .values(reached_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(goal, ["reached_at"])
    if result.rowcount == 1:
        signals.team_goal_reached.send(goal, team_id=goal.team_id)


def _check_goals(organisation_id: int, team_ids: set[int], days: set[date]) -> None:
    """After customer-facing check-ins on these days: did they complete a goal of these teams?"""
    if not team_ids:
        return
    goals = list(
        db.session.scalars(
            select(TeamGoal)
            .where(
                TeamGoal.team_id.in_(team_ids),
                TeamGoal.kind == CUSTOMER_FACING,
                TeamGoal.reached_at.is_(None),
                TeamGoal.starts_on <= max(days),
            )
            .order_by(TeamGoal.id)
        )
    )
    if not goals:
        return
    today = local_today(db.session.get(Organisation, organisation_id).time_zone)
    for goal in goals:
        end = periods.period_end(goal.period, goal.starts_on)
        if any(goal.starts_on <= day <= end for day in days):
            _progress(goal, today)


def set_goal(actor: User, team_id: int, period: str, kind: str, target: int) -> GoalProgress:
    """Set (or change) the team's goal for the current period; a changed goal can be reached anew."""
    viewer = _viewer(actor)
    team = _team(viewer, team_id)
    _ensure_manages(viewer, team)
    if kind == RHYTHM_SHARE and target > 100:
        raise DomainError("validation_failed", 422, fields={"target": [translate("goal_share_too_high")]})
    start = periods.period_start(period, viewer.today)
    goal = db.session.scalar(
        select(TeamGoal).where(TeamGoal.team_id == team.id, TeamGoal.period == period, TeamGoal.starts_on == start)
    )
    if goal is None:
        goal = TeamGoal(
            organisation_id=team.organisation_id, team_id=team.id, period=period, starts_on=start, kind=kind
        )
        db.session.add(goal)
    if (goal.kind, goal.target) != (kind, target):
        goal.reached_at = None
    goal.kind, goal.target, goal.created_by_id, goal.updated_at = kind, target, actor.id, utcnow()
    db.session.flush()
    # Another period's goal stays; a team has one goal at a time, so the other current ones go.
    for other in db.session.scalars(select(TeamGoal).where(TeamGoal.team_id == team.id, TeamGoal.id != goal.id)):
        if other.starts_on <= viewer.today <= periods.period_end(other.period, other.starts_on):
            db.session.delete(other)
    db.session.flush()
    return _progress(goal, viewer.today)


def _current_goals(team_ids: list[int], today: date, include_recent: bool = False) -> list[TeamGoal]:
    if not team_ids:
        return []
    goals = db.session.scalars(
        select(TeamGoal)
        .where(TeamGoal.team_id.in_(team_ids), TeamGoal.starts_on <= today)
        .order_by(TeamGoal.starts_on.desc(), TeamGoal.id)
    )
    result = []
    for goal in goals:
        end = periods.period_end(goal.period, goal.starts_on)
        if today <= end:
            result.append(goal)
        elif include_recent and today - end <= timedelta(days=7) and goal.kind == RHYTHM_SHARE:
            # A share settles when its period ends: show last period's result for a week, for the celebration.
            result.append(goal)
    return result


def team_goal(actor: User, team_id: int) -> GoalProgress | None:
    viewer = _viewer(actor)
    team = _team(viewer, team_id)
    goals = _current_goals([team.id], viewer.today)
    return _progress(goals[0], viewer.today) if goals else None


def remove_goal(actor: User, team_id: int) -> None:
    viewer = _viewer(actor)
    team = _team(viewer, team_id)
    _ensure_manages(viewer, team)
    for goal in _current_goals([team.id], viewer.today):
        db.session.delete(goal)
    db.session.flush()


def summary(actor: User) -> dict:
    """What Today shows of the boards: the goals of my teams, with progress and the celebration flag."""
    viewer = _viewer(actor)
    goals = [_progress(g, viewer.today) for g in _current_goals(sorted(viewer.team_ids), viewer.today, True)]
    goals = [g for g in goals if not g.finished or g.reached]
    return {
        "goals": goals,
        "visibility": viewer.organisation.visibility,
        "board_opt_in": actor.board_opt_in,
        "top_only": viewer.organisation.boards_top_only,
    }


# --- customer-facing share --------------------------------------------------------------------


def customer_facing_trend(actor: User, team_id: int, weeks: int = TREND_WEEKS) -> list[dict]:
    """Per ISO week, the share of the team's check-ins on customer-facing behaviours (managers and the team)."""
    viewer = _viewer(actor)
    team = _team(viewer, team_id)
    if not (viewer.is_admin or team.id in viewer.managed or team.id in viewer.team_ids):
        raise Forbidden()
    this_week = periods.week_start(viewer.today)
    first = this_week - timedelta(weeks=weeks - 1)
    members = select(Membership.user_id).where(Membership.team_id == team.id, Membership.manages.is_(False))
    per_week: dict[date, list[int]] = {first + timedelta(weeks=n): [0, 0] for n in range(weeks)}
    for day, checkins, facing in db.session.execute(
        select(BoardDay.day, func.sum(BoardDay.checkins), func.sum(BoardDay.customer_facing))
        .join(User, User.id == BoardDay.user_id)
        .where(BoardDay.user_id.in_(members), BoardDay.day >= first, _active_people())
        .group_by(BoardDay.day)
    ):
        bucket = per_week.get(periods.week_start(day))
        if bucket is not None:
            bucket[0] += int(checkins or 0)
            bucket[1] += int(facing or 0)
    return [
        {
            "week_start": monday,
            "week": periods.iso_week_label(monday),
            "checkins": checkins,
            "customer_facing": facing,
            "share": round(100 * facing / checkins) if checkins else None,
        }
        for monday, (checkins, facing) in sorted(per_week.items())
    ]


# --- the manager's rhythm grid ----------------------------------------------------------------

CELL_DAY_STATES = {"today": "due", "open": "due"}


def _slipping(trend: list[int | None]) -> bool:
    values = trend[-(SLIPPING_WEEKS + 1) :]
    if len(values) < SLIPPING_WEEKS + 1 or any(v is None for v in values):
        return False
    return all(later < earlier for earlier, later in zip(values, values[1:], strict=False))


def rhythm_grid(actor: User, team_id: int, week: date | None = None) -> dict:
    """Members × behaviours for one ISO week: done, missed, due, away; consistency and who is slipping."""
    viewer = _viewer(actor)
    team = _team(viewer, team_id)
    _ensure_manages(viewer, team)
    monday = periods.week_start(week or viewer.today)
    sunday = monday + timedelta(days=6)
    members, behaviours = _members(team.id), _team_behaviours(team.id)
    ids = [m.id for m in members]
    standings = {s.user_id: s for s in db.session.scalars(select(BoardStanding).where(BoardStanding.user_id.in_(ids)))}
    for member in members:
        # Consistency decays on days without check-ins: bring anyone not refreshed today up to date.
        today = local_today(member.time_zone)
        standing = standings.get(member.id)
        if standing is None or standing.computed_on < today:
            refresh_standing(member, today)
        standings = {
            s.user_id: s
            for s in db.session.scalars(
                select(BoardStanding).where(BoardStanding.user_id.in_(ids)).execution_options(populate_existing=True)
            )
        }
    weeks = [monday - timedelta(weeks=n) for n in range(SLIPPING_WEEKS, -1, -1)]
    snapshots = {
        (s.user_id, s.week_start): s.consistency
        for s in db.session.scalars(
            select(ConsistencyWeek).where(ConsistencyWeek.user_id.in_(ids), ConsistencyWeek.week_start.in_(weeks))
        )
    }
    done_days = _done_days(ids, [b.id for b in behaviours], monday, sunday)
    away = _away_of(team.organisation_id, ids, monday, sunday)
    days = [monday + timedelta(days=n) for n in range(7)]
    rows = []
    for member in members:
        today = local_today(member.time_zone)
        member_away = away[member.id]
        cells = []
        for behaviour in behaviours:
            cells.append(_cell(member, behaviour, days, today, done_days, member_away))
        trend = [snapshots.get((member.id, w)) for w in weeks]
        standing = standings.get(member.id)
        rows.append(
            {
                "user_id": member.id,
                "name": member.name,
                "consistency": standing.consistency if standing else None,
                "trend": trend,
                "slipping": _slipping(trend),
                "away": [{"date": d, "kind": member_away[d]} for d in days if d in member_away],
                "cells": cells,
            }
        )
    rows.sort(key=lambda r: (-(r["consistency"] if r["consistency"] is not None else -1), r["name"]))
    return {
        "team": {"id": team.id, "name": team.name},
        "week": periods.iso_week_label(monday),
        "starts_on": monday,
        "ends_on": sunday,
        "previous_week": periods.iso_week_label(monday - timedelta(weeks=1)),
        "next_week": periods.iso_week_label(monday + timedelta(weeks=1)) if sunday < viewer.today else None,
        "days": days,
        "behaviours": behaviours,
        "members": rows,
    }


def _cell(member: User, behaviour: Behaviour, days: list[date], today: date, done_days: set, away: dict) -> dict:
    cadence = rhythm.cadence_of(behaviour)
    start = _person_start(member, behaviour)
    done_map = {d: 1 for d in days if (member.id, behaviour.id, d) in done_days}
    states = [
        CELL_DAY_STATES.get(s, s) for s in (rhythm.day_state(cadence, d, today, start, done_map, away) for d in days)
    ]
    if cadence.weekly:
        available = sum(1 for d in days if d >= start and d not in away)
        target = min(cadence.times_per_week or 1, available)
        count = len(done_map)
        if target == 0:
            state = "away" if any(d in away for d in days) else "rest"
        elif count >= target:
            state = "done"
        else:
            state = "missed" if days[-1] < today else "due"
        return {"behaviour_id": behaviour.id, "state": state, "done": count, "target": target, "days": states}
    required = [d for d in days if cadence.requires(d) and d >= start]
    done = sum(1 for d in required if d in done_map)
    target = sum(1 for d in required if d in done_map or d not in away)
    if target == 0:
        state = "away" if any(d in away for d in required) else "rest"
    elif "missed" in states:
        state = "missed"
    elif done >= target:
        state = "done"
    else:
        state = "due"
    return {"behaviour_id": behaviour.id, "state": state, "done": done, "target": target, "days": states}


def parse_week(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return periods.parse_iso_week(text)
    except ValueError:
        raise DomainError("validation_failed", 422, fields={"week": [translate("board_bad_week")]}) from None

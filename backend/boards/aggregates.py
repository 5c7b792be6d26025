"""Keeping the board aggregates: the only code that writes them.

Check-ins (folded in by batch after the tap, see rhythm/fold.py), undos and win or badge points
move a few aggregate rows (BoardDay, BoardTotal and BoardTeamTotal per period, BoardStanding,
ConsistencyWeek); receivers.py says which signal moves what. `rebuild_aggregates` recomputes them
from the check-ins, which it asks of rhythm (rhythm/read.py), after a bulk insert; `settle_standings`
brings everyone's consistency up to today (nightly). Functions flush, never commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select

from backend.accounts.models import Membership, User
from backend.boards import periods
from backend.boards.models import BoardDay, BoardStanding, BoardTeamTotal, BoardTotal, ConsistencyWeek
from backend.boards.standings import clear_standings
from backend.extensions import db
from backend.rhythm import read as rhythm
from backend.timeutil import local_today
from backend.upsert import insert_for, upsert_dialect

HISTORY_WEEKS = 12  # weekly consistency a rebuild writes: the length of the trends and the grid's slipping hint


def member_teams(user_ids: Iterable[int]) -> dict[int, list[int]]:
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


def add_to_board(organisation_id: int, moves: dict[tuple[int, date], DayMove]) -> None:
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
    teams_of = member_teams({user_id for user_id, _day in moves})
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


# --- standings: a person's current consistency ------------------------------------------------


def _as_member(user: User, behaviours: list) -> list:
    """The behaviours that apply to someone as a member: a team's managers coach it, they are not ranked on it."""
    if not behaviours:
        return []
    if not any(m.manages for m in user.memberships):
        return behaviours  # a member of every team they are in: everything that applies counts
    mine = rhythm.member_behaviour_ids(user.id, [b.id for b in behaviours])
    return [b for b in behaviours if b.id in mine]


def _nightly_consistency(user: User, today: date) -> int | None:
    """Average consistency as of today over the behaviours that apply, each from its whole history when
    it has no settled checkpoint yet (the nightly settle only); None when none apply."""
    behaviours = _as_member(user, rhythm.applicable_behaviours(user))
    if not behaviours:
        return None
    rhythms = rhythm.rhythms(user, behaviours, today)
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


def store_standings(organisation_id: int, standings: list[tuple[int, int | None, date]]) -> None:
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


def refresh_standings(organisation_id: int, people: list[User]) -> dict[int, int | None]:
    """Bring these people's consistency up to their own today, in a fixed number of statements.

    From the settled checkpoints plus the days since (rhythm's `current_consistencies`): nothing here
    writes a checkpoint, which inside a check-in would race the person's other taps for the same rows
    (a deadlock on PostgreSQL). Someone with nothing settled yet keeps their standing. Returns the
    consistency stored per person.
    """
    todays = {person.id: local_today(person.time_zone) for person in people}
    consistencies = rhythm.current_consistencies(organisation_id, todays)
    rows = [(user_id, consistencies[user_id], today) for user_id, today in todays.items() if user_id in consistencies]
    store_standings(organisation_id, rows)
    return {user_id: consistency for user_id, consistency, _today in rows}


def refresh_standing(user: User, today: date | None = None, settle: bool = False) -> None:
    """One person's standing; `settle` (the nightly job) also counts behaviours with no checkpoint yet."""
    if not settle:
        refresh_standings(user.organisation_id, [user])
        return
    today = today or local_today(user.time_zone)
    store_standings(user.organisation_id, [(user.id, _nightly_consistency(user, today), today)])


# --- rebuilding and settling ------------------------------------------------------------------


def rebuild_aggregates(
    organisation_id: int,
    user_ids: Iterable[int] | None = None,
    progress: Callable[[str], None] = lambda _message: None,
    history_weeks: int = HISTORY_WEEKS,
) -> int:
    """Recompute the board aggregates of an organisation (or some of its people) from their check-ins.

    For bulk inserts that send no signals (the demo seed, the CSV import). Points from wins and
    badges are kept. Returns the number of people rebuilt.
    """
    # Pending taps fold in first (under the fold's lock), so the rebuild below counts each check-in once.
    rhythm.catch_up(organisation_id, commit=False)
    rhythm.take_fold_lock(organisation_id)
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
    days: dict[tuple[int, date], list] = {
        (user_id, day): [points, count, facing, 0.0] for user_id, day, points, count, facing in rhythm.checkin_days(ids)
    }
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
    since, _until, histories = rhythm.history(person, weeks)
    today = local_today(person.time_zone)
    counted = {b.id for b in _as_member(person, [h.behaviour for h in histories])}
    histories = [h for h in histories if h.behaviour.id in counted]
    if not histories:
        store_standings(person.organisation_id, [(person.id, None, today)])
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
    store_standings(person.organisation_id, [(person.id, current, today)])


def settle_standings(organisation_id: int, progress: Callable[[str], None] = lambda _m: None) -> int:
    """Bring everyone's consistency up to today (it decays on days nobody checks in): run nightly.

    Returns the number of people refreshed. Team goals settle beside it (goals/service.py, `settle_goals`).
    """
    rhythm.catch_up(organisation_id, commit=False)
    people = list(
        db.session.scalars(
            select(User).where(User.organisation_id == organisation_id, User.active.is_(True)).order_by(User.id)
        )
    )
    for n, person in enumerate(people, start=1):
        refresh_standing(person, settle=True)
        if n % 200 == 0:
            progress(f"settled {n}/{len(people)} people")
    db.session.flush()
    return len(people)

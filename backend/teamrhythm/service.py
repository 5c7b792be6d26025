"""A team's rhythm: the manager's grid of members × behaviours for one ISO week, and the customer-facing share.

The grid shows, per member and behaviour, what was done, missed, due or away (a reason only when
the person gave one), with each member's consistency, its four-week trend and a "slipping" hint;
it asks rhythm for done days, away days and its rules (rhythm/read.py) and reads consistency from
the board aggregates (boards/read.py), in a fixed number of statements whatever the team's size.
The customer-facing share per week reads the aggregates only. Leading by example shows the team its
managers' own rhythm (their coaching behaviours), unless the organisation turned it off.
Functions flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from backend.accounts.models import Membership, Team, User
from backend.boards import read as boards
from backend.boards.read import periods
from backend.errors import DomainError, Forbidden
from backend.extensions import db
from backend.i18n import translate
from backend.rhythm import read as rhythm
from backend.teamrhythm import coaching
from backend.timeutil import local_today

TREND_WEEKS = 12
SLIPPING_WEEKS = coaching.SLIPPING_WEEKS  # consistency falling this many weeks in a row
CELL_DAY_STATES = {"today": "due", "open": "due"}


# --- customer-facing share --------------------------------------------------------------------


@dataclass(frozen=True)
class TrendWeek:
    week_start: date
    week: str  # ISO week, 2026-W47
    checkins: int
    customer_facing: int
    share: int | None  # % customer-facing; None without check-ins


def customer_facing_trend(actor: User, team_id: int, weeks: int = TREND_WEEKS) -> list[TrendWeek]:
    """Per ISO week, the share of the team's check-ins on customer-facing behaviours (managers and the team)."""
    viewer = boards.viewer(actor)
    team = boards.team_of(viewer, team_id)
    if not (viewer.is_admin or team.id in viewer.managed or team.id in viewer.team_ids):
        raise Forbidden()
    return weekly_trend(team.id, viewer.today, weeks)


def weekly_trend(team_id: int, today: date, weeks: int = TREND_WEEKS) -> list[TrendWeek]:
    """The share per ISO week from the board aggregates, whoever asks (read.py; the route checks who may)."""
    this_week = periods.week_start(today)
    first = this_week - timedelta(weeks=weeks - 1)
    per_week: dict[date, list[int]] = {first + timedelta(weeks=n): [0, 0] for n in range(weeks)}
    for day, checkins, facing in boards.team_days(team_id, first):
        bucket = per_week.get(periods.week_start(day))
        if bucket is not None:
            bucket[0] += checkins
            bucket[1] += facing
    return [
        TrendWeek(
            week_start=monday,
            week=periods.iso_week_label(monday),
            checkins=checkins,
            customer_facing=facing,
            share=round(100 * facing / checkins) if checkins else None,
        )
        for monday, (checkins, facing) in sorted(per_week.items())
    ]


# --- the manager's rhythm grid ----------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    behaviour_id: int
    state: str  # done, missed, due, away or rest for the week
    done: int
    target: int
    days: list[str]  # per day: done, missed, due, away, rest, future
    crm: list[bool]  # per day: a connected system (the CRM) checked it in


@dataclass(frozen=True)
class GridAway:
    date: date
    kind: str | None  # only when the person chose to say


@dataclass(frozen=True)
class GridMember:
    user_id: int
    name: str
    consistency: int | None
    trend: list[int | None]  # consistency at the end of the last four weeks
    slipping: bool
    away: list[GridAway]
    cells: list[GridCell]


@dataclass(frozen=True)
class RhythmGrid:
    team: Team
    week: str
    starts_on: date
    ends_on: date
    previous_week: str
    next_week: str | None
    days: list[date]
    behaviours: list  # rhythm's behaviours of the team
    members: list[GridMember]


def rhythm_grid(actor: User, team_id: int, week: date | None = None) -> RhythmGrid:
    """Members × behaviours for one ISO week: done, missed, due, away; consistency and who is slipping."""
    viewer = boards.viewer(actor)
    team = boards.team_of(viewer, team_id)
    boards.ensure_manages(viewer, team)
    monday = periods.week_start(week or viewer.today)
    sunday = monday + timedelta(days=6)
    members, behaviours = boards.team_members(team.id), rhythm.team_behaviours(team.id)
    ids = [m.id for m in members]
    # Consistency decays on days without check-ins: anyone not computed today is brought up to date.
    consistency = boards.current_standings(team.organisation_id, members)
    weeks = [monday - timedelta(weeks=n) for n in range(SLIPPING_WEEKS, -1, -1)]
    snapshots = boards.consistency_weeks(ids, weeks)
    done_days = rhythm.done_days_by_source(ids, [b.id for b in behaviours], monday, sunday)
    away = rhythm.away_of(team.organisation_id, ids, monday, sunday)
    days = [monday + timedelta(days=n) for n in range(7)]
    rows = []
    for member in members:
        today = local_today(member.time_zone)
        member_away = away[member.id]
        trend = [snapshots.get((member.id, w)) for w in weeks]
        rows.append(
            GridMember(
                user_id=member.id,
                name=member.name,
                consistency=consistency.get(member.id),
                trend=trend,
                slipping=coaching.is_slipping(trend),
                away=[GridAway(d, member_away[d]) for d in days if d in member_away],
                cells=[_cell(member, behaviour, days, today, done_days, member_away) for behaviour in behaviours],
            )
        )
    rows.sort(key=lambda r: (-(r.consistency if r.consistency is not None else -1), r.name))
    return RhythmGrid(
        team=team,
        week=periods.iso_week_label(monday),
        starts_on=monday,
        ends_on=sunday,
        previous_week=periods.iso_week_label(monday - timedelta(weeks=1)),
        next_week=periods.iso_week_label(monday + timedelta(weeks=1)) if sunday < viewer.today else None,
        days=days,
        behaviours=behaviours,
        members=rows,
    )


def _cell(member: User, behaviour, days: list[date], today: date, done_days: set | dict, away: dict) -> GridCell:
    """done_days: a set of (person, behaviour, day), or a mapping of them to whether the CRM checked it in."""
    cadence = rhythm.cadence_of(behaviour)
    start = rhythm.person_start(member, behaviour)
    done_map = {d: 1 for d in days if (member.id, behaviour.id, d) in done_days}
    from_crm = done_days if isinstance(done_days, dict) else {}
    crm = [from_crm.get((member.id, behaviour.id, d), False) for d in days]
    states = [
        CELL_DAY_STATES.get(s, s) for s in (rhythm.day_state(cadence, d, today, start, done_map, away) for d in days)
    ]
    if cadence.weekly:
        target = rhythm.week_target(cadence, days[0], away, start)
        count = len(done_map)
        if target == 0:
            state = "away" if any(d in away for d in days) else "rest"
        elif count >= target:
            state = "done"
        else:
            state = "missed" if days[-1] < today else "due"
        return GridCell(behaviour.id, state, count, target, states, crm)
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
    return GridCell(behaviour.id, state, done, target, states, crm)


@dataclass(frozen=True)
class WeekTotals:
    members: int
    done: int  # check-ins that count towards the members' cadences that week
    target: int  # what their cadences asked, away days left out


def week_totals(team_id: int, monday: date) -> WeekTotals:
    """The grid's cells of one ISO week added up over the team (no one named): done against the cadence."""
    sunday = monday + timedelta(days=6)
    members, behaviours = boards.team_members(team_id), rhythm.team_behaviours(team_id)
    ids = [m.id for m in members]
    if not ids or not behaviours:
        return WeekTotals(len(ids), 0, 0)
    organisation_id = members[0].organisation_id
    done_days = rhythm.done_days(ids, [b.id for b in behaviours], monday, sunday)
    away = rhythm.away_of(organisation_id, ids, monday, sunday)
    days = [monday + timedelta(days=n) for n in range(7)]
    done = target = 0
    for member in members:
        today = local_today(member.time_zone)
        for behaviour in behaviours:
            cell = _cell(member, behaviour, days, today, done_days, away[member.id])
            done += min(cell.done, cell.target) if cell.target else 0
            target += cell.target
    return WeekTotals(len(ids), done, target)


def parse_week(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return periods.parse_iso_week(text)
    except ValueError:
        raise DomainError("validation_failed", 422, fields={"week": [translate("board_bad_week")]}) from None


# --- leading by example: the managers' own rhythm, for their team -----------------------------


@dataclass(frozen=True)
class LeaderBehaviour:
    behaviour: object  # rhythm's behaviour: names in both languages, icon, cadence
    streak: int
    unit: str  # "day" | "week"
    week_done: int  # days done in the running ISO week
    consistency: int


@dataclass(frozen=True)
class Leader:
    user_id: int
    name: str
    consistency: int | None
    behaviours: list[LeaderBehaviour]


@dataclass(frozen=True)
class LeadingByExample:
    shown: bool  # false when the organisation turned it off: nothing else is told
    leaders: list[Leader]


def team_managers(team_id: int) -> list[User]:
    """The team's active managers by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.team_id == team_id, Membership.manages.is_(True), boards.active_people())
            .order_by(User.name, User.id)
        )
    )


def leading_by_example(actor: User, team_id: int) -> LeadingByExample:
    """The managers of a team with their own behaviours for it: streak, this week, consistency (the team,
    its managers, admins), unless the organisation turned it off."""
    viewer = boards.viewer(actor)
    team = boards.team_of(viewer, team_id)
    if not (viewer.is_admin or team.id in viewer.managed or team.id in viewer.team_ids):
        raise Forbidden()
    if not viewer.organisation.leaders_shown:
        return LeadingByExample(False, [])
    behaviours = rhythm.leader_behaviours(team.id)
    leaders = []
    for manager in team_managers(team.id) if behaviours else []:
        today = local_today(manager.time_zone)
        monday = rhythm.week_start(today)
        done = rhythm.done_days([manager.id], [b.id for b in behaviours], monday, today)
        rhythms = rhythm.rhythms(manager, behaviours, today)
        rows = [
            LeaderBehaviour(
                behaviour=b,
                streak=rhythms[b.id].current,
                unit="week" if rhythm.cadence_of(b).weekly else "day",
                week_done=sum(1 for _user, behaviour_id, _day in done if behaviour_id == b.id),
                consistency=rhythms[b.id].consistency,
            )
            for b in behaviours
        ]
        average = round(sum(r.consistency for r in rows) / len(rows)) if rows else None
        leaders.append(Leader(manager.id, manager.name, average, rows))
    return LeadingByExample(True, leaders)

"""Rhythm's hot statements (Today's reads, a tap's read and insert) and the plain shapes they answer.

Today and a tap are the requests that open most; their statements run on the driver's cursor as
`HotStatement`s (backend/hot_path.py), built once with bind parameters. The service code never sees
their rows: each function here answers frozen dataclasses —
- `BehaviourView`: what Today and a tap read of a behaviour (the model `Behaviour` stays for the
  catalogue's writes and the admin screens; the rules read the same fields of both);
- `SettledState`: a person's checkpoint of one behaviour (`RhythmState` as plain values);
- `CheckInView`: a check-in as the app answers it (Today's done-today, the tap's answer);
- `TapContext`: everything a tap decides on, read at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, bindparam, insert, null, or_, select, union, union_all

from backend.accounts.models import Membership
from backend.hot_path import HotStatement
from backend.rhythm.models import (
    AwayDay,
    Behaviour,
    BehaviourTeam,
    BehaviourText,
    CheckIn,
    OrganisationHoliday,
    RhythmState,
)

# --- the shapes ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BehaviourView(BehaviourText):
    """What Today shows and the rules compute of a behaviour, read as plain columns."""

    id: int
    name_nl: str
    name_en: str
    description_nl: str
    description_en: str
    icon: str
    points: int
    cadence: str
    times_per_week: int | None
    days_of_week: list[int]
    customer_facing: bool
    checklist: list[dict]
    starts_on: date

    @classmethod
    def of(cls, behaviour: Behaviour) -> BehaviourView:
        """The view of a loaded model (a replay, an undo: the model is at hand already)."""
        return cls(*(getattr(behaviour, name) for name in _BEHAVIOUR_FIELDS))


@dataclass(frozen=True, slots=True)
class SettledState:
    """A person's checkpoint of one behaviour (what Today and a tap need of a RhythmState)."""

    id: int
    starts_on: date
    through: date
    current: int
    longest: int
    score: float


@dataclass(frozen=True, slots=True)
class CheckInView:
    """A check-in as the app answers it."""

    id: int
    client_id: str
    behaviour_id: int
    occurred_on: date
    late: bool
    note: str | None
    quality: dict | None
    quality_score: float | None
    points: float
    received_at: datetime
    recorded_at: datetime | None
    source: str  # app | import | crm (a connected system's inbound source)

    @classmethod
    def of(cls, checkin: CheckIn) -> CheckInView:
        """The view of a loaded model (a replay answers what was stored)."""
        return cls(*(getattr(checkin, name) for name in _CHECKIN_FIELDS))


@dataclass(frozen=True, slots=True)
class TapContext:
    """A tap's one read: the behaviour, whether it applies to the person, their checkpoint, and any
    earlier check-in under the same client_id (a replay) or of the same behaviour that day."""

    behaviour: BehaviourView
    archived: bool
    for_me: bool
    state: SettledState | None
    replay_of: int | None  # the check-in stored earlier under this client_id
    done_that_day: int | None  # the check-in of this behaviour on the tap's day


# --- the statements ----------------------------------------------------------------------------------

_BEHAVIOUR_FIELDS = tuple(BehaviourView.__dataclass_fields__)
_STATE_FIELDS = tuple(SettledState.__dataclass_fields__)
_CHECKIN_FIELDS = tuple(CheckInView.__dataclass_fields__)
_checkins, _behaviours, _states = CheckIn.__table__.c, Behaviour.__table__.c, RhythmState.__table__.c
_behaviour_teams, _memberships = BehaviourTeam.__table__.c, Membership.__table__.c
_BEHAVIOUR_COLUMNS = tuple(_behaviours[name] for name in _BEHAVIOUR_FIELDS)
# A checkpoint's columns as Today's and the tap's reads return them, after the behaviour's.
_STATE_COLUMNS = tuple(_states[name].label(f"state_{name}") for name in _STATE_FIELDS)

# Who does a team's behaviours: its members (Membership.manages false), nobody else. A manager who
# only manages a team coaches it (grid, team board, goal) and gets none of its behaviours on Today,
# in My rhythm, in reminders or on the boards; a manager who is also a member of a team with
# behaviours does those like any colleague. Today, taps, imports, the grid and the boards all ask this.
# The exception are a team's behaviours `for_managers` (coaching: leaders go first): those its
# managers do, on Today and in My rhythm, and its members do not; they never count on the boards.
MEMBER_OF = select(Membership.team_id).where(Membership.user_id == bindparam("user_id"), Membership.manages.is_(False))
MANAGER_OF = select(Membership.team_id).where(Membership.user_id == bindparam("user_id"), Membership.manages.is_(True))
# The behaviours of the teams a person is a member of, and the managers' behaviours of the teams they
# manage, still active (also the model's query: service.py).
APPLICABLE = (
    Behaviour.organisation_id == bindparam("organisation_id"),
    Behaviour.archived_at.is_(None),
    or_(
        and_(
            Behaviour.for_managers.is_(False),
            Behaviour.id.in_(select(BehaviourTeam.behaviour_id).where(BehaviourTeam.team_id.in_(MEMBER_OF))),
        ),
        and_(
            Behaviour.for_managers.is_(True),
            Behaviour.id.in_(select(BehaviourTeam.behaviour_id).where(BehaviourTeam.team_id.in_(MANAGER_OF))),
        ),
    ),
)
APPLICABLE_WITH_STATES = HotStatement(
    select(*_BEHAVIOUR_COLUMNS, *_STATE_COLUMNS)
    .outerjoin(RhythmState, and_(RhythmState.behaviour_id == Behaviour.id, RhythmState.user_id == bindparam("user_id")))
    .where(*APPLICABLE)
    .order_by(Behaviour.id)
)


def _away_selects(*leading):
    """The person's away days and the organisation's holidays in [since, until], after `leading` columns."""
    return (
        select(*leading, AwayDay.day).where(
            AwayDay.user_id == bindparam("user_id"),
            AwayDay.day >= bindparam("since"),
            AwayDay.day <= bindparam("until"),
        ),
        select(*leading, OrganisationHoliday.day).where(
            OrganisationHoliday.organisation_id == bindparam("organisation_id"),
            OrganisationHoliday.day >= bindparam("since"),
            OrganisationHoliday.day <= bindparam("until"),
        ),
    )


AWAY_DAYS = HotStatement(union(*_away_selects()))
_DAYS_DONE = select(CheckIn.behaviour_id, CheckIn.occurred_on).where(
    CheckIn.user_id == bindparam("user_id"),
    CheckIn.behaviour_id.in_(bindparam("ids", expanding=True)),
    CheckIn.occurred_on >= bindparam("since"),
    # Weekly cadences read their whole running week; the others only what their checkpoint left open.
    or_(
        CheckIn.behaviour_id.in_(bindparam("weekly_ids", expanding=True)),
        CheckIn.occurred_on >= bindparam("daily_since"),
    ),
)
# Today's second read: the check-ins after the checkpoints and, with no behaviour, the away days.
DAYS_DONE_AND_AWAY = HotStatement(union_all(_DAYS_DONE, *_away_selects(null().label("behaviour_id"))))
CHECKINS_ON = HotStatement(
    select(*(_checkins[name] for name in _CHECKIN_FIELDS)).where(
        _checkins.user_id == bindparam("user_id"),
        _checkins.behaviour_id.in_(bindparam("ids", expanding=True)),
        _checkins.occurred_on == bindparam("day"),
    )
)
TAP_CONTEXT = HotStatement(
    select(
        *_BEHAVIOUR_COLUMNS,
        _behaviours.archived_at,
        select(_behaviour_teams.id)
        .join(Membership.__table__, _memberships.team_id == _behaviour_teams.team_id)
        .where(
            _behaviour_teams.behaviour_id == _behaviours.id,
            _memberships.user_id == bindparam("user_id"),
            _memberships.manages == _behaviours.for_managers,  # members do a team's, managers its coaching
        )
        .exists()
        .label("for_me"),
        select(_checkins.id)
        .where(_checkins.user_id == bindparam("user_id"), _checkins.client_id == bindparam("client_id"))
        .scalar_subquery()
        .label("replay_of"),
        select(_checkins.id)
        .where(
            _checkins.user_id == bindparam("user_id"),
            _checkins.behaviour_id == _behaviours.id,
            _checkins.occurred_on == bindparam("day"),
        )
        .scalar_subquery()
        .label("done_that_day"),
        *_STATE_COLUMNS,
    )
    .select_from(
        Behaviour.__table__.outerjoin(
            RhythmState.__table__,
            and_(_states.behaviour_id == _behaviours.id, _states.user_id == bindparam("user_id")),
        )
    )
    .where(_behaviours.id == bindparam("behaviour_id"), _behaviours.organisation_id == bindparam("organisation_id"))
)
# What a tap writes: every column but the id (the fold fills the boards from these rows later).
NOTHING_SETTLED = {"settled_through": None, "settled_current": None, "settled_longest": None, "settled_score": None}
TAPPED_COLUMNS = (
    *("organisation_id", "user_id", "behaviour_id", "client_id", "occurred_on", "time_zone", "received_at"),
    *("recorded_at", "late", "source", "note", "quality", "quality_score", "points", "pending_fold"),
    *("streak_after", "score_after", *NOTHING_SETTLED),
)
INSERT_CHECKIN = HotStatement(
    insert(CheckIn.__table__)
    .values({name: bindparam(name, type_=_checkins[name].type) for name in TAPPED_COLUMNS})
    .returning(_checkins.id)
)

# --- the reads and the write ----------------------------------------------------------------------

_WIDTH = len(_BEHAVIOUR_FIELDS)


def _state(values) -> SettledState | None:
    """From a row's _STATE_COLUMNS; None when the row has no checkpoint (an outer join)."""
    return None if values[0] is None else SettledState(*values)


def applicable_with_states(user_id: int, organisation_id: int) -> tuple[list[BehaviourView], dict[int, SettledState]]:
    """The person's active behaviours in a stable order, with their settled checkpoints by behaviour."""
    behaviours, states = [], {}
    for row in APPLICABLE_WITH_STATES.rows({"user_id": user_id, "organisation_id": organisation_id}):
        behaviour = BehaviourView(*row[:_WIDTH])
        behaviours.append(behaviour)
        if (state := _state(row[_WIDTH:])) is not None:
            states[behaviour.id] = state
    return behaviours, states


def tap_context(user_id: int, organisation_id: int, behaviour_id: int, client_id: str, day: date) -> TapContext | None:
    """What a tap on `day` decides on; None when the organisation has no such behaviour."""
    row = TAP_CONTEXT.first(
        {
            "user_id": user_id,
            "organisation_id": organisation_id,
            "behaviour_id": behaviour_id,
            "client_id": client_id,
            "day": day,
        }
    )
    if row is None:
        return None
    archived_at, for_me, replay_of, done_that_day = row[_WIDTH : _WIDTH + 4]
    return TapContext(
        BehaviourView(*row[:_WIDTH]),
        archived_at is not None,
        bool(for_me),
        _state(row[_WIDTH + 4 :]),
        replay_of,
        done_that_day,
    )


def insert_checkin(row: dict) -> CheckInView:
    """A tap's check-in, as a plain insert (not the session's unit of work); `row` has every TAPPED_COLUMNS."""
    checkin_id = INSERT_CHECKIN.first(row).id
    return CheckInView(checkin_id, *(row[name] for name in _CHECKIN_FIELDS[1:]))


def checkins_on(user_id: int, behaviour_ids: list[int], day: date) -> dict[int, CheckInView]:
    """The person's check-ins of these behaviours on `day`, by behaviour."""
    rows = CHECKINS_ON.rows({"user_id": user_id, "ids": behaviour_ids, "day": day})
    return {row.behaviour_id: CheckInView(*row) for row in rows}


def away_days(user_id: int, organisation_id: int, since: date, until: date) -> set[date]:
    """The person's own away days and the organisation's holidays in [since, until]."""
    params = {"user_id": user_id, "organisation_id": organisation_id, "since": since, "until": until}
    return {day for (day,) in AWAY_DAYS.rows(params)}


def done_and_away(
    user_id: int,
    organisation_id: int,
    behaviour_ids: list[int],
    since: date,
    until: date,
    daily_since: date,
    weekly_ids: list[int],
) -> tuple[dict[int, dict[date, int]], set[date]]:
    """Check-ins per behaviour and day from `since` (`daily_since` for all but the weekly ones), and
    the away days in [since, until]: one query of plain rows, as this runs on every Today and many taps."""
    done: dict[int, dict[date, int]] = defaultdict(dict)
    away: set[date] = set()
    params = {
        "user_id": user_id,
        "organisation_id": organisation_id,
        "ids": behaviour_ids,
        "since": since,
        "until": until,
        "daily_since": daily_since,
        "weekly_ids": weekly_ids,
    }
    for behaviour_id, day in DAYS_DONE_AND_AWAY.rows(params):
        if behaviour_id is None:
            away.add(day)
        else:
            done[behaviour_id][day] = done[behaviour_id].get(day, 0) + 1
    return done, away

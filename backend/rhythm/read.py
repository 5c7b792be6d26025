"""Rhythm's read API: what other domains may know about check-ins, behaviours and rhythms.

Other domains (boards, recognition, push, admin, …) read rhythm only through this module and never
import rhythm's models, service or fold directly; they change rhythm's data only by sending a signal
(backend/signals.py). Everything here reads; nothing writes, except that catching up the fold
(rhythm/fold.py) settles pending taps into the aggregates before a board is read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, case, func, or_, select

from backend.accounts.models import Membership, User
from backend.extensions import db
from backend.rhythm import fold, service, streaks
from backend.rhythm.import_schemas import MAX_ERRORS_SHOWN, MAX_UPLOAD, ImportReport
from backend.rhythm.models import AwayDay, Behaviour, BehaviourTeam, CheckIn, OrganisationHoliday, RhythmState
from backend.timeutil import local_today

# The check-in import's report as the API documents it, and its upload limits: other imports answer alike.
ImportReportSchema = ImportReport
IMPORT_MAX_UPLOAD = MAX_UPLOAD
IMPORT_MAX_ERRORS_SHOWN = MAX_ERRORS_SHOWN


# --- the fold: boards and the feed read after the pending taps are folded in ------------------------


def catch_up_signed_in() -> None:
    """Before a board or feed request: fold the signed-in organisation's pending taps (a before_request hook)."""
    fold.catch_up_signed_in()


def catch_up(organisation_id: int, commit: bool = True) -> int:
    """Fold an organisation's pending taps now; returns how many were folded."""
    return fold.catch_up(organisation_id, commit=commit)


def take_fold_lock(organisation_id: int) -> None:
    """Hold the organisation's fold lock until the transaction ends (for a rebuild of aggregates)."""
    fold.take_fold_lock(organisation_id)


# --- for boards (leaderboards, goals, team rhythm) ---------------------------------------------------
# The rules (cadence, when a person's rhythm starts, what a week asks, a day's state) are rhythm's own,
# defined once in service.py and streaks.py: boards call them here instead of writing them again.

Cadence = streaks.Cadence
Rhythm = streaks.Rhythm


def cadence_of(behaviour) -> streaks.Cadence:
    """A behaviour's cadence (daily, weekdays, N per week, chosen days)."""
    return service.cadence_of(behaviour)


def person_start(user: User, behaviour) -> date:
    """The first local day a behaviour counts for a person: it started, and they had joined."""
    return service._person_start(user, behaviour)


def week_target(cadence: streaks.Cadence, monday: date, away: Collection[date], start: date) -> int:
    """What a weekly cadence asks of the ISO week from `monday`, after away days and the person's start."""
    return streaks.week_target(cadence, monday, away, start)


def day_state(cadence: streaks.Cadence, day: date, today: date, start: date, done: dict, away: Collection[date]) -> str:
    """One day of a behaviour as My rhythm shows it: done, away, missed, open, rest, today or future."""
    return service.day_state(cadence, day, today, start, done, away)


# What the members of a team do: a team's behaviours for its managers (coaching) are the managers' own
# (leaders go first) and stay off the grid, the boards, goals and challenges.
MEMBERS_DO = Behaviour.for_managers.is_(False)


def applicable_behaviours(user: User) -> list[Behaviour]:
    """Active behaviours of the teams a person is a member of (not those they only manage), in a stable order."""
    return service.applicable_behaviours(user)


def team_behaviours(team_id: int) -> list[Behaviour]:
    """A team's active behaviours for its members (not its managers' own), in a stable order."""
    return list(
        db.session.scalars(
            select(Behaviour)
            .join(BehaviourTeam, BehaviourTeam.behaviour_id == Behaviour.id)
            .where(BehaviourTeam.team_id == team_id, Behaviour.archived_at.is_(None), MEMBERS_DO)
            .order_by(Behaviour.id)
        )
    )


def leader_behaviours(team_id: int) -> list[Behaviour]:
    """A team's active behaviours for its managers (coaching: leaders go first), in a stable order."""
    return list(
        db.session.scalars(
            select(Behaviour)
            .join(BehaviourTeam, BehaviourTeam.behaviour_id == Behaviour.id)
            .where(BehaviourTeam.team_id == team_id, Behaviour.archived_at.is_(None), Behaviour.for_managers.is_(True))
            .order_by(Behaviour.id)
        )
    )


def people_with_behaviours(organisation_id: int) -> set[int]:
    """Everyone to whom an active behaviour applies as a team member (managers coach; they are not counted)."""
    return set(
        db.session.scalars(
            select(Membership.user_id)
            .join(BehaviourTeam, BehaviourTeam.team_id == Membership.team_id)
            .join(Behaviour, Behaviour.id == BehaviourTeam.behaviour_id)
            .where(
                Behaviour.organisation_id == organisation_id,
                Behaviour.archived_at.is_(None),
                MEMBERS_DO,
                Membership.manages.is_(False),
            )
            .distinct()
        )
    )


def teams_with_behaviours(organisation_id: int) -> set[int]:
    """The teams an active behaviour applies to."""
    return set(
        db.session.scalars(
            select(BehaviourTeam.team_id)
            .join(Behaviour, Behaviour.id == BehaviourTeam.behaviour_id)
            .where(Behaviour.organisation_id == organisation_id, Behaviour.archived_at.is_(None), MEMBERS_DO)
        )
    )


def customer_facing_ids(behaviour_ids: Iterable[int]) -> set[int]:
    """Of these behaviours, the customer-facing ones."""
    return set(
        db.session.scalars(
            select(Behaviour.id).where(Behaviour.id.in_(set(behaviour_ids)), Behaviour.customer_facing.is_(True))
        )
    )


def leader_behaviour_ids(behaviour_ids: Iterable[int]) -> set[int]:
    """Of these behaviours, the managers' own (coaching): their check-ins earn no place on the boards."""
    return set(
        db.session.scalars(
            select(Behaviour.id).where(Behaviour.id.in_(set(behaviour_ids)), Behaviour.for_managers.is_(True))
        )
    )


def settled_behaviour_ids(user_id: int, behaviour_ids: Iterable[int]) -> set[int]:
    """Of these behaviours, those with a settled checkpoint for the person."""
    return set(
        db.session.scalars(
            select(RhythmState.behaviour_id).where(
                RhythmState.user_id == user_id, RhythmState.behaviour_id.in_(list(behaviour_ids))
            )
        )
    )


def rhythms(user: User, behaviours: list[Behaviour], today: date) -> dict[int, streaks.Rhythm]:
    """Streak and consistency per behaviour as of today; reads only (takes no lock a check-in holds)."""
    return service.rhythms_for(user, behaviours, today)


def settled_consistencies(
    organisation_id: int, user_ids: list[int], fresh: dict[tuple[int, int], float] | None = None
) -> dict[int, int]:
    """Per person, the average consistency over what applies, from the settled checkpoints (one query)."""
    return service.settled_consistencies(organisation_id, user_ids, fresh)


def current_consistencies(organisation_id: int, people: dict[int, date]) -> dict[int, int | None]:
    """Per person (id → their local today), the average consistency 0–100 as of today over the behaviours
    of the teams they are a member of, from the settled checkpoints plus the days since.

    The same numbers as `rhythms` of each person's settled behaviours, for a whole team in four
    statements whatever its size. None: nothing applies to the person; left out: nothing settled yet.
    """
    if not people:
        return {}
    rows = db.session.execute(
        select(Membership.user_id, Behaviour, RhythmState)
        .join(BehaviourTeam, BehaviourTeam.team_id == Membership.team_id)
        .join(Behaviour, Behaviour.id == BehaviourTeam.behaviour_id)
        .outerjoin(
            RhythmState, (RhythmState.behaviour_id == Behaviour.id) & (RhythmState.user_id == Membership.user_id)
        )
        .where(
            Membership.user_id.in_(list(people)),
            Membership.manages.is_(False),
            MEMBERS_DO,
            Behaviour.organisation_id == organisation_id,
            Behaviour.archived_at.is_(None),
        )
        .order_by(Membership.user_id, Behaviour.id)
    ).all()
    applies: set[int] = set()
    settled: dict[int, dict[int, tuple[Behaviour, RhythmState]]] = defaultdict(dict)
    for user_id, behaviour, state in rows:
        applies.add(user_id)
        if state is not None:
            settled[user_id][behaviour.id] = (behaviour, state)
    result: dict[int, int | None] = {user_id: None for user_id in people if user_id not in applies}
    if not settled:
        return result
    # The days after each checkpoint, and the whole running week (a weekly cadence needs it).
    this_week = min(streaks.week_start(people[user_id]) for user_id in settled)
    since = min([this_week, *(s.through + timedelta(days=1) for per in settled.values() for _b, s in per.values())])
    until = max(people[user_id] for user_id in settled)
    done: dict[tuple[int, int], dict[date, int]] = defaultdict(dict)
    for user_id, behaviour_id, day, count in db.session.execute(
        select(CheckIn.user_id, CheckIn.behaviour_id, CheckIn.occurred_on, func.count())
        .join(
            RhythmState, (RhythmState.user_id == CheckIn.user_id) & (RhythmState.behaviour_id == CheckIn.behaviour_id)
        )
        .where(
            CheckIn.user_id.in_(list(settled)),
            CheckIn.occurred_on <= until,
            or_(CheckIn.occurred_on > RhythmState.through, CheckIn.occurred_on >= this_week),
        )
        .group_by(CheckIn.user_id, CheckIn.behaviour_id, CheckIn.occurred_on)
    ):
        done[(user_id, behaviour_id)][day] = count
    away = away_of(organisation_id, list(settled), since, until)
    for user_id, per in settled.items():
        today = people[user_id]
        scores = [
            streaks.advance(
                cadence_of(behaviour),
                service._checkpoint(state),
                done[(user_id, behaviour.id)],
                away[user_id],
                today,
                state.starts_on,
            ).score
            for behaviour, state in per.values()
        ]
        result[user_id] = round(100 * sum(scores) / len(scores))
    return result


def history(user: User, weeks: int) -> tuple[date, date, list[service.BehaviourHistory]]:
    """The last `weeks` ISO weeks per behaviour: rhythm, day states and the weekly consistency trend."""
    return service.history_for(user, weeks)


def done_days(user_ids: list[int], behaviour_ids: list[int], since: date, until: date) -> set[tuple[int, int, date]]:
    """(person, behaviour, local day) with at least one check-in in [since, until]."""
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


def done_days_by_source(
    user_ids: list[int], behaviour_ids: list[int], since: date, until: date
) -> dict[tuple[int, int, date], bool]:
    """done_days, each with whether a connected system (a CRM) checked it in: one statement, as done_days."""
    if not user_ids or not behaviour_ids:
        return {}
    return {
        (user_id, behaviour_id, day): bool(crm)
        for user_id, behaviour_id, day, crm in db.session.execute(
            select(
                CheckIn.user_id,
                CheckIn.behaviour_id,
                CheckIn.occurred_on,
                func.sum(case((CheckIn.source == "crm", 1), else_=0)),
            )
            .where(
                CheckIn.user_id.in_(user_ids),
                CheckIn.behaviour_id.in_(behaviour_ids),
                CheckIn.occurred_on >= since,
                CheckIn.occurred_on <= until,
            )
            .group_by(CheckIn.user_id, CheckIn.behaviour_id, CheckIn.occurred_on)
        )
    }


def checkin_days(user_ids: list[int]) -> list[tuple[int, date, float, int, int]]:
    """(person, local day, points, check-ins, customer-facing check-ins) of the folded check-ins (a rebuild)."""
    return [
        (user_id, day, float(points or 0), int(count), int(facing or 0))
        for user_id, day, points, count, facing in db.session.execute(
            select(
                CheckIn.user_id,
                CheckIn.occurred_on,
                func.sum(CheckIn.points),
                func.count(),
                func.sum(func.cast(Behaviour.customer_facing, db.Integer)),
            )
            .join(Behaviour, Behaviour.id == CheckIn.behaviour_id)
            .where(
                CheckIn.user_id.in_(user_ids),
                CheckIn.pending_fold.is_(False),  # a tap arriving now: the fold's
                MEMBERS_DO,  # a manager's coaching earns no place on the boards
            )
            .group_by(CheckIn.user_id, CheckIn.occurred_on)
        )
    ]


def _holidays(organisation_id: int, since: date, until: date) -> list[date]:
    return list(
        db.session.scalars(
            select(OrganisationHoliday.day).where(
                OrganisationHoliday.organisation_id == organisation_id,
                OrganisationHoliday.day >= since,
                OrganisationHoliday.day <= until,
            )
        )
    )


def away_of(organisation_id: int, user_ids: list[int], since: date, until: date) -> dict[int, dict[date, str | None]]:
    """Away days per person in [since, until] (the kind only when the person gave one), holidays for all."""
    away: dict[int, dict[date, str | None]] = defaultdict(dict)
    holidays = _holidays(organisation_id, since, until)
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


def away_throughout(organisation_id: int, start: date, end: date) -> list[int]:
    """The people of the organisation away every day of [start, end] that is not a holiday."""
    holidays = set(_holidays(organisation_id, start, end))
    needed = (end - start).days + 1 - len(holidays)
    if needed <= 0:
        return []
    query = (
        select(AwayDay.user_id)
        .where(AwayDay.organisation_id == organisation_id, AwayDay.day >= start, AwayDay.day <= end)
        .group_by(AwayDay.user_id)
        .having(func.count() >= needed)
    )
    if holidays:
        query = query.where(AwayDay.day.not_in(holidays))
    return list(db.session.scalars(query))


# --- for recognition (wins, badges, feed) -------------------------------------------------------------


def behaviour_in_organisation(behaviour_id: int, organisation_id: int) -> bool:
    """Whether a behaviour (archived or not) belongs to this organisation: a badge may name it."""
    behaviour = db.session.get(Behaviour, behaviour_id)
    return behaviour is not None and behaviour.organisation_id == organisation_id


def behaviour_names(behaviour_ids: Iterable[int], locale: str) -> dict[int, str]:
    """The names of these behaviours (archived ones too) in a language, by id: for a voice that links one."""
    ids = list(behaviour_ids)
    if not ids:
        return {}
    return {b.id: b.name(locale) for b in db.session.scalars(select(Behaviour).where(Behaviour.id.in_(ids)))}


def checkin_person(checkin_id: int, organisation_id: int) -> int | None:
    """Whose check-in this is, when it is one of this organisation's; None otherwise (an award may link it)."""
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.organisation_id != organisation_id:
        return None
    return checkin.user_id


def week_start(day: date) -> date:
    """The Monday of a day's ISO week: the weeks that streaks and consistency count in."""
    return streaks.week_start(day)


@dataclass(frozen=True)
class StreakUnit:
    """What a behaviour's streak counts: days (daily, weekdays, chosen days) or weeks (N per week)."""

    unit: str  # "day" | "week"
    per_week: int  # the streak's periods in one week: 1 for a weekly cadence

    def in_weeks(self, streak: int) -> float:
        """A streak's length in weeks, e.g. 50 weekdays in a row are 10 weeks."""
        return streak / self.per_week


def streak_units(behaviour_ids: Iterable[int]) -> dict[int, StreakUnit]:
    """Per behaviour, the unit its streak counts in: one query for a batch (the fold's receivers)."""
    rows = db.session.execute(
        select(Behaviour.id, Behaviour.cadence, Behaviour.days_of_week).where(Behaviour.id.in_(set(behaviour_ids)))
    )
    return {behaviour_id: _streak_unit(cadence, days) for behaviour_id, cadence, days in rows}


def _streak_unit(cadence: str, days_of_week: list[int] | None) -> StreakUnit:
    if cadence == streaks.TIMES_PER_WEEK:
        return StreakUnit("week", 1)
    per_week = {streaks.DAILY: 7, streaks.WEEKDAYS: 5}.get(cadence) or max(1, len(days_of_week or []))
    return StreakUnit("day", per_week)


@dataclass(frozen=True)
class Streak:
    """A person's streak on one behaviour today, by rhythm's own rules (rhythm/streaks.py)."""

    behaviour: Behaviour  # names in both languages and the icon, for display
    current: int
    longest: int
    unit: str  # "day" | "week"


def todays_streaks(person: User) -> list[Streak]:
    """The current and longest streak of each behaviour that applies to a person, in a stable order.

    Reads only: it never takes the lock a concurrent check-in holds."""
    behaviours = service.applicable_behaviours(person)
    rhythms = service.rhythms_for(person, behaviours, local_today(person.time_zone))
    return [
        Streak(
            behaviour,
            rhythms[behaviour.id].current,
            rhythms[behaviour.id].longest,
            "week" if behaviour.cadence == streaks.TIMES_PER_WEEK else "day",
        )
        for behaviour in behaviours
    ]


# --- for push (reminders, summaries) -------------------------------------------------------------------


def today_for(user: User, now: datetime | None = None) -> service.Today:
    """The person's Today as their app shows it: away or not, and per behaviour its rhythm (due, done, streak)."""
    return service.today_for(user, now)


def is_away(user: User, day: date) -> bool:
    """Whether the person is away that day (their own away day or an organisation holiday)."""
    return bool(service.away_days(user, day, day))


def checkins_between(user_ids: Select | Iterable[int], since: date, until: date) -> tuple[int, int]:
    """Check-ins of these people on the local days [since, until], and how many of them checked in at all."""
    count, people = db.session.execute(
        select(func.count(CheckIn.id), func.count(func.distinct(CheckIn.user_id))).where(
            CheckIn.user_id.in_(user_ids), CheckIn.occurred_on >= since, CheckIn.occurred_on <= until
        )
    ).one()
    return count, people


# --- for admin (exports, erasure) -----------------------------------------------------------------------
# Admin folds pending taps with catch_up() above before it erases or exports a person or the organisation;
# rhythm's own part of erasure, exports, retention and loaded holidays answers admin's signals
# (rhythm/receivers.py): admin reads no rhythm table.


# --- for integrations (a CRM's mapping rules, a streak's name on a channel) -----------------------


def behaviour_in(organisation_id: int, behaviour_id: int) -> Behaviour | None:
    """One behaviour of this organisation (archived too), or None."""
    found = db.session.get(Behaviour, behaviour_id)
    return found if found is not None and found.organisation_id == organisation_id else None


# --- for challenges -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """When a check-in reached the server, whether it was made on a later day than it counts for (a
    back-fill or an offline tap sent late), and where it came from ("app", or "import" for history)."""

    received_at: datetime
    late: bool
    source: str


def receipts(checkin_ids: Iterable[int]) -> dict[int, Receipt]:
    """Per check-in id, its receipt (one query for a fold's batch)."""
    ids = list(checkin_ids)
    if not ids:
        return {}
    return {
        checkin_id: Receipt(received_at, bool(late), source)
        for checkin_id, received_at, late, source in db.session.execute(
            select(CheckIn.id, CheckIn.received_at, CheckIn.late, CheckIn.source).where(CheckIn.id.in_(ids))
        )
    }


def behaviours_of_teams(team_ids: Iterable[int]) -> dict[int, list[Behaviour]]:
    """Per team, its active behaviours in a stable order (one query for many teams)."""
    found: dict[int, list[Behaviour]] = defaultdict(list)
    ids = list(team_ids)
    if not ids:
        return found
    for team_id, behaviour in db.session.execute(
        select(BehaviourTeam.team_id, Behaviour)
        .join(Behaviour, Behaviour.id == BehaviourTeam.behaviour_id)
        .where(BehaviourTeam.team_id.in_(ids), Behaviour.archived_at.is_(None), MEMBERS_DO)
        .order_by(BehaviourTeam.team_id, Behaviour.id)
    ):
        found[team_id].append(behaviour)
    return found


def organisation_away(
    organisation_id: int, since: date, until: date
) -> tuple[dict[int, dict[date, str | None]], list[date]]:
    """Everyone's away days in [since, until] and the organisation's holidays (away for all): for a whole
    organisation at once, without naming each person (a challenge of 10,000 people)."""
    away: dict[int, dict[date, str | None]] = defaultdict(dict)
    for user_id, day, kind in db.session.execute(
        select(AwayDay.user_id, AwayDay.day, AwayDay.kind).where(
            AwayDay.organisation_id == organisation_id, AwayDay.day >= since, AwayDay.day <= until
        )
    ):
        away[user_id][day] = kind
    return away, _holidays(organisation_id, since, until)


def organisation_behaviours(organisation_id: int, behaviour_ids: Iterable[int]) -> list[Behaviour]:
    """Of these ids, the organisation's active behaviours (a challenge may choose them)."""
    ids = list(behaviour_ids)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Behaviour)
            .where(Behaviour.id.in_(ids), Behaviour.organisation_id == organisation_id, Behaviour.archived_at.is_(None))
            .order_by(Behaviour.id)
        )
    )


def checkins_of(user_ids: list[int], since: date, until: date) -> list[tuple[int, int, date, datetime, bool, str]]:
    """(person, behaviour, local day, received at, late, source) of a few people's check-ins in [since,
    until] (a duel of two: challenges filters what counts with its own rules)."""
    if not user_ids:
        return []
    return [
        (user_id, behaviour_id, day, received_at, bool(late), source)
        for user_id, behaviour_id, day, received_at, late, source in db.session.execute(
            select(
                CheckIn.user_id,
                CheckIn.behaviour_id,
                CheckIn.occurred_on,
                CheckIn.received_at,
                CheckIn.late,
                CheckIn.source,
            ).where(CheckIn.user_id.in_(user_ids), CheckIn.occurred_on >= since, CheckIn.occurred_on <= until)
        )
    ]

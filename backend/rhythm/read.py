"""Rhythm's read API: what other domains may know about check-ins, behaviours and rhythms.

Other domains (boards, recognition, push, admin, …) read rhythm only through this module and never
import rhythm's models, service or fold directly; they change rhythm's data only by sending a signal
(backend/signals.py). Everything here reads; nothing writes, except that catching up the fold
(rhythm/fold.py) settles pending taps into the aggregates before a board is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from backend.accounts.models import User
from backend.extensions import db
from backend.rhythm import fold, service, streaks
from backend.rhythm.models import Behaviour, CheckIn
from backend.timeutil import local_today

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


# --- for recognition (wins, badges, feed) -------------------------------------------------------------


def behaviour_in_organisation(behaviour_id: int, organisation_id: int) -> bool:
    """Whether a behaviour (archived or not) belongs to this organisation: a badge may name it."""
    behaviour = db.session.get(Behaviour, behaviour_id)
    return behaviour is not None and behaviour.organisation_id == organisation_id


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


# --- for admin (exports, erasure) -----------------------------------------------------------------------

"""Rhythm's read API: what other domains may know about check-ins, behaviours and rhythms.

Other domains (boards, recognition, push, admin, …) read rhythm only through this module and never
import rhythm's models, service or fold directly; they change rhythm's data only by sending a signal
(backend/signals.py). Everything here reads; nothing writes, except that catching up the fold
(rhythm/fold.py) settles pending taps into the aggregates before a board is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Select, func, select

from backend.accounts.models import User
from backend.extensions import db
from backend.rhythm import fold, service
from backend.rhythm.models import CheckIn

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

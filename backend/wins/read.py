"""Wins' read API: what badges and the feed may know about wins, credits and applause.

Other domains read wins only through this module (never wins' models or service) and change them
only by sending a signal. Everything here reads. Wins are the base of recognition, so the rule of who
moderates recognition (hides, confirms, awards, decides) is here too, for badges and the feed alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from backend.accounts.models import User
from backend.errors import NotFound
from backend.extensions import db
from backend.wins import schemas, service
from backend.wins.models import Applause, Win, WinCredit

# --- people ---------------------------------------------------------------------------------

is_manager_of = service.is_manager_of  # (actor, person): a manager of a team the person is in
can_moderate = service.can_moderate  # (actor, people): admins, and managers (by role) of one of these people
can_see_hidden = service.can_see_hidden  # (actor, win): its author and its moderators


def person(actor: User, user_id: int) -> User:
    """A person of the actor's organisation; any other id is 'not found'."""
    found = db.session.get(User, user_id)
    if found is None or found.organisation_id != actor.organisation_id:
        raise NotFound()
    return found


# --- JSON: the shapes badges and the feed nest ----------------------------------------------

WinSchema = schemas.Win  # a win with its credits, confirmation and applause, as the signed-in person sees it
person_ref = schemas.person_ref  # (user) -> {"id", "name"} or None
applause_of = schemas.applause_of  # (win or award) -> applause_count, applauded_by_me, applauded_by

# Loader options, so that nested wins and applause read in a fixed number of statements:
# e.g. selectinload(FeedEvent.win).options(*WIN_LOADS).
APPLAUSE_LOADS = (selectinload(Applause.user),)
WIN_LOADS = (
    selectinload(Win.author),
    selectinload(Win.credits).selectinload(WinCredit.user),
    selectinload(Win.applause).options(*APPLAUSE_LOADS),
    selectinload(Win.confirmed_by),
)


# --- wins -----------------------------------------------------------------------------------


def people_on_win(actor: User, win_id: int) -> set[int]:
    """The author and the credited of a win the actor may see ('not found' otherwise)."""
    win = service.get_win(actor, win_id)
    return {win.author_id, *(credit.user_id for credit in win.credits)}


def wins_of(person_id: int, limit: int) -> list[Win]:
    """A person's wins, logged or credited, newest first, loaded for WinSchema (hidden ones included)."""
    credited = select(WinCredit.win_id).where(WinCredit.user_id == person_id)
    return list(
        db.session.scalars(
            select(Win)
            .where(or_(Win.author_id == person_id, Win.id.in_(credited)))
            .options(*WIN_LOADS)
            .order_by(Win.created_at.desc(), Win.id.desc())
            .limit(limit)
        )
    )


def authored_win_ids(user_id: int):
    """A SELECT of the ids of the wins a person logged (for IN (…) in another domain's statement)."""
    return select(Win.id).where(Win.author_id == user_id)


def credited_win_ids(user_ids):
    """A SELECT of the ids of the wins one person (an id) or several (ids or a SELECT of ids) are credited in."""
    if isinstance(user_ids, int):
        return select(WinCredit.win_id).where(WinCredit.user_id == user_ids)
    return select(WinCredit.win_id).where(WinCredit.user_id.in_(user_ids))


def hidden_win_ids(organisation_id: int):
    """A SELECT of the ids of an organisation's hidden wins."""
    return select(Win.id).where(Win.organisation_id == organisation_id, Win.hidden_at.is_not(None))


# --- counts (the automatic badges' criteria, a profile's numbers) ---------------------------


def wins_between(user_ids: Iterable[int], since: datetime, until: datetime) -> int:
    """Visible wins these people logged or are credited in, logged in [since, until) (a weekly summary)."""
    ids = list(user_ids)
    if not ids:
        return 0
    return db.session.scalar(
        select(func.count(func.distinct(Win.id))).where(
            or_(Win.author_id.in_(ids), Win.id.in_(credited_win_ids(ids))),
            Win.hidden_at.is_(None),
            Win.created_at >= since,
            Win.created_at < until,
        )
    )


def count(user_id: int, what: str) -> int:
    """How many wins a person logged ("wins"), is credited in ("credited_wins"), or has confirmed, as
    author or credited ("confirmed_wins")."""
    if what == "wins":
        query = select(func.count()).select_from(Win).where(Win.author_id == user_id)
    elif what == "credited_wins":
        query = select(func.count()).select_from(WinCredit).where(WinCredit.user_id == user_id)
    elif what == "confirmed_wins":
        query = (
            select(func.count())
            .select_from(Win)
            .where(Win.confirmed_at.is_not(None), or_(Win.author_id == user_id, Win.id.in_(credited_win_ids(user_id))))
        )
    else:
        raise ValueError(what)
    return db.session.scalar(query) or 0


def applause_received(user_id: int, award_ids) -> int:
    """Applause for a person's wins and for their badge awards (award_ids: ids or a SELECT of ids)."""
    on_wins = authored_win_ids(user_id)
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Applause)
            .where(or_(Applause.win_id.in_(on_wins), Applause.award_id.in_(award_ids)))
        )
        or 0
    )


# --- recognition received since a moment (the feed's coverage) ------------------------------


def applause_since(user_ids: list[int], since: datetime) -> list[tuple[int, datetime]]:
    """(author, when) for each applause the wins of these people received since a moment."""
    return db.session.execute(
        select(Win.author_id, Applause.created_at)
        .join(Win, Win.id == Applause.win_id)
        .where(Win.author_id.in_(user_ids), Applause.created_at >= since)
    ).all()


def award_applause_since(award_ids: Iterable[int], since: datetime) -> list[tuple[int, datetime]]:
    """(award, when) for each applause these badge awards received since a moment."""
    return db.session.execute(
        select(Applause.award_id, Applause.created_at).where(
            Applause.award_id.in_(list(award_ids)), Applause.created_at >= since
        )
    ).all()


def confirmations_since(user_ids: list[int], since: datetime) -> list[tuple[int, datetime]]:
    """(person, when) for each win confirmed since a moment that these people logged or are credited in."""
    rows = db.session.execute(
        select(Win.author_id, Win.confirmed_at).where(Win.author_id.in_(user_ids), Win.confirmed_at >= since)
    ).all()
    rows += db.session.execute(
        select(WinCredit.user_id, Win.confirmed_at)
        .join(Win, Win.id == WinCredit.win_id)
        .where(WinCredit.user_id.in_(user_ids), Win.confirmed_at >= since)
    ).all()
    return rows


# --- wins as an outcome ('Wat werkt') -------------------------------------------------------


def _of_people(user_ids: list[int]):
    return or_(Win.author_id.in_(user_ids), Win.id.in_(credited_win_ids(user_ids)))


def first_win_at(user_ids: list[int]) -> datetime | None:
    """When the first win these people logged or are credited in was logged: from then on they use wins,
    so a week without one is a week with none (before it, a week says nothing)."""
    if not user_ids:
        return None
    return db.session.scalar(select(func.min(Win.created_at)).where(_of_people(user_ids)))


def confirmed_win_times(user_ids: list[int], since: datetime, until: datetime) -> list[datetime]:
    """When each confirmed, not hidden win these people logged or are credited in was logged, in
    [since, until): one instant per win, however many of them share it."""
    if not user_ids:
        return []
    return list(
        db.session.scalars(
            select(Win.created_at).where(
                _of_people(user_ids),
                Win.confirmed_at.is_not(None),
                Win.hidden_at.is_(None),
                Win.created_at >= since,
                Win.created_at < until,
            )
        )
    )


# --- picking a win (linking a customer voice to it) -----------------------------------------


def search(actor: User, text: str | None, limit: int = 20) -> list[Win]:
    """The organisation's wins the actor may link to (not hidden), newest first; with `text`, only those
    whose text or customer holds it (case-insensitive)."""
    query = select(Win).where(Win.organisation_id == actor.organisation_id, Win.hidden_at.is_(None))
    text = (text or "").strip()
    if text:
        needle = text.lower()
        query = query.where(
            or_(
                func.lower(Win.text).contains(needle, autoescape=True),
                func.lower(Win.customer).contains(needle, autoescape=True),
            )
        )
    return list(
        db.session.scalars(
            query.options(selectinload(Win.author)).order_by(Win.created_at.desc(), Win.id.desc()).limit(limit)
        )
    )


def credits_since(user_ids: list[int], since: datetime) -> list[tuple[int, datetime]]:
    """(person, when) for each win logged since a moment that credits these people."""
    return db.session.execute(
        select(WinCredit.user_id, Win.created_at)
        .join(Win, Win.id == WinCredit.win_id)
        .where(WinCredit.user_id.in_(user_ids), Win.created_at >= since)
    ).all()

"""Badges' read API: what wins and the feed may know about badge awards.

Other domains read badges only through this module (never badges' models or service) and change
them only by sending a signal. Everything here reads.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.badges import automatic, schemas, service
from backend.badges.models import BadgeAward
from backend.extensions import db
from backend.wins import read as wins

AwardSchema = schemas.Award  # a badge award with its reason and applause, as the signed-in person sees it

# Loader options, so that nested awards read in a fixed number of statements:
# e.g. selectinload(FeedEvent.award).options(*AWARD_LOADS).
AWARD_LOADS = (
    selectinload(BadgeAward.badge),
    selectinload(BadgeAward.awarded_by),
    selectinload(BadgeAward.applause).options(*wins.APPLAUSE_LOADS),
)

award = service.get_award  # (actor, award_id): an award of the actor's organisation, else 'not found'
count_for = automatic.count_for  # (person, criterion): wins, credited_wins, confirmed_wins or applause received


def awards_of(person_id: int) -> list[BadgeAward]:
    """Every badge a person received, newest first, loaded for AwardSchema."""
    return list(
        db.session.scalars(
            select(BadgeAward)
            .where(BadgeAward.user_id == person_id)
            .options(*AWARD_LOADS)
            .order_by(BadgeAward.created_at.desc(), BadgeAward.id.desc())
        )
    )


def received_award_ids(user_id: int):
    """A SELECT of the ids of the awards a person received (for IN (…) in another domain's statement)."""
    return select(BadgeAward.id).where(BadgeAward.user_id == user_id)


def award_recipients(user_ids: list[int]) -> dict[int, int]:
    """{award id: recipient} for every award these people received."""
    rows = db.session.execute(select(BadgeAward.id, BadgeAward.user_id).where(BadgeAward.user_id.in_(user_ids)))
    return dict(rows.all())


def awards_since(user_ids: list[int], since: datetime) -> list[tuple[int, datetime]]:
    """(recipient, when) for each badge these people received since a moment."""
    return db.session.execute(
        select(BadgeAward.user_id, BadgeAward.created_at).where(
            BadgeAward.user_id.in_(user_ids), BadgeAward.created_at >= since
        )
    ).all()

"""The celebration feed: wins, badge awards, streak milestones and team goals, newest first, paged by
a cursor that stays put when newer lines arrive.

Its lines are written by the receivers (receivers.py) as wins, badges, check-ins and team goals
happen; a line's win or award is read through wins/read.py and badges/read.py. Notifications are in
notifications.py, colleagues, profiles and coverage in people.py.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from backend.accounts.models import Membership, Team, User
from backend.badges import read as badges
from backend.errors import DomainError, NotFound
from backend.extensions import db
from backend.feed.models import FeedEvent
from backend.i18n import translate
from backend.wins import read as wins

FEED_PAGE = 20


def encode_cursor(event: FeedEvent) -> str:
    raw = f"{event.created_at.astimezone(UTC).isoformat()}|{event.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        instant, event_id = raw.split("|")
        moment = datetime.fromisoformat(instant)
        if moment.tzinfo is None:
            raise ValueError
        return moment, int(event_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise DomainError("validation_failed", 422, fields={"cursor": [translate("bad_cursor")]}) from None


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedEvent]
    next_cursor: str | None


def feed(
    actor: User, team_id: int | None = None, mine: bool = False, cursor: str | None = None, limit: int = FEED_PAGE
) -> FeedPage:
    """Newest first. Hidden wins are left out for everyone, managers included: the feed is the public
    celebration; moderators still open a hidden win by its id to un-hide it."""
    query = select(FeedEvent).where(
        FeedEvent.organisation_id == actor.organisation_id,
        or_(FeedEvent.win_id.is_(None), FeedEvent.win_id.not_in(wins.hidden_win_ids(actor.organisation_id))),
    )
    if team_id is not None:
        team = db.session.get(Team, team_id)
        if team is None or team.organisation_id != actor.organisation_id:
            raise NotFound()
        members = select(Membership.user_id).where(Membership.team_id == team.id)
        query = query.where(
            or_(
                FeedEvent.user_id.in_(members),
                FeedEvent.team_id == team.id,
                FeedEvent.win_id.in_(wins.credited_win_ids(members)),
            )
        )
    if mine:
        query = query.where(
            or_(
                FeedEvent.user_id == actor.id,
                FeedEvent.win_id.in_(wins.credited_win_ids(actor.id)),
                FeedEvent.team_id.in_(actor.team_ids() or {-1}),
            )
        )
    if cursor:
        moment, event_id = decode_cursor(cursor)
        query = query.where(
            or_(FeedEvent.created_at < moment, and_(FeedEvent.created_at == moment, FeedEvent.id < event_id))
        )
    query = (
        query.order_by(FeedEvent.created_at.desc(), FeedEvent.id.desc())
        .limit(limit + 1)
        .options(
            selectinload(FeedEvent.user),
            selectinload(FeedEvent.team),
            selectinload(FeedEvent.behaviour),
            selectinload(FeedEvent.win).options(*wins.WIN_LOADS),
            selectinload(FeedEvent.award).options(*badges.AWARD_LOADS),
        )
    )
    events = list(db.session.scalars(query))
    more = len(events) > limit
    events = events[:limit]
    return FeedPage(events, encode_cursor(events[-1]) if more and events else None)

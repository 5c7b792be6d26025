"""The celebration feed's lines and each person's in-app notifications."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import Team, User
from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:  # read through these relationships to show a line; never written here
    from backend.badges.models import BadgeAward
    from backend.rhythm.models import Behaviour
    from backend.wins.models import Win


class FeedKind(enum.StrEnum):
    WIN = "win"
    AWARD = "award"
    MILESTONE = "milestone"
    TEAM_GOAL = "team_goal"
    CHALLENGE = "challenge"


class FeedEvent(db.Model):
    """One line of the celebration feed. ``dedupe_key`` keeps a milestone or goal to one line."""

    __table_args__ = (
        UniqueConstraint("organisation_id", "dedupe_key"),
        Index("ix_feed_event_org_order", "organisation_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    win_id: Mapped[int | None] = mapped_column(ForeignKey("win.id", ondelete="CASCADE"), index=True)
    award_id: Mapped[int | None] = mapped_column(ForeignKey("badge_award.id", ondelete="CASCADE"), index=True)
    behaviour_id: Mapped[int | None] = mapped_column(ForeignKey("behaviour.id", ondelete="CASCADE"))
    milestone: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(String(200))
    dedupe_key: Mapped[str | None] = mapped_column(String(80))
    # Challenges live in their own package; the reference stays a plain id so neither imports the other's models.
    challenge_id: Mapped[int | None] = mapped_column(Integer)

    user: Mapped[User | None] = relationship()
    team: Mapped[Team | None] = relationship()
    win: Mapped[Win | None] = relationship()
    award: Mapped[BadgeAward | None] = relationship()
    behaviour: Mapped[Behaviour | None] = relationship()


class Notification(db.Model):
    """In-app news for one person: applause, credits, confirmations, badges, nominations, replies."""

    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    win_id: Mapped[int | None] = mapped_column(ForeignKey("win.id", ondelete="CASCADE"))
    award_id: Mapped[int | None] = mapped_column(ForeignKey("badge_award.id", ondelete="CASCADE"))
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"))
    # Reflections live in their own package; the reference stays a plain id so neither imports the other.
    reflection_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])

"""Customer voice: what a customer said (a quote, an NPS comment, a testimonial), shared by anyone or imported."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import Team, User
from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class Channel(enum.StrEnum):
    CALL = "call"
    VISIT = "visit"
    EMAIL = "email"
    SURVEY = "survey"
    CHAT = "chat"
    REVIEW = "review"
    OTHER = "other"


class Source(enum.StrEnum):
    SHARED = "shared"  # someone typed it
    IMPORT = "import"  # a row of an NPS survey export


class CustomerVoice(db.Model):
    """One thing a customer said. The quote and customer go after the organisation's retention period
    (like notes); the score, day, channel and department stay, for the outcomes."""

    __table_args__ = (
        UniqueConstraint("organisation_id", "client_id"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 10)", name="score_range"),
        Index("ix_customer_voice_org_created", "organisation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    client_id: Mapped[str] = mapped_column(String(36))
    source: Mapped[str] = mapped_column(String(12), default=Source.SHARED.value)
    quote: Mapped[str | None] = mapped_column(Text)
    customer: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(12))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    score: Mapped[int | None] = mapped_column(Integer)
    behaviour_id: Mapped[int | None] = mapped_column(ForeignKey("behaviour.id", ondelete="SET NULL"))
    win_id: Mapped[int | None] = mapped_column(ForeignKey("win.id", ondelete="SET NULL"))
    said_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pinned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    pinned_by: Mapped[User | None] = relationship(foreign_keys=[pinned_by_id])
    team: Mapped[Team | None] = relationship()

"""The weekly reflection of one person and the coaching thread under it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import User
from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class Reflection(db.Model):
    """One answer per person and ISO week. ``answer`` is NULL once retention removed the text."""

    __table_args__ = (
        UniqueConstraint("user_id", "week_start"),
        Index("ix_reflection_org_created", "organisation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # Monday of the ISO week reflected on (the Friday-to-Monday window belongs to the week it starts in).
    week_start: Mapped[date] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    text_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    replies: Mapped[list[ReflectionReply]] = relationship(
        back_populates="reflection", cascade="all, delete-orphan", order_by="ReflectionReply.id"
    )


class ReflectionReply(db.Model):
    """A message in the week's coaching thread: the manager's reply, or the rep answering it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflection.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reflection: Mapped[Reflection] = relationship(back_populates="replies")
    author: Mapped[User | None] = relationship()

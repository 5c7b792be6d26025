"""Customer wins, the colleagues credited in them, and applause (for a win or a badge award)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import User
from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from backend.badges.models import BadgeAward


class ImpactArea(enum.StrEnum):
    PRODUCT = "product"
    FINANCE = "finance"
    CUSTOMER_SERVICE = "customer_service"
    OPERATIONS = "operations"
    HR = "hr"
    SALES = "sales"
    OTHER = "other"


class Win(db.Model):
    """A customer win anyone logs; credited colleagues share it. Hidden wins stay, with who hid them."""

    __table_args__ = (
        UniqueConstraint("author_id", "client_id"),
        Index("ix_win_org_created", "organisation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(36))
    text: Mapped[str] = mapped_column(Text)
    customer: Mapped[str | None] = mapped_column(String(200))
    impact_area: Mapped[str] = mapped_column(String(24))
    evidence: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    hidden_by: Mapped[User | None] = relationship(foreign_keys=[hidden_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    credits: Mapped[list[WinCredit]] = relationship(
        back_populates="win", cascade="all, delete-orphan", order_by="WinCredit.id"
    )
    applause: Mapped[list[Applause]] = relationship(
        back_populates="win", cascade="all, delete-orphan", order_by="Applause.id"
    )

    @property
    def credited(self) -> list[User]:
        return [credit.user for credit in self.credits]

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None


class WinCredit(db.Model):
    """A colleague credited in a win."""

    __table_args__ = (UniqueConstraint("win_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    win_id: Mapped[int] = mapped_column(ForeignKey("win.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)

    win: Mapped[Win] = relationship(back_populates="credits")
    user: Mapped[User] = relationship()


class Applause(db.Model):
    """One person's applause for a win or a badge award (badges/models.py): once each, by constraint.

    Wins keep applause for both targets in this one table; `BadgeAward.applause` reads it back."""

    __table_args__ = (
        UniqueConstraint("user_id", "win_id"),
        UniqueConstraint("user_id", "award_id"),
        CheckConstraint("(win_id IS NULL) <> (award_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    win_id: Mapped[int | None] = mapped_column(ForeignKey("win.id", ondelete="CASCADE"), index=True)
    award_id: Mapped[int | None] = mapped_column(ForeignKey("badge_award.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    win: Mapped[Win | None] = relationship(back_populates="applause")
    award: Mapped[BadgeAward | None] = relationship(back_populates="applause")

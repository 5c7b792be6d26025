"""Badges, their awards (manual or automatic), nominations, and each week's best consistency."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import User
from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from backend.wins.models import Applause


class BadgeKind(enum.StrEnum):
    MANUAL = "manual"
    AUTOMATIC = "automatic"


class Criterion(enum.StrEnum):
    """What earns an automatic badge; `threshold` (and `weeks`, `behaviour_id`) say how much."""

    STREAK = "streak"  # current streak ≥ threshold, on behaviour_id or on any behaviour
    CONSISTENCY = "consistency"  # consistency ≥ threshold % in each of `weeks` ISO weeks in a row
    WINS = "wins"  # wins logged ≥ threshold
    CREDITED_WINS = "credited_wins"  # credited in ≥ threshold wins of colleagues
    CONFIRMED_WINS = "confirmed_wins"  # ≥ threshold wins (own or credited) that a customer noticed
    APPLAUSE = "applause"  # applause received ≥ threshold
    TEAM_GOAL = "team_goal"  # a member of a team that reached its goal


class NominationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class Badge(db.Model):
    __table_args__ = (
        UniqueConstraint("organisation_id", "name_nl"),
        CheckConstraint("kind IN ('manual', 'automatic')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name_nl: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80), default="")
    description_nl: Mapped[str] = mapped_column(String(500), default="")
    description_en: Mapped[str] = mapped_column(String(500), default="")
    emoji: Mapped[str] = mapped_column(String(16), default="🏅")
    kind: Mapped[str] = mapped_column(String(16), default=BadgeKind.MANUAL.value)
    criterion: Mapped[str | None] = mapped_column(String(24))
    threshold: Mapped[int | None] = mapped_column(Integer)
    weeks: Mapped[int | None] = mapped_column(Integer)
    behaviour_id: Mapped[int | None] = mapped_column(ForeignKey("behaviour.id", ondelete="SET NULL"))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_nl

    def description(self, locale: str) -> str:
        return self.description_en if locale == "en" and self.description_en else self.description_nl


class BadgeAward(db.Model):
    """A badge given to a person: by a manager with a reason, or automatically by a criterion.

    ``auto_key`` is NULL for manual awards (a badge may be given again for new behaviour) and names the
    criterion for automatic ones, so the unique constraint keeps an automatic award to exactly one per
    person and criterion, also when two check-ins race. Its applause is kept by wins (wins/models.py).
    """

    __table_args__ = (
        UniqueConstraint("badge_id", "user_id", "auto_key"),
        Index("ix_badge_award_org_created", "organisation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    badge_id: Mapped[int] = mapped_column(ForeignKey("badge.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    awarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    auto_key: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("check_in.id", ondelete="SET NULL"))
    win_id: Mapped[int | None] = mapped_column(ForeignKey("win.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    badge: Mapped[Badge] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    awarded_by: Mapped[User | None] = relationship(foreign_keys=[awarded_by_id])
    applause: Mapped[list[Applause]] = relationship(
        back_populates="award", cascade="all, delete-orphan", order_by="Applause.id"
    )


class Nomination(db.Model):
    """A colleague proposes a manual badge for someone; a manager of that person decides."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    badge_id: Mapped[int] = mapped_column(ForeignKey("badge.id", ondelete="CASCADE"))
    nominee_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=NominationStatus.PENDING.value)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    award_id: Mapped[int | None] = mapped_column(ForeignKey("badge_award.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    badge: Mapped[Badge] = relationship()
    nominee: Mapped[User] = relationship(foreign_keys=[nominee_id])
    nominated_by: Mapped[User | None] = relationship(foreign_keys=[nominated_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class BadgeConsistencyWeek(db.Model):
    """The best consistency a person reached on a behaviour in an ISO week, for 'N weeks in a row'."""

    __table_args__ = (UniqueConstraint("user_id", "behaviour_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    behaviour_id: Mapped[int] = mapped_column(ForeignKey("behaviour.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)
    best: Mapped[int] = mapped_column(Integer, default=0)

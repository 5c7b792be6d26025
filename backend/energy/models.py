"""The energy pulse: the organisation's switch, each person's private weekly answer, and the frozen aggregates.

Only this package reads energy_answer. Other domains get the aggregates through read.py, never an answer.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class EnergySettings(db.Model):
    """Off unless an admin turns it on (the works council has a say first, docs/privacy.md)."""

    __table_args__ = (CheckConstraint("threshold >= 5", name="threshold_at_least_5"),)

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The least number of people who answered before a group's numbers are shown; never below 5.
    threshold: Mapped[int] = mapped_column(Integer, default=5)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class EnergyAnswer(db.Model):
    """One person's answer for one ISO week of their own calendar. Seen by nobody but that person."""

    __table_args__ = (
        UniqueConstraint("user_id", "week_start"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level_1_to_5"),
        Index("ix_energy_answer_org_week", "organisation_id", "week_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # Monday of the person's ISO week, in their own time zone.
    week_start: Mapped[date] = mapped_column(Date)
    level: Mapped[int] = mapped_column(Integer)
    # Factor codes (service.FACTORS), comma-separated; never free text.
    gave: Mapped[str] = mapped_column(String(120), default="")
    cost: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EnergyWeek(db.Model):
    """A closed week whose aggregates were computed once and frozen (rows in energy_aggregate, maybe none)."""

    __table_args__ = (UniqueConstraint("organisation_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)
    threshold: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EnergyAggregate(db.Model):
    """A group's numbers for a closed week, stored only when anonymity.publishable chose the group.
    No person's id is kept: who was in the group is not stored."""

    __table_args__ = (UniqueConstraint("week_id", "scope", "scope_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("energy_week.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(16))  # organisation | department | team
    scope_key: Mapped[str] = mapped_column(String(32))  # "" | team kind | team id
    respondents: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)  # sum of the levels
    gave: Mapped[dict] = mapped_column(JSON, default=dict)  # factor code -> how many picked it
    cost: Mapped[dict] = mapped_column(JSON, default=dict)

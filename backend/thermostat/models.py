"""Thermostat rounds: a team answers three questions, the manager drafts a standard, the team recognises it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import Team
from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class ThermostatRound(db.Model):
    """One team round for a month or quarter.

    `open_team_id` is the team's id while the round is open and NULL once it is agreed or closed: its unique
    constraint lets the database keep the promise of one open round per team (NULLs never collide).
    The draft (behaviour, statement, kind, target) is the standard the manager proposes; `starts_on` is the
    first day of the period it became the team goal for, set on agreement.
    """

    __table_args__ = (CheckConstraint("target IS NULL OR target >= 1", name="target_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    open_team_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    period: Mapped[str] = mapped_column(String(8))  # month | quarter
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answers_due: Mapped[datetime] = mapped_column(UTCDateTime)
    behaviour_id: Mapped[int | None] = mapped_column(ForeignKey("behaviour.id", ondelete="SET NULL"))
    statement: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str | None] = mapped_column(String(32))
    target: Mapped[int | None] = mapped_column(Integer)
    drafted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    starts_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()


class ThermostatAnswer(db.Model):
    """A member's answers to the three questions and the standard they propose (one per round, editable)."""

    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("thermostat_round.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    now: Mapped[str] = mapped_column(String(1000))
    ahead: Mapped[str] = mapped_column(String(1000))
    holding: Mapped[str] = mapped_column(String(1000))
    behaviour_id: Mapped[int | None] = mapped_column(ForeignKey("behaviour.id", ondelete="SET NULL"))
    statement: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(32))
    target: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThermostatConfirmation(db.Model):
    """A member's answer to the draft: "ik herken me hierin", or not and why. Cleared when the draft changes."""

    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("thermostat_round.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    agrees: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(500), default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

"""Team goals: the team's shared thermostat for one period."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import Team
from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class TeamGoal(db.Model):
    """The team's shared thermostat for one period: N% of the rhythm met, or N customer-facing check-ins.

    `reached_at` is set once, by a conditional update, so the celebration signal goes out exactly once.
    """

    __table_args__ = (
        UniqueConstraint("team_id", "period", "starts_on"),
        CheckConstraint("target >= 1", name="target_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))  # week | month | quarter
    starts_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))  # rhythm_share | customer_facing_checkins
    target: Mapped[int] = mapped_column(Integer)
    # The words of a standard the team agreed on (thermostat), shown above the progress; None for a plain goal.
    title: Mapped[str | None] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()

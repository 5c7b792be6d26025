"""Outcomes: weekly figures that the organisation names (qualified appointments, deals won, renewal rate…), per
team or per person, entered by a manager, imported from CSV or posted by a CRM rule. 'Wat werkt' compares them
with the team's rhythm, and a person's own figures with their own rhythm (stats.py, docs/what-works.md)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class OutcomeMeasure(db.Model):
    """An outcome the organisation tracks per team and week, named by an admin."""

    __table_args__ = (UniqueConstraint("organisation_id", "name_nl"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    name_nl: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    # How person figures make the team's week: "sum" (counts: appointments, deals) or "average" (rates).
    combine: Mapped[str] = mapped_column(String(8), default="sum", server_default="sum")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_nl


class OutcomeValue(db.Model):
    """One team's figure for one measure in one ISO week (week_start is its Monday)."""

    __table_args__ = (UniqueConstraint("measure_id", "team_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("outcome_measure.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    week_start: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutcomePersonValue(db.Model):
    """One person's figure for one measure in one ISO week (week_start is its Monday). Visible to that person
    only; others see the team's week derived from it (service.team_weeks). source: manual | import | crm."""

    __table_args__ = (UniqueConstraint("measure_id", "user_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("outcome_measure.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    week_start: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(8), default="manual")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

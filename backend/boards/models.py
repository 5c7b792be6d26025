"""Board aggregates: kept up to date as check-ins are folded in, so no board ever scans check-ins.

All of it is a cache of what check-ins and points say: only aggregates.py writes it, and
`aggregates.rebuild_aggregates` recomputes it (bonus points from wins and badges are kept).
Leaderboards, goals and team rhythm read it (through boards/read.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db


class BoardDay(db.Model):
    """One person's local day: points, check-ins and customer-facing check-ins (team goals, trend)."""

    __table_args__ = (
        UniqueConstraint("user_id", "day"),
        Index("ix_board_day_org_day", "organisation_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # The person's local date (CheckIn.occurred_on): a day belongs to its owner, see docs/privacy.md.
    day: Mapped[date] = mapped_column(Date)
    points: Mapped[float] = mapped_column(Float, default=0.0)
    # The part of `points` that came from wins and badges (points_changed), kept by a rebuild.
    bonus_points: Mapped[float] = mapped_column(Float, default=0.0)
    checkins: Mapped[int] = mapped_column(Integer, default=0)
    customer_facing: Mapped[int] = mapped_column(Integer, default=0)


class BoardTotal(db.Model):
    """One person's totals for one calendar period (week, month, quarter, all): one row per board line."""

    __table_args__ = (
        UniqueConstraint("user_id", "period", "starts_on"),
        Index("ix_board_total_board", "organisation_id", "period", "starts_on", "points", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))
    starts_on: Mapped[date] = mapped_column(Date)
    points: Mapped[float] = mapped_column(Float, default=0.0)
    checkins: Mapped[int] = mapped_column(Integer, default=0)
    customer_facing: Mapped[int] = mapped_column(Integer, default=0)


class BoardTeamTotal(db.Model):
    """A team's points for one calendar period, summed as its members earn them (team boards read 200 rows, not 10,000).

    Points stay with the team a person was in when they earned them; a rebuild re-sums by current membership.
    """

    __table_args__ = (
        UniqueConstraint("team_id", "period", "starts_on"),
        Index("ix_board_team_total_board", "organisation_id", "period", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))
    starts_on: Mapped[date] = mapped_column(Date)
    points: Mapped[float] = mapped_column(Float, default=0.0)


class BoardStanding(db.Model):
    """A person's current consistency: the average over the behaviours that apply to them.

    `consistency` is None for someone with no applicable behaviours: they are not ranked on it.
    """

    __table_args__ = (Index("ix_board_standing_board", "organisation_id", "consistency", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    consistency: Mapped[int | None] = mapped_column(Integer)
    computed_on: Mapped[date] = mapped_column(Date)


class ConsistencyWeek(db.Model):
    """A person's average consistency at the end of an ISO week (the running week: as last computed).

    Movement on the consistency board and the manager's "slipping" hint read these.
    """

    __table_args__ = (
        UniqueConstraint("user_id", "week_start"),
        Index("ix_consistency_week_board", "organisation_id", "week_start", "consistency", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)
    consistency: Mapped[int | None] = mapped_column(Integer)

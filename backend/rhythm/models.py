"""Behaviours, check-ins, away days, and the settled rhythm per person and behaviour."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import Team, User
from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class BehaviourTeam(db.Model):
    __table_args__ = (UniqueConstraint("behaviour_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    behaviour_id: Mapped[int] = mapped_column(ForeignKey("behaviour.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)


class BehaviourText:
    """A behaviour's name and description in the reader's language: for the model and its view alike."""

    __slots__ = ()  # so that the view (rhythm/queries.py) keeps its slots

    name_nl: str
    name_en: str
    description_nl: str
    description_en: str

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_nl

    def description(self, locale: str) -> str:
        return self.description_en if locale == "en" and self.description_en else self.description_nl


class Behaviour(BehaviourText, db.Model):
    __table_args__ = (
        CheckConstraint("points BETWEEN 1 AND 100", name="points_range"),
        CheckConstraint("times_per_week IS NULL OR times_per_week BETWEEN 1 AND 7", name="times_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name_nl: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    description_nl: Mapped[str] = mapped_column(String(500), default="")
    description_en: Mapped[str] = mapped_column(String(500), default="")
    icon: Mapped[str] = mapped_column(String(16), default="✅")
    points: Mapped[int] = mapped_column(Integer, default=10)
    cadence: Mapped[str] = mapped_column(String(16), default="weekdays")
    times_per_week: Mapped[int | None] = mapped_column(Integer)
    # ISO weekdays (1 = Monday) for the days_of_week cadence
    days_of_week: Mapped[list[int]] = mapped_column(JSON, default=list)
    customer_facing: Mapped[bool] = mapped_column(Boolean, default=False)
    # Done by the managers of its teams (coaching), not by the members: leaders go first.
    for_managers: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # [{"key": "budget", "label_nl": "…", "label_en": "…"}], at most six
    checklist: Mapped[list[dict]] = mapped_column(JSON, default=list)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The first local day the behaviour counts for anyone; earlier days are never "missed".
    starts_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    teams: Mapped[list[Team]] = relationship(secondary="behaviour_team", order_by="Team.name")


class CheckIn(db.Model):
    """One behaviour done on one local day.

    Keeps the local date, the server's instant, the device's instant and the time zone, so that
    streaks can always be recomputed exactly, also after the person changes time zone.
    """

    __table_args__ = (
        UniqueConstraint("user_id", "client_id"),
        UniqueConstraint("user_id", "behaviour_id", "occurred_on"),
        Index("ix_check_in_user_occurred", "user_id", "occurred_on"),
        Index("ix_check_in_org_occurred", "organisation_id", "occurred_on"),
        # Only the few check-ins not yet folded in (rhythm/fold.py) are in this index. SQLite uses
        # it only for a WHERE that repeats this condition as written, and SQLAlchemy writes the
        # fold's `pending_fold` test as `pending_fold = 1` there (tests/boards/test_fold.py checks).
        Index(
            "ix_check_in_pending_fold",
            "organisation_id",
            "id",
            sqlite_where=text("pending_fold = 1"),
            postgresql_where=text("pending_fold"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    behaviour_id: Mapped[int] = mapped_column(ForeignKey("behaviour.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(36))
    occurred_on: Mapped[date] = mapped_column(Date)
    time_zone: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Made on a later day than it happened (yesterday back-filled, or sent late from offline).
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(16), default="app")  # app | import
    note: Mapped[str | None] = mapped_column(Text)
    quality: Mapped[dict | None] = mapped_column(JSON)
    quality_score: Mapped[float | None] = mapped_column(Float)
    points: Mapped[float] = mapped_column(Float)
    # A tap leaves the boards and badges to the fold (rhythm/fold.py): true until folded in.
    # Bulk inserts (import, demo) leave it false and rebuild the boards themselves.
    pending_fold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The streak (in the cadence's unit) and score this check-in left, for the milestones and
    # badges the fold grants; None for imported history.
    streak_after: Mapped[int | None] = mapped_column(Integer)
    score_after: Mapped[float | None] = mapped_column(Float)
    # The checkpoint (RhythmState) this tap moved to, stored by the fold; None when it moved none
    # or the tap stored it itself (a first check-in, one in the settled past).
    settled_through: Mapped[date | None] = mapped_column(Date)
    settled_current: Mapped[int | None] = mapped_column(Integer)
    settled_longest: Mapped[int | None] = mapped_column(Integer)
    settled_score: Mapped[float | None] = mapped_column(Float)

    behaviour: Mapped[Behaviour] = relationship()
    user: Mapped[User] = relationship()


class AwayDay(db.Model):
    """A day a person is away; the kind (leave, sick, holiday) only when they chose to say."""

    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str | None] = mapped_column(String(16))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OrganisationHoliday(db.Model):
    """An organisation-wide day off: away for everybody."""

    __table_args__ = (UniqueConstraint("organisation_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(80))


class RhythmState(db.Model):
    """The settled rhythm of one person and behaviour up to ``through`` (see rhythm.streaks).

    A cache of what the check-ins say: deleting a row loses nothing, it is recomputed.
    """

    __table_args__ = (UniqueConstraint("user_id", "behaviour_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    behaviour_id: Mapped[int] = mapped_column(ForeignKey("behaviour.id", ondelete="CASCADE"), index=True)
    # The first day that counts for this person: later of the behaviour's start and their own,
    # or earlier when history was imported.
    starts_on: Mapped[date] = mapped_column(Date)
    through: Mapped[date] = mapped_column(Date)
    current: Mapped[int] = mapped_column(Integer, default=0)
    longest: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float] = mapped_column(Float, default=0.0)

"""Organisations, teams, people and what lets them in (sessions, invites, password resets)."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class Role(enum.StrEnum):
    REP = "rep"
    STAFF = "staff"
    MANAGER = "manager"
    ADMIN = "admin"


class TeamKind(enum.StrEnum):
    SALES = "sales"
    FINANCE = "finance"
    PRODUCT = "product"
    CUSTOMER_SERVICE = "customer_service"
    OPERATIONS = "operations"
    HR = "hr"
    OTHER = "other"


class Visibility(enum.StrEnum):
    """What people see of each other on boards (a works-council question, see docs/privacy.md)."""

    OPEN = "open"  # people and team boards for everyone
    TEAMS_FIRST = "teams_first"  # team boards for all; people boards only for those who opt in
    PRIVATE = "private"  # no people boards; each sees only their own position


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Amsterdam")
    locale: Mapped[str] = mapped_column(String(2), default="nl")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.TEAMS_FIRST.value)
    # "Top 10 and me": boards show the first ten rows plus the viewer's own.
    boards_top_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # Check-in notes and reflection texts older than this are deleted by the retention job.
    retention_days: Mapped[int] = mapped_column(Integer, default=365)
    win_points: Mapped[int] = mapped_column(Integer, default=10)
    confirmed_win_bonus: Mapped[int] = mapped_column(Integer, default=10)
    # Leading by example: a team sees its managers' own rhythm on the Team screen, unless turned off.
    leaders_shown: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Team(db.Model):
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(24), default=TeamKind.SALES.value)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="team", cascade="all, delete-orphan")


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Stored lower-cased: e-mail addresses are unique regardless of case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.REP.value)
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Amsterdam")
    locale: Mapped[str] = mapped_column(String(2), default="nl")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Under the teams_first preset a person appears by name on people boards only after opting in.
    board_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the person's account was deleted: the row stays, anonymised, so team history holds.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")

    # The server-side session this request came in with (not a column): set by start_session() when
    # signing in, and by load_session() for the session the request came with.
    session_token = None

    def get_id(self) -> str | None:
        # Flask-Login keeps this in the cookie: the session token, not the user id,
        # so that ending a session server-side really signs the device out.
        return self.session_token

    @validates("email")
    def _normalise_email(self, _key: str, email: str) -> str:
        return email.strip().lower()

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def team_ids(self) -> set[int]:
        return {m.team_id for m in self.memberships}

    def managed_team_ids(self) -> set[int]:
        return {m.team_id for m in self.memberships if m.manages}


class Membership(db.Model):
    """A person in a team; `manages` marks the team's managers."""

    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    manages: Mapped[bool] = mapped_column(Boolean, default=False)

    team: Mapped[Team] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")


class UserSession(db.Model):
    """A signed-in device. Only the token's hash is stored, so a database leak signs nobody in."""

    __table_args__ = (Index("ix_user_session_user_active", "user_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship()


class Invite(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    team: Mapped[Team] = relationship()
    invited_by: Mapped[User | None] = relationship()


class PasswordReset(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

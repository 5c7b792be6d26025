"""Accounts' hot statement: the session lookup every signed-in request starts with, and what it answers.

It runs on the driver's cursor as a `HotStatement` (backend/hot_path.py): the ORM's loading of a
User entity cost more than the query itself. It answers a `SessionView` holding a `SignedInUser`:
plain values, never an ORM object, as Flask-Login's `current_user` of the views that open most
(marked `@plain_signed_in`, see accounts/login.py). Every other view's lookup loads the `User`
model with the ORM (accounts/service.py:load_session).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from backend.accounts.models import Role, User, UserSession
from backend.hot_path import HotStatement


@dataclass(frozen=True, slots=True)
class SignedInUser:
    """The person behind this request's session, as Flask-Login's user (`current_user`).

    Holds what the app reads of `current_user` and what Today and a tap read of the person.
    """

    id: int
    organisation_id: int
    email: str
    name: str
    role: str
    time_zone: str
    locale: str
    active: bool
    created_at: datetime
    session_token: str  # Flask-Login keeps it in the cookie (get_id): the session, not the user id

    # Flask-Login's user interface
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


@dataclass(frozen=True, slots=True)
class SessionView:
    """A server-side session and its person."""

    id: int
    revoked_at: datetime | None
    last_seen_at: datetime
    user: SignedInUser


_sessions, _users = UserSession.__table__.c, User.__table__.c
_USER_FIELDS = tuple(name for name in SignedInUser.__dataclass_fields__ if name != "session_token")
SESSION_WITH_USER = HotStatement(
    select(
        _sessions.id.label("session_id"),
        _sessions.revoked_at.label("session_revoked_at"),
        _sessions.last_seen_at.label("session_last_seen_at"),
        *(_users[name] for name in _USER_FIELDS),
    )
    .join_from(UserSession.__table__, User.__table__, _users.id == _sessions.user_id)
    .where(_sessions.token_hash == bindparam("token_hash"))
)


def find_session(token: str, hashed: str) -> SessionView | None:
    """The session stored under `hashed` (the hash of the cookie's `token`), ended or not, with its person."""
    row = SESSION_WITH_USER.first({"token_hash": hashed})
    if row is None:
        return None
    session_id, revoked_at, last_seen_at, *person = row
    return SessionView(session_id, revoked_at, last_seen_at, SignedInUser(*person, token))

"""Flask-Login glue: the cookie names a server-side session, not a user.

Every signed-in request reads its session and person in one statement. Most views get the `User`
model (`current_person()`), loaded by the ORM in that statement; the views that open most (Today,
a tap) are marked `@plain_signed_in` and get a `SignedInUser` instead (`signed_in()`): plain values
read on the driver's cursor (accounts/queries.py), with no ORM object at all.
"""

from flask import current_app, request, session
from flask_login import current_user, login_user

from backend.accounts import service
from backend.accounts.models import User
from backend.accounts.queries import SignedInUser
from backend.errors import error_response
from backend.extensions import db, login_manager
from backend.http import json_body

# Phones switch between Wi-Fi and mobile data: never tie a session to the address it came from.
login_manager.session_protection = None


def plain_signed_in(view):
    """Marks a view that reads only `signed_in()`: its session lookup answers a SignedInUser (put it under route)."""
    view.plain_signed_in = True
    return view


@login_manager.user_loader
def load_user(session_token: str) -> User | SignedInUser | None:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return service.load_session(session_token, plain=getattr(view, "plain_signed_in", False))


@login_manager.unauthorized_handler
def unauthorized():
    return error_response(401, "not_authenticated")


def login_account_key() -> str:
    """Rate-limit key for sign-in: the account asked for, read before any password hashing."""
    body = json_body(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"login:{email.strip().lower()}" if isinstance(email, str) else "login:-"


def signed_in() -> SignedInUser | User:
    """The signed-in person as read with the session: a SignedInUser in a `@plain_signed_in` view."""
    return current_user._get_current_object()


def current_person() -> User:
    """The signed-in person as the model, for services that read its relationships or change it."""
    user = current_user._get_current_object()
    if isinstance(user, User):
        return user
    # A `@plain_signed_in` view asked for the model after all: read it (once; the identity map keeps it).
    person = db.session.get(User, user.id)
    person.session_token = user.session_token  # the session this request came in with
    return person


def sign_in(user: User) -> None:
    """Start a server-side session for this person on this device (every sign-in route ends here)."""
    service.start_session(user, request.user_agent.string)
    session.permanent = True
    login_user(user)

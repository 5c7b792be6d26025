"""Flask-Login glue: the cookie names a server-side session, not a user."""

from flask import request
from flask_login import current_user

from backend.accounts import service
from backend.accounts.models import User
from backend.accounts.queries import SignedInUser
from backend.errors import error_response
from backend.extensions import db, login_manager

# Phones switch between Wi-Fi and mobile data: never tie a session to the address it came from.
login_manager.session_protection = None


@login_manager.user_loader
def load_user(session_token: str) -> SignedInUser | None:
    return service.load_session(session_token)


@login_manager.unauthorized_handler
def unauthorized():
    return error_response(401, "not_authenticated")


def login_account_key() -> str:
    """Rate-limit key for sign-in: the account asked for, read before any password hashing."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"login:{email.strip().lower()}" if isinstance(email, str) else "login:-"


def signed_in() -> SignedInUser:
    """The signed-in person as plain values, read with the session: for the requests that open most."""
    return current_user._get_current_object()


def current_person() -> User:
    """The signed-in person as the model, for services that read its relationships or change it.

    Flask-Login's user is a `SignedInUser` (accounts/queries.py); the model is read here, once per
    request (the session's identity map keeps it), unless this request signed the person in.
    """
    user = current_user._get_current_object()
    if isinstance(user, User):
        return user
    person = db.session.get(User, user.id)
    person.session_token = user.session_token  # the session this request came in with
    return person

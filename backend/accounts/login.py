"""Flask-Login glue: the cookie names a server-side session, not a user."""

from flask_login import current_user

from backend.accounts import service
from backend.errors import error_response
from backend.extensions import login_manager
from backend.http import json_body

# Phones switch between Wi-Fi and mobile data: never tie a session to the address it came from.
login_manager.session_protection = None


@login_manager.user_loader
def load_user(session_token: str):
    return service.load_session(session_token)


@login_manager.unauthorized_handler
def unauthorized():
    return error_response(401, "not_authenticated")


def login_account_key() -> str:
    """Rate-limit key for sign-in: the account asked for, read before any password hashing."""
    body = json_body(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"login:{email.strip().lower()}" if isinstance(email, str) else "login:-"


def current_person():
    """The signed-in user as a model (Flask-Login's proxy, unwrapped for the services)."""
    return current_user._get_current_object()

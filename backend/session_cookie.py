"""The signed session cookie: Flask's, without the work of a request that neither reads nor changes it."""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signer built once and an empty, unchanged session not saved.

    Flask builds a new signer for every request (≈ 5 % of `/health`, issue 20) in case the secret key
    changed; here it is rebuilt when the key or its fallbacks change. And Flask reads seven cookie
    settings before it finds that an empty, unchanged session needs no cookie (≈ 3 % of `/health`): such
    a session gets at once what Flask ends up giving it, a `Vary: Cookie` if it was looked at. A request
    without any cookie (health checks, office screens, webhooks) opens its empty session without parsing.
    """

    def __init__(self) -> None:
        self._signer: tuple[tuple, object] | None = None

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if self._signer is None or self._signer[0] != keys:
            self._signer = (keys, super().get_signing_serializer(app))
        return self._signer[1]

    def open_session(self, app, request):
        if app.secret_key and not request.environ.get("HTTP_COOKIE"):
            return self.session_class()  # what Flask opens when its cookie is missing, without parsing no cookies
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if not session and not session.modified:
            # Flask neither sets nor deletes a cookie here; it only adds `Vary: Cookie` when the session was
            # looked at (Flask-Login's after-request hook looks on every request).
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)

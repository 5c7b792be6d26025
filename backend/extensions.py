"""Extensions, created unbound; create_app() binds them. Models import db from here."""

from functools import partial

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter._compat import request_context
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from backend.errors import Error, handle_http_exception

# Named constraints so Alembic can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()


class HeaderFirstCSRFProtect(CSRFProtect):
    """Flask-WTF's check, reading the token from the X-CSRFToken header before the body, and asking
    the method first.

    The app always sends the header; Flask-WTF looks in the body as a form first, which on a JSON
    request builds a form parser for nothing (a quarter of the check's cost on every tap). And it looks
    up whether the view is exempt before it asks whether the method needs a token at all: a GET, which
    never needs one, paid for that lookup (≈ 3 % of `/health`, issue 20). The answer is the same.
    """

    def protect(self, apply_exemptions=False):
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return None  # what Flask-WTF concludes too, after the exemptions (which change nothing here)
        return super().protect(apply_exemptions=apply_exemptions)

    def _get_csrf_token(self):
        for header_name in current_app.config["WTF_CSRF_HEADERS"]:
            token = request.headers.get(header_name)
            if token:
                return token
        return super()._get_csrf_token()


csrf = HeaderFirstCSRFProtect()


class RitmeApi(Api):
    """flask-smorest's Api with Ritme's error shape instead of its own (handlers and OpenAPI document)."""

    ERROR_SCHEMA = Error

    def handle_http_exception(self, error):
        return handle_http_exception(error)


api = RitmeApi()


def _client_address() -> str:
    # Behind a proxy, ProxyFix (enabled by RITME_PROXY_COUNT) has already put the real address here.
    return get_remote_address() or request.remote_addr or "unknown"


class RouteLimiter(Limiter):
    """Flask-Limiter for limits on routes only, without its work on requests that no limit concerns.

    Ritme's limits are all decorators on views (sign-in, reset, pairing, …), which Flask-Limiter checks
    in the view's own wrapper. Its before-request check is for default, application, blueprint and meta
    limits: Ritme has none, yet resolving that there is nothing to check cost every request 10–15 %
    of `/health`'s time (issue 20). The check still runs as soon as any such limit is configured.

    After the view, Flask-Limiter adds the X-RateLimit-* headers of the limit it checked and makes the
    deductions a limit asked for, then clears what it noted; on a request where it checked nothing it
    first builds an empty note to find that out (≈ 5 % of `/health`). Flask-Limiter keeps that note on
    the request context, made the first time anything of the limiter runs in the request: without one,
    nothing was checked, and its after-request and teardown work is skipped.
    """

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        # Flask-Limiter's two hooks (name-mangled, registered by init_app) are swapped for the guarded ones.
        after = app.after_request_funcs.get(None, [])
        for index, hook in enumerate(after):
            if isinstance(hook, partial) and hook.func is Limiter._Limiter__inject_headers and hook.args == (self,):
                after[index] = self._inject_headers_when_checked
        teardown = app.teardown_request_funcs.get(None, [])
        for index, hook in enumerate(teardown):
            if getattr(hook, "__func__", None) is Limiter._Limiter__release_context and hook.__self__ is self:
                teardown[index] = self._release_context_when_checked

    def _checked_this_request(self) -> bool:
        return self in getattr(request_context(), "_limiter_request_context", ())

    def _inject_headers_when_checked(self, response):
        if not self._checked_this_request():
            return response
        return Limiter._Limiter__inject_headers(self, response)

    def _release_context_when_checked(self, error: BaseException | None = None) -> None:
        if self._checked_this_request():
            Limiter._Limiter__release_context(self, error)

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if in_middleware and not self._limits_beyond_routes():
            return
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)

    def _limits_beyond_routes(self) -> bool:
        manager = self.limit_manager
        return bool(
            manager.default_limits or manager.application_limits or manager._blueprint_limits or self._meta_limits
        )


limiter = RouteLimiter(key_func=_client_address, default_limits=[])

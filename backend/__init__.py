"""Ritme's application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, request
from flask_smorest import Blueprint
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.middleware.proxy_fix import ProxyFix

from backend import signals
from backend.errors import JsonErrors, error_response
from backend.http import init_http
from backend.security_headers import SecurityHeaders
from backend.session_cookie import SessionCookies
from backend.sqlite_writers import queue_writers
from config import CONFIGS, Config


class Ritme(Flask):
    """Flask, with each request's view run again when the database aborted it in a deadlock (see
    backend/transactions.py for when that is safe)."""

    # Flask asks, for every hook and view of every request, whether it is a coroutine function (14 asks
    # of `inspect` per `/health`, ≈ 3 % of it, issue 20). The answer never changes for a function: the
    # functions found plain are remembered (at most this many, as after_this_request adds new ones).
    _PLAIN_FUNCTIONS_KEPT = 4096

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plain_functions: set = set()

    def ensure_sync(self, func):
        try:
            if func in self._plain_functions:
                return func
        except TypeError:  # an unhashable callable: asked every time, as Flask does
            return super().ensure_sync(func)
        wrapped = super().ensure_sync(func)
        if wrapped is func and len(self._plain_functions) < self._PLAIN_FUNCTIONS_KEPT:
            self._plain_functions.add(func)
        return wrapped

    def dispatch_request(self):
        from backend.transactions import opened_session, retrying

        view = self.view_functions.get(request.endpoint or "")
        if getattr(view, "accepts_uploads", False):
            return super().dispatch_request()  # reads a file (its stream is spent after one run)

        def unit_of_work():
            response = self.make_response(super(Ritme, self).dispatch_request())
            session = opened_session()  # none: the view never used the ORM, nothing is pending
            if session is None:
                return response
            if response.status_code < 400 and (session.new or session.dirty or session.deleted):
                # What the view left pending is written here, where a deadlock can still be retried;
                # the request's commit (create_app's after_request) then only commits.
                try:
                    session.flush()
                except IntegrityError:
                    session.rollback()
                    return error_response(409, "conflict")
            return response

        return retrying(unit_of_work, f"{request.method} {request.path}")


def create_app(config_name_or_object: str | type | object | None = None) -> Flask:
    app = Ritme(__name__, instance_path=str(_instance_path()), static_folder=None)
    app.config.from_object(_config_object(config_name_or_object))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = Config.secret_key()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    proxies = int(os.environ.get("RITME_PROXY_COUNT", "0"))
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    app.session_interface = SessionCookies()
    _init_extensions(app)
    init_http(app)
    _register_blueprints(app)
    _register_cli(app)
    # Outermost: whatever escapes Flask's error handlers (or a streamed body before its first byte) is JSON too.
    app.wsgi_app = JsonErrors(app.wsgi_app)
    return app


def _instance_path():
    from config import INSTANCE_DIR

    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return INSTANCE_DIR


def _config_object(config_name_or_object):
    if config_name_or_object is None:
        config_name_or_object = os.environ.get("RITME_ENV", "development")
    if isinstance(config_name_or_object, str):
        if config_name_or_object not in CONFIGS:
            raise ValueError(f"RITME_ENV must be one of {sorted(CONFIGS)}, not {config_name_or_object!r}")
        return CONFIGS[config_name_or_object]
    return config_name_or_object


def _init_extensions(app: Flask) -> None:
    from backend import ratelimit  # noqa: F401  (its storage scheme, before the limiter reads the URI)
    from backend.errors import register_error_handlers
    from backend.extensions import api, csrf, db, limiter, login_manager, migrate
    from backend.transactions import opened_session

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _tune_sqlite)
            if db.engine.url.database and db.engine.url.database != ":memory:":
                queue_writers(db.engine, Path(db.engine.url.database))
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    register_error_handlers(app)
    SecurityHeaders(
        app,
        force_https=False,  # TLS ends at the proxy in front of gunicorn; it redirects
        strict_transport_security=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        content_security_policy={
            "default-src": "'self'",
            "img-src": ["'self'", "data:"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "connect-src": "'self'",
            "worker-src": "'self'",
            "manifest-src": "'self'",
            "object-src": "'none'",
            "base-uri": "'self'",
            "frame-ancestors": "'none'",
        },
    )
    import backend.accounts.login  # noqa: F401  (registers the Flask-Login callbacks)

    @app.after_request
    def commit_unit_of_work(response):
        """The request commits once, and only when it succeeded; anything else leaves no trace."""
        session = opened_session()
        if session is None:
            return response  # the ORM was never used: nothing to commit or undo (and no session to open)
        if response.status_code >= 400:
            session.rollback()
            return response
        if not (session.info.pop("wrote", False) or session.new or session.dirty or session.deleted):
            return response  # a read: nothing to commit (teardown ends the transaction)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return error_response(409, "conflict")
        return response


@event.listens_for(Session, "after_flush")
def _remember_write(session, _flush_context) -> None:
    session.info["wrote"] = True


@event.listens_for(Session, "do_orm_execute")
def _remember_bulk_write(state) -> None:
    # insert()/update()/delete() statements run through the session bypass the flush.
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["wrote"] = True


WAL_AUTOCHECKPOINT_PAGES = 10_000
SQLITE_MMAP_BYTES = 256 * 1024 * 1024
SQLITE_CACHE_KIB = 32 * 1024


@signals.heartbeat.connect
def _checkpoint_sqlite(_sender, **_kwargs) -> None:
    from backend.extensions import db

    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


def _tune_sqlite(dbapi_connection, _record) -> None:
    # WAL and a busy timeout let several gunicorn workers share one SQLite file.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Pages come from the OS's cache through a memory map rather than a read() each, and each
    # connection keeps more of them: a tap touches eight b-trees (measured: ~5 % of a tap).
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    # Checkpoints (which fsync) run in the background process's heartbeat, not in a tap's commit;
    # a worker still checkpoints itself once the log outgrows this (40 MB), e.g. without that process.
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
    cursor.close()


def _register_blueprints(app: Flask) -> None:
    from backend import web
    from backend.accounts import bp as accounts_bp
    from backend.accounts import routes as _accounts_routes  # noqa: F401
    from backend.admin import bp as admin_bp
    from backend.admin import routes as _admin_routes  # noqa: F401
    from backend.badges import bp as badges_bp
    from backend.badges import routes as _badges_routes  # noqa: F401
    from backend.boards import receivers as _boards_receivers  # noqa: F401  (the aggregates' signal listeners)
    from backend.challenges import bp as challenges_bp
    from backend.challenges import routes as _challenges_routes  # noqa: F401
    from backend.displays import bp as displays_bp
    from backend.displays import routes as _displays_routes  # noqa: F401
    from backend.energy import bp as energy_bp
    from backend.energy import routes as _energy_routes  # noqa: F401
    from backend.extensions import api
    from backend.feed import bp as feed_bp
    from backend.feed import routes as _feed_routes  # noqa: F401
    from backend.goals import bp as goals_bp
    from backend.goals import routes as _goals_routes  # noqa: F401
    from backend.identity import bp as identity_bp
    from backend.identity import routes as _identity_routes  # noqa: F401
    from backend.integrations import bp as integrations_bp
    from backend.integrations import routes as _integrations_routes  # noqa: F401
    from backend.leaderboards import bp as leaderboards_bp
    from backend.leaderboards import routes as _leaderboards_routes  # noqa: F401
    from backend.outcomes import bp as outcomes_bp
    from backend.outcomes import routes as _outcomes_routes  # noqa: F401
    from backend.push import bp as push_bp
    from backend.push import routes as _push_routes  # noqa: F401
    from backend.reflections import bp as reflections_bp
    from backend.reflections import routes as _reflections_routes  # noqa: F401
    from backend.rhythm import bp as rhythm_bp
    from backend.rhythm import import_routes as _import_routes  # noqa: F401
    from backend.rhythm import routes as _rhythm_routes  # noqa: F401
    from backend.system import bp as system_bp
    from backend.system import routes as _system_routes  # noqa: F401
    from backend.teamrhythm import bp as teamrhythm_bp
    from backend.teamrhythm import routes as _teamrhythm_routes  # noqa: F401
    from backend.thermostat import bp as thermostat_bp
    from backend.thermostat import routes as _thermostat_routes  # noqa: F401
    from backend.voice import bp as voice_bp
    from backend.voice import routes as _voice_routes  # noqa: F401
    from backend.wins import bp as wins_bp
    from backend.wins import routes as _wins_routes  # noqa: F401

    api.register_blueprint(system_bp)
    api.register_blueprint(accounts_bp)
    api.register_blueprint(rhythm_bp)
    api.register_blueprint(admin_bp)
    api.register_blueprint(leaderboards_bp)
    api.register_blueprint(goals_bp)
    api.register_blueprint(challenges_bp)
    api.register_blueprint(teamrhythm_bp)
    api.register_blueprint(thermostat_bp)
    api.register_blueprint(_recognition(wins_bp, badges_bp, feed_bp))
    api.register_blueprint(reflections_bp)
    api.register_blueprint(push_bp)
    api.register_blueprint(voice_bp)
    api.register_blueprint(outcomes_bp)
    api.register_blueprint(integrations_bp)
    api.register_blueprint(displays_bp)
    api.register_blueprint(identity_bp)
    api.register_blueprint(energy_bp)
    app.register_blueprint(web.bp)


def _recognition(*parts: Blueprint) -> Blueprint:
    """Wins, badges and the feed under one parent blueprint: one "recognition" section of the OpenAPI
    document, as before they were split (a fresh parent per app; the parts keep their url_prefix)."""
    recognition = Blueprint(
        "recognition",
        __name__,
        description="Customer wins, applause, badges, nominations, the celebration feed and recognition coverage",
    )
    for part in parts:
        recognition.register_blueprint(part)
    return recognition


def _register_cli(app: Flask) -> None:
    from backend.admin.cli import create_org_command, retention_command
    from backend.boards.cli import boards_command
    from backend.challenges.cli import challenges_command
    from backend.demo.cli import seed_demo_command
    from backend.push.cli import push_scheduler_command, push_stats_command, push_worker_command
    from backend.rhythm.cli import import_checkins_command
    from backend.system.backup import backup_command

    app.cli.add_command(seed_demo_command)
    app.cli.add_command(challenges_command)
    app.cli.add_command(import_checkins_command)
    app.cli.add_command(create_org_command)
    app.cli.add_command(retention_command)
    app.cli.add_command(boards_command)
    app.cli.add_command(push_scheduler_command)
    app.cli.add_command(push_worker_command)
    app.cli.add_command(push_stats_command)
    app.cli.add_command(backup_command)

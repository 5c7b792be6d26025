"""Fixtures: app, db, client, factories (make_org, make_team, make_user), api clients, mailbox."""

from __future__ import annotations

import itertools
import os
import re
import socket
import uuid
from collections.abc import Iterator
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import event

from tests import databases

os.environ.setdefault("RITME_INSTANCE_DIR", "/tmp/ritme-test-instance")

PASSWORD = "correct horse battery"


# --- the clock under test -------------------------------------------------------------------------
# RITME_TEST_CLOCK (an ISO instant with its offset) moves every non-browser test to that moment, with the
# clock ticking on from there. tests/calendar_sweep.py runs the suite at each day of a week, around
# midnight and on both DST change days, to show that no test leans on the day it happens to run.
# Tests that freeze the clock themselves (time_machine.travel) still do: the inner travel wins. Tests
# marked real_clock run a second process (a CLI, a server) that a travel in this one cannot move.


@pytest.fixture(autouse=True)
def _clock_under_test(request):
    moment = os.environ.get("RITME_TEST_CLOCK")
    if not moment or request.node.get_closest_marker("e2e") or request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(datetime.fromisoformat(moment), tick=True):
        yield


# --- database per run -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    if databases.backend_name() == "postgres":
        if not databases.postgres_available():
            message = f"PostgreSQL is not reachable at {databases.POSTGRES_ADMIN_URL}"
            if os.environ.get("CI") == "true":
                pytest.fail(f"{message}; under CI its absence is a failure.")
            pytest.skip(f"!!! {message}: the PostgreSQL tests are SKIPPED !!!")
        name, url = databases.create_postgres_database()
        try:
            yield url
        finally:
            databases.drop_postgres_database(name)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'ritme-test.sqlite3'}"


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the schema once per run; tests empty the tables after themselves."""
    from backend import create_app
    from backend.extensions import db

    app = create_app(_testing_config(database_url))
    with app.app_context():
        db.create_all()
        db.engine.dispose()


def _testing_config(database_url: str, **overrides):
    from config import TestingConfig

    return type("RunConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})


@pytest.fixture
def config_overrides() -> dict:
    """Override in a test module to change the app's configuration."""
    return {}


@pytest.fixture
def app(database_url, _schema, config_overrides, mailbox):
    from backend import create_app
    from backend.extensions import db

    app = create_app(_testing_config(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=mailbox.port, **config_overrides))
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_tables(db)
        db.session.remove()
        db.engine.dispose()


def _empty_tables(db) -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def db(app):
    from backend.extensions import db

    return db


# --- mail -------------------------------------------------------------------------------------


class Mailbox:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives."""

    def __init__(self):
        self.messages = []
        self.port = _free_port()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def last_link(self, path_part: str) -> str:
        for message in reversed(self.messages):
            match = re.search(rf"https?://\S+/{path_part}/(\S+)", message.get_content())
            if match:
                return match.group(1)
        raise AssertionError(f"no mail with a /{path_part}/ link among {len(self.messages)} messages")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


# --- factories --------------------------------------------------------------------------------

_sequence = itertools.count(1)


@pytest.fixture
def make_org(db):
    from backend.accounts.models import Organisation

    def make(name: str | None = None, **fields):
        organisation = Organisation(name=name or f"Org {next(_sequence)}", **fields)
        db.session.add(organisation)
        db.session.commit()
        return organisation

    return make


@pytest.fixture
def org(make_org):
    return make_org("Acme BV")


@pytest.fixture
def make_team(db, org):
    from backend.accounts.models import Team

    def make(name: str | None = None, kind: str = "sales", organisation=None):
        team = Team(organisation_id=(organisation or org).id, name=name or f"Team {next(_sequence)}", kind=kind)
        db.session.add(team)
        db.session.commit()
        return team

    return make


@pytest.fixture
def make_user(db, org, app):
    from backend.accounts.models import Membership, User
    from backend.accounts.service import hash_password

    password_hash = hash_password(PASSWORD)

    def make(
        role: str = "rep",
        team=None,
        manages: bool = False,
        email: str | None = None,
        organisation=None,
        **fields,
    ):
        n = next(_sequence)
        user = User(
            organisation_id=(organisation or (team and _org_of(team)) or org).id,
            email=email or f"person{n}@example.test",
            name=fields.pop("name", f"Person {n}"),
            role=role,
            password_hash=password_hash,
            **fields,
        )
        if team is not None:
            user.memberships.append(Membership(team=team, manages=manages))
        db.session.add(user)
        db.session.commit()
        return user

    def _org_of(team):
        from backend.accounts.models import Organisation

        return db.session.get(Organisation, team.organisation_id)

    return make


# --- behaviours and history (shared by the rhythm, boards, recognition and push tests) ----------


@pytest.fixture
def make_behaviour(db, org):
    from backend.rhythm.models import Behaviour

    def make(teams, name="Klantgesprek voorbereid", cadence="daily", organisation=None, **fields):
        behaviour = Behaviour(
            organisation_id=(organisation or org).id,
            name_nl=name,
            name_en=fields.pop("name_en", name),
            cadence=cadence,
            starts_on=fields.pop("starts_on", date(2020, 1, 1)),
            **fields,
        )
        behaviour.teams = list(teams)
        db.session.add(behaviour)
        db.session.commit()
        return behaviour

    return make


@pytest.fixture
def add_checkins(db):
    """History as the database holds it: one check-in per behaviour per day."""
    from backend.rhythm.models import CheckIn

    def add(user, behaviour, days: list[date] | dict[date, float], commit: bool = True):
        """`days` as a list (the behaviour's points each) or as {day: points}."""
        if not isinstance(days, dict):
            days = {day: behaviour.points for day in days}
        db.session.add_all(
            CheckIn(
                organisation_id=user.organisation_id,
                user_id=user.id,
                behaviour_id=behaviour.id,
                client_id=str(uuid.uuid4()),
                occurred_on=day,
                time_zone=user.time_zone,
                points=points,
                source="import",
            )
            for day, points in days.items()
        )
        if commit:
            db.session.commit()
        else:
            db.session.flush()

    return add


@pytest.fixture
def count_queries(db):
    """Counts the SQL statements run inside a with-block: a guard against N+1 and full scans."""

    class Counter:
        def __init__(self):
            self.statements: list[str] = []

        def __enter__(self):
            event.listen(db.engine, "before_cursor_execute", self._record)
            return self

        def __exit__(self, *exc):
            event.remove(db.engine, "before_cursor_execute", self._record)

        def _record(self, _conn, _cursor, statement, *_args):
            self.statements.append(statement)

        @property
        def count(self):
            return len(self.statements)

    return Counter


# --- HTTP -------------------------------------------------------------------------------------


class ApiClient:
    """A test client that speaks JSON and sends the CSRF token, like the PWA does."""

    def __init__(self, flask_client):
        self.raw = flask_client
        self._csrf = None

    def _isolated(self, call):
        # The test holds an app context open; a request would reuse it (and its g and
        # database session). A fresh context per request behaves like production.
        with self.raw.application.app_context():
            return call()

    def csrf_token(self) -> str:
        if self._csrf is None:
            response = self._isolated(lambda: self.raw.get("/api/v1/auth/csrf"))
            self._csrf = response.get_json()["csrf_token"]
        return self._csrf

    def request(self, method: str, url: str, json=None, csrf: bool = True, **kwargs):
        headers = kwargs.pop("headers", {})
        if csrf and method in ("POST", "PUT", "PATCH", "DELETE"):
            headers.setdefault("X-CSRFToken", self.csrf_token())
        return self._isolated(lambda: self.raw.open(url, method=method, json=json, headers=headers, **kwargs))

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, json=None, **kwargs):
        return self.request("POST", url, json=json, **kwargs)

    def put(self, url, json=None, **kwargs):
        return self.request("PUT", url, json=json, **kwargs)

    def patch(self, url, json=None, **kwargs):
        return self.request("PATCH", url, json=json, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        response = self.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        return response


@pytest.fixture
def client(app) -> ApiClient:
    return ApiClient(app.test_client())


@pytest.fixture
def new_client(app):
    """Another device: a fresh cookie jar."""
    return lambda: ApiClient(app.test_client())


@pytest.fixture
def login_as(new_client):
    """A client signed in as the given user."""

    def login(user):
        api = new_client()
        api.login(user)
        return api

    return login


def error_code(response) -> str:
    return response.get_json()["error"]["code"]

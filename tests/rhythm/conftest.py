"""Rhythm factories: behaviours and check-ins straight into the database."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import event


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

    def add(user, behaviour, days: list[date]):
        db.session.add_all(
            CheckIn(
                organisation_id=user.organisation_id,
                user_id=user.id,
                behaviour_id=behaviour.id,
                client_id=str(uuid.uuid4()),
                occurred_on=day,
                time_zone=user.time_zone,
                points=behaviour.points,
                source="import",
            )
            for day in days
        )
        db.session.commit()

    return add


@pytest.fixture
def sales(make_team):
    return make_team("Sales Noord")


@pytest.fixture
def rep(make_user, sales, db):
    from datetime import UTC, datetime

    return make_user(team=sales, email="rep@example.test", created_at=datetime(2020, 1, 1, tzinfo=UTC))


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


def new_client_id() -> str:
    return str(uuid.uuid4())


def days_back(today: date, n: int) -> list[date]:
    return [today - timedelta(days=i) for i in range(1, n + 1)]

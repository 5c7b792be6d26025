"""Board factories: history straight into the database, then the aggregates rebuilt from it.

Shared by tests/leaderboards, tests/goals and tests/teamrhythm, whose conftest.py imports these fixtures.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from tests.rhythm.conftest import new_client_id

# For `from tests.boards.conftest import *` in the conftest.py of tests/leaderboards, goals and teamrhythm.
__all__ = ["_frozen", "_fresh_team_standings", "history", "board", "team", "member", "manager", "visit", "crm"]

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Amsterdam


@pytest.fixture
def _frozen():
    """For `pytestmark = pytest.mark.usefixtures("_frozen")`: the whole test at NOW."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_team_standings():
    """Ids come back after a test empties its tables: never let one test see another's cached standings."""
    from backend.boards.standings import _cache

    _cache.clear()
    yield
    _cache.clear()


@pytest.fixture
def history(db, add_checkins):
    """history(user, behaviour, {day: points} or [day, …]): check-ins as an import leaves them, boards rebuilt."""
    from backend.boards.aggregates import rebuild_aggregates

    def add(user, behaviour, days):
        add_checkins(user, behaviour, days, commit=False)
        rebuild_aggregates(user.organisation_id, [user.id])
        db.session.commit()

    return add


@pytest.fixture
def board(login_as):
    """board(user, **query) → the leaderboard JSON as that user sees it."""

    def get(user, **query):
        api = login_as(user) if not hasattr(user, "get") else user
        response = api.get("/api/v1/leaderboards", query_string=query)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return get


def ranking(body) -> list[tuple]:
    return [(row["rank"], row["name"], row["value"]) for row in body["rows"]]


# --- a team with a manager, members and two behaviours (team, fold tests) ---------------------


@pytest.fixture
def team(make_team):
    return make_team("Sales Noord")


@pytest.fixture
def member(make_user, team):
    def make(name, **fields):
        return make_user(team=team, name=name, created_at=LONG_AGO, **fields)

    return make


@pytest.fixture
def manager(member):
    return member("Martijn", role="manager", manages=True)


@pytest.fixture
def visit(make_behaviour, team):
    return make_behaviour([team], name="Klantbezoek", points=10, cadence="weekdays", customer_facing=True)


@pytest.fixture
def crm(make_behaviour, team):
    return make_behaviour([team], name="CRM bijgewerkt", points=5, cadence="daily", customer_facing=False)


def check_in(api, behaviour, **fields):
    body = {"behaviour_id": behaviour.id, "client_id": new_client_id(), **fields}
    response = api.post("/api/v1/checkins", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()

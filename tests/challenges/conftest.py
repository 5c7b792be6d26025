"""Challenge fixtures: two sales teams with a weekdays behaviour, their manager, reps, an admin; the board
fixtures (tests/boards/conftest.py) for history and the standings cache."""

from __future__ import annotations

import pytest

from tests.boards.conftest import *  # noqa: F403
from tests.boards.conftest import LONG_AGO


@pytest.fixture
def north(make_team):
    return make_team("Noord")


@pytest.fixture
def south(make_team):
    return make_team("Zuid")


@pytest.fixture
def call(make_behaviour, north, south):
    return make_behaviour([north, south], name="Klant gebeld", points=10, cadence="weekdays")


@pytest.fixture
def person(make_user):
    def make(name, team=None, **fields):
        return make_user(team=team, name=name, created_at=LONG_AGO, **fields)

    return make


@pytest.fixture
def boss(person, north):
    return person("Martijn", north, role="manager", manages=True)


@pytest.fixture
def admin(person):
    return person("Anna", role="admin")


@pytest.fixture(autouse=True)
def _no_standings_cache(monkeypatch):
    """Each read computes the standing afresh (the cache's own behaviour is the boards' tests' business)."""
    from datetime import timedelta

    from backend.boards import standings
    from backend.challenges import standing

    monkeypatch.setattr(standings, "CACHE_SECONDS", 0)
    monkeypatch.setattr(standing, "SNAPSHOT", timedelta(0))

"""Board factories: history straight into the database, then the aggregates rebuilt from it."""

from __future__ import annotations

import uuid
from datetime import date

import pytest


@pytest.fixture(autouse=True)
def _fresh_team_standings():
    """Ids come back after a test empties its tables: never let one test see another's cached standings."""
    from backend.boards.service import _cache

    _cache.clear()
    yield
    _cache.clear()


@pytest.fixture
def history(db):
    """history(user, behaviour, {day: points, …}): check-ins as an import leaves them, aggregates rebuilt."""
    from backend.boards.service import rebuild_aggregates
    from backend.rhythm.models import CheckIn

    def add(user, behaviour, days: dict[date, float] | list[date]):
        if isinstance(days, list):
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
        db.session.flush()
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

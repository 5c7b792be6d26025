"""Recognition fixtures (wins, badges and the feed use them): a small organisation with two sales teams,
finance and a manager per team; a badge; logging a win, checking in, the points signals sent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from backend.badges.models import Badge


@pytest.fixture
def world(make_team, make_user, make_org):
    """Sales Noord (manager, two reps), Sales Zuid (manager, rep), Finance (staff), an admin, and a stranger
    in another organisation."""
    noord, zuid, finance = make_team("Sales Noord"), make_team("Sales Zuid"), make_team("Finance", kind="finance")
    joined = datetime(2020, 1, 1, tzinfo=UTC)
    people = {
        "manager": make_user(role="manager", team=noord, manages=True, name="Martijn", created_at=joined),
        "rep": make_user(team=noord, name="Ruben", created_at=joined),
        "lotte": make_user(team=noord, name="Lotte", created_at=joined),
        "manager_zuid": make_user(role="manager", team=zuid, manages=True, name="Sanne", created_at=joined),
        "sem": make_user(team=zuid, name="Sem", created_at=joined),
        "finance": make_user(role="staff", team=finance, name="Femke", created_at=joined),
        "admin": make_user(role="admin", name="Anouk", created_at=joined),
    }
    other_org = make_org("Other BV")
    other_team = make_team("Elders", organisation=other_org)
    people["stranger"] = make_user(team=other_team, name="Stranger", organisation=other_org)
    people["stranger_manager"] = make_user(
        role="manager", team=other_team, manages=True, name="Boss", organisation=other_org
    )
    return {"teams": {"noord": noord, "zuid": zuid, "finance": finance, "other": other_team}, **people}


@pytest.fixture
def make_badge(db, org):
    def make(name="Snelle opvolger", kind="manual", organisation=None, **fields):
        badge = Badge(
            organisation_id=(organisation or org).id,
            name_nl=name,
            name_en=fields.pop("name_en", name),
            emoji=fields.pop("emoji", "⚡"),
            kind=kind,
            **fields,
        )
        db.session.add(badge)
        db.session.commit()
        return badge

    return make


def new_client_id() -> str:
    return str(uuid.uuid4())


def log_win(api, text="Factuurprobleem binnen 2 uur opgelost", **fields):
    return api.post("/api/v1/wins", json={"client_id": new_client_id(), "text": text, **fields})


@pytest.fixture
def points(app):
    """Every points_changed signal sent during the test, as (user_id, delta, source)."""
    from backend import signals

    seen: list[tuple[int, float, str]] = []

    def record(_sender, **kwargs):
        seen.append((kwargs["user_id"], kwargs["delta"], kwargs["source"]))

    signals.points_changed.connect(record)
    yield seen
    signals.points_changed.disconnect(record)


def check_in(api, behaviour):
    return api.post("/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": new_client_id()})

"""The energy pulse's world: Noord (a manager and five reps), Zuid (a manager and three reps), Finance (one
person) and an admin in no team, in one organisation; a stranger in another."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine

from backend.timeutil import utcnow


@pytest.fixture
def energy_world(make_team, make_user, make_org):
    noord, zuid, finance = make_team("Noord"), make_team("Zuid"), make_team("Finance", kind="finance")
    world = SimpleNamespace(
        noord=noord,
        zuid=zuid,
        finance=finance,
        admin=make_user(role="admin", name="Anouk Admin"),
        manager_noord=make_user(role="manager", team=noord, manages=True, name="Martijn Noord"),
        manager_zuid=make_user(role="manager", team=zuid, manages=True, name="Mila Zuid"),
        noord_reps=[make_user(team=noord, name=f"Noord {n}") for n in range(5)],
        zuid_reps=[make_user(team=zuid, name=f"Zuid {n}") for n in range(3)],
        staff=make_user(role="staff", team=finance, name="Femke Finance"),
    )
    world.stranger = make_user(role="admin", organisation=make_org("Other BV"), name="Stranger")
    world.noord_people = [world.manager_noord, *world.noord_reps]
    world.zuid_people = [world.manager_zuid, *world.zuid_reps]
    world.everyone = [world.admin, *world.noord_people, *world.zuid_people, world.staff]
    return world


@pytest.fixture
def switch_on(login_as):
    def switch(admin, **fields):
        response = login_as(admin).patch("/api/v1/energy/settings", json={"enabled": True, **fields})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return switch


@pytest.fixture
def later():
    """Move the clock on by some days (ticking), e.g. past the end of the week everyone answered."""

    def move(days: int):
        return time_machine.travel(utcnow() + timedelta(days=days), tick=True)

    return move

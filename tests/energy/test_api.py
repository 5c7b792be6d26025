"""The energy pulse over HTTP: the organisation's switch and threshold, the weekly answer, one's own trend,
and the team view — tried through every energy view and the API as a manager, an admin, reps and a stranger,
to show that no combination of what they can see reveals one person's answer."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import Membership
from backend.admin.models import AuditEntry
from backend.admin.retention import run_retention
from backend.energy.models import EnergyAnswer
from backend.timeutil import utcnow
from tests.conftest import error_code
from tests.energy.test_anonymity import revealed

ENERGY_GETS = ["/api/v1/energy/current", "/api/v1/energy/mine", "/api/v1/energy/teams", "/api/v1/energy/settings"]


def answer(api, level, gave=(), cost=()):
    return api.put("/api/v1/energy/current", json={"level": level, "gave": list(gave), "cost": list(cost)})


def everyone_answers(world, login_as, people=None):
    """Each person answers 1–5 in turn; answers {user id: level} and the week they answered for."""
    levels, week = {}, None
    for n, person in enumerate(people if people is not None else world.everyone):
        level = 1 + n % 5
        response = answer(login_as(person), level, gave=["team"] if n % 2 else [], cost=["workload"])
        assert response.status_code == 201, response.get_json()
        levels[person.id], week = level, response.get_json()["week_start"]
    return levels, week


def groups_of(view) -> dict:
    return {(g["scope"], g["key"]): g for g in view["groups"]}


def figure(group, week):
    return next(f for f in group["weeks"] if f["week_start"] == week)


def population(world, scope, key, levels):
    """Who answered, of a group (the test knows the membership; the API never tells it)."""
    if scope == "organisation":
        members = {p.id for p in world.everyone}
    elif scope == "department":
        members = {p.id for p in world.noord_people + world.zuid_people}
    else:
        team = {str(world.noord.id): world.noord_people, str(world.zuid.id): world.zuid_people}
        members = {p.id for p in team.get(key, [world.staff])}
    return frozenset(members & levels.keys())


def walk(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            walk(value, found)
    elif isinstance(node, list):
        for value in node:
            walk(value, found)
    return found


# --- the switch ---------------------------------------------------------------------------------


def test_energy_is_off_until_an_admin_turns_it_on_and_the_threshold_never_goes_below_five(energy_world, login_as, db):
    rep, manager, admin = energy_world.noord_reps[0], energy_world.manager_noord, energy_world.admin
    assert login_as(rep).get("/api/v1/energy/current").get_json()["enabled"] is False
    refused = answer(login_as(rep), 3)
    assert refused.status_code == 403 and error_code(refused) == "energy_off"
    assert login_as(rep).get("/api/v1/energy/teams").get_json() == {
        "enabled": False,
        "threshold": 5,
        "weeks": [],
        "groups": [],
    }
    for person in (rep, manager):
        assert login_as(person).get("/api/v1/energy/settings").status_code == 403
        assert login_as(person).patch("/api/v1/energy/settings", json={"enabled": True}).status_code == 403

    api = login_as(admin)
    assert api.get("/api/v1/energy/settings").get_json() == {"enabled": False, "threshold": 5, "minimum_threshold": 5}
    lowered = api.patch("/api/v1/energy/settings", json={"enabled": True, "threshold": 4})
    assert lowered.status_code == 422 and "threshold" in lowered.get_json()["error"]["fields"]
    assert api.patch("/api/v1/energy/settings", json={"enabled": True, "threshold": 7}).get_json()["threshold"] == 7
    assert api.get("/api/v1/energy/settings").get_json()["enabled"] is True
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "energy_settings_changed")) == 1
    assert login_as(rep).get("/api/v1/energy/current").get_json()["enabled"] is True


def test_the_service_and_the_database_refuse_a_threshold_below_five(energy_world, db):
    from backend.energy.models import EnergySettings
    from backend.energy.service import update_settings
    from backend.errors import DomainError

    with pytest.raises(DomainError) as refused:
        update_settings(energy_world.admin, threshold=3)
    assert (refused.value.code, refused.value.status) == ("energy_threshold_too_low", 422)
    db.session.rollback()
    db.session.add(EnergySettings(organisation_id=energy_world.admin.organisation_id, enabled=True, threshold=2))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- one's own answer ---------------------------------------------------------------------------


def test_a_person_answers_once_a_week_changes_it_and_sees_only_their_own_trend(energy_world, login_as, switch_on, db):
    switch_on(energy_world.admin)
    rep = energy_world.noord_reps[0]
    api = login_as(rep)
    first = answer(api, 2, gave=["team"], cost=["workload", "meetings"])
    assert first.status_code == 201, first.get_json()
    changed = answer(api, 4, gave=["customer_contact"])
    assert changed.status_code == 200
    assert changed.get_json() == {
        "week_start": first.get_json()["week_start"],
        "level": 4,
        "gave": ["customer_contact"],
        "cost": [],
    }
    current = api.get("/api/v1/energy/current").get_json()
    assert current["answer"]["level"] == 4 and current["factors"] == [
        "workload",
        "customer_contact",
        "team",
        "meetings",
        "outside_work",
    ]
    assert api.get("/api/v1/energy/mine").get_json() == {"weeks": [changed.get_json()]}
    assert db.session.scalar(select(func.count()).select_from(EnergyAnswer)) == 1

    # Out of range, an unknown factor, free text: refused.
    for body in (
        {"level": 6},
        {"level": 0},
        {"level": 3, "gave": ["salary"]},
        {"level": 3, "note": "slecht geslapen"},
    ):
        refused = api.put("/api/v1/energy/current", json=body)
        assert refused.status_code == 422, body

    assert api.delete("/api/v1/energy/current").status_code == 204
    assert api.get("/api/v1/energy/mine").get_json() == {"weeks": []}


def test_nobody_else_gets_an_answer_through_any_energy_route(energy_world, login_as, switch_on, app):
    switch_on(energy_world.admin)
    rep = energy_world.noord_reps[0]
    assert answer(login_as(rep), 1, cost=["outside_work"]).status_code == 201
    for viewer in (energy_world.manager_noord, energy_world.admin, energy_world.noord_reps[1], energy_world.stranger):
        api = login_as(viewer)
        assert api.get("/api/v1/energy/mine").get_json() == {"weeks": []}
        assert api.get("/api/v1/energy/mine", query_string={"user_id": rep.id}).get_json() == {"weeks": []}
        assert api.get("/api/v1/energy/current").get_json().get("answer") is None
        for url in ENERGY_GETS:
            response = api.get(url)
            if response.status_code == 200:
                keys = walk(response.get_json(), set())
                assert not keys & {"user_id", "user", "person", "email", "level"}, (viewer.name, url)
    # No energy route takes a person: the API has no way to ask for someone else's answer.
    spec = login_as(energy_world.admin).get("/api/v1/openapi.json").get_json()
    energy_paths = {path: ops for path, ops in spec["paths"].items() if "/energy" in path}
    assert set(energy_paths) == {
        "/api/v1/energy/settings",
        "/api/v1/energy/current",
        "/api/v1/energy/mine",
        "/api/v1/energy/teams",
    }
    for ops in energy_paths.values():
        for op in ops.values():
            assert not [p for p in op.get("parameters", []) if p.get("in") in ("path", "query")]


# --- the team view ------------------------------------------------------------------------------


def test_the_running_week_is_never_shown_only_closed_weeks(energy_world, login_as, switch_on):
    switch_on(energy_world.admin)
    _levels, week = everyone_answers(energy_world, login_as)
    view = login_as(energy_world.admin).get("/api/v1/energy/teams").get_json()
    assert week not in view["weeks"]
    assert all(not f["shown"] for g in view["groups"] for f in g["weeks"])


def test_teams_see_aggregates_of_closed_weeks_and_small_groups_merge_upward(energy_world, login_as, switch_on, later):
    world = energy_world
    switch_on(world.admin)
    levels, week = everyone_answers(world, login_as)
    with later(9):
        admin_view = login_as(world.admin).get("/api/v1/energy/teams").get_json()
        assert week in admin_view["weeks"]
        groups = groups_of(admin_view)
        organisation = figure(groups[("organisation", "")], week)
        assert organisation["shown"] and organisation["respondents"] == 12
        assert organisation["average"] == round(sum(levels.values()) / 12, 1)
        assert organisation["cost"]["workload"] == 12
        noord = figure(groups[("team", str(world.noord.id))], week)
        assert noord["shown"] and noord["respondents"] == 6 and groups[("team", str(world.noord.id))]["name"] == "Noord"
        # Zuid (4) and Finance (1) are below 5; Sales (Noord + Zuid, 10) would differ from the organisation by
        # the two outside sales: all hidden, and their people count only in the organisation.
        for key in (("team", str(world.zuid.id)), ("team", str(world.finance.id)), ("department", "sales")):
            hidden = figure(groups[key], week)
            assert hidden == {
                "week_start": week,
                "shown": False,
                "respondents": None,
                "average": None,
                "gave": None,
                "cost": None,
            }

        manager = groups_of(login_as(world.manager_noord).get("/api/v1/energy/teams").get_json())
        assert set(manager) == {("organisation", ""), ("department", "sales"), ("team", str(world.noord.id))}
        zuid_rep = groups_of(login_as(world.zuid_reps[0]).get("/api/v1/energy/teams").get_json())
        assert set(zuid_rep) == {("organisation", ""), ("department", "sales"), ("team", str(world.zuid.id))}
        staff = groups_of(login_as(world.staff).get("/api/v1/energy/teams").get_json())
        assert set(staff) == {("organisation", ""), ("team", str(world.finance.id))}
        stranger = login_as(world.stranger).get("/api/v1/energy/teams").get_json()
        assert stranger["enabled"] is False and stranger["groups"] == []


def _everything_shown(world, login_as, week, levels):
    """Every shown number of the week, through every view of every role, as (population, respondents, average)."""
    seen = {}
    for viewer in world.everyone:
        for (scope, key), group in groups_of(login_as(viewer).get("/api/v1/energy/teams").get_json()).items():
            shown = figure(group, week)
            if shown["shown"]:
                seen[(scope, key)] = (population(world, scope, key, levels), shown["respondents"], shown["average"])
    return seen


def test_no_combination_of_views_as_managers_admin_and_reps_reveals_one_answer(
    energy_world, login_as, switch_on, later
):
    world = energy_world
    switch_on(world.admin)
    levels, week = everyone_answers(world, login_as)
    with later(9):
        seen = _everything_shown(world, login_as, week, levels)
    assert set(seen) == {("organisation", ""), ("team", str(world.noord.id))}
    for population_, respondents, average in seen.values():
        assert respondents == len(population_) >= 5
        assert average == round(sum(levels[p] for p in population_) / respondents, 1)
    assert revealed([population_ for population_, _n, _a in seen.values()]) == set()


def test_a_team_one_short_of_its_organisation_is_merged_upward(energy_world, login_as, switch_on, later):
    """Only sales answers: the organisation (10) minus Noord (6) would be Zuid's four; Noord is not shown."""
    world = energy_world
    switch_on(world.admin)
    levels, week = everyone_answers(world, login_as, world.noord_people + world.zuid_people)
    with later(9):
        seen = _everything_shown(world, login_as, week, levels)
    assert ("team", str(world.noord.id)) not in seen and ("organisation", "") in seen
    assert revealed([population_ for population_, _n, _a in seen.values()]) == set()


def test_a_closed_week_is_frozen_erasure_and_moves_change_nothing_shown(energy_world, login_as, switch_on, later, db):
    world = energy_world
    switch_on(world.admin)
    _levels, week = everyone_answers(world, login_as)
    with later(9):
        before = login_as(world.admin).get("/api/v1/energy/teams").get_json()
        # Someone leaves Noord and is erased, another moves from Zuid to Noord: last week's numbers stay as
        # they were, so comparing before and after gives nothing away.
        leaver = world.noord_reps[0]
        assert login_as(world.admin).post(f"/api/v1/admin/people/{leaver.id}/erase").status_code == 204
        assert db.session.scalar(select(func.count()).where(EnergyAnswer.user_id == leaver.id)) == 0
        mover = db.session.scalar(select(Membership).where(Membership.user_id == world.zuid_reps[0].id))
        mover.team_id = world.noord.id
        db.session.commit()
        after = login_as(world.admin).get("/api/v1/energy/teams").get_json()
    assert after == before


def test_raising_the_threshold_hides_what_the_old_one_showed(energy_world, login_as, switch_on, later):
    world = energy_world
    switch_on(world.admin)
    _levels, week = everyone_answers(world, login_as)
    with later(9):
        login_as(world.admin).get("/api/v1/energy/teams")  # the week is frozen at 5
        switch_on(world.admin, threshold=7)
        groups = groups_of(login_as(world.admin).get("/api/v1/energy/teams").get_json())
    assert figure(groups[("organisation", "")], week)["shown"] is True
    assert figure(groups[("team", str(world.noord.id))], week)["shown"] is False


# --- data rights and retention ------------------------------------------------------------------


def test_my_export_holds_my_answers_and_the_organisation_export_holds_none(energy_world, login_as, switch_on):
    world = energy_world
    switch_on(world.admin)
    rep = world.noord_reps[0]
    assert answer(login_as(rep), 2, gave=["team"], cost=["meetings"]).status_code == 201
    mine = json.loads(login_as(rep).get("/api/v1/me/export").data)["data"]["energy_answers"]
    assert [(a["level"], a["gave_energy"], a["cost_energy"]) for a in mine] == [(2, "team", "meetings")]
    theirs = json.loads(login_as(world.manager_noord).get("/api/v1/me/export").data)["data"]
    assert theirs.get("energy_answers", []) == []

    archive = zipfile.ZipFile(io.BytesIO(login_as(world.admin).get("/api/v1/admin/export").data))
    assert not [name for name in archive.namelist() if "energy" in name]
    for name in archive.namelist():
        if name.endswith(".json"):
            assert b'"level"' not in archive.read(name) and b"meetings" not in archive.read(name), name


def test_answers_older_than_twelve_months_go_in_the_nightly_retention(energy_world, login_as, switch_on, db):
    world = energy_world
    switch_on(world.admin)
    assert answer(login_as(world.staff), 3).status_code == 201
    run_retention(utcnow() + timedelta(days=300))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(EnergyAnswer)) == 1
    run_retention(utcnow() + timedelta(days=380))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(EnergyAnswer)) == 0

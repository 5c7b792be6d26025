"""Leaders go first (issue 18, part 2): managers have behaviours of their own, check them in like anyone,
and their team sees that rhythm ("Voorbeeldgedrag") unless the organisation turned it off."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backend.boards.aggregates import rebuild_aggregates
from tests.boards.conftest import check_in
from tests.conftest import error_code
from tests.rhythm.conftest import new_client_id

pytestmark = pytest.mark.usefixtures("_frozen")

TODAY = date(2026, 11, 18)  # a Wednesday (tests/boards/conftest.py NOW)
MONDAY = date(2026, 11, 16)


@pytest.fixture
def coaching(make_behaviour, team):
    return make_behaviour(
        [team], name="1-op-1 coachgesprek gevoerd", cadence="times_per_week", times_per_week=2, for_managers=True
    )


def today_names(api) -> list[str]:
    return [b["name"] for b in api.get("/api/v1/today").get_json()["behaviours"]]


def test_a_managers_behaviour_is_theirs_on_today_and_not_the_members(team, manager, member, visit, coaching, login_as):
    rep = member("Ruben")
    assert today_names(login_as(manager)) == ["1-op-1 coachgesprek gevoerd"]
    assert today_names(login_as(rep)) == ["Klantbezoek"]
    check_in(login_as(manager), coaching)  # like anyone
    refused = login_as(rep).post("/api/v1/checkins", json={"behaviour_id": coaching.id, "client_id": new_client_id()})
    assert refused.status_code in (403, 422) and error_code(refused)
    # The members' grid and boards stay the members' own: no coaching column, no manager row.
    grid = login_as(manager).get(f"/api/v1/teams/{team.id}/rhythm-grid").get_json()
    assert [b["name"] for b in grid["behaviours"]] == ["Klantbezoek"]
    assert [m["name"] for m in grid["members"]] == ["Ruben"]


def test_the_team_sees_its_managers_rhythm(team, manager, member, coaching, add_checkins, login_as, db):
    rep = member("Ruben")
    add_checkins(manager, coaching, [MONDAY - timedelta(days=7), MONDAY - timedelta(days=5), MONDAY])
    rebuild_aggregates(team.organisation_id)
    db.session.commit()
    answer = login_as(rep).get(f"/api/v1/teams/{team.id}/leaders")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["shown"] is True
    (leader,) = body["leaders"]
    assert leader["name"] == "Martijn"
    (row,) = leader["behaviours"]
    assert row["name"] == "1-op-1 coachgesprek gevoerd"
    assert (row["unit"], row["week_done"]) == ("week", 1)
    assert row["streak"] >= 1 and 0 <= row["consistency"] <= 100
    # The manager and an admin see what the team sees.
    admin = login_as(member("Anouk", role="admin"))
    assert admin.get(f"/api/v1/teams/{team.id}/leaders").get_json() == body
    assert login_as(manager).get(f"/api/v1/teams/{team.id}/leaders").get_json() == body


def test_english_names_for_an_english_reader(team, manager, member, make_behaviour, login_as):
    make_behaviour(
        [team],
        name="Gedrag erkend met een reden",
        name_en="Recognised behaviour with a reason",
        cadence="times_per_week",
        times_per_week=3,
        for_managers=True,
    )
    rep = member("Ruben", locale="en")
    body = login_as(rep).get(f"/api/v1/teams/{team.id}/leaders", headers={"Accept-Language": "en"}).get_json()
    assert body["leaders"][0]["behaviours"][0]["name"] == "Recognised behaviour with a reason"


def test_hidden_when_the_organisation_turns_it_off(team, manager, member, coaching, login_as):
    rep = member("Ruben")
    admin = login_as(member("Anouk", role="admin"))
    assert admin.get("/api/v1/admin/organisation").get_json()["leaders_shown"] is True
    changed = admin.patch("/api/v1/admin/organisation", json={"leaders_shown": False})
    assert changed.status_code == 200 and changed.get_json()["leaders_shown"] is False
    for person in (rep, manager):
        assert login_as(person).get(f"/api/v1/teams/{team.id}/leaders").get_json() == {"shown": False, "leaders": []}
    # The manager still does their behaviours; only the team's view of them is off.
    assert today_names(login_as(manager)) == ["1-op-1 coachgesprek gevoerd"]
    admin.patch("/api/v1/admin/organisation", json={"leaders_shown": True})
    assert login_as(rep).get(f"/api/v1/teams/{team.id}/leaders").get_json()["shown"] is True


def test_only_an_admin_turns_it_off(team, manager, member, login_as):
    for person in (manager, member("Ruben")):
        response = login_as(person).patch("/api/v1/admin/organisation", json={"leaders_shown": False})
        assert response.status_code == 403
    admin = login_as(member("Anouk", role="admin"))
    assert admin.patch("/api/v1/admin/organisation", json={"leaders_shown": "no"}).status_code == 422


def test_scoped_to_the_team_and_the_organisation(team, manager, coaching, make_team, make_user, make_org, login_as):
    other_team = make_team("Sales Zuid")
    outsider = make_user(team=other_team, name="Sem")
    assert login_as(outsider).get(f"/api/v1/teams/{team.id}/leaders").status_code == 403
    elsewhere = make_org("Elders BV")
    stranger_team = make_team("Verkoop", organisation=elsewhere)
    stranger = make_user(team=stranger_team, role="admin", name="Vreemde")
    response = login_as(stranger).get(f"/api/v1/teams/{team.id}/leaders")
    assert response.status_code == 404 and error_code(response)
    # A team whose managers have no behaviours of their own shows nobody.
    make_user(role="manager", team=other_team, manages=True, name="Sanne")
    assert login_as(outsider).get(f"/api/v1/teams/{other_team.id}/leaders").get_json() == {
        "shown": True,
        "leaders": [],
    }


def test_a_manager_sets_a_behaviour_for_managers_in_the_catalogue(team, manager, member, login_as):
    api = login_as(manager)
    created = api.post(
        "/api/v1/behaviours",
        json={
            "name_nl": "Met een rep bij de klant geweest",
            "cadence": "times_per_week",
            "times_per_week": 1,
            "team_ids": [team.id],
            "for_managers": True,
        },
    )
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["for_managers"] is True
    assert today_names(api) == ["Met een rep bij de klant geweest"]
    assert today_names(login_as(member("Ruben"))) == []
    assert (
        api.post(
            "/api/v1/behaviours",
            json={"name_nl": "x", "cadence": "daily", "team_ids": [team.id], "for_managers": "yes"},
        ).status_code
        == 422
    )


def test_the_managers_check_ins_stay_off_the_team_boards(team, manager, member, visit, coaching, history, board):
    rep = member("Ruben")
    history(rep, visit, [MONDAY])
    history(manager, coaching, [MONDAY, TODAY])
    people = board(rep, scope="people", period="week")
    assert [row["name"] for row in people["rows"]] == ["Ruben"]


def test_a_managers_tap_earns_no_board_points(team, manager, member, visit, coaching, login_as, board):
    rep = member("Ruben")
    check_in(login_as(rep), visit)
    check_in(login_as(manager), coaching)
    assert [row["name"] for row in board(rep, scope="people", period="week")["rows"]] == ["Ruben"]
    consistency = board(rep, scope="people", period="week", metric="consistency")["rows"]
    assert "Martijn" not in [row["name"] for row in consistency]
    undone = login_as(manager).get("/api/v1/today").get_json()["behaviours"][0]["checkin"]["id"]
    assert login_as(manager).delete(f"/api/v1/checkins/{undone}").status_code == 204
    assert [row["value"] for row in board(rep, scope="people", period="week")["rows"]] == [10.0]

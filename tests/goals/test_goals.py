"""Team goal (the thermostat): customer-facing check-ins or a share of the rhythm, role rules, who counts."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from backend import signals
from backend.goals import service
from tests.boards.conftest import check_in
from tests.conftest import error_code

TODAY = date(2026, 11, 18)
MONDAY = date(2026, 11, 16)

pytestmark = pytest.mark.usefixtures("_frozen")


# --- team goal ----------------------------------------------------------------------------------


def test_a_customer_facing_goal_moves_with_check_ins_and_is_reached_exactly_once(
    team, manager, member, visit, crm, login_as
):
    reached = []
    signals.team_goal_reached.connect(lambda goal, **kw: reached.append(goal.id), weak=False)
    rep, other = member("Ruben"), member("Lotte")
    response = login_as(manager).put(
        f"/api/v1/teams/{team.id}/goal", json={"kind": "customer_facing_checkins", "target": 2}
    )
    assert response.status_code == 200
    goal = response.get_json()["goal"]
    assert (goal["value"], goal["percent"], goal["reached"], goal["starts_on"]) == (0, 0, False, "2026-11-16")
    rep_api, other_api = login_as(rep), login_as(other)
    check_in(rep_api, crm)  # not customer-facing: does not count
    check_in(rep_api, visit)
    [summary] = rep_api.get("/api/v1/boards/summary").get_json()["goals"]
    assert (summary["value"], summary["percent"], summary["reached"]) == (1, 50, False)
    check_in(other_api, visit)
    check_in(rep_api, visit, occurred_on="2026-11-17")
    body = other_api.get(f"/api/v1/teams/{team.id}/goal").get_json()["goal"]
    assert (body["value"], body["percent"], body["reached"]) == (3, 100, True)
    assert reached == [goal["id"]]


def test_a_rhythm_share_counts_due_behaviour_days_and_settles_when_the_period_ends(
    team, manager, member, visit, history, login_as, db
):
    rep = member("Ruben")
    history(rep, visit, [MONDAY])  # Monday done, Tuesday missed; Wednesday (today) still open
    api = login_as(manager)
    goal = api.put(f"/api/v1/teams/{team.id}/goal", json={"kind": "rhythm_share", "target": 50}).get_json()["goal"]
    assert (goal["done"], goal["due"], goal["value"], goal["reached"]) == (1, 2, 50.0, False)
    history(rep, visit, [TODAY, MONDAY + timedelta(days=3), MONDAY + timedelta(days=4)])
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=UTC), tick=False):
        [settled] = login_as(rep).get("/api/v1/boards/summary").get_json()["goals"]
    assert (settled["done"], settled["due"], settled["value"], settled["reached"], settled["finished"]) == (
        4,
        5,
        80.0,
        True,
        True,
    )


def test_an_away_day_is_not_due_and_a_weekly_cadence_counts_what_it_asks(
    team, manager, member, make_behaviour, history, login_as, db
):
    rep = member("Ruben")
    twice = make_behaviour([team], name="Discovery", cadence="times_per_week", times_per_week=2)
    daily = make_behaviour([team], name="Beloftes", cadence="weekdays")
    login_as(rep).post("/api/v1/away-days", json={"start": "2026-11-17", "end": "2026-11-17"})
    history(rep, daily, [MONDAY])
    history(rep, twice, [MONDAY])
    done, due = service.rhythm_share(team.id, team.organisation_id, MONDAY, MONDAY + timedelta(days=6), TODAY)
    # weekdays: Monday done, Tuesday away → 1/1; twice a week, running: asks only what is done → 1/1
    assert (done, due) == (2, 2)


def test_only_the_teams_managers_and_admins_set_goals(team, manager, member, make_user, make_team, login_as, make_org):
    body = {"kind": "rhythm_share", "target": 80}
    assert login_as(member("Ruben")).put(f"/api/v1/teams/{team.id}/goal", json=body).status_code == 403
    other_manager = make_user(role="manager", team=make_team("Zuid"), manages=True)
    assert login_as(other_manager).put(f"/api/v1/teams/{team.id}/goal", json=body).status_code == 403
    assert login_as(make_user(role="admin")).put(f"/api/v1/teams/{team.id}/goal", json=body).status_code == 200
    elsewhere = make_team("Elders", organisation=make_org("Ander BV"))
    assert login_as(manager).put(f"/api/v1/teams/{elsewhere.id}/goal", json=body).status_code == 404


def test_a_goal_refuses_bad_input_and_can_be_removed(team, manager, login_as):
    api = login_as(manager)
    url = f"/api/v1/teams/{team.id}/goal"
    for body in (
        {"kind": "rhythm_share", "target": 101},
        {"kind": "rhythm_share", "target": 0},
        {"kind": "volume", "target": 5},
        {"kind": "rhythm_share", "target": "80"},
        {"kind": "rhythm_share", "target": 80, "period": "year"},
    ):
        response = api.put(url, json=body)
        assert response.status_code == 422, body
    assert error_code(api.put(url, json={"kind": "rhythm_share", "target": 101})) == "validation_failed"
    assert api.get(url).get_json() == {"goal": None}
    api.put(url, json={"kind": "rhythm_share", "target": 80, "period": "month"})
    assert api.get(url).get_json()["goal"]["period"] == "month"
    api.put(url, json={"kind": "rhythm_share", "target": 70})  # one goal at a time: the week's replaces it
    assert api.get(url).get_json()["goal"]["period"] == "week"
    assert api.delete(url).status_code == 204
    assert api.get(url).get_json() == {"goal": None}


def test_a_deactivated_person_is_left_out_of_goals_and_grids(team, manager, member, visit, history, login_as, db):
    member("Ruben")
    gone = member("Weg")
    history(gone, visit, [MONDAY])
    gone.active = False
    db.session.commit()
    grid = login_as(manager).get(f"/api/v1/teams/{team.id}/rhythm-grid").get_json()
    assert [m["name"] for m in grid["members"]] == ["Ruben"]
    assert service.customer_facing_count(team.id, MONDAY, MONDAY + timedelta(days=6)) == 0

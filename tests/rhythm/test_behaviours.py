"""The behaviour catalogue: who may edit what, cadence rules, archiving keeps history."""

from datetime import UTC, date, datetime, timedelta

import time_machine

from backend.rhythm.models import Behaviour
from tests.conftest import error_code
from tests.rhythm.conftest import new_client_id

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def behaviour_payload(team_ids, **fields):
    return {
        "name_nl": "Om een referentie gevraagd",
        "name_en": "Asked for a referral",
        "icon": "🤝",
        "points": 10,
        "cadence": "times_per_week",
        "times_per_week": 2,
        "customer_facing": True,
        "team_ids": team_ids,
        **fields,
    }


def test_manager_creates_a_behaviour_for_their_own_team(login_as, make_user, sales):
    manager = make_user(role="manager", team=sales, manages=True)
    response = login_as(manager).post("/api/v1/behaviours", json=behaviour_payload([sales.id]))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["team_ids"] == [sales.id] and body["cadence"] == "times_per_week" and body["times_per_week"] == 2
    assert body["name"] == "Om een referentie gevraagd"


def test_manager_cannot_create_for_another_team_and_reps_not_at_all(login_as, make_user, make_team, sales, db):
    manager = make_user(role="manager", team=sales, manages=True)
    other = make_team("Sales Zuid")
    assert login_as(manager).post("/api/v1/behaviours", json=behaviour_payload([other.id])).status_code == 403
    rep = make_user(team=sales)
    assert login_as(rep).post("/api/v1/behaviours", json=behaviour_payload([sales.id])).status_code == 403
    assert db.session.query(Behaviour).count() == 0


def test_admin_creates_for_any_team_and_foreign_teams_are_unknown(login_as, make_user, make_team, make_org, sales, db):
    admin = make_user(role="admin")
    assert login_as(admin).post("/api/v1/behaviours", json=behaviour_payload([sales.id])).status_code == 201
    foreign = make_team("Elders", organisation=make_org("Other BV"))
    response = login_as(admin).post("/api/v1/behaviours", json=behaviour_payload([foreign.id]))
    assert response.status_code == 422 and "team_ids" in response.get_json()["error"]["fields"]


def test_cadence_rules_are_validated(login_as, make_user, sales):
    api = login_as(make_user(role="admin"))
    bad = [
        behaviour_payload([sales.id], times_per_week=None),
        behaviour_payload([sales.id], cadence="days_of_week", days_of_week=[]),
        behaviour_payload([sales.id], cadence="days_of_week", days_of_week=[1, 8]),
        behaviour_payload([sales.id], cadence="hourly"),
        behaviour_payload([sales.id], points=0),
        behaviour_payload([sales.id], points=101),
        behaviour_payload([sales.id], checklist=[{"key": f"k{n}", "label_nl": "x"} for n in range(7)]),
        behaviour_payload([sales.id], checklist=[{"key": "a", "label_nl": "x"}, {"key": "a", "label_nl": "y"}]),
        behaviour_payload([], name_nl="Zonder team"),
    ]
    for payload in bad:
        response = api.post("/api/v1/behaviours", json=payload)
        assert response.status_code == 422, payload
        assert error_code(response) == "validation_failed"


@time_machine.travel(NOW, tick=False)
def test_archiving_hides_a_behaviour_from_today_but_keeps_its_history(
    login_as, make_user, make_behaviour, rep, sales, add_checkins, db
):
    behaviour = make_behaviour([sales])
    add_checkins(rep, behaviour, [date(2026, 11, 17)])
    manager = make_user(role="manager", team=sales, manages=True)
    response = login_as(manager).patch(f"/api/v1/behaviours/{behaviour.id}", json={"archived": True})
    assert response.status_code == 200 and response.get_json()["archived"] is True
    api = login_as(rep)
    assert api.get("/api/v1/today").get_json()["behaviours"] == []
    refused = api.post("/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": new_client_id()})
    assert refused.status_code == 422
    catalogue = login_as(manager).get("/api/v1/behaviours?include_archived=true").get_json()
    assert [b["archived"] for b in catalogue] == [True]
    assert len(db.session.query(Behaviour).one().teams) == 1


@time_machine.travel(NOW, tick=False)
def test_changing_the_cadence_recomputes_streaks(login_as, make_user, make_behaviour, rep, sales, add_checkins):
    behaviour = make_behaviour([sales], cadence="daily")
    # Monday to Friday last week, nothing at the weekend.
    add_checkins(
        rep,
        behaviour,
        [date(2026, 11, 9) + timedelta(days=d) for d in range(5)] + [date(2026, 11, 16), date(2026, 11, 17)],
    )
    api = login_as(rep)
    assert api.get("/api/v1/today").get_json()["behaviours"][0]["streak"]["current"] == 2
    admin = make_user(role="admin")
    login_as(admin).patch(f"/api/v1/behaviours/{behaviour.id}", json={"cadence": "weekdays"})
    assert api.get("/api/v1/today").get_json()["behaviours"][0]["streak"]["current"] == 7


def test_reps_see_only_behaviours_that_apply_to_them(login_as, make_user, make_behaviour, make_team, rep, sales):
    mine = make_behaviour([sales], name="Mijn gedrag")
    make_behaviour([make_team("Finance", kind="finance")], name="Niet van mij")
    assert [b["id"] for b in login_as(rep).get("/api/v1/behaviours").get_json()] == [mine.id]


def test_editing_a_foreign_behaviour_is_not_found(login_as, make_user, make_behaviour, make_team, make_org):
    other_org = make_org("Other BV")
    foreign = make_behaviour([make_team("Elders", organisation=other_org)], organisation=other_org)
    admin = make_user(role="admin")
    assert login_as(admin).patch(f"/api/v1/behaviours/{foreign.id}", json={"points": 50}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_manager_marks_a_team_member_away_without_a_reason(login_as, make_user, rep, sales, make_team):
    manager = make_user(role="manager", team=sales, manages=True)
    response = login_as(manager).post(
        "/api/v1/away-days", json={"start": "2026-11-19", "end": "2026-11-20", "kind": "sick", "user_id": rep.id}
    )
    assert response.status_code == 201
    assert [d["kind"] for d in response.get_json()] == [None, None]  # the reason is the person's own to give
    outsider = make_user(role="manager", team=make_team("Sales Zuid"), manages=True)
    refused = login_as(outsider).post("/api/v1/away-days", json={"start": "2026-11-19", "user_id": rep.id})
    assert refused.status_code == 403
    colleague = make_user(team=sales)
    assert (
        login_as(colleague).post("/api/v1/away-days", json={"start": "2026-11-19", "user_id": rep.id}).status_code
        == 403
    )


@time_machine.travel(NOW, tick=False)
def test_away_day_can_be_taken_back_and_the_streak_follows(login_as, rep, make_behaviour, sales, add_checkins):
    behaviour = make_behaviour([sales])
    add_checkins(rep, behaviour, [date(2026, 11, 15), date(2026, 11, 16)])
    api = login_as(rep)
    [away] = api.post("/api/v1/away-days", json={"start": "2026-11-17", "kind": "leave"}).get_json()
    assert away["kind"] == "leave"
    assert api.get("/api/v1/today").get_json()["behaviours"][0]["streak"]["current"] == 2
    assert api.delete(f"/api/v1/away-days/{away['id']}").status_code == 204
    assert api.get("/api/v1/today").get_json()["behaviours"][0]["streak"]["current"] == 0
    listed = api.get("/api/v1/away-days?since=2026-11-01&until=2026-11-30").get_json()
    assert listed == []


@time_machine.travel(NOW, tick=False)
def test_my_rhythm_shows_twelve_weeks_of_days_and_a_trend(login_as, rep, make_behaviour, sales, add_checkins):
    behaviour = make_behaviour([sales], cadence="weekdays")
    add_checkins(rep, behaviour, [date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)])
    history = login_as(rep).get("/api/v1/rhythm?weeks=12").get_json()
    assert history["since"] == "2026-08-31" and history["until"] == "2026-11-22"
    [item] = history["behaviours"]
    states = {d["date"]: d["state"] for d in item["days"]}
    assert len(states) == 84
    assert states["2026-11-17"] == "done" and states["2026-11-14"] == "rest" and states["2026-11-13"] == "missed"
    assert states["2026-11-19"] == "future"
    assert len(item["trend"]) == 12 and item["trend"][-1]["consistency"] > item["trend"][-2]["consistency"]
    assert item["streak"]["current"] == 3

"""Team goal (the thermostat), customer-facing share, the manager's rhythm grid, role rules, rebuilds."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from backend import signals
from backend.boards import service
from backend.boards.models import BoardDay, BoardTotal
from backend.rhythm import fold
from tests.boards.conftest import check_in
from tests.conftest import error_code
from tests.rhythm.conftest import new_client_id

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


# --- customer-facing share ----------------------------------------------------------------------


def test_customer_facing_share_per_week_for_twelve_weeks(team, manager, member, visit, crm, history, login_as):
    rep = member("Ruben")
    history(rep, visit, [MONDAY, MONDAY + timedelta(days=1), MONDAY - timedelta(days=7)])
    history(rep, crm, [MONDAY, MONDAY - timedelta(days=7), MONDAY - timedelta(days=6), MONDAY - timedelta(days=5)])
    weeks = login_as(manager).get(f"/api/v1/teams/{team.id}/customer-facing").get_json()
    assert len(weeks) == 12 and weeks[-1]["week"] == "2026-W47"
    assert (weeks[-1]["checkins"], weeks[-1]["customer_facing"], weeks[-1]["share"]) == (3, 2, 67)
    assert (weeks[-2]["checkins"], weeks[-2]["share"]) == (4, 25)
    assert weeks[0]["share"] is None
    assert login_as(rep).get(f"/api/v1/teams/{team.id}/customer-facing").status_code == 200  # the team itself


def test_customer_facing_share_is_for_the_team_and_its_managers(team, make_user, make_team, login_as):
    outsider = make_user(team=make_team("Zuid"))
    assert login_as(outsider).get(f"/api/v1/teams/{team.id}/customer-facing").status_code == 403


# --- the manager's grid -------------------------------------------------------------------------


def test_the_grid_shows_done_missed_due_and_away_without_a_reason_nobody_gave(
    team, manager, member, visit, crm, history, login_as
):
    rep, sick = member("Ruben"), member("Daan")
    history(rep, visit, [MONDAY, TODAY])
    history(rep, crm, [MONDAY, MONDAY + timedelta(days=1)])
    login_as(sick).post("/api/v1/away-days", json={"start": "2026-11-16", "end": "2026-11-17", "kind": "sick"})
    login_as(manager).post("/api/v1/away-days", json={"start": "2026-11-18", "end": "2026-11-18", "user_id": rep.id})
    grid = login_as(manager).get(f"/api/v1/teams/{team.id}/rhythm-grid").get_json()
    assert grid["week"] == "2026-W47" and [b["name"] for b in grid["behaviours"]] == ["Klantbezoek", "CRM bijgewerkt"]
    rows = {m["name"]: m for m in grid["members"]}
    assert set(rows) == {"Ruben", "Daan"}  # the manager coaches; not a row
    ruben = {c["behaviour_id"]: c for c in rows["Ruben"]["cells"]}
    assert ruben[visit.id]["days"][:4] == ["done", "missed", "done", "future"]
    assert (ruben[visit.id]["state"], ruben[visit.id]["done"]) == ("missed", 2)
    assert ruben[crm.id]["days"][:3] == ["done", "done", "away"]
    assert rows["Ruben"]["away"] == [{"date": "2026-11-18", "kind": None}]  # marked by the manager: no reason
    assert rows["Daan"]["away"] == [
        {"date": "2026-11-16", "kind": "sick"},
        {"date": "2026-11-17", "kind": "sick"},
    ]  # the person said so themselves


def test_the_grid_is_sorted_by_consistency_and_flags_who_is_slipping(team, manager, member, crm, history, login_as):
    steady, slipping = member("Anna"), member("Bram")
    history(steady, crm, [TODAY - timedelta(days=n) for n in range(1, 60)])
    # Every day for a long time, then fewer and fewer: consistency falls week after week.
    history(slipping, crm, [TODAY - timedelta(days=n) for n in range(28, 90)] + [TODAY - timedelta(days=20)])
    grid = login_as(manager).get(f"/api/v1/teams/{team.id}/rhythm-grid").get_json()
    [first, second] = grid["members"]
    assert (first["name"], first["slipping"]) == ("Anna", False)
    assert (second["name"], second["slipping"]) == ("Bram", True)
    assert second["trend"] == sorted(second["trend"], reverse=True)


def test_the_grid_is_for_the_teams_managers_and_admins(team, manager, member, make_user, make_team, login_as, make_org):
    url = f"/api/v1/teams/{team.id}/rhythm-grid"
    assert login_as(member("Ruben")).get(url).status_code == 403
    assert login_as(make_user(role="manager", team=make_team("Zuid"), manages=True)).get(url).status_code == 403
    assert login_as(make_user(role="admin")).get(url).status_code == 200
    assert login_as(manager).get(url, query_string={"week": "2026-W40"}).get_json()["week"] == "2026-W40"
    for week in ("2026-W54", "2026-47", "next"):
        assert login_as(manager).get(url, query_string={"week": week}).status_code == 422
    elsewhere = make_team("Elders", organisation=make_org("Ander BV"))
    assert login_as(manager).get(f"/api/v1/teams/{elsewhere.id}/rhythm-grid").status_code == 404


# --- aggregates ---------------------------------------------------------------------------------


def test_check_ins_undo_and_rebuild_agree(team, member, visit, crm, login_as, db):
    rep = member("Ruben")
    api = login_as(rep)
    first = check_in(api, visit)
    check_in(api, crm)
    check_in(api, visit, occurred_on="2026-11-17")
    assert api.delete(f"/api/v1/checkins/{first['id']}").status_code == 204
    signals.points_changed.send(
        None, organisation_id=rep.organisation_id, user_id=rep.id, day=TODAY, delta=10.0, source="win", source_id=1
    )
    db.session.commit()
    fold.fold_everything()  # as the scheduler's heartbeat does

    def snapshot():
        db.session.expire_all()
        days = {
            (d.day, d.points, d.checkins, d.customer_facing)
            for d in db.session.query(BoardDay).filter_by(user_id=rep.id)
        }
        totals = {
            (t.period, t.starts_on, t.points, t.checkins)
            for t in db.session.query(BoardTotal).filter_by(user_id=rep.id)
        }
        return days, totals

    live = snapshot()
    assert (TODAY, 15.0, 1, 0) in live[0]
    service.rebuild_aggregates(rep.organisation_id)
    db.session.commit()
    assert snapshot() == live


def test_a_deactivated_person_is_left_out_of_goals_and_grids(team, manager, member, visit, history, login_as, db):
    member("Ruben")
    gone = member("Weg")
    history(gone, visit, [MONDAY])
    gone.active = False
    db.session.commit()
    grid = login_as(manager).get(f"/api/v1/teams/{team.id}/rhythm-grid").get_json()
    assert [m["name"] for m in grid["members"]] == ["Ruben"]
    assert service.customer_facing_count(team.id, MONDAY, MONDAY + timedelta(days=6)) == 0


def test_an_import_announced_by_its_signal_rebuilds_the_boards(team, member, visit, add_checkins, login_as, db):
    rep = member("Ruben")
    add_checkins(rep, visit, [MONDAY, MONDAY + timedelta(days=1)])  # bulk, as the CSV import: no per-row signals
    api = login_as(rep)
    assert api.get("/api/v1/leaderboards").get_json()["me"]["value"] == 0.0
    signals.checkins_imported.send(None, organisation_id=rep.organisation_id, user_ids=[rep.id])
    db.session.commit()
    assert api.get("/api/v1/leaderboards").get_json()["me"]["value"] == 20.0


def test_taps_at_the_same_moment_all_count_on_the_boards(team, member, make_behaviour, login_as, db):
    from tests.rhythm.test_concurrency import _tap_together

    rep = member("Ruben")
    behaviours = [make_behaviour([team], name=f"Gedrag {n}", points=10, customer_facing=True) for n in range(4)]
    phones = [login_as(rep) for _ in behaviours]
    for phone in phones:
        phone.csrf_token()
    statuses = _tap_together(
        [
            (phone, {"behaviour_id": b.id, "client_id": new_client_id()})
            for phone, b in zip(phones, behaviours, strict=True)
        ]
    )
    assert statuses == [201] * 4
    fold.fold_everything()
    db.session.expire_all()
    day = db.session.query(BoardDay).filter_by(user_id=rep.id, day=TODAY).one()
    assert (day.points, day.checkins, day.customer_facing) == (40.0, 4, 4)
    week = db.session.query(BoardTotal).filter_by(user_id=rep.id, period="week", starts_on=MONDAY).one()
    assert (week.points, week.checkins) == (40.0, 4)

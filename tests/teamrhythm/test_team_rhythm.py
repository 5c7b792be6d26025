"""A team's rhythm: the customer-facing share per week and the manager's rhythm grid."""

from datetime import date, timedelta

import pytest

TODAY = date(2026, 11, 18)
MONDAY = date(2026, 11, 16)

pytestmark = pytest.mark.usefixtures("_frozen")


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


def test_the_grid_marks_the_done_days_a_connected_system_checked_in(
    team, manager, member, visit, crm, history, login_as, db
):
    from sqlalchemy import update

    from backend.rhythm.models import CheckIn

    rep = member("Ruben")
    history(rep, visit, [MONDAY, MONDAY + timedelta(days=1)])
    history(rep, crm, [MONDAY])
    # Tuesday's visit came from the CRM (integrations' inbound source); Monday's were tapped in the app.
    db.session.execute(
        update(CheckIn)
        .where(CheckIn.behaviour_id == visit.id, CheckIn.occurred_on == MONDAY + timedelta(days=1))
        .values(source="crm")
    )
    db.session.commit()
    grid = login_as(manager).get(f"/api/v1/teams/{team.id}/rhythm-grid").get_json()
    cells = {c["behaviour_id"]: c for c in grid["members"][0]["cells"]}
    assert cells[visit.id]["days"][:2] == ["done", "done"]
    assert cells[visit.id]["crm"] == [False, True, False, False, False, False, False]
    assert cells[crm.id]["crm"] == [False] * 7


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

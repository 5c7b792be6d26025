"""Who does a team's behaviours (issue 21 item 11): its members, never the managers who only manage it.

Today, My rhythm, a tap, the grid and the boards all follow that one rule (rhythm/service.py, _APPLICABLE):
a manager who only manages a team gets none of its behaviours; a manager who is also a member of a team
with behaviours does those like anyone, shows in its grid and is ranked on the boards.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backend.boards.aggregates import rebuild_aggregates
from tests.conftest import error_code
from tests.rhythm.conftest import new_client_id

pytestmark = pytest.mark.usefixtures("_frozen")

TODAY = date(2026, 11, 18)


@pytest.fixture
def leads(make_team, make_behaviour, make_user, team, visit):
    """`team` (Sales Noord, behaviour Klantbezoek) managed by Martijn, who is himself a member of the leads'
    team (behaviour Pipeline review), which Anouk manages."""
    leads = make_team("Teamleiders")
    review = make_behaviour([leads], name="Pipeline review", points=5, cadence="daily")
    martijn = make_user(role="manager", team=team, manages=True, name="Martijn")
    martijn.memberships.append(type(martijn.memberships[0])(team=leads, manages=False))
    anouk = make_user(role="manager", team=leads, manages=True, name="Anouk")
    return {"leads": leads, "review": review, "martijn": martijn, "anouk": anouk}


def today_names(api) -> list[str]:
    return [b["name"] for b in api.get("/api/v1/today").get_json()["behaviours"]]


def grid_names(api, team) -> list[str]:
    response = api.get(f"/api/v1/teams/{team.id}/rhythm-grid")
    assert response.status_code == 200, response.get_json()
    return sorted(m["name"] for m in response.get_json()["members"])


def test_a_manager_who_only_manages_a_team_gets_none_of_its_behaviours(
    org, team, member, manager, visit, login_as, history, db
):
    rep = member("Ruben")
    history(rep, visit, [TODAY - timedelta(days=n) for n in range(1, 6)])
    coach = login_as(manager)
    assert today_names(login_as(rep)) == ["Klantbezoek"]
    assert today_names(coach) == []  # was: the team's behaviours, although not in the grid
    assert coach.get("/api/v1/rhythm").get_json()["behaviours"] == []
    tap = coach.post("/api/v1/checkins", json={"behaviour_id": visit.id, "client_id": new_client_id()})
    assert tap.status_code == 422 and error_code(tap) == "validation_failed"
    assert "behaviour_id" in tap.get_json()["error"]["fields"]
    assert grid_names(coach, team) == ["Ruben"]
    rebuild_aggregates(org.id)
    db.session.commit()
    board = coach.get("/api/v1/leaderboards", query_string={"metric": "consistency"}).get_json()
    assert [r["name"] for r in board["rows"]] == ["Ruben"] and board["me"]["rank"] is None


def test_a_manager_who_is_a_member_of_a_team_with_behaviours_does_them_like_anyone(
    org, team, leads, visit, login_as, db
):
    martijn, anouk, review = leads["martijn"], leads["anouk"], leads["review"]
    db.session.commit()
    phone = login_as(martijn)
    assert today_names(phone) == ["Pipeline review"]  # his own team's, not Sales Noord's that he manages
    assert [b["name"] for b in phone.get("/api/v1/rhythm").get_json()["behaviours"]] == ["Pipeline review"]
    tap = phone.post("/api/v1/checkins", json={"behaviour_id": review.id, "client_id": new_client_id()})
    assert tap.status_code == 201
    refused = phone.post("/api/v1/checkins", json={"behaviour_id": visit.id, "client_id": new_client_id()})
    assert refused.status_code == 422
    assert grid_names(login_as(anouk), leads["leads"]) == ["Martijn"]  # in the grid of the team he is in
    assert "Martijn" not in grid_names(phone, team)  # not in the one he manages
    rebuild_aggregates(org.id)
    db.session.commit()
    board = phone.get("/api/v1/leaderboards", query_string={"metric": "consistency"}).get_json()
    assert board["me"]["rank"] is not None and board["me"]["value"] is not None
    points = phone.get("/api/v1/leaderboards", query_string={"team_id": leads["leads"].id}).get_json()
    assert [(r["name"], r["value"]) for r in points["rows"]] == [("Martijn", 5.0)]

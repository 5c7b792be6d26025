"""Privacy presets (works council): open, teams_first, private; board opt-in."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from tests.boards.conftest import ranking

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 16)
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(make_team, make_user, make_behaviour, history):
    noord, zuid = make_team("Sales Noord"), make_team("Sales Zuid")
    behaviour = make_behaviour([noord, zuid], points=10)

    def make(name, team, points, **fields):
        user = make_user(team=team, name=name, created_at=LONG_AGO, **fields)
        if points:
            history(user, behaviour, {MONDAY: points})
        return user

    anna = make("Anna", noord, 30, board_opt_in=True)
    bram = make("Bram", noord, 20)
    cas = make("Cas", zuid, 10)
    manager = make("Mila", noord, 0, role="manager", manages=True)
    admin = make_user(role="admin", name="Ad", created_at=LONG_AGO)
    return {"anna": anna, "bram": bram, "cas": cas, "manager": manager, "admin": admin, "noord": noord}


def set_visibility(db, org, visibility):
    org.visibility = visibility
    db.session.commit()


def test_open_shows_every_name(org, db, people, board):
    set_visibility(db, org, "open")
    assert [r["name"] for r in board(people["cas"])["rows"]] == ["Anna", "Bram", "Cas"]


def test_teams_first_names_only_who_opted_in_and_myself(org, db, people, board):
    set_visibility(db, org, "teams_first")
    rows = board(people["cas"])["rows"]
    assert [(r["rank"], r["name"], r["anonymous"]) for r in rows] == [
        (1, "Anna", False),
        (2, None, True),
        (3, "Cas", False),
    ]
    assert rows[1]["user_id"] is None  # "a colleague": no name, no id to look one up


def test_teams_first_managers_see_their_own_teams_people(org, db, people, board):
    set_visibility(db, org, "teams_first")
    names = [r["name"] for r in board(people["manager"])["rows"]]
    assert names == ["Anna", "Bram", None]  # Cas is in Sales Zuid, not the manager's team
    assert [r["name"] for r in board(people["admin"])["rows"]] == ["Anna", "Bram", "Cas"]


def test_private_shows_only_my_own_position(org, db, people, board):
    set_visibility(db, org, "private")
    body = board(people["bram"])
    assert body["people_hidden"] is True
    assert ranking(body) == [(2, "Bram", 20.0)] and body["me"]["is_me"]
    assert len(board(people["bram"], scope="teams")["rows"]) == 2  # team boards stay


def test_opting_in_shows_my_name_to_colleagues(org, db, people, board, login_as):
    set_visibility(db, org, "teams_first")
    api = login_as(people["bram"])
    response = api.patch("/api/v1/me/board-preferences", json={"board_opt_in": True})
    assert response.status_code == 200 and response.get_json() == {"board_opt_in": True}
    assert [r["name"] for r in board(people["cas"])["rows"]][:2] == ["Anna", "Bram"]
    assert api.get("/api/v1/boards/summary").get_json()["board_opt_in"] is True


def test_board_preferences_refuse_anything_but_a_boolean(people, login_as):
    api = login_as(people["bram"])
    for body in ({"board_opt_in": "yes"}, {}, {"board_opt_in": None}):
        assert api.patch("/api/v1/me/board-preferences", json=body).status_code == 422


def test_bad_board_queries_are_422_and_other_organisations_teams_404(people, login_as, make_org, make_team):
    api = login_as(people["bram"])
    for query in ({"scope": "all"}, {"period": "year"}, {"metric": "volume"}, {"limit": 0}, {"team_id": "x"}):
        assert api.get("/api/v1/leaderboards", query_string=query).status_code == 422
    elsewhere = make_team("Elders", organisation=make_org("Ander BV"))
    assert api.get("/api/v1/leaderboards", query_string={"team_id": elsewhere.id}).status_code == 404
    assert api.get("/api/v1/leaderboards").status_code == 200


def test_boards_need_a_signed_in_person(client):
    assert client.get("/api/v1/leaderboards").status_code == 401

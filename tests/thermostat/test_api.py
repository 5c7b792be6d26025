"""Team rounds through the API: from the three questions to an agreed standard that is the team goal;
anonymity that never leaks a name; roles and organisation scoping; bad input refused in 4xx."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from tests.conftest import error_code

pytestmark = pytest.mark.usefixtures("_frozen")

ANSWER = {
    "now": "We blussen vooral brandjes.",
    "ahead": "Elke klant voelt zich gehoord.",
    "holding": "Te veel interne overleggen.",
    "statement": "We volgen elk klantgesprek binnen 24 uur op",
    "kind": "rhythm_share",
    "target": 90,
}


@pytest.fixture
def people(member, manager):
    return manager, [member("Ruben"), member("Lotte"), member("Sanne")]


def _open(api, team, anonymous=False, period="month"):
    response = api.post(f"/api/v1/teams/{team.id}/thermostat/rounds", json={"period": period, "anonymous": anonymous})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _answer(api, round_id, behaviour, **changes):
    response = api.put(
        f"/api/v1/thermostat/rounds/{round_id}/answer", json={**ANSWER, "behaviour_id": behaviour.id, **changes}
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _draft(api, round_id, behaviour, **changes):
    body = {"behaviour_id": behaviour.id, "statement": ANSWER["statement"], "kind": "rhythm_share", "target": 90}
    response = api.put(f"/api/v1/thermostat/rounds/{round_id}/draft", json={**body, **changes})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _confirm(api, round_id, agrees, reason=""):
    return api.put(f"/api/v1/thermostat/rounds/{round_id}/confirmation", json={"agrees": agrees, "reason": reason})


def test_a_full_round_from_questions_to_an_agreed_standard_that_is_the_team_goal(team, people, visit, login_as):
    manager, (ruben, lotte, sanne) = people
    boss = login_as(manager)
    opened = _open(boss, team)
    assert (opened["stage"], opened["members"], opened["answered"], opened["anonymous"]) == ("answering", 3, 0, False)
    assert opened["answers_due"].startswith("2026-11-25")
    round_id = opened["id"]

    apis = {person.name: login_as(person) for person in (ruben, lotte, sanne)}
    [turn] = apis["Ruben"].get("/api/v1/thermostat/turns").get_json()["turns"]
    assert (turn["round_id"], turn["team_name"], turn["stage"]) == (round_id, "Sales Noord", "answering")
    assert boss.get("/api/v1/thermostat/turns").get_json()["turns"] == []  # managers draft; they do not answer

    mine = _answer(apis["Ruben"], round_id, visit)
    assert mine["my_answer"]["holding"] == "Te veel interne overleggen."
    assert mine["answers"] is None  # a member sees their own answer, never the others'
    _answer(apis["Lotte"], round_id, visit, target=80, holding="De waan van de dag")
    assert apis["Ruben"].get("/api/v1/thermostat/turns").get_json()["turns"] == []

    seen = boss.get(f"/api/v1/teams/{team.id}/thermostat").get_json()
    assert seen["can_manage"] and seen["current"]["answered"] == 2
    assert [(a["name"], a["target"], a["behaviour_name"]) for a in seen["current"]["answers"]] == [
        ("Ruben", 90, "Klantbezoek"),
        ("Lotte", 80, "Klantbezoek"),
    ]

    drafted = _draft(boss, round_id, visit, target=85)
    assert drafted["stage"] == "confirming" and drafted["draft"]["target"] == 85
    assert _confirm(apis["Ruben"], round_id, True).get_json()["agreed"] == 1
    no_reason = _confirm(apis["Lotte"], round_id, False)
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["error"]["fields"]
    assert _confirm(apis["Lotte"], round_id, False, "90 haalbaar").get_json()["disagreed"] == 1
    assert apis["Ruben"].get("/api/v1/boards/summary").get_json()["goals"] == []  # 1 of 3: not yet

    agreed = _confirm(apis["Sanne"], round_id, True).get_json()
    assert (agreed["stage"], agreed["agreed"], agreed["starts_on"]) == ("agreed", 2, "2026-11-01")

    [goal] = apis["Sanne"].get("/api/v1/boards/summary").get_json()["goals"]
    assert (goal["period"], goal["starts_on"], goal["kind"], goal["target"], goal["title"]) == (
        "month",
        "2026-11-01",
        "rhythm_share",
        85,
        "We volgen elk klantgesprek binnen 24 uur op",
    )
    assert apis["Ruben"].get(f"/api/v1/teams/{team.id}/goal").get_json()["goal"]["title"] == goal["title"]

    after = boss.get(f"/api/v1/teams/{team.id}/thermostat").get_json()
    assert after["current"] is None  # a new round may be opened
    [entry] = after["history"]
    assert (entry["round_id"], entry["period"], entry["outcome"], entry["agreed_by"], entry["agreed_count"]) == (
        round_id,
        "month",
        "running",
        ["Ruben", "Sanne"],
        2,
    )
    assert _confirm(apis["Ruben"], round_id, False, "toch niet").status_code == 409
    assert boss.get(f"/api/v1/thermostat/rounds/{round_id}").get_json()["confirmations"][1]["reason"] == "90 haalbaar"


def test_a_changed_draft_asks_everyone_again(team, people, visit, login_as):
    manager, (ruben, *_rest) = people
    boss = login_as(manager)
    round_id = _open(boss, team)["id"]
    _draft(boss, round_id, visit)
    assert _confirm(login_as(ruben), round_id, True).get_json()["agreed"] == 1
    assert _draft(boss, round_id, visit, target=70)["agreed"] == 0
    assert _draft(boss, round_id, visit, target=70)["stage"] == "confirming"


def test_an_anonymous_round_never_shows_who_said_what(team, people, visit, login_as, make_user):
    manager, members = people
    boss = login_as(manager)
    opened = _open(boss, team, anonymous=True)
    assert opened["anonymous"] is True  # members see it before they answer
    seen_by_member = login_as(members[0]).get(f"/api/v1/teams/{team.id}/thermostat").get_json()
    assert seen_by_member["current"]["anonymous"] is True
    for n, person in enumerate(members):
        _answer(login_as(person), opened["id"], visit, holding=f"Reden {n}")
    _draft(boss, opened["id"], visit)
    _confirm(login_as(members[0]), opened["id"], False, "Te hoog")
    for person in members[1:]:
        _confirm(login_as(person), opened["id"], True)
    admin = make_user(role="admin", name="Anke Admin")
    for api in (boss, login_as(admin)):
        for url in (f"/api/v1/teams/{team.id}/thermostat", f"/api/v1/thermostat/rounds/{opened['id']}"):
            response = api.get(url)
            text = response.get_data(as_text=True)
            for person in members:
                assert person.name not in text and person.email not in text
                assert f'"user_id": {person.id}' not in text and f'"user_id":{person.id}' not in text
    body = boss.get(f"/api/v1/thermostat/rounds/{opened['id']}").get_json()
    assert len(body["answers"]) == 3 and all(a["name"] is None and "user_id" not in a for a in body["answers"])
    assert all(c["name"] is None for c in body["confirmations"])
    [entry] = boss.get(f"/api/v1/teams/{team.id}/thermostat").get_json()["history"]
    assert (entry["agreed_by"], entry["agreed_count"], entry["anonymous"]) == (None, 2, True)


def test_only_the_teams_managers_and_admins_open_and_draft(team, people, visit, login_as, make_user, make_team):
    manager, (ruben, *_rest) = people
    elsewhere = make_team("Sales Zuid")
    other_manager = make_user(role="manager", team=elsewhere, manages=True)
    rep = login_as(ruben)
    refused = rep.post(f"/api/v1/teams/{team.id}/thermostat/rounds", json={"period": "month", "anonymous": False})
    assert refused.status_code == 403
    assert (
        login_as(other_manager)
        .post(f"/api/v1/teams/{team.id}/thermostat/rounds", json={"period": "month", "anonymous": False})
        .status_code
        == 403
    )
    admin = make_user(role="admin")
    round_id = _open(login_as(admin), team, period="quarter")["id"]
    assert (
        rep.put(
            f"/api/v1/thermostat/rounds/{round_id}/draft",
            json={"behaviour_id": visit.id, "kind": "rhythm_share", "target": 5},
        ).status_code
        == 403
    )
    assert rep.post(f"/api/v1/thermostat/rounds/{round_id}/close").status_code == 403
    # The manager drafts; answering is for members.
    boss = login_as(manager)
    refused = boss.put(f"/api/v1/thermostat/rounds/{round_id}/answer", json={**ANSWER, "behaviour_id": visit.id})
    assert (refused.status_code, error_code(refused)) == (403, "thermostat_not_member")
    # Another team's manager and members do not see the round at all.
    assert login_as(other_manager).get(f"/api/v1/thermostat/rounds/{round_id}").status_code == 404
    assert login_as(other_manager).get(f"/api/v1/teams/{team.id}/thermostat").status_code == 404
    outsider = make_user(team=elsewhere)
    assert (
        login_as(outsider)
        .put(f"/api/v1/thermostat/rounds/{round_id}/answer", json={**ANSWER, "behaviour_id": visit.id})
        .status_code
        == 404
    )
    overview = login_as(admin).get("/api/v1/thermostat").get_json()["teams"]
    assert {(t["team_name"], t["can_manage"], t["stage"]) for t in overview} == {
        ("Sales Noord", True, "answering"),
        ("Sales Zuid", True, None),
    }
    [mine] = rep.get("/api/v1/thermostat").get_json()["teams"]
    assert (mine["team_name"], mine["can_manage"], mine["is_member"], mine["needs_me"]) == (
        "Sales Noord",
        False,
        True,
        True,
    )


def test_another_organisation_sees_nothing(team, people, visit, login_as, make_org, make_user):
    manager, _members = people
    round_id = _open(login_as(manager), team)["id"]
    other = make_org("Elders BV")
    stranger = make_user(role="admin", organisation=other)
    api = login_as(stranger)
    assert api.get(f"/api/v1/thermostat/rounds/{round_id}").status_code == 404
    assert api.get(f"/api/v1/teams/{team.id}/thermostat").status_code == 404
    assert (
        api.post(f"/api/v1/teams/{team.id}/thermostat/rounds", json={"period": "month", "anonymous": True}).status_code
        == 404
    )
    assert api.post(f"/api/v1/thermostat/rounds/{round_id}/close").status_code == 404
    assert api.get("/api/v1/thermostat").get_json()["teams"] == []


def test_bad_input_is_refused_with_a_4xx(team, people, visit, make_behaviour, make_team, login_as):
    manager, (ruben, *_rest) = people
    boss, rep = login_as(manager), login_as(ruben)
    url = f"/api/v1/teams/{team.id}/thermostat/rounds"
    for body in ({"period": "week", "anonymous": False}, {"period": "month"}, {"period": "month", "anonymous": "yes"}):
        response = boss.post(url, json=body)
        assert response.status_code == 422, body
    round_id = _open(boss, team)["id"]
    second = boss.post(url, json={"period": "quarter", "anonymous": False})
    assert (second.status_code, error_code(second)) == (409, "thermostat_round_open")
    foreign = make_behaviour([make_team("Service")], name="Ticket opgelost")
    answer_url = f"/api/v1/thermostat/rounds/{round_id}/answer"
    for changes in (
        {"target": 101},
        {"target": 0},
        {"kind": "revenue"},
        {"behaviour_id": foreign.id},
        {"now": "   "},
        {"holding": "x" * 1001},
    ):
        response = rep.put(answer_url, json={**ANSWER, "behaviour_id": visit.id, **changes})
        assert response.status_code == 422, (changes, response.get_json())
        assert response.get_json()["error"]["fields"], changes
    nl = rep.put(answer_url, json={**ANSWER, "behaviour_id": visit.id, "now": ""}, headers={"Accept-Language": "nl"})
    assert nl.get_json()["error"]["fields"]["now"] == ["Beantwoord deze vraag."]
    early = _confirm(rep, round_id, True)
    assert (early.status_code, error_code(early)) == (409, "thermostat_nothing_to_confirm")
    assert rep.get("/api/v1/thermostat/rounds/999999").status_code == 404
    assert boss.post(f"/api/v1/thermostat/rounds/{round_id}/close").get_json()["stage"] == "closed"
    assert boss.post(f"/api/v1/thermostat/rounds/{round_id}/close").status_code == 409


def test_answers_close_after_a_week(team, people, visit, login_as):
    manager, (ruben, *_rest) = people
    round_id = _open(login_as(manager), team)["id"]
    with time_machine.travel(datetime(2026, 11, 25, 9, 1, tzinfo=UTC), tick=False):
        late = login_as(ruben).put(
            f"/api/v1/thermostat/rounds/{round_id}/answer", json={**ANSWER, "behaviour_id": visit.id}
        )
    assert (late.status_code, error_code(late)) == (409, "thermostat_answers_closed")


def _past_standard(db, team, manager, starts_on, reached, kind="customer_facing_checkins", target=3):
    """A standard agreed in an earlier period, and the goal goals kept for it (as the signal left it)."""
    from backend.goals.models import TeamGoal
    from backend.thermostat.models import ThermostatRound

    round_ = ThermostatRound(
        organisation_id=team.organisation_id,
        team_id=team.id,
        period="month",
        anonymous=False,
        opened_by_id=manager.id,
        answers_due=datetime(starts_on.year, starts_on.month, 8, tzinfo=UTC),
        statement="Elke offerte binnen 2 dagen",
        kind=kind,
        target=target,
        drafted_at=datetime(starts_on.year, starts_on.month, 2, tzinfo=UTC),
        agreed_at=datetime(starts_on.year, starts_on.month, 3, tzinfo=UTC),
        starts_on=starts_on,
    )
    goal = TeamGoal(
        organisation_id=team.organisation_id,
        team_id=team.id,
        period="month",
        starts_on=starts_on,
        kind=kind,
        target=target,
        reached_at=datetime(starts_on.year, starts_on.month, 20, tzinfo=UTC) if reached else None,
    )
    db.session.add_all([round_, goal])
    db.session.commit()
    return round_


def test_three_met_periods_suggest_raising_the_bar(team, people, db, login_as):
    manager, _members = people
    for month in (8, 9, 10):
        _past_standard(db, team, manager, date(2026, month, 1), reached=True)
    body = login_as(manager).get(f"/api/v1/teams/{team.id}/thermostat").get_json()
    assert [e["outcome"] for e in body["history"]] == ["met", "met", "met"]
    assert (body["suggestion"], body["talk_round_id"]) == ("raise_bar", None)


def test_two_missed_periods_suggest_talking_with_the_rounds_answers(team, people, db, login_as):
    manager, (ruben, *_rest) = people
    _past_standard(db, team, manager, date(2026, 8, 1), reached=True)
    _past_standard(db, team, manager, date(2026, 9, 1), reached=False)
    latest = _past_standard(db, team, manager, date(2026, 10, 1), reached=False)
    body = login_as(manager).get(f"/api/v1/teams/{team.id}/thermostat").get_json()
    assert [e["outcome"] for e in body["history"]] == ["missed", "missed", "met"]
    assert (body["suggestion"], body["talk_round_id"]) == ("talk", latest.id)
    member_view = login_as(ruben).get(f"/api/v1/teams/{team.id}/thermostat").get_json()
    assert (member_view["history"], member_view["suggestion"]) == ([], None)  # the history is the manager's

"""A closed challenge's result in the organisation's channels (`challenge.result`): the winning team and never
the rest of the order, how far the organisation got together, how many beat their personal best (named only in
an open organisation); once per endpoint and challenge, also with two closers racing; Teams and Slack bodies as
the receiver gets them. Every instant is fixed, so nothing depends on the day the tests run."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import jsonschema_rs
import pytest
import time_machine
from sqlalchemy import select

from tests.boards import conftest as boards
from tests.boards.conftest import LONG_AGO, check_in
from tests.integrations.test_cards import SCHEMA, _adaptive_card

WED = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Amsterdam
DAY = timedelta(days=1)
END = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # Tuesday 24 November ends at midnight in Amsterdam
CLOSED = END + timedelta(minutes=1)

history = boards.history  # the boards' fixtures: history straight into the database, a fresh standings cache
_fresh_team_standings = boards._fresh_team_standings


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def north(make_team):
    return make_team("Noord")


@pytest.fixture
def south(make_team):
    return make_team("Zuid")


@pytest.fixture
def call(make_behaviour, north, south):
    return make_behaviour([north, south], name="Klant gebeld", points=10, cadence="weekdays")


@pytest.fixture
def person(make_user):
    def make(name, team=None, **fields):
        return make_user(team=team, name=name, created_at=LONG_AGO, **fields)

    return make


def create(api, **fields):
    body = {"kind": "team", "title": "Bel-week", "starts_on": "2026-11-18", "ends_on": "2026-11-24", **fields}
    response = api.post("/api/v1/challenges", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _deliveries(db, endpoint_id=None):
    from backend.integrations.models import Delivery

    db.session.expire_all()
    query = select(Delivery).where(Delivery.event_type == "challenge.result")
    if endpoint_id is not None:
        query = query.where(Delivery.endpoint_id == endpoint_id)
    return list(db.session.scalars(query.order_by(Delivery.id)))


@pytest.fixture
def team_race(admin, person, north, south, call, login_as):
    """Noord checks in on two days, Zuid on one: Noord wins."""
    ruben, sam = person("Ruben", north), person("Sam", south)
    with at(WED):
        challenge = create(login_as(admin), behaviour_ids=[call.id], team_ids=[north.id, south.id])
        check_in(login_as(ruben), call)
        check_in(login_as(sam), call)
    with at(WED + DAY):
        check_in(login_as(ruben), call)
    return challenge


def test_a_team_challenge_result_names_the_winning_team_and_nobody_last(
    app, db, org, make_endpoint, team_race, receiver
):
    from backend.challenges import closing
    from backend.integrations import delivery

    org.visibility = "open"
    db.session.commit()
    teams = make_endpoint(preset="teams", events=["challenge.result"], name="Teams")
    slack = make_endpoint(preset="slack", events=["challenge.result"], name="Slack")
    make_endpoint(events=["win.logged"], name="Alleen successen")
    with at(CLOSED):
        assert closing.close_due() == [team_race["id"]]
    [sent] = _deliveries(db, teams["id"])
    data = sent.payload["data"]
    assert data["title"] == "🏆 Uitdaging ‘Bel-week’ is afgelopen"
    assert data["detail"] == "Team Noord wint."
    assert (data["winner"], data["participants"]) == ("Noord", 2)
    assert data["challenge"] == {"id": team_race["id"], "kind": "team", "title": "Bel-week"}
    assert "Zuid" not in str(sent.payload) and "Ruben" not in str(sent.payload)  # no order below the winner
    assert len(_deliveries(db)) == 2  # the endpoint that did not ask for results got none

    delivery.run_due(app)  # Teams now; Slack's turn comes on the next beat (one message per beat per address)
    delivery.run_due(app)
    bodies = {tuple(got.json): got for got in receiver.received}
    assert len(receiver.received) == 2 and all(got.verified_with for got in receiver.received)
    card = _adaptive_card(bodies[("type", "attachments")].json)
    jsonschema_rs.Draft6Validator(SCHEMA).validate(card)
    assert card["lang"] == "nl" and card["body"][0]["text"] == data["title"]
    assert card["body"][1]["text"] == "Team Noord wint."
    assert card["actions"][0]["url"] == "https://ritme.example/challenges"
    message = bodies[("text", "blocks")].json
    assert [b["type"] for b in message["blocks"]] == ["header", "section", "actions"]
    assert len(message["blocks"][0]["text"]["text"]) <= 150 and message["text"] == data["title"]
    assert slack["id"] != teams["id"]


def test_once_per_endpoint_and_challenge_with_two_closers_and_the_signal_heard_again(
    app, db, org, make_endpoint, team_race, concurrently
):
    from backend import signals
    from backend.challenges import closing
    from backend.challenges.models import Challenge

    first = make_endpoint(events=["challenge.result"], name="Een")
    second = make_endpoint(events=["challenge.result", "team.summary"], name="Twee")
    with at(CLOSED):
        results, errors = concurrently(lambda: closing.close_due(CLOSED), count=2)
    assert not errors and sorted(len(r) for r in results) == [0, 1]
    challenge = db.session.get(Challenge, team_race["id"])
    signals.challenge_closed.send(challenge, organisation_id=org.id, user_ids=[])  # heard twice: nothing new
    db.session.commit()
    assert [len(_deliveries(db, e["id"])) for e in (first, second)] == [1, 1]
    [one] = _deliveries(db, first["id"])
    assert one.event_key == f"challenge.result:{team_race['id']}"


def test_personal_best_counts_who_beat_it_and_names_them_only_in_an_open_organisation(
    app, db, org, admin, person, north, call, login_as, history, make_endpoint
):
    from backend.challenges import closing
    from backend.integrations import service

    ruben, lotte = person("Ruben", north), person("Lotte", north)
    previous = [date(2026, 11, 11), date(2026, 11, 12), date(2026, 11, 13), date(2026, 11, 16), date(2026, 11, 17)]
    history(ruben, call, previous[:1])  # 1 of 5 weekdays the week before: easy to beat
    history(lotte, call, previous)  # 5 of 5: not beaten
    make_endpoint(events=["challenge.result"])
    with at(WED):
        challenge = create(
            login_as(admin), kind="personal_best", title="Beter dan vorige week", behaviour_ids=[call.id]
        )
        check_in(login_as(ruben), call)
        check_in(login_as(lotte), call)
    with at(WED + DAY):
        check_in(login_as(ruben), call)
    with at(CLOSED):
        closing.close_due()
    [sent] = _deliveries(db)
    data = sent.payload["data"]
    assert (data["celebrated"], data["participants"]) == (1, 3)  # the whole organisation takes part, Anna too
    assert data["detail"] == "1 van de 3 deelnemers deden het beter dan hun vorige periode."
    assert "Lotte" not in str(sent.payload) and "Ruben" not in str(sent.payload)  # the preset is teams first

    org.visibility, org.locale = "open", "en"
    db.session.commit()
    data = service.challenge_data(challenge["id"], org)
    assert data["facts"] == [["Beat their previous period", "Ruben"]]
    assert "Lotte" not in str(data)  # nobody learns from a channel who did not beat it

    for visibility in ("teams_first", "private"):
        org.visibility = visibility
        ruben.board_opt_in = True  # opted in to the board: still no name in a channel but an open one
        db.session.commit()
        data = service.challenge_data(challenge["id"], org)
        assert "facts" not in data and "Ruben" not in str(data) and data["celebrated"] == 1


def test_together_tells_how_far_the_organisation_got(
    app, db, org, admin, person, north, south, call, login_as, make_endpoint
):
    from backend.challenges import closing

    org.locale = "en"
    db.session.commit()
    ruben, bo = person("Ruben", north), person("Bo Zuid", south)
    make_endpoint(preset="slack", events=["challenge.result"])
    with at(WED):
        create(login_as(admin), kind="together", title="Samen 10", target=10, behaviour_ids=[call.id])
        check_in(login_as(ruben), call)
        check_in(login_as(bo), call)
    with at(CLOSED):
        closing.close_due()
    [sent] = _deliveries(db)
    data = sent.payload["data"]
    assert data["title"] == "🏆 Challenge ‘Samen 10’ has ended"
    assert data["detail"] == "2 of 10 together (20%)."
    assert (data["total"], data["target"]) == (2, 10)
    assert "Ruben" not in str(sent.payload) and "Bo Zuid" not in str(sent.payload)

"""Duels: an opt-in contest of two. Invite, accept or decline (once, by the invited one, before the start),
both measured on consistency against their own cadence, the winner celebrated, and never shown to
colleagues unless both agree (and never in a `private` organisation).

Every instant is fixed (time_machine).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from backend.accounts.models import Visibility
from tests.boards.conftest import check_in
from tests.conftest import error_code

TUE = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Amsterdam: the invitation
WED = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
END = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # Tuesday 24 November ends at midnight in Amsterdam


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def daily(make_behaviour, south):
    return make_behaviour([south], name="Offerte opgevolgd", points=5, cadence="daily")


@pytest.fixture
def pair(person, north, south, call):
    return person("Ruben", north), person("Sam", south)


def invite(api, opponent, share=False, **fields):
    body = {"opponent_id": opponent.id, "starts_on": "2026-11-18", "ends_on": "2026-11-24", "share": share, **fields}
    return api.post("/api/v1/duels", json=body)


def test_an_accepted_duel_measures_each_against_their_own_cadence_and_celebrates_the_winner(
    pair, call, daily, login_as
):
    ruben, sam = pair
    with at(TUE):
        r, s = login_as(ruben), login_as(sam)
        options = r.get("/api/v1/duels/options").get_json()
        assert [p["name"] for p in options["people"]] == ["Sam"] and options["can_invite"] is True
        created = invite(r, sam)
        assert created.status_code == 201, created.get_json()
        duel = created.get_json()
        assert (duel["status"], duel["role"], duel["opponent"]["name"]) == ("invited", "challenger", "Sam")
        [waiting] = s.get("/api/v1/duels").get_json()["mine"]
        assert (waiting["status"], waiting["role"]) == ("invited", "opponent")
        accepted = s.post(f"/api/v1/duels/{duel['id']}/answer", json={"accept": True})
        assert accepted.status_code == 200 and accepted.get_json()["status"] == "upcoming"
    # Ruben's weekdays call: Wed–Fri done (3 of 3). Sam asks a weekdays call and a daily follow-up:
    # Wed both, Thu only the call (3 of 4).
    for day in range(3):
        with at(WED + day * DAY):
            check_in(login_as(ruben), call)
    with at(WED):
        check_in(login_as(sam), call)
        check_in(login_as(sam), daily)
    with at(WED + DAY):
        check_in(login_as(sam), call)
    with at(WED + 3 * DAY):  # Saturday: Friday counted, Saturday asks what is done of it
        running = login_as(ruben).get(f"/api/v1/duels/{duel['id']}").get_json()
    assert running["status"] == "running" and running["seconds_left"] == int((END - (WED + 3 * DAY)).total_seconds())
    # Sam's Friday follow-up and call are missing too: Sam 3 of 6.
    assert [(x["name"], x["consistency"], x["done"]) for x in running["scores"]] == [
        ("Ruben", 100.0, 3),
        ("Sam", 50.0, 3),
    ]
    assert running["leader_id"] == ruben.id and running["winner_id"] is None
    with at(END + DAY):
        closed = login_as(sam).get(f"/api/v1/duels/{duel['id']}").get_json()
    assert closed["status"] == "closed" and closed["winner_id"] == ruben.id
    assert closed["scores"][0]["consistency"] == 60.0  # Mon and Tue missed: 3 of 5


def test_only_the_invited_one_answers_once_and_an_invitation_lapses_after_the_first_day(pair, person, north, login_as):
    ruben, sam = pair
    lotte = person("Lotte", north)
    with at(TUE):
        r, s = login_as(ruben), login_as(sam)
        duel = invite(r, sam).get_json()
        assert r.post(f"/api/v1/duels/{duel['id']}/answer", json={"accept": True}).status_code == 403
        assert login_as(lotte).get(f"/api/v1/duels/{duel['id']}").status_code == 404  # the two's own business
        declined = s.post(f"/api/v1/duels/{duel['id']}/answer", json={"accept": False})
        assert declined.get_json()["status"] == "declined"
        again = s.post(f"/api/v1/duels/{duel['id']}/answer", json={"accept": True})
        assert again.status_code == 409 and error_code(again) == "duel_answered"
        second = invite(r, sam)
        assert second.status_code == 201  # a declined duel does not block a new invitation
        duplicate = invite(login_as(sam), ruben)
        assert duplicate.status_code == 409 and error_code(duplicate) == "duel_exists"
        third = invite(r, lotte).get_json()
        assert r.post(f"/api/v1/duels/{third['id']}/withdraw").get_json()["status"] == "withdrawn"
    with at(END - 6 * DAY):  # Thursday 00:00 in Amsterdam: the first day is over
        lapsed = login_as(sam).post(f"/api/v1/duels/{second.get_json()['id']}/answer", json={"accept": True})
        assert lapsed.status_code == 409
        assert login_as(sam).get(f"/api/v1/duels/{second.get_json()['id']}").get_json()["status"] == "lapsed"


def test_a_duel_is_shown_to_colleagues_only_while_both_agree_and_never_in_a_private_organisation(
    db, org, pair, person, north, login_as
):
    ruben, sam = pair
    lotte = person("Lotte", north)
    with at(TUE):
        duel = invite(login_as(ruben), sam, share=True).get_json()
        login_as(sam).post(f"/api/v1/duels/{duel['id']}/answer", json={"accept": True, "share": False})
    with at(WED):
        assert login_as(lotte).get("/api/v1/duels").get_json() == {"mine": [], "public": []}
        shared = login_as(sam).put(f"/api/v1/duels/{duel['id']}/share", json={"share": True}).get_json()
        assert shared["public"] is True and shared["my_share"] is True
        [public] = login_as(lotte).get("/api/v1/duels").get_json()["public"]
        assert (public["challenger"]["name"], public["opponent"]["name"], public["role"]) == ("Ruben", "Sam", None)
        org.visibility = Visibility.PRIVATE
        db.session.commit()
        assert login_as(lotte).get("/api/v1/duels").get_json()["public"] == []
        org.visibility = Visibility.OPEN
        db.session.commit()
        login_as(ruben).put(f"/api/v1/duels/{duel['id']}/share", json={"share": False})
        assert login_as(lotte).get("/api/v1/duels").get_json()["public"] == []


def test_who_may_be_invited(pair, boss, person, north, login_as, make_org, make_user):
    ruben, sam = pair
    stranger = make_user(organisation=make_org("Elders BV"), name="Eva")
    with at(TUE):
        r = login_as(ruben)
        for opponent, field in ((ruben, "opponent_id"), (stranger, "opponent_id"), (boss, "opponent_id")):
            refused = invite(r, opponent)
            assert refused.status_code == 422 and field in refused.get_json()["error"]["fields"]
        past = invite(r, sam, starts_on="2026-11-16")
        assert past.status_code == 422 and "starts_on" in past.get_json()["error"]["fields"]
        short = invite(r, sam, ends_on="2026-11-19")
        assert short.status_code == 422 and "ends_on" in short.get_json()["error"]["fields"]
        no_rhythm = invite(login_as(boss), sam)
        assert no_rhythm.status_code == 403 and error_code(no_rhythm) == "duel_no_rhythm"
        assert invite(r, sam).get_json()["status"] == "invited"


def test_a_duel_accepted_on_its_first_day_counts_from_the_acceptance(pair, call, login_as):
    ruben, sam = pair
    with at(WED):
        duel = invite(login_as(ruben), sam, starts_on="2026-11-18").get_json()
        check_in(login_as(sam), call)  # before the acceptance: does not count
    with at(WED + timedelta(hours=2)):
        accepted = login_as(sam).post(f"/api/v1/duels/{duel['id']}/answer", json={"accept": True}).get_json()
        assert accepted["status"] == "running"
        check_in(login_as(ruben), call)
    with at(WED + timedelta(hours=3)):
        running = login_as(ruben).get(f"/api/v1/duels/{duel['id']}").get_json()
    assert [(x["name"], x["done"], x["consistency"]) for x in running["scores"]] == [
        ("Ruben", 1, 100.0),
        ("Sam", 0, None),
    ]

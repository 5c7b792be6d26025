"""Office screens: pairing as RFC 8628 says (expiry, single use, slow_down, refusal, rate limit), the display's
credential that reads its own feed and nothing else, revocation, and public mode without names."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
import time_machine

from backend.timeutil import utcnow
from backend.wins.models import ImpactArea
from tests.conftest import error_code

CODE = re.compile(r"^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$")


@pytest.fixture
def team(make_team):
    return make_team("Sales Noord")


@pytest.fixture
def manager(make_user, team):
    return make_user(role="manager", team=team, manages=True, name="Marieke Manager")


@pytest.fixture
def rep(make_user, team):
    return make_user(role="rep", team=team, name="Ruben Verkoper")


def start(client):
    response = client.post("/api/v1/display/pairing", csrf=False)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def poll(client, device_code):
    return client.post("/api/v1/display/token", json={"device_code": device_code}, csrf=False)


def approve(api, code, team_ids, mode="normal", name="Kantoor"):
    return api.post("/api/v1/displays", json={"user_code": code, "name": name, "team_ids": team_ids, "mode": mode})


def pair(new_client, login_as, manager, team, mode="normal"):
    tv = new_client()
    pairing = start(tv)
    assert approve(login_as(manager), pairing["user_code"], [team.id], mode).status_code == 201
    body = poll(tv, pairing["device_code"]).get_json()
    return tv, body["access_token"]


def feed(client, token):
    return client.get("/api/v1/display/feed", headers={"Authorization": f"Bearer {token}"})


def test_pairing_by_code_hands_the_screen_a_credential_once(client, new_client, login_as, manager, team):
    pairing = start(client)
    assert CODE.match(pairing["user_code"])
    assert (pairing["expires_in"], pairing["interval"]) == (600, 5)
    assert pairing["verification_uri"].endswith("/admin/screens")
    assert pairing["verification_uri_complete"].endswith(f"?code={pairing['user_code']}")
    assert pairing["qr_svg"].lstrip().startswith("<?xml") and "<svg" in pairing["qr_svg"]

    pending = poll(client, pairing["device_code"])
    assert (pending.status_code, error_code(pending)) == (400, "authorization_pending")

    # typed the way people type it: lower case, a space instead of the dash
    typed = pairing["user_code"].lower().replace("-", " ")
    created = approve(login_as(manager), typed, [team.id])
    assert created.status_code == 201, created.get_json()

    granted = poll(client, pairing["device_code"])
    assert granted.status_code == 200, granted.get_json()
    body = granted.get_json()
    assert body["token_type"] == "Bearer" and body["access_token"].startswith("rds_")
    assert body["display"]["team_ids"] == [team.id]
    assert feed(client, body["access_token"]).status_code == 200

    again = poll(client, pairing["device_code"])  # single use: the device code is spent
    assert (again.status_code, error_code(again)) == (400, "invalid_grant")
    reused = approve(login_as(manager), pairing["user_code"], [team.id])  # and so is the user code
    assert (reused.status_code, error_code(reused)) == (404, "display_code_unknown")


def test_the_credential_is_stored_hashed(client, new_client, login_as, manager, team, db):
    from backend.displays.models import Display

    _tv, token = pair(new_client, login_as, manager, team)
    stored = db.session.query(Display).one()
    assert stored.token_hash and token not in stored.token_hash and len(stored.token_hash) == 64


def test_a_code_expires_after_ten_minutes(client, login_as, manager, team):
    pairing = start(client)
    with time_machine.travel(utcnow() + timedelta(minutes=10, seconds=1), tick=False):
        late = approve(login_as(manager), pairing["user_code"], [team.id])
        assert (late.status_code, error_code(late)) == (404, "display_code_unknown")
        expired = poll(client, pairing["device_code"])
        assert (expired.status_code, error_code(expired)) == (400, "expired_token")


def test_polling_too_often_is_told_to_slow_down(client):
    pairing = start(client)
    now = utcnow()
    with time_machine.travel(now, tick=False):
        assert error_code(poll(client, pairing["device_code"])) == "authorization_pending"
    with time_machine.travel(now + timedelta(seconds=1), tick=False):
        slow = poll(client, pairing["device_code"])
        assert (slow.status_code, error_code(slow), slow.get_json()["error"]["interval"]) == (400, "slow_down", 10)
    with time_machine.travel(now + timedelta(seconds=12), tick=False):
        assert error_code(poll(client, pairing["device_code"])) == "authorization_pending"


def test_a_refused_code_tells_the_screen_access_denied(client, login_as, manager):
    pairing = start(client)
    assert login_as(manager).post("/api/v1/displays/deny", json={"user_code": pairing["user_code"]}).status_code == 204
    denied = poll(client, pairing["device_code"])
    assert (denied.status_code, error_code(denied)) == (400, "access_denied")


def test_an_unknown_device_code_is_invalid_grant(client):
    response = poll(client, "not-a-device-code")
    assert (response.status_code, error_code(response)) == (400, "invalid_grant")


def test_wrong_codes_are_rate_limited(client, login_as, manager, team):
    pairing = start(client)
    api = login_as(manager)
    for _ in range(10):
        assert approve(api, "BBBB-BBBB", [team.id]).status_code == 404
    limited = approve(api, pairing["user_code"], [team.id])  # even the right code waits now
    assert limited.status_code == 429


def test_only_admins_and_managers_pair_and_only_teams_of_their_own(
    client, login_as, rep, manager, team, make_org, make_team, make_user
):
    pairing = start(client)
    refused = approve(login_as(rep), pairing["user_code"], [team.id])
    assert refused.status_code == 403
    other_org = make_org("Elders BV")
    elsewhere = make_team("Elders", organisation=other_org)
    wrong_org = approve(login_as(manager), pairing["user_code"], [elsewhere.id])
    assert (wrong_org.status_code, list(wrong_org.get_json()["error"]["fields"])) == (422, ["team_ids"])
    not_managed = make_team("Finance", kind="finance")
    assert approve(login_as(manager), pairing["user_code"], [not_managed.id]).status_code == 422
    # an admin of another organisation sees none of this organisation's screens
    approve(login_as(manager), pairing["user_code"], [team.id])
    stranger = make_user(role="admin", organisation=other_org)
    assert login_as(stranger).get("/api/v1/displays").get_json() == []
    [mine] = login_as(manager).get("/api/v1/displays").get_json()
    assert login_as(stranger).delete(f"/api/v1/displays/{mine['id']}").status_code == 404


def test_a_revoked_credential_is_refused_and_the_screen_pairs_again(new_client, login_as, manager, team):
    tv, token = pair(new_client, login_as, manager, team)
    [display] = login_as(manager).get("/api/v1/displays").get_json()
    assert login_as(manager).delete(f"/api/v1/displays/{display['id']}").status_code == 204
    refused = feed(tv, token)
    assert (refused.status_code, error_code(refused)) == (401, "display_unauthorized")
    assert login_as(manager).get("/api/v1/displays").get_json() == []
    assert feed(tv, "rds_forged").status_code == 401
    assert tv.get("/api/v1/display/feed").status_code == 401


def test_the_display_credential_reads_its_feed_and_nothing_else(app, new_client, login_as, manager, team):
    """Every other API route answers a request with the display's credential exactly as one without any."""
    tv, token = pair(new_client, login_as, manager, team)
    anonymous = new_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "displays.feed" or "<path" in rule.rule:
            continue
        url = re.sub(r"<[^>]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            with_token = tv.request(method, url, headers={"Authorization": f"Bearer {token}"}, csrf=False)
            without = anonymous.request(method, url, csrf=False)
            # whatever answers, answers anyone (health, the CSRF token, a screen starting to pair): nothing more
            assert with_token.status_code == without.status_code, (method, url)
            checked += 1
    assert checked > 50
    # and a signed-in person's cookie does not open the feed: only the credential does
    assert login_as(manager).get("/api/v1/display/feed").status_code == 401


def test_the_feed_shows_goals_rhythm_share_and_celebrations(new_client, login_as, manager, rep, team):
    api = login_as(manager)
    assert (
        api.put(f"/api/v1/teams/{team.id}/goal", json={"kind": "customer_facing_checkins", "target": 5}).status_code
        == 200
    )
    badge = api.post("/api/v1/badges", json={"name_nl": "Voorbereider", "kind": "manual"}).get_json()
    awarded = api.post(
        "/api/v1/awards", json={"badge_id": badge["id"], "user_id": rep.id, "reason": "Bereidde elk gesprek voor"}
    )
    assert awarded.status_code == 201, awarded.get_json()
    tv, token = pair(new_client, login_as, manager, team)
    body = feed(tv, token).get_json()
    [shown] = body["teams"]
    assert shown["name"] == "Sales Noord" and shown["goal"]["target"] == 5 and shown["goal"]["percent"] == 0
    assert set(shown["rhythm"]) == {"done", "due", "percent"} and len(shown["customer_facing"]) == 8
    [celebration] = body["celebrations"]
    assert celebration["kind"] == "award" and celebration["person"] == "Ruben Verkoper"
    assert celebration["badge"]["nl"] == "Voorbereider" and celebration["reason"] == "Bereidde elk gesprek voor"
    assert body["organisation"]["locale"] == "nl" and body["display"]["mode"] == "normal"
    assert body["board"] is None  # the default preset (teams first) keeps people boards off the wall


def test_public_mode_has_no_names_of_people_anywhere(
    new_client, login_as, manager, rep, team, org, db, make_user, make_team
):
    org.visibility = "open"  # even where people boards are for everyone, a public screen shows none
    db.session.commit()
    api = login_as(manager)
    badge = api.post("/api/v1/badges", json={"name_nl": "Doorzetter", "kind": "manual"}).get_json()
    api.post(
        "/api/v1/awards", json={"badge_id": badge["id"], "user_id": rep.id, "reason": "Ruben belde elke klant terug"}
    )
    finance = make_user(role="staff", team=make_team("Finance", kind="finance"), name="Femke Financieel")
    win = login_as(finance).post(
        "/api/v1/wins",
        json={
            "client_id": str(uuid.uuid4()),
            "text": "Factuurvraag van Bouwbedrijf De Vries opgelost, met dank aan Ruben",
            "customer": "Bouwbedrijf De Vries",
            "impact_area": list(ImpactArea)[0].value,
            "credited_ids": [rep.id],
        },
    )
    assert win.status_code == 201, win.get_json()
    tv, token = pair(new_client, login_as, manager, team, mode="public")
    raw = feed(tv, token).get_data(as_text=True)
    for text in ("Ruben", "Verkoper", "Marieke", "Manager", "Femke", "Financieel", "Bouwbedrijf", "belde"):
        assert text not in raw
    body = feed(tv, token).get_json()
    # the win by Finance crediting the rep belongs to the screen's team; the badge to the rep's
    assert [(c["kind"], c["team"]) for c in body["celebrations"]] == [("win", "Sales Noord"), ("award", "Sales Noord")]
    assert body["board"] is None


def test_the_top_shows_only_under_the_open_preset_and_never_the_bottom_half(
    new_client, login_as, manager, team, org, db, make_user
):
    from backend.boards.models import BoardStanding
    from backend.boards.read import clear_standings
    from backend.displays import slides
    from backend.timeutil import local_today

    people = [make_user(team=team, name=f"Lid {n}") for n in range(12)]
    db.session.add_all(
        BoardStanding(organisation_id=org.id, user_id=p.id, consistency=40 + n, computed_on=local_today(org.time_zone))
        for n, p in enumerate(people)
    )
    db.session.commit()
    tv, token = pair(new_client, login_as, manager, team)
    assert feed(tv, token).get_json()["board"] is None  # teams first (the default): no people on the wall
    org.visibility = "open"
    db.session.commit()
    slides.clear_cache()
    board = feed(tv, token).get_json()["board"]
    assert [row["name"] for row in board] == ["Lid 11", "Lid 10", "Lid 9", "Lid 8", "Lid 7"]
    assert [row["rank"] for row in board] == [1, 2, 3, 4, 5]
    for person in people[2:]:
        person.active = False  # left the company
    db.session.commit()
    slides.clear_cache()
    clear_standings(org.id)  # as deactivating someone does in the admin screens
    # two people left: only the first shows, never who is last
    assert [row["name"] for row in feed(tv, token).get_json()["board"]] == ["Lid 1"]


def test_one_configuration_is_built_once_per_cache_period(new_client, login_as, manager, team, count_queries):
    tv, token = pair(new_client, login_as, manager, team)
    feed(tv, token)
    with count_queries() as counted:
        assert feed(tv, token).status_code == 200
    assert counted.count <= 2, counted.statements  # the credential's lookup only


def test_codes_nobody_entered_are_deleted_a_day_after_they_expired(client, db):
    from backend.displays.models import DisplayPairing

    start(client)
    with time_machine.travel(utcnow() + timedelta(days=1, minutes=11), tick=False):
        start(client)
    assert db.session.query(DisplayPairing).count() == 1


def test_the_weeks_customer_voices_pinned_first_and_without_quotes_in_public_mode(
    new_client, login_as, manager, rep, team, make_team
):
    from backend.displays import slides
    from backend.timeutil import local_today

    today = local_today(rep.time_zone)
    other = make_team("Finance", kind="finance")
    api = login_as(rep)

    def share(quote, days_ago, team_id, score=None, customer="Jansen Logistiek"):
        body = {
            "client_id": str(uuid.uuid4()),
            "quote": quote,
            "customer": customer,
            "channel": "call",
            "team_id": team_id,
            "score": score,
            "said_on": (today - timedelta(days=days_ago)).isoformat(),
        }
        response = api.post("/api/v1/voices", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    share("Binnen een uur teruggebeld", 1, team.id, 10)
    share("Offerte was helder", 3, team.id, 8, customer="Mulder Techniek")
    pinned = share("Jullie luisteren echt", 20, team.id, 9)  # older, but pinned: it stays
    share("Te laat geleverd", 10, team.id, 4)  # older than the week: gone
    share("Factuur klopte", 0, other.id, 9)  # another team's: not on this screen
    assert login_as(manager).post(f"/api/v1/voices/{pinned}/pin").status_code == 200

    tv, token = pair(new_client, login_as, manager, team)
    voices = feed(tv, token).get_json()["voices"]
    assert [v["quote"] for v in voices] == ["Jullie luisteren echt", "Binnen een uur teruggebeld", "Offerte was helder"]
    assert [v["pinned"] for v in voices] == [True, False, False]
    assert voices[1] | {"id": 0} == {
        "id": 0,
        "quote": "Binnen een uur teruggebeld",
        "customer": "Jansen Logistiek",
        "score": 10,
        "channel": "call",
        "team": "Sales Noord",
        "said_on": (today - timedelta(days=1)).isoformat(),
        "pinned": False,
    }

    slides.clear_cache()
    public, public_token = pair(new_client, login_as, manager, team, mode="public")
    raw = feed(public, public_token).get_data(as_text=True)
    for text in ("teruggebeld", "Jansen", "Mulder", "luisteren", "Ruben"):
        assert text not in raw
    voices = feed(public, public_token).get_json()["voices"]
    assert [(v["score"], v["pinned"], v["team"]) for v in voices] == [
        (9, True, "Sales Noord"),
        (10, False, "Sales Noord"),
        (8, False, "Sales Noord"),
    ]
    assert all("quote" not in v and "customer" not in v for v in voices)

"""Profile: name, time zone and language; validation that changes nothing; messages in one's language."""

import pytest

from backend.accounts.models import User
from tests.conftest import error_code


def _stored(db, user):
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    return {"name": stored.name, "time_zone": stored.time_zone, "locale": stored.locale}


def test_new_person_has_dutch_and_amsterdam_by_default(login_as, make_user):
    me = login_as(make_user()).get("/api/v1/me").get_json()
    assert me["time_zone"] == "Europe/Amsterdam"
    assert me["locale"] == "nl"


def test_patch_me_changes_name_time_zone_and_locale(login_as, make_user, db):
    rep = make_user(name="Old Name")
    api = login_as(rep)
    response = api.patch("/api/v1/me", json={"name": "  Nieuwe Naam ", "time_zone": "America/New_York", "locale": "en"})
    assert response.status_code == 200, response.get_json()
    me = response.get_json()
    assert (me["time_zone"], me["locale"]) == ("America/New_York", "en")
    assert me["name"] == "Nieuwe Naam"
    assert _stored(db, rep)["time_zone"] == "America/New_York"
    assert _stored(db, rep)["locale"] == "en"
    assert api.get("/api/v1/me").get_json()["locale"] == "en"


def test_patch_me_with_one_field_leaves_the_others(login_as, make_user, db):
    rep = make_user(name="Keep Me", time_zone="Europe/London", locale="en")
    response = login_as(rep).patch("/api/v1/me", json={"locale": "nl"})
    assert response.status_code == 200
    assert _stored(db, rep) == {"name": "Keep Me", "time_zone": "Europe/London", "locale": "nl"}


def test_name_is_stored_without_surrounding_spaces(login_as, make_user, db):
    rep = make_user()
    login_as(rep).patch("/api/v1/me", json={"name": "  Trimmed  "})
    assert _stored(db, rep)["name"] == "Trimmed"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "europe/amsterdam", "", "UTC+2", "Europe/Amsterdam\x00"])
def test_invalid_time_zone_is_refused_and_nothing_changes(login_as, make_user, db, zone):
    rep = make_user(name="Same")
    before = _stored(db, rep)
    response = login_as(rep).patch("/api/v1/me", json={"name": "Changed", "time_zone": zone})
    assert response.status_code == 422
    assert error_code(response) == "validation_failed"
    assert "time_zone" in response.get_json()["error"]["fields"]
    assert _stored(db, rep) == before


@pytest.mark.parametrize("locale", ["de", "NL", "", "nl-NL", "english"])
def test_unsupported_locale_is_refused(login_as, make_user, db, locale):
    rep = make_user()
    before = _stored(db, rep)
    response = login_as(rep).patch("/api/v1/me", json={"locale": locale})
    assert response.status_code == 422
    assert "locale" in response.get_json()["error"]["fields"]
    assert _stored(db, rep) == before


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_empty_or_too_long_name_is_refused(login_as, make_user, db, name):
    rep = make_user(name="Same")
    response = login_as(rep).patch("/api/v1/me", json={"name": name})
    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["fields"]
    assert _stored(db, rep)["name"] == "Same"


@pytest.mark.parametrize("field", ["email", "role", "organisation_id", "id", "active"])
def test_profile_cannot_change_email_role_or_organisation(login_as, make_user, make_org, db, field):
    rep = make_user(email="rep@example.test")
    other = make_org()
    value = {"email": "boss@example.test", "role": "admin", "organisation_id": other.id, "id": 999, "active": False}
    response = login_as(rep).patch("/api/v1/me", json={field: value[field]})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    db.session.expire_all()
    stored = db.session.get(User, rep.id)
    assert (stored.email, stored.role, stored.organisation_id, stored.active) == (
        "rep@example.test",
        "rep",
        rep.organisation_id,
        True,
    )


@pytest.mark.parametrize(("locale", "message"), [("nl", "Sommige velden"), ("en", "Some fields")])
def test_error_message_follows_the_persons_language(login_as, make_user, locale, message):
    rep = make_user(locale=locale)
    # The browser says English; the person's own setting wins once signed in.
    response = login_as(rep).patch(
        "/api/v1/me", json={"time_zone": "Nowhere/Town"}, headers={"Accept-Language": "en-GB,en;q=0.9"}
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["message"].startswith(message)


def test_error_message_language_switches_with_the_profile(login_as, make_user):
    api = login_as(make_user(locale="nl"))
    assert api.patch("/api/v1/me", json={"locale": "en"}).status_code == 200
    response = api.patch("/api/v1/me", json={"locale": "de"})
    assert response.get_json()["error"]["message"] == "Some fields are not filled in correctly."


@pytest.mark.parametrize(
    ("accept_language", "message"),
    [
        ("en-US,en;q=0.8", "Please sign in first."),
        ("nl-NL,nl;q=0.9,en;q=0.5", "Log eerst in."),
        ("de-DE,de;q=0.9", "Log eerst in."),
        (None, "Log eerst in."),
    ],
)
def test_signed_out_error_message_follows_accept_language(client, accept_language, message):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == message


def test_profile_needs_sign_in(client):
    response = client.patch("/api/v1/me", json={"name": "Anyone"})
    assert response.status_code == 401
    assert error_code(response) == "not_authenticated"

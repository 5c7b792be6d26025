"""Organisation settings and the Dutch public holidays."""

from datetime import date

import pytest

from backend.admin.models import AuditEntry


def test_admin_reads_and_changes_the_settings(login_as, acme, db):
    admin = login_as(acme.admin)
    assert admin.get("/api/v1/admin/organisation").get_json()["visibility"] == "teams_first"
    changes = {
        "name": "  Acme Nederland BV ",
        "time_zone": "Europe/Brussels",
        "locale": "en",
        "visibility": "private",
        "boards_top_only": True,
        "retention_days": 180,
        "win_points": 15,
        "confirmed_win_bonus": 5,
    }
    response = admin.patch("/api/v1/admin/organisation", json=changes)
    assert response.status_code == 200, response.get_json()
    settings = response.get_json()
    assert settings["name"] == "Acme Nederland BV"
    assert {k: settings[k] for k in changes if k != "name"} == {k: v for k, v in changes.items() if k != "name"}
    entry = db.session.query(AuditEntry).filter_by(action="settings_changed").one()
    assert entry.details["retention_days"] == [365, 180] and entry.actor_id == acme.admin.id


@pytest.mark.parametrize(
    "body",
    [
        {"visibility": "everyone"},
        {"retention_days": 7},
        {"retention_days": "365"},
        {"win_points": -1},
        {"time_zone": "Europe/Atlantis"},
        {"locale": "de"},
        {"name": "  "},
        {"boards_top_only": "yes"},
    ],
)
def test_bad_settings_are_422_and_change_nothing(login_as, acme, body, db):
    admin = login_as(acme.admin)
    assert admin.patch("/api/v1/admin/organisation", json=body).status_code == 422
    assert admin.get("/api/v1/admin/organisation").get_json()["retention_days"] == 365


def test_only_admins_see_or_change_settings(login_as, acme):
    for person in (acme.manager, acme.rep):
        client = login_as(person)
        assert client.get("/api/v1/admin/organisation").status_code == 403
        assert client.patch("/api/v1/admin/organisation", json={"win_points": 99}).status_code == 403
        assert client.post("/api/v1/admin/holidays/load", json={"year": 2026}).status_code == 403


def test_loading_the_dutch_public_holidays_adds_them_once(login_as, acme):
    admin = login_as(acme.admin)
    response = admin.post("/api/v1/admin/holidays/load", json={"year": 2026})
    assert response.status_code == 200, response.get_json()
    days = {h["day"]: h["name"] for h in response.get_json()}
    assert date(2026, 4, 27).isoformat() in days  # Koningsdag
    assert date(2026, 12, 25).isoformat() in days
    assert "Koningsdag" in days["2026-04-27"]
    assert len(admin.post("/api/v1/admin/holidays/load", json={"year": 2026}).get_json()) == len(days)
    assert len(admin.get("/api/v1/holidays").get_json()) == len(days)


def test_holidays_are_named_in_the_organisations_language(login_as, acme):
    admin = login_as(acme.admin)
    admin.patch("/api/v1/admin/organisation", json={"locale": "en"})
    names = {h["day"]: h["name"] for h in admin.post("/api/v1/admin/holidays/load", json={"year": 2026}).get_json()}
    assert "King" in names["2026-04-27"]


@pytest.mark.parametrize("year", [1999, 2101, "2026", None])
def test_a_bad_year_is_422(login_as, acme, year):
    assert login_as(acme.admin).post("/api/v1/admin/holidays/load", json={"year": year}).status_code == 422

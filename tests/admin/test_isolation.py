"""Administration routes keep organisations apart: another organisation's objects answer 404, unchanged."""

import io
import zipfile

import pytest
from sqlalchemy import select

from backend.accounts.models import Organisation, User
from backend.admin.models import AuditEntry
from tests.accounts.test_isolation import _resolve, _snapshot
from tests.conftest import error_code

OBJECT_ROUTES = [
    ("PATCH", "/api/v1/admin/people/{foreign_rep}", {"active": False}),
    ("PATCH", "/api/v1/admin/people/{foreign_rep}", {"role": "staff"}),
    ("PATCH", "/api/v1/admin/people/{foreign_manager}", {"team_id": "{own_team}"}),
    ("PATCH", "/api/v1/admin/people/{own_outsider}", {"team_id": "{foreign_team}"}),
    ("POST", "/api/v1/admin/people/{foreign_rep}/erase", None),
    ("POST", "/api/v1/admin/invites/bulk", {"emails": "x@example.test", "team_id": "{foreign_team}", "role": "rep"}),
]
ROUTE_IDS = [f"{method} {url} {sorted(body or {})}" for method, url, body in OBJECT_ROUTES]


def _everything(db):
    snapshot = _snapshot(db)
    snapshot["people"] = sorted((u.id, u.name, u.active, u.erased_at) for u in db.session.scalars(select(User)))
    snapshot["audit"] = db.session.scalars(select(AuditEntry.id)).all()
    return snapshot


@pytest.mark.parametrize(("method", "url", "body"), OBJECT_ROUTES, ids=ROUTE_IDS)
def test_other_organisations_people_and_teams_answer_404_and_stay_unchanged(
    login_as, intruder, world, db, mailbox, method, url, body
):
    api = login_as(intruder)
    before = _everything(db)
    response = api.request(method, _resolve(url, world), json=_resolve(body, world))
    assert response.status_code == 404, response.get_json()
    assert error_code(response) == "not_found"
    assert _everything(db) == before
    assert mailbox.messages == []


@pytest.mark.parametrize(("method", "url", "body"), OBJECT_ROUTES, ids=ROUTE_IDS)
def test_foreign_id_answers_exactly_like_a_missing_id(login_as, intruder, world, method, url, body):
    api = login_as(intruder)
    foreign = api.request(method, _resolve(url, world), json=_resolve(body, world))
    missing_ids = {key: (value if key.startswith("own") else 987654321) for key, value in world.items()}
    missing = api.request(method, _resolve(url, missing_ids), json=_resolve(body, missing_ids))
    assert (foreign.status_code, foreign.get_json()) == (missing.status_code, missing.get_json())


def test_lists_settings_audit_and_export_show_only_the_own_organisation(login_as, world, make_user, db):
    admin = make_user(role="admin", name="Our Admin")
    api = login_as(admin)
    theirs = db.session.get(User, world["foreign_manager"])
    people = api.get("/api/v1/admin/people").get_json()
    assert theirs.id not in [p["id"] for p in people]
    assert api.get(f"/api/v1/admin/people?team_id={world['foreign_team']}").status_code == 404
    assert api.get("/api/v1/admin/organisation").get_json()["name"] == "Acme BV"
    their_admin = make_user(role="admin", organisation=db.session.get(Organisation, theirs.organisation_id))
    login_as(their_admin).patch("/api/v1/admin/organisation", json={"win_points": 50})
    assert [e["action"] for e in api.get("/api/v1/admin/audit").get_json()] == []
    archive = zipfile.ZipFile(io.BytesIO(api.get("/api/v1/admin/export").data))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Acme BV" in everything
    assert b"Other BV" not in everything and theirs.email.encode() not in everything

"""An admin may require the organisation's provider for everyone but one break-glass admin: a password sign-in
by anyone else of that organisation is refused (403 provider_required), people of other organisations are not."""

from __future__ import annotations

from sqlalchemy import select

from backend.admin.models import AuditEntry
from backend.identity.models import IdentityProvider
from tests.conftest import PASSWORD, error_code

POLICY = "/api/v1/identity/provider/policy"


def password_sign_in(new_client, user, headers=None):
    return new_client().post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}, headers=headers or {}
    )


def test_required_provider_refuses_passwords_but_the_break_glass_admin(
    login_as, new_client, connect, admin, make_user, db
):
    rep = make_user(role="rep", email="rep@acme.test")
    other_admin = make_user(role="admin", email="second-admin@acme.test")
    connect(admin)
    api = login_as(admin)

    response = api.put(POLICY, json={"require_provider": True, "break_glass_user_id": admin.id})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["require_provider"] is True
    assert response.get_json()["break_glass_user_id"] == admin.id
    assert api.get("/api/v1/identity/provider").get_json()["require_provider"] is True

    refused = password_sign_in(new_client, rep, headers={"Accept-Language": "en"})
    assert refused.status_code == 403
    assert error_code(refused) == "provider_required"
    assert "work account" in refused.get_json()["error"]["message"]
    dutch = password_sign_in(new_client, other_admin, headers={"Accept-Language": "nl"})
    assert error_code(dutch) == "provider_required"
    assert "werkaccount" in dutch.get_json()["error"]["message"]
    assert password_sign_in(new_client, admin).status_code == 200

    # A wrong password is still just wrong (no hint that the address exists).
    wrong = new_client().post("/api/v1/auth/login", json={"email": rep.email, "password": "not it at all"})
    assert wrong.status_code == 401

    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "identity.policy_changed")).one()
    assert entry.details["require_provider"] is True
    assert entry.details["break_glass_user_id"] == admin.id
    assert entry.details["before"] == {"require_provider": False, "break_glass_user_id": None}

    # Off again: passwords work for everyone.
    assert api.put(POLICY, json={"require_provider": False}).status_code == 200
    assert password_sign_in(new_client, rep).status_code == 200


def test_passwords_are_allowed_when_not_required(new_client, connect, admin, make_user):
    rep = make_user(role="rep", email="rep@acme.test")
    connect(admin)
    assert password_sign_in(new_client, rep).status_code == 200


def test_other_organisations_are_not_affected(login_as, new_client, connect, admin, make_user, make_org):
    connect(admin)
    body = {"require_provider": True, "break_glass_user_id": admin.id}
    assert login_as(admin).put(POLICY, json=body).status_code == 200
    elsewhere = make_user(role="rep", organisation=make_org())
    assert password_sign_in(new_client, elsewhere).status_code == 200


def test_the_break_glass_admin_must_be_an_active_admin_of_the_organisation(
    login_as, connect, admin, make_user, make_org, db
):
    connect(admin)
    api = login_as(admin)
    rep = make_user(role="rep", email="rep@acme.test")
    gone = make_user(role="admin", email="gone@acme.test", active=False)
    foreign = make_user(role="admin", organisation=make_org())
    for candidate in (rep.id, gone.id, foreign.id, 2_000_000):
        response = api.put(POLICY, json={"require_provider": True, "break_glass_user_id": candidate})
        assert response.status_code == 422, candidate
        assert "break_glass_user_id" in response.get_json()["error"]["fields"]
    missing = api.put(POLICY, json={"require_provider": True})
    assert missing.status_code == 422
    assert "break_glass_user_id" in missing.get_json()["error"]["fields"]
    assert api.put(POLICY, json={"require_provider": "yes", "break_glass_user_id": admin.id}).status_code == 422
    assert db.session.scalar(select(IdentityProvider.require_provider)) is False


def test_only_admins_set_it_and_only_with_a_provider(login_as, connect, admin, make_user):
    manager = make_user(role="manager", email="manager@acme.test")
    body = {"require_provider": True, "break_glass_user_id": admin.id}
    assert login_as(admin).put(POLICY, json=body).status_code == 404  # nothing connected yet
    connect(admin)
    assert login_as(manager).put(POLICY, json=body).status_code == 403

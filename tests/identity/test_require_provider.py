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


# --- the break-glass admin stays until another is chosen ---------------------------------------


def test_the_break_glass_admin_cannot_be_deactivated_demoted_or_erased_while_required(
    login_as, connect, admin, make_user, db
):
    from backend.accounts.models import User

    second = make_user(role="admin", email="second-admin@acme.test", name="Bea Breekglas")
    connect(admin)
    api = login_as(admin)
    assert api.put(POLICY, json={"require_provider": True, "break_glass_user_id": second.id}).status_code == 200

    for path, body in [
        (f"/api/v1/admin/people/{second.id}", {"active": False}),
        (f"/api/v1/admin/people/{second.id}", {"role": "manager"}),
        (f"/api/v1/admin/people/{second.id}/erase", None),
    ]:
        dutch = api.request("PATCH" if body else "POST", path, json=body)
        assert dutch.status_code == 409, (path, body, dutch.get_json())
        assert error_code(dutch) == "break_glass_admin"
        assert "Bea Breekglas is de noodbeheerder" in dutch.get_json()["error"]["message"]
        admin.locale = "en"  # the signed-in admin reads errors in their own language
        db.session.commit()
        english = api.request("PATCH" if body else "POST", path, json=body)
        assert "Bea Breekglas is the break-glass admin" in english.get_json()["error"]["message"]
        admin.locale = "nl"
        db.session.commit()
    db.session.expire_all()
    kept = db.session.get(User, second.id)
    assert (kept.active, kept.role, kept.email) == (True, "admin", "second-admin@acme.test")

    # Another break-glass admin first: then the change goes through.
    assert api.put(POLICY, json={"require_provider": True, "break_glass_user_id": admin.id}).status_code == 200
    assert api.patch(f"/api/v1/admin/people/{second.id}", json={"role": "manager"}).status_code == 200


def test_without_the_requirement_the_chosen_admin_may_go(login_as, connect, admin, make_user):
    second = make_user(role="admin", email="second-admin@acme.test")
    connect(admin)
    api = login_as(admin)
    assert api.put(POLICY, json={"require_provider": False, "break_glass_user_id": second.id}).status_code == 200
    assert api.patch(f"/api/v1/admin/people/{second.id}", json={"active": False}).status_code == 200


def test_a_break_glass_admin_who_is_no_admin_any_more_has_no_password_sign_in(
    login_as, new_client, connect, admin, make_user, db
):
    """Should the role change some other way (the database), the password goes with it."""
    second = make_user(role="admin", email="second-admin@acme.test")
    connect(admin)
    login_as(admin).put(POLICY, json={"require_provider": True, "break_glass_user_id": second.id})
    second.role = "manager"
    db.session.commit()
    assert error_code(password_sign_in(new_client, second)) == "provider_required"


def test_the_policy_form_learns_which_admins_have_a_password(login_as, connect, admin, make_user, make_org, db):
    no_password = make_user(role="admin", email="sso-only@acme.test", name="Zoë Zonder")
    no_password.password_hash = None  # came in through the provider
    db.session.commit()
    make_user(role="admin", email="gone@acme.test", active=False)
    make_user(role="rep", email="rep@acme.test")
    make_user(role="admin", organisation=make_org())
    connect(admin)
    admins = login_as(admin).get("/api/v1/identity/provider").get_json()["admins"]
    assert {(a["id"], a["has_password"]) for a in admins} == {(admin.id, True), (no_password.id, False)}

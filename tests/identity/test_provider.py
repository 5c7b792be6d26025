"""Connecting the organisation's provider (admins), the client secret at rest, and organisations kept apart."""

from __future__ import annotations

from sqlalchemy import func, select

from backend.admin.models import AuditEntry
from backend.identity import service
from backend.identity.models import IdentityLink, IdentityProvider
from tests.conftest import error_code
from tests.identity.provider import CLIENT_SECRET, OTHER_CLIENT_ID, OTHER_CLIENT_SECRET
from tests.identity.test_sign_in import provider_sign_in, refused_with


def test_admin_connects_and_the_secret_is_encrypted_and_never_answered(login_as, db, admin, oidc_provider):
    api = login_as(admin)
    assert error_code(api.get("/api/v1/identity/provider")) == "identity_not_connected"
    body = {
        "kind": "generic",
        "issuer": oidc_provider.issuer,
        "client_id": "ritme",
        "client_secret": CLIENT_SECRET,
        "domains": ["ACME.test", "@sales.acme.test"],
    }
    answer = api.put("/api/v1/identity/provider", json=body)
    assert answer.status_code == 200, answer.get_json()
    shown = api.get("/api/v1/identity/provider").get_json()
    for payload in (answer.get_json(), shown):
        assert CLIENT_SECRET not in str(payload) and "client_secret" not in payload
    assert shown["has_client_secret"] is True
    assert shown["domains"] == ["acme.test", "sales.acme.test"]
    assert shown["unknown_people"] == "refuse"
    assert shown["redirect_uri"] == "http://localhost/api/v1/auth/sso/callback"
    stored = db.session.scalar(select(IdentityProvider))
    assert CLIENT_SECRET.encode() not in stored.client_secret_encrypted

    # Changing without a secret keeps the secret; the change is audited, the secret never.
    changed = api.put(
        "/api/v1/identity/provider", json={**body, "client_secret": None} | {"unknown_people": "create_staff"}
    )
    assert changed.status_code == 422  # null is not a secret: leave the field out to keep it
    body.pop("client_secret")
    assert api.put("/api/v1/identity/provider", json={**body, "unknown_people": "create_staff"}).status_code == 200
    from backend.identity import crypto

    db.session.expire_all()
    assert crypto.decrypt(db.session.scalar(select(IdentityProvider)).client_secret_encrypted) == CLIENT_SECRET
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["identity.connected", "identity.changed"]
    assert all(CLIENT_SECRET not in str(e.details) for e in db.session.scalars(select(AuditEntry)))

    assert api.delete("/api/v1/identity/provider").status_code == 204
    assert db.session.scalar(select(IdentityProvider)) is None


def test_only_admins_see_or_change_the_provider(login_as, make_user, admin, connect):
    connect(admin)
    for role in ("rep", "staff", "manager"):
        api = login_as(make_user(role=role))
        assert api.get("/api/v1/identity/provider").status_code == 403
        assert (
            api.put(
                "/api/v1/identity/provider", json={"kind": "google", "client_id": "x", "domains": ["a.test"]}
            ).status_code
            == 403
        )
        assert api.delete("/api/v1/identity/provider").status_code == 403


def test_an_issuer_without_a_provider_is_refused_in_words(login_as, admin):
    from tests.conftest import _free_port

    api = login_as(admin)
    response = api.put(
        "/api/v1/identity/provider",
        json={
            "kind": "generic",
            "issuer": f"http://127.0.0.1:{_free_port()}",
            "client_id": "x",
            "client_secret": "y",
            "domains": ["acme.test"],
        },
    )
    assert response.status_code == 422
    assert "OpenID Connect" in response.get_json()["error"]["fields"]["issuer"][0]


def test_plain_http_issuers_need_the_loopback_setting(app, login_as, admin, oidc_provider):
    app.config["IDENTITY_ALLOW_HTTP_LOOPBACK"] = False
    response = login_as(admin).put(
        "/api/v1/identity/provider",
        json={
            "kind": "generic",
            "issuer": oidc_provider.issuer,
            "client_id": "x",
            "client_secret": "y",
            "domains": ["acme.test"],
        },
    )
    assert response.status_code == 422
    assert "https" in response.get_json()["error"]["fields"]["issuer"][0]


def test_presets_fill_in_the_issuer():
    assert service._issuer_for({"kind": "entra", "tenant_id": "8f1c2a3b-0000-4e5f-9a8b-123456789abc"}) == (
        "https://login.microsoftonline.com/8f1c2a3b-0000-4e5f-9a8b-123456789abc/v2.0"
    )
    assert service._issuer_for({"kind": "google"}) == "https://accounts.google.com"


def test_bad_input_is_refused_with_fields(login_as, admin):
    api = login_as(admin)
    for body, field in [
        ({"kind": "generic", "client_id": "x", "client_secret": "y", "domains": ["acme.test"]}, "issuer"),
        ({"kind": "entra", "client_id": "x", "client_secret": "y", "domains": ["acme.test"]}, "tenant_id"),
        ({"kind": "google", "client_id": "x", "client_secret": "y", "domains": ["not a domain"]}, "domains"),
        ({"kind": "google", "client_id": "x", "client_secret": "y", "domains": []}, "domains"),
        ({"kind": "saml", "client_id": "x", "client_secret": "y", "domains": ["acme.test"]}, "kind"),
        ({"kind": "google", "client_id": " ", "client_secret": "y", "domains": ["acme.test"]}, "client_id"),
    ]:
        response = api.put("/api/v1/identity/provider", json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert field in response.get_json()["error"]["fields"], (body, response.get_json())


# --- two organisations on one installation ----------------------------------------------------


def test_two_organisations_never_cross(client, new_client, db, make_org, make_user, admin, connect, oidc_provider):
    theirs = make_org("Other BV")
    their_admin = make_user(role="admin", email="admin@other.test", organisation=theirs)
    connect(admin, domains=["acme.test"])
    # A domain belongs to one organisation only.
    api = new_client()
    api.login(their_admin)
    claim = {
        "kind": "generic",
        "issuer": oidc_provider.issuer,
        "client_id": OTHER_CLIENT_ID,
        "client_secret": OTHER_CLIENT_SECRET,
        "domains": ["acme.test"],
        "unknown_people": "create_staff",
    }
    taken = api.put("/api/v1/identity/provider", json=claim)
    assert taken.status_code == 409 and error_code(taken) == "identity_domain_taken"
    assert api.put("/api/v1/identity/provider", json={**claim, "domains": ["other.test"]}).status_code == 200

    # Their admin sees their provider, not ours.
    assert api.get("/api/v1/identity/provider").get_json()["domains"] == ["other.test"]

    # Olga is theirs: created in their organisation, never in ours.
    response, _ = provider_sign_in(olga_device := new_client(), "olga@other.test", "olga")
    assert response.headers["Location"] == "/"
    assert olga_device.get("/api/v1/me").get_json()["organisation"]["id"] == theirs.id

    # A person of ours whose address is in their domain cannot be signed in by their provider.
    ours = make_user(email="cross@other.test")
    response, _ = provider_sign_in(device := new_client(), "cross@other.test", "crosser")
    assert refused_with(response) == "other_organisation"
    assert device.get("/api/v1/me").status_code == 401
    assert db.session.scalar(select(IdentityLink).where(IdentityLink.user_id == ours.id)) is None


# --- the admin's test button: a real sign-in whose outcome is shown, not applied ------------------


def _test_run(api, login):
    from tests.identity.provider import sign_in_at

    response = api.post("/api/v1/identity/provider/test")
    assert response.status_code == 200, response.get_json()
    back = sign_in_at(response.get_json()["redirect_url"], login, "http://localhost/")
    answer = api.get(back[len("http://localhost") :])
    assert answer.status_code == 302
    return answer.headers["Location"]


def test_the_test_button_runs_a_real_sign_in_and_changes_nothing(login_as, db, make_user, admin, connect):
    from backend.accounts.models import User

    anna = make_user(email="anna@acme.test")
    connect(admin)
    api = login_as(admin)
    people = db.session.scalar(select(func.count()).select_from(User))
    assert _test_run(api, "anna") == "/admin/organisation?sso_test=ok_linked&sso_test_email=anna%40acme.test"
    assert _test_run(api, "newbie") == "/admin/organisation?sso_test=unknown_person"
    assert _test_run(api, "unverified") == "/admin/organisation?sso_test=email_unverified"
    # Nobody was linked, created or signed in: the admin is still the admin.
    assert db.session.scalar(select(IdentityLink)) is None
    assert db.session.scalar(select(func.count()).select_from(User)) == people
    assert api.get("/api/v1/me").get_json()["id"] == admin.id != anna.id
    details = db.session.scalars(select(AuditEntry.details).where(AuditEntry.action == "identity.sign_in_refused"))
    assert all(entry["test"] is True for entry in details)
    assert login_as(anna).post("/api/v1/identity/provider/test").status_code == 403

"""Sign-in through the organisation's OpenID provider, against a real provider (oidc-provider on 127.0.0.1).

Positive cases use the provider's own tokens. Negative cases either use a real answer the provider gives
(unverified e-mail, an unknown person) or change the real ID token on its way in (forged: other issuer,
other audience, expired, wrong key, missing or wrong nonce, alg none, HS256 with the client secret).
Every refusal ends on the sign-in screen with a reason, signs nobody in, and stores no person and no link.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.jose import JsonWebKey, jwt
from sqlalchemy import func, select

from backend.accounts.models import User
from backend.admin.models import AuditEntry
from backend.identity import oidc
from backend.identity.models import IdentityLink, IdentityProvider, SignInAttempt
from tests.identity.provider import CLIENT_ID, sign_in_at

BACK = "http://localhost/"


def start(client, email):
    response = client.post("/api/v1/auth/sso/start", json={"email": email})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["redirect_url"]


def provider_sign_in(client, email, login):
    """E-mail → provider's login and consent → back to Ritme's callback: the callback's answer and URL."""
    back = sign_in_at(start(client, email), login, BACK)
    path = back[len("http://localhost") :]
    return client.get(path), path


def refused_with(response) -> str | None:
    location = response.headers.get("Location", "")
    assert response.status_code == 302, response.data[:300]
    query = parse_qs(urlsplit(location).query)
    return query.get("sso_error", [None])[0]


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def refusals(db) -> list[str]:
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "identity.sign_in_refused")).all()
    return [entry.details["reason"] for entry in entries]


# --- home-realm discovery ---------------------------------------------------------------------


def test_discovery_names_the_provider_only_for_covered_domains(client, admin, connect):
    connect(admin)
    assert client.post("/api/v1/auth/sso/discover", json={"email": "Anna@ACME.test"}).get_json() == {
        "method": "provider",
        "provider_name": "127.0.0.1",
    }
    other = client.post("/api/v1/auth/sso/discover", json={"email": "anna@elsewhere.test"}).get_json()
    assert other == {"method": "password", "provider_name": None}
    assert client.post("/api/v1/auth/sso/start", json={"email": "anna@elsewhere.test"}).status_code == 404


def test_the_authorization_request_carries_pkce_state_nonce(client, admin, connect, oidc_provider):
    connect(admin)
    url = start(client, "anna@acme.test")
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(oidc_provider.issuer + "/auth?")
    assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 43 and len(query["nonce"]) >= 43
    assert query["redirect_uri"] == "http://localhost/api/v1/auth/sso/callback"
    assert set(query["scope"].split()) == {"openid", "email", "profile"}


# --- signing in -------------------------------------------------------------------------------


def test_existing_person_is_linked_on_first_sign_in_and_by_subject_after(
    client, new_client, db, admin, connect, make_user
):
    anna = make_user(role="rep", email="anna@acme.test")
    connect(admin)
    response, _ = provider_sign_in(client, "anna@acme.test", "anna")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/api/v1/me").get_json()["id"] == anna.id
    link = db.session.scalar(select(IdentityLink))
    assert (link.user_id, link.subject) == (anna.id, "anna")
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "identity.linked" in actions

    # A second sign-in finds her by subject, on another device, with a session of her own.
    again, _ = provider_sign_in(new_client_device := new_client(), "anna@acme.test", "anna")
    assert again.headers["Location"] == "/"
    assert new_client_device.get("/api/v1/me").get_json()["id"] == anna.id
    assert count(db, IdentityLink) == 1


def test_another_subject_with_the_same_email_is_refused_once_linked(client, new_client, db, admin, connect, make_user):
    make_user(email="anna@acme.test")
    connect(admin)
    provider_sign_in(client, "anna@acme.test", "anna")
    response, _ = provider_sign_in(other := new_client(), "anna@acme.test", "mallory")
    assert refused_with(response) == "linked_to_other_subject"
    assert other.get("/api/v1/me").status_code == 401
    assert count(db, IdentityLink) == 1


def test_unknown_people_are_refused_by_default(client, db, admin, connect):
    connect(admin)
    users = count(db, User)
    response, _ = provider_sign_in(client, "newbie@acme.test", "newbie")
    assert refused_with(response) == "unknown_person"
    assert client.get("/api/v1/me").status_code == 401
    assert count(db, User) == users and count(db, IdentityLink) == 0
    assert refusals(db) == ["unknown_person"]


def test_unknown_people_become_staff_without_a_team_when_the_admin_chose_so(client, db, admin, connect):
    connect(admin, unknown_people="create_staff")
    response, _ = provider_sign_in(client, "newbie@acme.test", "newbie")
    assert response.headers["Location"] == "/"
    me = client.get("/api/v1/me").get_json()
    assert (me["email"], me["name"], me["role"], me["teams"]) == ("newbie@acme.test", "Nina Nieuw", "staff", [])
    assert me["organisation"]["id"] == admin.organisation_id
    assert "identity.person_created" in db.session.scalars(select(AuditEntry.action)).all()


def test_unverified_email_is_refused_and_nothing_stored(client, db, admin, connect, make_user):
    make_user(email="unverified@acme.test")
    connect(admin, unknown_people="create_staff")
    users = count(db, User)
    response, _ = provider_sign_in(client, "unverified@acme.test", "unverified")
    assert refused_with(response) == "email_unverified"
    assert client.get("/api/v1/me").status_code == 401
    assert count(db, User) == users and count(db, IdentityLink) == 0


def test_deactivated_people_are_refused_also_when_linked(client, new_client, db, admin, connect, make_user):
    gone = make_user(email="gone@acme.test")
    connect(admin)
    provider_sign_in(client, "gone@acme.test", "gone")
    gone.active = False
    db.session.commit()
    response, _ = provider_sign_in(device := new_client(), "gone@acme.test", "gone")
    assert refused_with(response) == "deactivated"
    assert device.get("/api/v1/me").status_code == 401


def test_a_replayed_callback_is_refused(client, new_client, db, admin, connect, make_user):
    make_user(email="anna@acme.test")
    connect(admin)
    first, path = provider_sign_in(client, "anna@acme.test", "anna")
    assert first.headers["Location"] == "/"
    # Same browser again (its state was used), and another browser with the stolen URL.
    assert refused_with(client.get(path)) == "state_invalid"
    thief = new_client()
    assert refused_with(thief.get(path)) == "state_invalid"
    assert thief.get("/api/v1/me").status_code == 401


def test_a_callback_without_a_state_of_this_browser_is_refused(client, new_client, admin, connect, make_user):
    make_user(email="anna@acme.test")
    connect(admin)
    back = sign_in_at(start(client, "anna@acme.test"), "anna", BACK)
    other = new_client()  # the code and state arrive in a browser that never started this sign-in
    assert refused_with(other.get(back[len("http://localhost") :])) == "state_invalid"
    assert other.get("/api/v1/me").status_code == 401
    assert refused_with(client.get("/api/v1/auth/sso/callback?code=abc")) == "state_invalid"


def test_the_provider_saying_no_ends_on_the_sign_in_screen(client, db, admin, connect):
    connect(admin)
    url = start(client, "anna@acme.test")
    state = parse_qs(urlsplit(url).query)["state"][0]
    response = client.get(f"/api/v1/auth/sso/callback?error=access_denied&state={state}")
    assert refused_with(response) == "provider_error"


# --- forged ID tokens -------------------------------------------------------------------------


def _forging(monkeypatch, oidc_provider, change):
    """Let the real code exchange happen, then hand the callback a changed (forged) ID token."""
    real = oidc.exchange_code

    def exchange(*args, **kwargs):
        token = real(*args, **kwargs)
        claims = jwt.decode(token["id_token"], JsonWebKey.import_key_set({"keys": [oidc_provider.signing_key]}))
        header = {"alg": "RS256", "kid": oidc_provider.signing_key["kid"]}
        return {**token, "id_token": change(dict(claims), header, oidc_provider.private_key)}

    monkeypatch.setattr(oidc, "exchange_code", exchange)


def _signed(claims, header, key):
    return jwt.encode(header, claims, key).decode()


def _unsigned(claims, _header, _key):
    import base64
    import json

    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _other_key(claims, header, _key):
    stranger = JsonWebKey.generate_key("RSA", 2048, is_private=True)
    return jwt.encode(header, claims, stranger).decode()


def _unknown_kid(claims, _header, _key):
    stranger = JsonWebKey.generate_key("RSA", 2048, is_private=True)
    return jwt.encode({"alg": "RS256", "kid": "not-in-the-jwks"}, claims, stranger).decode()


def _hs256_with_client_secret(claims, _header, _key):
    from tests.identity.provider import CLIENT_SECRET

    return jwt.encode({"alg": "HS256"}, claims, CLIENT_SECRET.encode()).decode()


def _with(**changes):
    def change(claims, header, key):
        for name, value in changes.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value(claims) if callable(value) else value
        return _signed(claims, header, key)

    return change


FORGERIES = {
    "other issuer": _with(iss="https://login.example.test"),
    "other audience": _with(aud="someone-else", azp=None),
    "audience list without us": _with(aud=["someone-else", "another"], azp=None),
    "expired": _with(exp=lambda c: int(time.time()) - 3600, iat=lambda c: int(time.time()) - 7200),
    "issued in the future": _with(iat=lambda c: int(time.time()) + 3600, exp=lambda c: int(time.time()) + 7200),
    "missing nonce": _with(nonce=None),
    "wrong nonce": _with(nonce="a-nonce-from-another-sign-in"),
    "missing sub": _with(sub=None),
    "signed with another key": _other_key,
    "key id not in the JWKS": _unknown_kid,
    "alg none": _unsigned,
    "HS256 with the client secret": _hs256_with_client_secret,
}


@pytest.mark.parametrize("forgery", list(FORGERIES), ids=list(FORGERIES))
def test_forged_id_tokens_are_refused(forgery, monkeypatch, client, db, admin, connect, make_user, oidc_provider):
    make_user(email="anna@acme.test")
    connect(admin, unknown_people="create_staff")
    users = count(db, User)
    _forging(monkeypatch, oidc_provider, FORGERIES[forgery])
    response, _ = provider_sign_in(client, "anna@acme.test", "anna")
    assert refused_with(response) == "token_invalid"
    assert client.get("/api/v1/me").status_code == 401
    assert count(db, User) == users and count(db, IdentityLink) == 0
    assert refusals(db) == ["token_invalid"]


def test_the_unforged_token_passes_the_same_path(monkeypatch, client, admin, connect, make_user, oidc_provider):
    """The forging harness itself changes nothing when asked to change nothing."""
    anna = make_user(email="anna@acme.test")
    connect(admin)
    _forging(monkeypatch, oidc_provider, _with())
    response, _ = provider_sign_in(client, "anna@acme.test", "anna")
    assert response.headers["Location"] == "/"
    assert client.get("/api/v1/me").get_json()["id"] == anna.id


# --- the provider unreachable or answering garbage ----------------------------------------------


def _provider_at(db, organisation_id, issuer):
    from backend.identity import crypto
    from backend.identity.models import IdentityDomain

    provider = IdentityProvider(
        organisation_id=organisation_id,
        issuer=issuer,
        client_id="x",
        client_secret_encrypted=crypto.encrypt("y"),
        domains=[IdentityDomain(domain="acme.test")],
    )
    db.session.add(provider)
    db.session.commit()


def test_an_unreachable_provider_is_said_so(client, db, admin):
    from tests.conftest import _free_port

    _provider_at(db, admin.organisation_id, f"http://127.0.0.1:{_free_port()}")
    response = client.post(
        "/api/v1/auth/sso/start", json={"email": "anna@acme.test"}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 502
    assert response.get_json()["error"]["code"] == "identity_provider_unreachable"
    assert "cannot be reached" in response.get_json()["error"]["message"]
    assert count(db, SignInAttempt) == 0


def test_a_provider_answering_garbage_is_said_so(client, db, admin, garbage_server):
    _provider_at(db, admin.organisation_id, garbage_server)
    response = client.post("/api/v1/auth/sso/start", json={"email": "anna@acme.test"})
    assert response.status_code == 502
    assert "niet bereikbaar" in response.get_json()["error"]["message"]


@pytest.fixture
def garbage_server():
    """A peer on 127.0.0.1 that answers every request with HTML instead of OpenID Connect metadata."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Garbage(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>not OpenID</html>")

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_entra_vouches_for_the_address_with_xms_edov(db, admin, make_user):
    """Entra ID's tokens carry no email_verified: its optional claim xms_edov says the domain owner is verified."""
    from backend.identity import crypto, service
    from backend.identity.models import IdentityDomain

    anna = make_user(email="anna@acme.test")
    provider = IdentityProvider(
        organisation_id=admin.organisation_id,
        kind="entra",
        tenant_id="t",
        issuer="https://login.microsoftonline.com/t/v2.0",
        client_id="x",
        client_secret_encrypted=crypto.encrypt("y"),
        domains=[IdentityDomain(domain="acme.test")],
    )
    db.session.add(provider)
    db.session.flush()
    with pytest.raises(service.SignInRefused) as refused:
        service.person_for_claims(provider, {"sub": "s1", "email": "anna@acme.test"})
    assert refused.value.reason == "email_unverified"
    assert service.person_for_claims(provider, {"sub": "s1", "email": "anna@acme.test", "xms_edov": True}) == anna
    provider.kind = "generic"  # elsewhere xms_edov means nothing
    with pytest.raises(service.SignInRefused):
        service.person_for_claims(provider, {"sub": "s2", "email": "bram@acme.test", "xms_edov": True})

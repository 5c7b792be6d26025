"""Passkeys at the API: what is refused without a real authenticator (the ceremonies themselves run in
Chromium with its virtual authenticator, tests/e2e/test_identity.py). Every refusal signs nobody in."""

from __future__ import annotations

import base64
import json

from sqlalchemy import select

from backend.identity.models import Passkey
from tests.conftest import error_code


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _assertion(credential_id: bytes, challenge: str = "c", origin: str = "http://localhost") -> dict:
    client_data = json.dumps({"type": "webauthn.get", "challenge": challenge, "origin": origin}).encode()
    return {
        "id": _b64(credential_id),
        "rawId": _b64(credential_id),
        "type": "public-key",
        "response": {
            "clientDataJSON": _b64(client_data),
            "authenticatorData": _b64(b"\x00" * 37),
            "signature": _b64(b"\x00" * 64),
            "userHandle": None,
        },
        "clientExtensionResults": {},
    }


def _stored_passkey(db, user) -> Passkey:
    passkey = Passkey(user_id=user.id, credential_id=b"cred-1", public_key=b"not-a-key", sign_count=3, name="Telefoon")
    db.session.add(passkey)
    db.session.commit()
    return passkey


def test_sign_in_options_ask_for_a_discoverable_credential_of_this_site(client):
    options = client.post("/api/v1/auth/passkey/options").get_json()["options"]
    assert options["rpId"] == "localhost"
    assert options.get("allowCredentials", []) == []
    assert len(base64.urlsafe_b64decode(options["challenge"] + "==")) >= 32


def test_an_assertion_without_a_challenge_of_this_browser_is_refused(client, db, make_user):
    rep = make_user()
    _stored_passkey(db, rep)
    response = client.post("/api/v1/auth/passkey", json={"credential": _assertion(b"cred-1")})
    assert response.status_code == 401 and error_code(response) == "passkey_refused"
    assert client.get("/api/v1/me").status_code == 401


def test_a_forged_assertion_is_refused_and_the_counter_stays(client, db, make_user):
    rep = make_user()
    passkey = _stored_passkey(db, rep)
    challenge = client.post("/api/v1/auth/passkey/options").get_json()["options"]["challenge"]
    response = client.post("/api/v1/auth/passkey", json={"credential": _assertion(b"cred-1", challenge)})
    assert response.status_code == 401 and error_code(response) == "passkey_refused"
    assert client.get("/api/v1/me").status_code == 401
    db.session.refresh(passkey)
    assert passkey.sign_count == 3 and passkey.last_used_at is None


def test_an_assertion_for_another_site_is_refused(client, db, make_user):
    rep = make_user()
    _stored_passkey(db, rep)
    challenge = client.post("/api/v1/auth/passkey/options").get_json()["options"]["challenge"]
    credential = _assertion(b"cred-1", challenge, origin="https://evil.example")
    response = client.post("/api/v1/auth/passkey", json={"credential": credential})
    assert response.status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_an_unknown_credential_and_garbage_are_refused_alike(client):
    client.post("/api/v1/auth/passkey/options")
    assert error_code(client.post("/api/v1/auth/passkey", json={"credential": _assertion(b"nobody")})) == (
        "passkey_refused"
    )
    client.post("/api/v1/auth/passkey/options")
    assert client.post("/api/v1/auth/passkey", json={"credential": {"rawId": 12}}).status_code == 401
    assert client.post("/api/v1/auth/passkey", json={}).status_code == 422


def test_registration_needs_its_own_challenge(login_as, make_user):
    api = login_as(make_user())
    response = api.post("/api/v1/me/passkeys", json={"credential": {"id": "x"}, "name": "Telefoon"})
    assert response.status_code == 400 and error_code(response) == "passkey_refused"
    options = api.post("/api/v1/me/passkeys/options").get_json()["options"]
    assert options["rp"] == {"id": "localhost", "name": "Ritme"}
    assert options["authenticatorSelection"]["residentKey"] == "required"
    response = api.post("/api/v1/me/passkeys", json={"credential": {"id": "x"}, "name": "Telefoon"})
    assert response.status_code == 400
    assert api.get("/api/v1/me/passkeys").get_json() == []


def test_people_see_and_remove_only_their_own_passkeys(login_as, db, make_user):
    owner, other = make_user(), make_user()
    passkey = _stored_passkey(db, owner)
    assert login_as(other).get("/api/v1/me/passkeys").get_json() == []
    assert login_as(other).delete(f"/api/v1/me/passkeys/{passkey.id}").status_code == 404
    mine = login_as(owner)
    assert [p["name"] for p in mine.get("/api/v1/me/passkeys").get_json()] == ["Telefoon"]
    assert mine.delete(f"/api/v1/me/passkeys/{passkey.id}").status_code == 204
    assert db.session.scalar(select(Passkey)) is None


def test_erasure_removes_links_and_passkeys_and_the_export_lists_them(login_as, db, make_user):
    from backend.identity import crypto
    from backend.identity.models import IdentityDomain, IdentityLink, IdentityProvider
    from backend.signals import personal_data_erase, personal_data_export

    person = make_user(email="anna@acme.test")
    provider = IdentityProvider(
        organisation_id=person.organisation_id,
        issuer="https://id.example.test",
        client_id="x",
        client_secret_encrypted=crypto.encrypt("y"),
        domains=[IdentityDomain(domain="acme.test")],
    )
    db.session.add(provider)
    db.session.flush()
    db.session.add(IdentityLink(provider_id=provider.id, user_id=person.id, subject="sub-anna"))
    _stored_passkey(db, person)
    exported = {}
    for _receiver, answer in personal_data_export.send(person):
        exported.update(answer or {})
    assert exported["identity_links"][0]["subject"] == "sub-anna"
    assert exported["passkeys"][0]["name"] == "Telefoon" and "public_key" not in exported["passkeys"][0]
    personal_data_erase.send(person)
    assert db.session.scalar(select(IdentityLink)) is None and db.session.scalar(select(Passkey)) is None

"""The discovery document and JWKS are kept for an hour and the JWKS fetched again for a new key id (rotation);
every address the server calls must be public (SSRF), loopback only with IDENTITY_ALLOW_HTTP_LOOPBACK."""

from __future__ import annotations

import socket
import time

import pytest
from authlib.jose import JsonWebKey, jwt

from backend.identity import oidc
from backend.push import sender
from tests.conftest import error_code
from tests.identity.provider import CLIENT_ID
from tests.identity.test_sign_in import _forging, _unknown_kid, provider_sign_in, refused_with


@pytest.fixture
def fetches(monkeypatch):
    """Every document the relying party fetches, by URL, in order."""
    seen: list[str] = []
    real = oidc._get_json

    def counting(url):
        seen.append(url)
        return real(url)

    monkeypatch.setattr(oidc, "_get_json", counting)
    return seen


@pytest.fixture
def clock(monkeypatch):
    now = [time.monotonic()]
    monkeypatch.setattr(oidc, "clock", lambda: now[0])
    return now


def _discovery(provider) -> str:
    return provider.issuer + "/.well-known/openid-configuration"


def test_discovery_and_jwks_are_kept_for_their_ttl(
    client, new_client, admin, connect, make_user, oidc_provider, fetches, clock
):
    make_user(email="anna@acme.test")
    connect(admin)
    metadata = oidc.discover(oidc_provider.issuer)
    fetches.clear()
    for _ in range(2):
        response, _ = provider_sign_in(new_client(), "anna@acme.test", "anna")
        assert response.headers["Location"] == "/"
    assert fetches == [metadata["jwks_uri"]]  # the discovery document was kept; the JWKS fetched once

    clock[0] += oidc.DISCOVERY_TTL + 1
    fetches.clear()
    response, _ = provider_sign_in(client, "anna@acme.test", "anna")
    assert response.headers["Location"] == "/"
    assert fetches == [_discovery(oidc_provider), metadata["jwks_uri"]]


def test_a_rotated_key_is_fetched_from_the_jwks(app, client, admin, connect, make_user, oidc_provider, fetches):
    """The kept key set is the provider's old one: its new key id fetches the JWKS again, and the sign-in holds."""
    anna = make_user(email="anna@acme.test")
    connect(admin)
    metadata = oidc.discover(oidc_provider.issuer)
    old = JsonWebKey.generate_key("RSA", 2048, options={"kid": "last-years-key"}).as_dict()
    oidc._cache().documents[metadata["jwks_uri"]] = (oidc.clock(), {"keys": [old]})
    fetches.clear()
    response, _ = provider_sign_in(client, "anna@acme.test", "anna")
    assert response.headers["Location"] == "/"
    assert client.get("/api/v1/me").get_json()["id"] == anna.id
    assert fetches == [metadata["jwks_uri"]]
    kept = oidc._cache().documents[metadata["jwks_uri"]][1]
    assert [k["kid"] for k in kept["keys"]] == [oidc_provider.signing_key["kid"]]


def test_a_verified_token_checks_out_against_a_rotated_set(app, oidc_provider):
    metadata = oidc.discover(oidc_provider.issuer)
    now = int(time.time())
    claims = {"iss": oidc_provider.issuer, "sub": "anna", "aud": CLIENT_ID, "exp": now + 300, "iat": now, "nonce": "n"}
    token = jwt.encode({"alg": "RS256", "kid": oidc_provider.signing_key["kid"]}, claims, oidc_provider.private_key)
    stale = JsonWebKey.generate_key("RSA", 2048, options={"kid": "old-key"}).as_dict()
    oidc._cache().documents[metadata["jwks_uri"]] = (oidc.clock(), {"keys": [stale]})
    assert oidc.verify_id_token(metadata, CLIENT_ID, token.decode(), "n")["sub"] == "anna"


def test_unknown_key_ids_fetch_the_jwks_at_most_once_a_while(
    monkeypatch, new_client, admin, connect, make_user, oidc_provider, fetches, clock
):
    make_user(email="anna@acme.test")
    connect(admin)
    jwks_uri = oidc.discover(oidc_provider.issuer)["jwks_uri"]
    _forging(monkeypatch, oidc_provider, _unknown_kid)
    fetches.clear()
    for _ in range(3):
        response, _ = provider_sign_in(new_client(), "anna@acme.test", "anna")
        assert refused_with(response) == "token_invalid"
    assert fetches == [jwks_uri, jwks_uri]  # kept once, fetched again once: not three more times
    clock[0] += oidc.JWKS_REFETCH_INTERVAL + 1
    provider_sign_in(new_client(), "anna@acme.test", "anna")
    assert fetches == [jwks_uri, jwks_uri, jwks_uri]


def test_a_broken_discovery_document_is_not_kept(app, oidc_provider, fetches, monkeypatch):
    real = oidc._get_json
    monkeypatch.setattr(oidc, "_get_json", lambda url: {**real(url), "issuer": "https://someone.else"})
    with pytest.raises(oidc.ProviderUnreachable):
        oidc.discover(oidc_provider.issuer)
    monkeypatch.setattr(oidc, "_get_json", real)
    assert oidc.discover(oidc_provider.issuer)["issuer"] == oidc_provider.issuer


# --- SSRF: only public addresses ----------------------------------------------------------------


def _connect(api, issuer):
    return api.put(
        "/api/v1/identity/provider",
        json={"kind": "generic", "issuer": issuer, "client_id": "x", "client_secret": "y", "domains": ["acme.test"]},
    )


@pytest.fixture
def english_admin(admin, db):
    admin.locale = "en"  # a signed-in person reads errors in their own language
    db.session.commit()
    return admin


@pytest.mark.parametrize(
    "issuer",
    [
        "https://10.0.0.8/realms/acme",
        "https://192.168.1.1",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1",
        "https://[fd00::1]",
        "https://[::1]:8443",
        "https://0.0.0.0",
    ],
)
def test_issuers_on_private_addresses_are_refused(issuer, login_as, english_admin, fetches):
    response = _connect(login_as(english_admin), issuer)
    assert response.status_code == 422, response.get_json()
    assert error_code(response) == "identity_issuer_refused"
    assert "internal or local network address" in response.get_json()["error"]["fields"]["issuer"][0]
    assert fetches == []  # nothing was called


def test_a_name_resolving_to_a_private_address_is_refused_in_dutch_too(monkeypatch, login_as, admin, fetches):
    def resolve(host, port, **_kwargs):
        assert host == "idp.acme.test"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(sender, "resolve", resolve)
    response = _connect(login_as(admin), "https://idp.acme.test/oidc")  # admin reads Dutch
    assert response.status_code == 422
    assert "intern of lokaal netwerkadres" in response.get_json()["error"]["message"]
    assert fetches == []


def test_an_unresolvable_name_is_said_so(monkeypatch, login_as, english_admin):
    def resolve(*_args, **_kwargs):
        raise socket.gaierror("no such name")

    monkeypatch.setattr(sender, "resolve", resolve)
    response = _connect(login_as(english_admin), "https://idp.nowhere.test")
    assert response.status_code == 422
    assert "does not exist" in response.get_json()["error"]["fields"]["issuer"][0]


def test_loopback_needs_the_setting(app, login_as, admin, oidc_provider):
    app.config["IDENTITY_ALLOW_HTTP_LOOPBACK"] = False
    for issuer in (oidc_provider.issuer, "https://127.0.0.1:8443", "https://localhost"):
        response = _connect(login_as(admin), issuer)
        assert response.status_code == 422, issuer
        assert error_code(response) == "identity_issuer_refused"


def test_a_discovery_document_pointing_inwards_is_not_followed(app, oidc_provider, monkeypatch):
    """The issuer is public, but its document names an internal token endpoint, JWKS or UserInfo: not called."""
    calls = []
    monkeypatch.setattr(oidc.requests, "get", lambda *a, **k: calls.append(a) or pytest.fail("called"))
    metadata = {
        "issuer": oidc_provider.issuer,
        "token_endpoint": "https://10.0.0.1/token",
        "jwks_uri": "http://169.254.169.254/jwks",
        "userinfo_endpoint": "https://192.168.0.1/userinfo",
    }
    with pytest.raises(oidc.ProviderUnreachable, match="address refused"):
        oidc.exchange_code(metadata, "x", "y", "code", "http://localhost/cb", "v")
    with pytest.raises(oidc.ProviderUnreachable, match="address refused"):
        oidc._cached_json(metadata["jwks_uri"], oidc.JWKS_TTL)
    with pytest.raises(oidc.ProviderUnreachable):
        oidc.with_userinfo(metadata, {"sub": "anna"}, "access-token")
    assert calls == []

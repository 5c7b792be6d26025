"""The relying party's side of OpenID Connect, on Authlib: discovery, the authorization request (code flow
with PKCE S256, state, nonce), the code exchange, and the ID token check (signature from the provider's
JWKS, fetched again once when a key id is new — rotation —, iss, aud/azp, exp, iat, nonce; `alg: none`
and symmetric algorithms are not accepted). Nothing here knows Ritme's people: service.py decides.

Every address Ritme's server calls (discovery, JWKS, token, UserInfo) must be https on a public address,
checked with push's SSRF check (push/read.py, the one outbound webhooks use) before each call: the issuer,
or a discovery document, could otherwise point the server at 127.0.0.1, 10.x or 169.254.169.254.
`IDENTITY_ALLOW_HTTP_LOOPBACK` (tests, local trials) lets http(s)://127.0.0.1 and localhost through.

The discovery document and the JWKS are kept per process (in the app's extensions) for an hour; a token
whose key id is not in the kept JWKS fetches it once more (the provider rotated its keys), at most every
JWKS_REFETCH_INTERVAL seconds so that forged key ids cannot make Ritme hammer the provider.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.jose.errors import JoseError
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from flask import current_app

from backend.push import read as push

try:  # Authlib 1.7 and later validate claims with joserfc, whose errors are not authlib.jose's
    from joserfc.errors import JoseError as JoserfcError
except ImportError:  # pragma: no cover - Authlib 1.6 without joserfc
    JoserfcError = JoseError  # noqa: N816
TOKEN_ERRORS = (JoseError, JoserfcError)

DISCOVERY_TTL = 3600  # seconds a discovery document is used before it is fetched again
JWKS_TTL = 3600  # seconds a key set is used before it is fetched again
JWKS_REFETCH_INTERVAL = 30  # an unknown key id fetches the JWKS again at most this often
# A seam for the tests (the clock of the cache).
clock = time.monotonic

TIMEOUT = 10  # seconds for any call to the provider
LEEWAY = 60  # seconds of clock difference tolerated on exp/iat
# Asymmetric only: `none` and HS* (which a client secret could forge) never verify an ID token here.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
_jwt = JsonWebToken(ALGORITHMS)
SCOPE = "openid email profile"


class ProviderUnreachable(Exception):
    """The provider did not answer, or answered something that is not OpenID Connect."""


class TokenRejected(Exception):
    """The provider's answer did not hold up: bad code, bad signature, wrong iss/aud/nonce, expired."""


class AddressRefused(ValueError):
    """An address Ritme will not call: `code` is push's (push_endpoint_invalid, _not_https, _unresolvable,
    _private)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def entra_issuer(tenant_id: str) -> str:
    return f"https://login.microsoftonline.com/{tenant_id}/v2.0"


GOOGLE_ISSUER = "https://accounts.google.com"


def allow_loopback() -> bool:
    value = current_app.config.get("IDENTITY_ALLOW_HTTP_LOOPBACK", False)
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def check_address(url: str) -> None:
    """https on a public address (every address the name resolves to), or AddressRefused; with
    IDENTITY_ALLOW_HTTP_LOOPBACK also http(s)://127.0.0.1 and localhost."""
    try:
        push.public_origin(url, allow_loopback())
    except push.UrlRefused as refused:
        raise AddressRefused(refused.code) from None


def _get_json(url: str) -> dict:
    try:
        check_address(url)
    except AddressRefused as refused:
        raise ProviderUnreachable(f"{url}: address refused ({refused.code})") from refused
    try:
        response = requests.get(url, timeout=TIMEOUT, allow_redirects=False)
        response.raise_for_status()
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnreachable(f"{url}: {exc}") from exc
    if not isinstance(body, dict):
        raise ProviderUnreachable(f"{url}: not a JSON object")
    return body


class _Cache:
    """url -> (fetched at, document), and when each JWKS was last fetched for an unknown key id."""

    def __init__(self):
        self.documents: dict[str, tuple[float, dict]] = {}
        self.refetched: dict[str, float] = {}
        self.lock = threading.Lock()


def _cache() -> _Cache:
    cache = current_app.extensions.get("identity_oidc_cache")
    if cache is None:  # setdefault: two threads starting at once end up with the same one
        cache = current_app.extensions.setdefault("identity_oidc_cache", _Cache())
    return cache


def _cached_json(url: str, ttl: float, fresh: bool = False) -> dict:
    cache = _cache()
    with cache.lock:
        kept = cache.documents.get(url)
    if kept is not None and not fresh and clock() - kept[0] < ttl:
        return kept[1]
    document = _get_json(url)
    with cache.lock:
        cache.documents[url] = (clock(), document)
    return document


def forget(url: str) -> None:
    cache = _cache()
    with cache.lock:
        cache.documents.pop(url, None)


def discover(issuer: str, fresh: bool = False) -> dict:
    """The provider's metadata; its `issuer` must be exactly the one configured (OpenID Discovery §4.3).
    Kept for DISCOVERY_TTL; `fresh` fetches it now (an admin saving the connection)."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    metadata = _cached_json(url, DISCOVERY_TTL, fresh)
    try:
        for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(metadata.get(name), str):
                raise ProviderUnreachable(f"discovery lacks {name}")
        if metadata["issuer"] != issuer:
            raise ProviderUnreachable(f"discovery names issuer {metadata['issuer']!r}, not {issuer!r}")
    except ProviderUnreachable:
        forget(url)  # a bad document is not kept
        raise
    return metadata


@dataclass(frozen=True)
class Authorization:
    url: str
    state: str
    nonce: str
    code_verifier: str


def authorization(metadata: dict, client_id: str, redirect_uri: str, login_hint: str | None) -> Authorization:
    state, nonce, verifier = generate_token(43), generate_token(43), generate_token(64)
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": SCOPE,
        "state": state,
        "nonce": nonce,
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    if login_hint:
        params["login_hint"] = login_hint
    endpoint = metadata["authorization_endpoint"]
    return Authorization(f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}", state, nonce, verifier)


def exchange_code(
    metadata: dict, client_id: str, client_secret: str, code: str, redirect_uri: str, verifier: str
) -> dict:
    """The token response for an authorization code: its `id_token` (compact JWS) and `access_token`."""
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
    client = OAuth2Session(client_id, client_secret, token_endpoint_auth_method=method)
    try:
        check_address(metadata["token_endpoint"])
    except AddressRefused as refused:
        raise ProviderUnreachable(f"token endpoint: address refused ({refused.code})") from refused
    try:
        token = client.fetch_token(
            metadata["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=verifier,
            timeout=TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise ProviderUnreachable(str(exc)) from exc
    except Exception as exc:  # Authlib's OAuthError and friends: the provider refused the code
        raise TokenRejected(f"token endpoint: {exc}") from exc
    if not isinstance(token, dict) or not isinstance(token.get("id_token"), str):
        raise TokenRejected("no id_token in the token response")
    return dict(token)


PROFILE_CLAIMS = ("email", "email_verified", "name")


def with_userinfo(metadata: dict, claims: dict, access_token: str | None) -> dict:
    """The verified ID token's claims, completed from the UserInfo endpoint when the e-mail is not in the token
    (providers may keep scope claims out of the ID token, OpenID Connect Core §5.4); UserInfo must name the
    same `sub` (§5.3.2), and it never overrides what the signed token says."""
    if "email" in claims or not access_token or not isinstance(metadata.get("userinfo_endpoint"), str):
        return claims
    try:
        check_address(metadata["userinfo_endpoint"])
        response = requests.get(
            metadata["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        response.raise_for_status()
        info = response.json()
    except (requests.RequestException, ValueError) as exc:  # AddressRefused is a ValueError too
        raise ProviderUnreachable(f"userinfo: {exc}") from exc
    if not isinstance(info, dict) or info.get("sub") != claims.get("sub"):
        raise TokenRejected("userinfo names another subject")
    return {**{name: info[name] for name in PROFILE_CLAIMS if name in info}, **claims}


def _key(key_set: dict, kid):
    try:
        return JsonWebKey.import_key_set(key_set).find_by_kid(kid)
    except ValueError:  # not in this set (or not a key set at all)
        return None


def _may_refetch(jwks_uri: str) -> bool:
    """Once per JWKS_REFETCH_INTERVAL for an unknown key id: enough for a rotation, useless to a forger."""
    cache = _cache()
    with cache.lock:
        last = cache.refetched.get(jwks_uri)
        if last is not None and clock() - last < JWKS_REFETCH_INTERVAL:
            return False
        cache.refetched[jwks_uri] = clock()
    return True


def verify_id_token(metadata: dict, client_id: str, id_token: str, nonce: str) -> dict:
    """The ID token's claims after every check, or TokenRejected. The key comes from the kept JWKS, fetched
    again when it does not hold the token's key id (the provider rotated its keys)."""

    def load_key(header, _payload):
        if header.get("alg") not in ALGORITHMS:
            raise TokenRejected(f"algorithm {header.get('alg')!r} not accepted")
        uri, kid = metadata["jwks_uri"], header.get("kid")
        key = _key(_cached_json(uri, JWKS_TTL), kid)
        if key is None and _may_refetch(uri):
            key = _key(_cached_json(uri, JWKS_TTL, fresh=True), kid)
        if key is None:
            raise TokenRejected(f"key {kid!r} is not in the provider's JWKS")
        return key

    try:
        claims = _jwt.decode(
            id_token,
            key=load_key,
            claims_cls=CodeIDToken,
            claims_options={
                "iss": {"essential": True, "value": metadata["issuer"]},
                "aud": {"essential": True, "value": client_id},
                "sub": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            },
            claims_params={"nonce": nonce, "client_id": client_id},
        )
        claims.validate(leeway=LEEWAY)
    except TOKEN_ERRORS as exc:
        raise TokenRejected(f"{type(exc).__name__}: {exc}") from exc
    except ValueError as exc:
        raise TokenRejected(f"malformed token: {exc}") from exc
    return dict(claims)

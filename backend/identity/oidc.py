"""The relying party's side of OpenID Connect, on Authlib: discovery, the authorization request (code flow
with PKCE S256, state, nonce), the code exchange, and the ID token check (signature from the provider's
JWKS, fetched again once when a key id is new — rotation —, iss, aud/azp, exp, iat, nonce; `alg: none`
and symmetric algorithms are not accepted). Nothing here knows Ritme's people: service.py decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.jose.errors import JoseError
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from flask import current_app

try:  # Authlib 1.7 and later validate claims with joserfc, whose errors are not authlib.jose's
    from joserfc.errors import JoseError as JoserfcError
except ImportError:  # pragma: no cover - Authlib 1.6 without joserfc
    JoserfcError = JoseError  # noqa: N816
TOKEN_ERRORS = (JoseError, JoserfcError)

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


def entra_issuer(tenant_id: str) -> str:
    return f"https://login.microsoftonline.com/{tenant_id}/v2.0"


GOOGLE_ISSUER = "https://accounts.google.com"


def issuer_allowed(issuer: str) -> bool:
    """https, or plain http on the loopback address when the installation allows it (tests, local trials)."""
    parts = urlsplit(issuer)
    if parts.scheme == "https" and parts.hostname:
        return True
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    return parts.scheme == "http" and loopback and current_app.config.get("IDENTITY_ALLOW_HTTP_LOOPBACK", False)


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=TIMEOUT, allow_redirects=False)
        response.raise_for_status()
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnreachable(f"{url}: {exc}") from exc
    if not isinstance(body, dict):
        raise ProviderUnreachable(f"{url}: not a JSON object")
    return body


def discover(issuer: str) -> dict:
    """The provider's metadata; its `issuer` must be exactly the one configured (OpenID Discovery §4.3)."""
    metadata = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(name), str):
            raise ProviderUnreachable(f"discovery lacks {name}")
    if metadata["issuer"] != issuer:
        raise ProviderUnreachable(f"discovery names issuer {metadata['issuer']!r}, not {issuer!r}")
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
        token = client.fetch_token(
            metadata["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=verifier,
            timeout=TIMEOUT,
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
        response = requests.get(
            metadata["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        response.raise_for_status()
        info = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnreachable(f"userinfo: {exc}") from exc
    if not isinstance(info, dict) or info.get("sub") != claims.get("sub"):
        raise TokenRejected("userinfo names another subject")
    return {**{name: info[name] for name in PROFILE_CLAIMS if name in info}, **claims}


def verify_id_token(metadata: dict, client_id: str, id_token: str, nonce: str, jwks: dict | None = None) -> dict:
    """The ID token's claims after every check, or TokenRejected. `jwks` is the cached set, if any."""
    keys = {"set": jwks}

    def load_key(header, _payload):
        if header.get("alg") not in ALGORITHMS:
            raise TokenRejected(f"algorithm {header.get('alg')!r} not accepted")
        for attempt in range(2):
            if keys["set"] is None or attempt == 1:
                keys["set"] = _get_json(metadata["jwks_uri"])  # first use, or a key id we do not know yet
            try:
                return JsonWebKey.import_key_set(keys["set"]).find_by_kid(header.get("kid"))
            except ValueError:
                continue
        raise TokenRejected(f"key {header.get('kid')!r} is not in the provider's JWKS")

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

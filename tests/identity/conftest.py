"""Fixtures of the identity tests: a real OpenID provider for the whole run, and organisations connected to it."""

from __future__ import annotations

import pytest

from tests.identity.provider import CLIENT_ID, CLIENT_SECRET, running_provider

# Flask's test client talks to http://localhost/: that is where the provider sends the browser back.
TEST_CLIENT_REDIRECT = "http://localhost/api/v1/auth/sso/callback"


@pytest.fixture(scope="session")
def oidc_provider():
    with running_provider([TEST_CLIENT_REDIRECT]) as provider:
        yield provider


@pytest.fixture
def admin(make_user):
    return make_user(role="admin", email="admin@acme.test")


@pytest.fixture
def connect(login_as, oidc_provider):
    """Connect an organisation (through its admin's API) to the test provider."""

    def connect(admin_user, domains=("acme.test",), unknown_people="refuse", client_id=CLIENT_ID, secret=CLIENT_SECRET):
        api = login_as(admin_user)
        response = api.put(
            "/api/v1/identity/provider",
            json={
                "kind": "generic",
                "issuer": oidc_provider.issuer,
                "client_id": client_id,
                "client_secret": secret,
                "domains": list(domains),
                "unknown_people": unknown_people,
            },
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return connect

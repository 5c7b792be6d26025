"""Integrations fixtures: an admin, a receiver that verifies with standardwebhooks, endpoints pointing at it."""

from __future__ import annotations

import threading

import pytest

from tests.integrations.receiver import Receiver
from tests.rhythm import conftest as rhythm_fixtures

rep = rhythm_fixtures.rep  # shared fixtures: a sales team and its rep
sales = rhythm_fixtures.sales


@pytest.fixture
def config_overrides():
    # The receiver listens on http://127.0.0.1: the one exception the flag allows.
    return {"RITME_HOOKS_ALLOW_HTTP_LOOPBACK": "1", "RITME_BASE_URL": "https://ritme.example"}


@pytest.fixture
def admin(make_user, sales):
    return make_user(role="admin", team=sales, email="admin@example.test", name="Anna Admin")


@pytest.fixture
def admin_api(login_as, admin):
    return login_as(admin)


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def make_endpoint(admin_api, receiver):
    """An endpoint at the receiver, made through the API; the receiver learns its secret."""

    def make(preset="generic", events=None, url=None, name="Kanaal"):
        body = {"name": name, "url": url or receiver.url, "preset": preset}
        if events is not None:
            body["events"] = events
        response = admin_api.post("/api/v1/integrations/endpoints", json=body)
        assert response.status_code == 201, response.get_json()
        endpoint = response.get_json()
        receiver.secrets.append(endpoint["secret"])
        return endpoint

    return make


@pytest.fixture
def log_win(login_as, rep):
    api = login_as(rep)

    def log(text="Offerte getekend na demo", customer="Bakkerij Jansen"):
        import uuid

        response = api.post(
            "/api/v1/wins",
            json={"client_id": str(uuid.uuid4()), "text": text, "customer": customer, "impact_area": "sales"},
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return log


@pytest.fixture
def concurrently(app):
    """Run `work()` in several threads at once, each in its own app context and session (as that many
    scheduler processes would); returns (results, errors)."""
    from backend.extensions import db

    def run(work, count=2):
        results, errors = [], []

        def one():
            try:
                with app.app_context():
                    try:
                        results.append(work())
                    finally:
                        db.session.remove()
            except Exception as error:  # noqa: BLE001
                errors.append(error)

        threads = [threading.Thread(target=one) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results, errors

    return run

"""Push fixtures: a real local push service, devices subscribed to it, a sender that records its waits."""

from __future__ import annotations

import pytest

from tests.push.push_service import PushService
from tests.rhythm.conftest import rep, sales  # noqa: F401  (shared fixtures)


@pytest.fixture
def config_overrides():
    # The local push service listens on http://127.0.0.1: the one exception the flag allows.
    return {"RITME_PUSH_ALLOW_HTTP_LOOPBACK": "1", "RITME_VAPID_CONTACT": "mailto:ops@ritme.example"}


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service


@pytest.fixture
def sleeps() -> list[float]:
    """The backoff waits the sender asked for (it does not really sleep in tests)."""
    return []


@pytest.fixture
def push_sender(app, db, sleeps):
    """The sender the jobs use, with recorded sleeps; tune it per test (pause_after, max_retries…)."""
    from backend.push import service
    from backend.push.sender import PushSender

    key = service.vapid_key()
    db.session.commit()
    sender = PushSender(key.private_pem, service.vapid_contact(), allow_loopback=True, sleep=sleeps.append)
    app.extensions["push_sender"] = sender
    yield sender
    sender.close()


@pytest.fixture
def vapid_public_key(push_sender):
    from backend.extensions import db
    from backend.push.models import VapidKey

    return db.session.get(VapidKey, 1).public_key


@pytest.fixture
def add_device(db, push_service, vapid_public_key):
    """A browser of this person subscribed at the local push service, saved as the API would."""
    from backend.push import service

    def add(user, service_=None):
        device = (service_ or push_service).subscribe(vapid_public_key)
        service.subscribe(user, device.info(), "pytest")
        db.session.commit()
        return device

    return add

"""Push fixtures: a real local push service, devices subscribed to it, a sender that records its waits."""

from __future__ import annotations

import threading

import pytest
import time_machine

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


@pytest.fixture
def concurrently(app):
    """Run `work()` in several threads at once, each in its own app context and database session, as
    that many scheduler processes would; returns (results, errors)."""
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


@pytest.fixture
def two_schedulers(app, concurrently):
    """Two schedulers at the same minute, both planning before either sends (the clock frozen at
    `now`); returns every job's outcome, and any errors."""
    from backend.extensions import db
    from backend.push import scheduler

    def run(now, workers=4):
        both_planned = threading.Barrier(2, timeout=30)

        def plan_and_send():
            jobs = scheduler.due_jobs(now)
            db.session.commit()
            both_planned.wait()  # both saw the same jobs due before either sent anything
            queue = scheduler.ThreadQueue(app, workers=workers, now=now)
            try:
                return queue.enqueue_all(jobs)
            finally:
                queue.close()

        with time_machine.travel(now, tick=False):
            results, errors = concurrently(plan_and_send)
        return [outcome for outcomes in results for outcome in outcomes], errors

    return run

"""The job RQ workers run for webhooks (``rq`` imports it by its dotted path: keep the name stable).

With ``RITME_REDIS_URL`` set, the scheduler's heartbeat puts due deliveries on the push queue
(``RITME_PUSH_QUEUE``) instead of sending them in its own threads, and the same ``push-worker``
processes run them. The claim is made here, in the job, so a delivery enqueued twice (two schedulers,
or a beat before the worker got to it) is sent once: the second job finds it taken.
"""

from __future__ import annotations

from flask import Flask, has_app_context

_app: Flask | None = None


def _worker_app() -> Flask:
    global _app
    if _app is None:
        from backend import create_app

        _app = create_app()
    return _app


def attempt(delivery_id: int) -> str:
    """Claim, sign, send and record one webhook delivery; see delivery.attempt."""
    if has_app_context():
        return _attempt(delivery_id)
    with _worker_app().app_context():
        return _attempt(delivery_id)


def _attempt(delivery_id: int) -> str:
    from backend.extensions import db
    from backend.integrations import delivery

    try:
        return delivery.attempt(delivery_id)
    except Exception:
        db.session.rollback()
        raise
    finally:
        db.session.remove()

"""Receivers that must never fail the work that sent their signal (a notification, a webhook).

Such a receiver runs inside the sender's transaction. A bare ``try`` is not enough: a failed statement
on PostgreSQL aborts the whole transaction, and a failed flush leaves the session needing a rollback on
any database, so the request that awarded the badge would fail at its commit after all. The receiver
runs in a savepoint instead; when it raises, only the savepoint is rolled back and the error is logged.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from backend.extensions import db

log = logging.getLogger(__name__)


def guarded(label: str) -> Callable[[Callable], Callable]:
    """Decorate a receiver (under ``@signal.connect``): it runs in a savepoint, its failure is logged
    as "<label> receiver <name> failed" and answers None."""

    def decorate(receiver: Callable) -> Callable:
        @functools.wraps(receiver)
        def wrapped(sender, **kwargs):
            try:
                with db.session.begin_nested():
                    return receiver(sender, **kwargs)
            except Exception:  # what it tells about is never worth failing the work that caused it
                log.exception("%s receiver %s failed", label, receiver.__name__)
                return None

        return wrapped

    return decorate

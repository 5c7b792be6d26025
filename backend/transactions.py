"""Re-running a unit of work that PostgreSQL aborted to break a deadlock or a serialization conflict.

PostgreSQL answers such a transaction with SQLSTATE 40P01 (deadlock_detected) or 40001
(serialization_failure) and rolls it back whole; the documented remedy is to run it again. Writers of
the board aggregates take their lock in one order (backend/locks.py), so this should be rare; the
retry is the net under whatever order a future change gets wrong.

Where it is safe:
- a request's view (`Ritme.dispatch_request` in backend/__init__.py): the request is one unit of
  work that commits only after the view (create_app's after_request), its body is cached, and what
  it causes elsewhere goes through the same transaction (signals, the push outbox), so a rolled-back
  attempt leaves no trace and the view simply runs again. Not for a view that committed meanwhile
  (an import commits in batches: running it again would repeat what was kept) or that reads an
  uploaded file (its stream is spent);
- catching up the fold before a board read (rhythm/fold.py): each batch commits on its own and a
  batch rolled back is simply claimed again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from backend.extensions import db

log = logging.getLogger(__name__)

RETRYABLE = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
ATTEMPTS = 4  # the first run and up to three more
BACKOFF = 0.05  # seconds: attempt n waits a random time up to n × this, so the losers do not meet again

T = TypeVar("T")


def is_retryable(error: BaseException) -> bool:
    """A deadlock or serialization failure: the database rolled the transaction back, running it again may succeed."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    return (getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)) in RETRYABLE


def opened_session() -> Session | None:
    """The current scope's ORM session if something opened it, else None (and none is made).

    Asking `db.session()` opens one, and teardown then closes it: for a request that never touches the
    ORM (`/health`, the built app's files) that was ≈ 10 % of its time (issue 20), for nothing.
    """
    registry = db.session.registry
    return registry() if registry.has() else None


def commits() -> int:
    """How many transactions the current session has committed (to tell whether work was kept meanwhile)."""
    session = opened_session()
    return 0 if session is None else session.info.get(_COMMITS, 0)


_COMMITS = "commits"


@event.listens_for(Session, "after_commit")
def _count_commit(session) -> None:
    if not session.in_nested_transaction():  # a savepoint released keeps nothing yet
        session.info[_COMMITS] = session.info.get(_COMMITS, 0) + 1


def retrying(work: Callable[[], T], what: str, redo_committed: bool = False) -> T:
    """Run `work`; when the database aborted it as a deadlock or serialization failure, roll back and run it again.

    Unless `redo_committed`, only while the attempt committed nothing: work kept cannot be taken back.
    """
    for attempt in range(1, ATTEMPTS + 1):
        committed = commits()
        try:
            return work()
        except DBAPIError as error:
            if attempt == ATTEMPTS or not is_retryable(error) or (not redo_committed and commits() != committed):
                raise
            db.session.rollback()
            log.warning("%s: %s, running it again (attempt %d of %d)", what, error.orig, attempt + 1, ATTEMPTS)
            time.sleep(random.uniform(0, BACKOFF * attempt))  # noqa: S311 (spreading retries, not a secret)
    raise AssertionError("unreachable")

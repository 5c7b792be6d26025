"""Several gunicorn workers writing one SQLite file: writers queue on a kernel file lock.

SQLite lets one writer in at a time; the others wait in its busy handler, which polls with sleeps
of 1, 2, 5, 10 … ms. Under a burst of taps a worker then sleeps far longer than the write it waits
for takes. An exclusive flock() taken at a connection's first write (when SQLite begins its write
transaction) and released when the connection goes back to the pool (after commit or rollback)
hands the write lock over within a fraction of a millisecond instead. Readers never take it, and
WAL keeps them running alongside. It gives up after the same 5 s as SQLite's busy timeout, so a
mistake (two write transactions in one thread) is an error, not a hang. PostgreSQL needs none of this.
"""

from __future__ import annotations

import fcntl
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
WAIT_LIMIT = 5.0  # seconds, as PRAGMA busy_timeout
POLL = 0.0002  # seconds between tries while another worker writes


class WriteLockTimeout(RuntimeError):
    pass


def _acquire(handle) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise WriteLockTimeout("another writer held the SQLite write lock for over 5 s") from None
            time.sleep(POLL)


def queue_writers(engine: Engine, database_file: Path) -> None:
    lock_path = f"{database_file}.write-lock"

    @event.listens_for(engine, "before_cursor_execute")
    def _take_lock(connection, _cursor, statement, _parameters, _context, _executemany):
        info = connection.connection.info  # the pooled DBAPI connection's own dict
        if "writing" not in info and statement.lstrip()[:7].upper().startswith(_WRITES):
            # Each connection keeps its own open lock file: flock() belongs to an open file, and
            # opening it anew for every write cost more than the lock itself.
            handle = info.get("write_lock")
            if handle is None:
                handle = info["write_lock"] = open(lock_path, "a")  # noqa: SIM115 (closed in _close_lock_file)
            _acquire(handle)
            info["writing"] = True

    @event.listens_for(engine, "checkin")
    def _release_lock(_dbapi_connection, record):
        if record.info.pop("writing", False):
            fcntl.flock(record.info["write_lock"], fcntl.LOCK_UN)

    @event.listens_for(engine, "close")
    def _close_lock_file(_dbapi_connection, record):
        _release_lock(_dbapi_connection, record)
        handle = record.info.pop("write_lock", None)
        if handle is not None:
            handle.close()

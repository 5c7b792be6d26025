"""SQLite writers from several workers queue on a file lock instead of SQLite's sleeping busy handler."""

import threading
import time

import pytest
from sqlalchemy import create_engine, text

from backend import sqlite_writers


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    sqlite_writers.queue_writers(engine, tmp_path / "w.sqlite3")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    engine.dispose()


def test_a_second_writer_waits_for_the_first_and_goes_on_right_after_it(engine):
    order = []
    first_holds = threading.Event()

    def first():
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (1)"))
            first_holds.set()
            time.sleep(0.2)
            order.append("first commits")

    def second():
        first_holds.wait()
        started = time.monotonic()
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (2)"))
            order.append(("second writes", time.monotonic() - started))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert order[0] == "first commits"
    # It waited for the first writer, and got through well before its wait limit (a busy machine may be slow,
    # so the bound is the limit, not a guess at this machine's speed).
    assert 0.1 < order[1][1] < sqlite_writers.WAIT_LIMIT
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 2


def test_readers_never_wait_for_a_writer(engine):
    with engine.connect() as writer:
        writer.execute(text("INSERT INTO t VALUES (1)"))  # holds the write lock (transaction open)
        started = time.monotonic()
        with engine.connect() as reader:
            reader.execute(text("SELECT count(*) FROM t")).scalar()
        # The read finished while the write lock is still held: a reader that waited would have failed here.
        assert time.monotonic() - started < sqlite_writers.WAIT_LIMIT
        writer.rollback()


def test_a_writer_that_waits_too_long_gets_an_error_not_a_hang(engine, monkeypatch):
    monkeypatch.setattr(sqlite_writers, "WAIT_LIMIT", 0.2)
    with engine.connect() as holder:
        holder.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as other, pytest.raises(Exception, match="write lock"):
            other.execute(text("INSERT INTO t VALUES (2)"))
        holder.rollback()

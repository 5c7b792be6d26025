"""The nightly work runs once a day per installation: two schedulers, a restart, a failure, a crash."""

import threading
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from backend import signals
from backend.push import scheduler
from backend.push.models import NightlyRun
from backend.timeutil import utcnow

# Half past two UTC on a day; the tests take "today" from the frozen clock, not from this constant.
NIGHT = datetime(2026, 11, 18, 2, 30, tzinfo=UTC)


@pytest.fixture
def runs():
    """Every nightly run's `now`, as the receivers see it."""
    calls = []

    def record(_sender, now):
        calls.append(now)

    with listening(record):
        yield calls


def fresh_scheduler(now):
    """A scheduler process that just started: it remembers no last run."""
    with time_machine.travel(now, tick=False):
        return scheduler.run_nightly_if_due(None)


def test_a_restarted_scheduler_does_not_run_the_night_again(app, db, runs):
    with time_machine.travel(NIGHT, tick=False):
        today = utcnow().date()
    assert fresh_scheduler(NIGHT) == today
    assert fresh_scheduler(NIGHT + timedelta(minutes=1)) == today  # restarted a minute later
    assert fresh_scheduler(NIGHT + timedelta(hours=20)) == today  # and again in the evening
    assert runs == [NIGHT]
    assert fresh_scheduler(NIGHT + timedelta(days=1)) == today + timedelta(days=1)  # the next night runs
    assert runs == [NIGHT, NIGHT + timedelta(days=1)]
    db.session.expire_all()
    assert [r.finished_at is not None for r in db.session.scalars(select(NightlyRun))] == [True, True]


def test_two_schedulers_at_the_same_minute_run_the_night_once(app, db, runs, monkeypatch, concurrently):
    both_looked = threading.Barrier(2, timeout=30)
    real_state = scheduler._nightly_state

    def both_see_it_open(day, now):
        state = real_state(day, now)
        both_looked.wait()  # neither claims before both found the day unclaimed
        return state

    monkeypatch.setattr(scheduler, "_nightly_state", both_see_it_open)

    results, errors = concurrently(lambda: scheduler.run_nightly_if_due(None, NIGHT))

    assert errors == []
    assert runs == [NIGHT]
    # The winner knows the day is done; the other looks again next minute and then finds it done.
    assert sorted(results, key=str) == [NIGHT.date(), None]
    monkeypatch.setattr(scheduler, "_nightly_state", real_state)
    assert fresh_scheduler(NIGHT + timedelta(minutes=1)) == NIGHT.date()
    assert runs == [NIGHT]


@contextmanager
def listening(receiver):
    signals.nightly.connect(receiver)
    try:
        yield
    finally:
        signals.nightly.disconnect(receiver)


def test_a_failed_night_keeps_nothing_and_the_next_minute_tries_again(app, db, runs):
    def fail(_sender, now):
        db.session.add(NightlyRun(day=now.date() - timedelta(days=1), started_at=now))  # some of the work
        db.session.flush()
        raise RuntimeError("the database went away")

    with listening(fail), pytest.raises(RuntimeError):
        fresh_scheduler(NIGHT)
    assert fresh_scheduler(NIGHT + timedelta(minutes=1)) == NIGHT.date()
    assert runs[-1] == NIGHT + timedelta(minutes=1)  # the retry ran the whole night's work
    db.session.expire_all()
    # Only the retry's claim is there: the failed run's work was not kept.
    assert list(db.session.scalars(select(NightlyRun.started_at))) == [NIGHT + timedelta(minutes=1)]


def test_a_night_whose_scheduler_died_is_taken_over_after_an_hour_not_before(app, db, runs):
    def die(_sender, now):
        raise SystemExit("killed in the middle of the night's work")

    with listening(die), pytest.raises(SystemExit):
        fresh_scheduler(NIGHT)
    db.session.rollback()  # the dead process's session goes with it
    db.session.remove()
    assert fresh_scheduler(NIGHT + timedelta(minutes=59)) is None  # still someone's: wait
    assert fresh_scheduler(NIGHT + scheduler.NIGHTLY_LEASE) == NIGHT.date()
    assert fresh_scheduler(NIGHT + scheduler.NIGHTLY_LEASE + timedelta(minutes=1)) == NIGHT.date()
    assert runs[-1] == NIGHT + scheduler.NIGHTLY_LEASE  # taken over once, by one scheduler

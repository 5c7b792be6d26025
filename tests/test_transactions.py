"""A request the database aborted in a deadlock runs again (backend/transactions.py), where that is safe."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from backend import transactions
from backend.accounts.models import Organisation
from backend.badges import models as _badge_models  # noqa: F401  (wins.models relates to BadgeAward)
from backend.boards.models import BoardTotal
from backend.wins import service as wins
from backend.wins.models import Win
from tests.rhythm.conftest import new_client_id


class _Aborted(Exception):
    def __init__(self, sqlstate: str):
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


def aborted(sqlstate: str = "40P01") -> OperationalError:
    """What the driver raises when PostgreSQL picked this transaction as a deadlock's victim."""
    return OperationalError("INSERT INTO board_day …", {}, _Aborted(sqlstate))


@pytest.fixture
def rep(make_user, make_team):
    return make_user(team=make_team("Sales Noord"))


def fail_after_work(monkeypatch, times: int, sqlstate: str = "40P01") -> list[int]:
    """log_win does all its writes and then loses a deadlock, the first `times` calls."""
    real, calls = wins.log_win, []

    def log_win(actor, args, now=None):
        calls.append(1)
        result = real(actor, args, now)
        if len(calls) <= times:
            raise aborted(sqlstate)
        return result

    monkeypatch.setattr(wins, "log_win", log_win)
    return calls


def week_points(db, user) -> float:
    db.session.expire_all()
    week = select(BoardTotal.points).where(BoardTotal.user_id == user.id, BoardTotal.period == "week")
    return db.session.scalar(week)


def test_a_request_that_lost_a_deadlock_runs_again_and_its_first_run_leaves_no_trace(rep, login_as, db, monkeypatch):
    calls = fail_after_work(monkeypatch, times=2)
    response = login_as(rep).post("/api/v1/wins", json={"client_id": new_client_id(), "text": "Offerte getekend"})
    assert response.status_code == 201
    assert len(calls) == 3
    db.session.expire_all()
    assert db.session.query(Win).count() == 1
    assert week_points(db, rep) == db.session.get(Organisation, rep.organisation_id).win_points


def test_after_the_last_attempt_the_answer_is_the_json_500(rep, login_as, db, monkeypatch):
    calls = fail_after_work(monkeypatch, times=transactions.ATTEMPTS)
    response = login_as(rep).post("/api/v1/wins", json={"client_id": new_client_id(), "text": "Offerte getekend"})
    assert response.status_code == 500 and response.get_json()["error"]["code"] == "internal_error"
    assert len(calls) == transactions.ATTEMPTS
    db.session.expire_all()
    assert db.session.query(Win).count() == 0


def test_other_database_errors_are_not_run_again(rep, login_as, db, monkeypatch):
    calls = fail_after_work(monkeypatch, times=1, sqlstate="53100")  # disk full
    response = login_as(rep).post("/api/v1/wins", json={"client_id": new_client_id(), "text": "Offerte getekend"})
    assert response.status_code == 500
    assert len(calls) == 1


def test_work_that_committed_is_not_run_again(app, db):
    runs = []

    def work():
        runs.append(1)
        db.session.commit()
        raise aborted()

    with pytest.raises(OperationalError):
        transactions.retrying(work, "a batch that commits")
    assert len(runs) == 1
    runs.clear()
    with pytest.raises(OperationalError):
        transactions.retrying(work, "idempotent batches", redo_committed=True)
    assert len(runs) == transactions.ATTEMPTS


@pytest.mark.parametrize(("sqlstate", "retryable"), [("40P01", True), ("40001", True), ("23505", False)])
def test_deadlocks_and_serialization_failures_are_retryable(sqlstate, retryable):
    assert transactions.is_retryable(aborted(sqlstate)) is retryable
    assert transactions.is_retryable(ValueError("40P01")) is False

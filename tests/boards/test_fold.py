"""Taps reach the boards and badges through the fold (backend/rhythm/fold.py): each exactly once."""

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from backend import signals
from backend.boards import aggregates
from backend.boards.models import BoardDay, BoardTotal
from backend.rhythm import fold
from backend.rhythm.models import CheckIn
from tests.boards.conftest import check_in

TODAY = date(2026, 11, 18)

pytestmark = pytest.mark.usefixtures("_frozen")


def today_on_board(db, user):
    db.session.expire_all()
    day = db.session.scalar(select(BoardDay).where(BoardDay.user_id == user.id, BoardDay.day == TODAY))
    return None if day is None else (day.points, day.checkins, day.customer_facing)


def pending(db):
    db.session.expire_all()
    return db.session.scalars(select(CheckIn.id).where(CheckIn.pending_fold)).all()


def test_a_tap_leaves_the_boards_to_the_fold_and_a_board_read_catches_up(member, visit, login_as, db, board):
    rep = member("Ruben")
    api = login_as(rep)
    tapped = check_in(api, visit)
    assert pending(db) == [tapped["id"]]
    assert today_on_board(db, rep) is None  # the tap itself wrote only the check-in and the rhythm
    rows = board(api, scope="people", metric="points", period="week")["rows"]
    assert [(r["name"], r["value"]) for r in rows if r["is_me"]] == [("Ruben", 10)]
    assert pending(db) == []
    assert today_on_board(db, rep) == (10.0, 1, 1)


def test_the_fold_keeps_the_streak_and_score_the_tap_left(member, crm, login_as, db):
    api = login_as(member("Ruben"))
    tapped = check_in(api, crm)
    row = db.session.get(CheckIn, tapped["id"])
    assert row.streak_after == tapped["streak"]["current"] == 1
    assert round(row.score_after * 100) == tapped["consistency"]


def test_the_heartbeat_folds_every_organisation(
    member, visit, crm, login_as, db, make_org, make_team, make_user, make_behaviour
):
    other_org = make_org("Ander BV")
    elsewhere = make_team("Zuid", organisation=other_org)
    stranger = make_user(team=elsewhere, name="Sanne", created_at=datetime(2020, 1, 1, tzinfo=UTC))
    other_behaviour = make_behaviour([elsewhere], organisation=other_org, points=7)
    rep = member("Ruben")
    check_in(login_as(rep), visit)
    check_in(login_as(rep), crm)
    check_in(login_as(stranger), other_behaviour)
    assert len(pending(db)) == 3
    signals.heartbeat.send(None)
    assert pending(db) == []
    assert today_on_board(db, rep) == (15.0, 2, 1)
    assert today_on_board(db, stranger) == (7.0, 1, 0)


def test_an_undo_before_the_fold_leaves_nothing_to_take_back(member, visit, crm, login_as, db):
    rep = member("Ruben")
    api = login_as(rep)
    first = check_in(api, visit)
    check_in(api, crm)
    assert api.delete(f"/api/v1/checkins/{first['id']}").status_code == 204
    fold.fold_everything()
    assert today_on_board(db, rep) == (5.0, 1, 0)


def test_an_undo_after_the_fold_takes_the_points_back(member, visit, crm, login_as, db):
    rep = member("Ruben")
    api = login_as(rep)
    first = check_in(api, visit)
    check_in(api, crm)
    fold.fold_everything()
    assert today_on_board(db, rep) == (15.0, 2, 1)
    assert api.delete(f"/api/v1/checkins/{first['id']}").status_code == 204
    assert today_on_board(db, rep) == (5.0, 1, 0)
    fold.fold_everything()
    assert today_on_board(db, rep) == (5.0, 1, 0)


def test_a_rebuild_with_taps_pending_counts_each_once(member, visit, crm, login_as, db):
    rep = member("Ruben")
    api = login_as(rep)
    check_in(api, visit)
    check_in(api, crm)
    aggregates.rebuild_aggregates(rep.organisation_id, [rep.id])
    db.session.commit()
    fold.fold_everything()
    assert today_on_board(db, rep) == (15.0, 2, 1)
    week = db.session.scalar(select(BoardTotal).where(BoardTotal.user_id == rep.id, BoardTotal.period == "week"))
    assert (week.points, week.checkins) == (15.0, 2)


def test_folds_at_the_same_moment_count_every_tap_once(app, member, make_behaviour, team, login_as, db):
    people = [member(f"Rep {n}") for n in range(6)]
    behaviours = [make_behaviour([team], name=f"Gedrag {n}", points=10) for n in range(3)]
    for person in people:
        api = login_as(person)
        for behaviour in behaviours:
            check_in(api, behaviour)
    barrier = threading.Barrier(3)
    folded, errors = [], []

    def fold_now():
        with app.app_context():
            barrier.wait()
            try:
                folded.append(fold.fold_everything())
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=fold_now) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(folded) == len(people) * len(behaviours)
    assert pending(db) == []
    assert [today_on_board(db, p) for p in people] == [(30.0, 3, 0)] * len(people)


@pytest.mark.parametrize(
    "statement",
    [fold._ANY_PENDING, fold._PENDING_ORGANISATIONS, fold._CLAIM],
    ids=["any pending (before every board read)", "pending organisations (every heartbeat)", "claim"],
)
def test_the_folds_queries_read_the_pending_index_not_the_whole_table(db, statement):
    """A partial index serves only a WHERE that implies its condition (SQLite: as written)."""
    compiled = statement.compile(db.engine)
    params = compiled.construct_params({"of_organisation": 1, "batch": 2000})
    connection = db.session.connection()
    if db.engine.dialect.name == "sqlite":
        arguments = tuple(params[name] for name in compiled.positiontup)
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}", arguments)
        plan = " | ".join(row[-1] for row in rows)
        assert "SCAN check_in" not in plan.replace("SCAN check_in USING INDEX ix_check_in_pending_fold", ""), plan
    else:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # the test table is tiny
        plan = " | ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {compiled.string}", params))
    db.session.rollback()
    assert "ix_check_in_pending_fold" in plan, plan

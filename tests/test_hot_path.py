"""HotStatement answers exactly what SQLAlchemy's Connection.execute answers, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import bindparam, event, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from backend.hot_path import HotStatement
from backend.rhythm.models import AwayDay, Behaviour, CheckIn

DAY = date(2026, 3, 29)  # the night Europe/Amsterdam moves to summer time


def _sqlalchemy_rows(db, statement, params):
    result = db.session.execute(statement, params)
    return list(result.keys()), [tuple(row) for row in result]


@pytest.fixture
def history(db, make_team, make_user, make_behaviour):
    team = make_team()
    rep = make_user(team=team, time_zone="Europe/Amsterdam")
    checklist = [{"key": "budget", "label_nl": "Budget", "label_en": "Budget"}]
    weekly = make_behaviour([team], name="Afspraak", cadence="times_per_week", times_per_week=3, checklist=checklist)
    daily = make_behaviour([team], name="Beloftes", cadence="days_of_week", days_of_week=[1, 3, 5])
    rows = [
        CheckIn(
            organisation_id=rep.organisation_id,
            user_id=rep.id,
            behaviour_id=behaviour.id,
            client_id=str(uuid.uuid4()),
            occurred_on=DAY - timedelta(days=n),
            time_zone="Europe/Amsterdam",
            received_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC) - timedelta(days=n),
            recorded_at=None if n % 2 else datetime(2026, 3, 28, 23, 59, tzinfo=UTC) - timedelta(days=n),
            late=bool(n % 3),
            note=None if n % 2 else f"notitie {n} — ë",
            quality={"budget": n % 2 == 0} if behaviour is weekly else None,
            quality_score=0.5 if behaviour is weekly else None,
            points=10.0 + n / 4,
        )
        for behaviour in (weekly, daily)
        for n in range(5)
    ]
    db.session.add_all(rows)
    db.session.add(
        AwayDay(organisation_id=rep.organisation_id, user_id=rep.id, day=DAY - timedelta(days=10), kind="sick")
    )
    db.session.commit()
    return rep, weekly, daily


def test_rows_are_what_sqlalchemy_returns_for_every_column_type(db, history):
    rep, weekly, daily = history
    statement = (
        select(
            CheckIn.__table__.c.id,
            CheckIn.__table__.c.occurred_on,
            CheckIn.__table__.c.received_at,
            CheckIn.__table__.c.recorded_at,
            CheckIn.__table__.c.late,
            CheckIn.__table__.c.note,
            CheckIn.__table__.c.quality,
            CheckIn.__table__.c.quality_score,
            CheckIn.__table__.c.points,
            Behaviour.__table__.c.checklist,
            Behaviour.__table__.c.days_of_week.label("weekdays"),
        )
        .join_from(CheckIn.__table__, Behaviour.__table__, Behaviour.__table__.c.id == CheckIn.__table__.c.behaviour_id)
        .where(
            CheckIn.__table__.c.user_id == bindparam("user_id"),
            CheckIn.__table__.c.behaviour_id.in_(bindparam("ids", expanding=True)),
            CheckIn.__table__.c.occurred_on >= bindparam("since"),
        )
        .order_by(CheckIn.__table__.c.id)
    )
    params = {"user_id": rep.id, "ids": [weekly.id, daily.id], "since": DAY - timedelta(days=3)}

    keys, expected = _sqlalchemy_rows(db, statement, params)
    rows = HotStatement(statement).rows(params)

    assert [tuple(row) for row in rows] == expected
    assert len(expected) == 8
    assert list(rows[0]._fields) == keys
    first = rows[0]
    assert isinstance(first.occurred_on, date) and first.received_at.tzinfo is not None
    assert first.weekdays is None or isinstance(first.weekdays, list)
    assert {type(row.late) for row in rows} == {bool}
    assert any(isinstance(row.quality, dict) for row in rows) and any(row.quality is None for row in rows)


def test_an_empty_in_list_and_no_rows(db, history):
    rep, _weekly, _daily = history
    statement = select(CheckIn.__table__.c.id).where(
        CheckIn.__table__.c.user_id == bindparam("user_id"),
        CheckIn.__table__.c.behaviour_id.in_(bindparam("ids", expanding=True)),
    )
    hot = HotStatement(statement)
    assert hot.rows({"user_id": rep.id, "ids": []}) == []
    assert hot.first({"user_id": rep.id, "ids": []}) is None


def test_the_hot_paths_statements_answer_as_sqlalchemy_does(app, db, history):
    from backend.accounts.queries import SESSION_WITH_USER
    from backend.accounts.service import start_session, token_hash
    from backend.rhythm import queries

    rep, weekly, daily = history
    token = start_session(rep)
    db.session.commit()
    who = {"user_id": rep.id, "organisation_id": rep.organisation_id}
    cases = [
        (SESSION_WITH_USER, {"token_hash": token_hash(token)}),
        (queries.APPLICABLE_WITH_STATES, who),
        (queries.TAP_CONTEXT, {**who, "behaviour_id": weekly.id, "client_id": "nieuw", "day": DAY}),
        (queries.TAP_CONTEXT, {**who, "behaviour_id": daily.id, "client_id": "nieuw", "day": DAY - timedelta(days=1)}),
        (queries.AWAY_DAYS, {**who, "since": DAY - timedelta(days=30), "until": DAY}),
        (
            queries.DAYS_DONE_AND_AWAY,
            {
                **who,
                "ids": [weekly.id, daily.id],
                "since": DAY - timedelta(days=30),
                "until": DAY,
                "daily_since": DAY - timedelta(days=2),
                "weekly_ids": [weekly.id],
            },
        ),
        (queries.CHECKINS_ON, {"user_id": rep.id, "ids": [weekly.id, daily.id], "day": DAY}),
    ]
    for hot, params in cases:
        keys, expected = _sqlalchemy_rows(db, hot.statement, params)
        rows = hot.rows(params)
        assert expected, hot.statement
        assert [tuple(row) for row in rows] == expected
        assert list(rows[0]._fields) == keys


def test_pending_changes_are_flushed_before_the_read(db, history):
    rep, weekly, _daily = history
    db.session.add(AwayDay(organisation_id=rep.organisation_id, user_id=rep.id, day=DAY))
    hot = HotStatement(select(AwayDay.__table__.c.day).where(AwayDay.__table__.c.user_id == bindparam("user_id")))
    assert DAY in {row.day for row in hot.rows({"user_id": rep.id})}


def test_the_engines_statement_listeners_see_the_read(db, history):
    rep, _weekly, _daily = history
    user_id = rep.id
    seen = []

    def record(_connection, _cursor, statement, *_rest):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        HotStatement(select(AwayDay.__table__.c.day).where(AwayDay.__table__.c.user_id == bindparam("user_id"))).rows(
            {"user_id": user_id}
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(seen) == 1 and "FROM away_day" in seen[0]


def _tap_row(rep, behaviour, **changes) -> dict:
    from backend.rhythm.queries import TAPPED_COLUMNS

    row = dict.fromkeys(TAPPED_COLUMNS)
    row.update(
        organisation_id=rep.organisation_id,
        user_id=rep.id,
        behaviour_id=behaviour.id,
        client_id=str(uuid.uuid4()),
        occurred_on=DAY + timedelta(days=1),  # after the history
        time_zone="Europe/Amsterdam",
        received_at=datetime(2026, 3, 29, 1, 59, 59, 123456, tzinfo=UTC),
        recorded_at=datetime(2026, 3, 29, 3, 0, tzinfo=timezone(timedelta(hours=2))),
        late=True,
        source="app",
        note="één",
        quality={"budget": True, "timing": False},
        quality_score=0.5,
        points=7.5,
        pending_fold=True,
        streak_after=3,
        score_after=0.25,
        settled_through=DAY - timedelta(days=1),
    )
    row.update(changes)
    return row


def test_an_insert_stores_exactly_what_sqlalchemys_insert_stores(db, history):
    from backend.rhythm.queries import INSERT_CHECKIN

    rep, weekly, daily = history
    by_hot = _tap_row(rep, weekly)
    by_sqlalchemy = _tap_row(rep, daily)
    hot_id = INSERT_CHECKIN.first(by_hot).id
    sqlalchemy_id = db.session.execute(
        insert(CheckIn.__table__).returning(CheckIn.__table__.c.id), by_sqlalchemy
    ).scalar()
    assert db.session.info["wrote"] is True  # so the request commits it
    db.session.commit()

    # As the database holds them (on SQLite: the stored text of dates, datetimes and JSON).
    stored = {
        row.id: row
        for row in db.session.execute(
            text("SELECT * FROM check_in WHERE id IN (:a, :b)"), {"a": hot_id, "b": sqlalchemy_id}
        )
    }
    differing = {"id", "behaviour_id", "client_id"}
    keys = [key for key in stored[hot_id]._mapping if key not in differing]
    assert [stored[hot_id]._mapping[key] for key in keys] == [stored[sqlalchemy_id]._mapping[key] for key in keys]
    read_back = db.session.get(CheckIn, hot_id)
    assert read_back.received_at == by_hot["received_at"] and read_back.recorded_at == by_hot["recorded_at"]
    assert read_back.quality == {"budget": True, "timing": False} and read_back.occurred_on == by_hot["occurred_on"]


def test_an_insert_that_breaks_a_constraint_raises_sqlalchemys_integrity_error(db, history):
    from backend.rhythm.queries import INSERT_CHECKIN

    rep, weekly, _daily = history
    row = _tap_row(rep, weekly)
    INSERT_CHECKIN.first(row)
    with pytest.raises(IntegrityError):
        INSERT_CHECKIN.first({**row, "occurred_on": DAY - timedelta(days=30)})  # the same client_id
    db.session.rollback()
    assert (
        db.session.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.client_id == row["client_id"])) == 0
    )


def test_the_services_get_the_domains_dataclasses_never_rows(app, db, history):
    """Today and a tap hand the service code frozen dataclasses (rhythm/queries.py), new or replayed."""
    from backend.rhythm import service
    from backend.rhythm.queries import BehaviourView, CheckInView

    rep, weekly, daily = history
    tap = {"behaviour_id": daily.id, "client_id": str(uuid.uuid4()), "occurred_on": DAY + timedelta(days=1)}
    now = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)
    with app.test_request_context():
        new = service.record_checkin(rep, tap, now)
        replay = service.record_checkin(rep, tap, now)
        today = service.today_for(rep, now)
    assert (new.created, replay.created) == (True, False)
    assert type(new.checkin) is CheckInView and type(replay.checkin) is CheckInView
    assert new.checkin == replay.checkin  # the replay answers what was stored
    assert {type(item.behaviour) for item in today.items} == {BehaviourView}
    assert {type(item.checkin) for item in today.items} == {CheckInView, type(None)}
    for shape in (new.checkin, today.items[0].behaviour):
        assert not hasattr(shape, "__dict__")
        with pytest.raises(dataclasses.FrozenInstanceError):
            shape.id = 0

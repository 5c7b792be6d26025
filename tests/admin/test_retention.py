"""The retention job: check-in notes older than the organisation's retention period are deleted."""

import uuid
from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select

from backend.admin.cli import retention_command
from backend.admin.retention import run_retention
from backend.rhythm.models import CheckIn
from backend.signals import retention_due

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def _checkin(db, person, behaviour, day, note):
    db.session.add(
        CheckIn(
            organisation_id=person.organisation_id,
            user_id=person.id,
            behaviour_id=behaviour.id,
            client_id=str(uuid.uuid4()),
            occurred_on=day,
            time_zone="Europe/Amsterdam",
            points=10,
            note=note,
        )
    )


def test_notes_older_than_the_retention_period_are_deleted_and_the_rest_kept(
    acme, make_behaviour, make_org, make_team, make_user, db, received
):
    acme.rep.organisation.retention_days = 30
    other = make_org("Other BV", retention_days=365)
    their_team = make_team("Theirs", organisation=other)
    their_rep = make_user(team=their_team)
    behaviour = make_behaviour([acme.noord])
    theirs = make_behaviour([their_team], organisation=other)
    _checkin(db, acme.rep, behaviour, date(2026, 5, 1), "old: 31 days")
    _checkin(db, acme.rep, behaviour, date(2026, 5, 2), "kept: 30 days")
    _checkin(db, their_rep, theirs, date(2026, 5, 1), "kept: their period is a year")
    db.session.commit()
    calls = received(retention_due)

    with time_machine.travel(NOW, tick=False):
        results = run_retention()
    db.session.commit()

    notes = dict(
        db.session.execute(select(CheckIn.occurred_on, CheckIn.note).where(CheckIn.user_id == acme.rep.id)).all()
    )
    assert notes == {date(2026, 5, 1): None, date(2026, 5, 2): "kept: 30 days"}
    assert (
        db.session.scalar(select(CheckIn.note).where(CheckIn.user_id == their_rep.id)) == "kept: their period is a year"
    )
    assert (
        db.session.scalar(
            select(CheckIn.points).where(CheckIn.occurred_on == date(2026, 5, 1), CheckIn.user_id == acme.rep.id)
        )
        == 10
    )
    assert {r.organisation_id: r.notes_cleared for r in results} == {acme.rep.organisation_id: 1, other.id: 0}
    cutoffs = {call.id: call.kwargs["cutoff"] for call in calls}
    assert cutoffs[acme.rep.organisation_id] == datetime(2026, 5, 2, 3, 0, tzinfo=UTC)
    assert cutoffs[other.id] == datetime(2025, 6, 1, 3, 0, tzinfo=UTC)


def test_the_retention_command_runs_the_job(app, acme, make_behaviour, db):
    behaviour = make_behaviour([acme.noord])
    _checkin(db, acme.rep, behaviour, date(2024, 1, 1), "very old")
    db.session.commit()
    result = app.test_cli_runner().invoke(retention_command, [])
    assert result.exit_code == 0, result.output
    assert "1 check-in note(s) cleared" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(CheckIn.note)) is None


def test_the_scheduler_runs_retention_every_night(app, acme, make_behaviour, db):
    from datetime import UTC, datetime

    from backend.push.scheduler import run_nightly_if_due

    behaviour = make_behaviour([acme.noord])
    _checkin(db, acme.rep, behaviour, date(2024, 1, 1), "very old")
    db.session.commit()
    run_nightly_if_due(None, datetime(2026, 11, 18, 2, 30, tzinfo=UTC))
    db.session.expire_all()
    assert db.session.scalar(select(CheckIn.note)) is None

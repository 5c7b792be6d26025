"""The board aggregates: check-ins, undos, points, rebuilds and imports move them, and agree."""

from datetime import date, timedelta

import pytest

from backend import signals
from backend.boards import aggregates
from backend.boards.models import BoardDay, BoardTotal
from backend.rhythm import fold
from tests.boards.conftest import check_in
from tests.rhythm.conftest import new_client_id

TODAY = date(2026, 11, 18)
MONDAY = date(2026, 11, 16)

pytestmark = pytest.mark.usefixtures("_frozen")


# --- aggregates ---------------------------------------------------------------------------------


def test_check_ins_undo_and_rebuild_agree(team, member, visit, crm, login_as, db):
    rep = member("Ruben")
    api = login_as(rep)
    first = check_in(api, visit)
    check_in(api, crm)
    check_in(api, visit, occurred_on="2026-11-17")
    assert api.delete(f"/api/v1/checkins/{first['id']}").status_code == 204
    signals.points_changed.send(
        None, organisation_id=rep.organisation_id, user_id=rep.id, day=TODAY, delta=10.0, source="win", source_id=1
    )
    db.session.commit()
    fold.fold_everything()  # as the scheduler's heartbeat does

    def snapshot():
        db.session.expire_all()
        days = {
            (d.day, d.points, d.checkins, d.customer_facing)
            for d in db.session.query(BoardDay).filter_by(user_id=rep.id)
        }
        totals = {
            (t.period, t.starts_on, t.points, t.checkins)
            for t in db.session.query(BoardTotal).filter_by(user_id=rep.id)
        }
        return days, totals

    live = snapshot()
    assert (TODAY, 15.0, 1, 0) in live[0]
    aggregates.rebuild_aggregates(rep.organisation_id)
    db.session.commit()
    assert snapshot() == live


def test_an_import_announced_by_its_signal_rebuilds_the_boards(team, member, visit, add_checkins, login_as, db):
    rep = member("Ruben")
    add_checkins(rep, visit, [MONDAY, MONDAY + timedelta(days=1)])  # bulk, as the CSV import: no per-row signals
    api = login_as(rep)
    assert api.get("/api/v1/leaderboards").get_json()["me"]["value"] == 0.0
    signals.checkins_imported.send(None, organisation_id=rep.organisation_id, user_ids=[rep.id])
    db.session.commit()
    assert api.get("/api/v1/leaderboards").get_json()["me"]["value"] == 20.0


def test_taps_at_the_same_moment_all_count_on_the_boards(team, member, make_behaviour, login_as, db):
    from tests.rhythm.test_concurrency import _tap_together

    rep = member("Ruben")
    behaviours = [make_behaviour([team], name=f"Gedrag {n}", points=10, customer_facing=True) for n in range(4)]
    phones = [login_as(rep) for _ in behaviours]
    for phone in phones:
        phone.csrf_token()
    statuses = _tap_together(
        [
            (phone, {"behaviour_id": b.id, "client_id": new_client_id()})
            for phone, b in zip(phones, behaviours, strict=True)
        ]
    )
    assert statuses == [201] * 4
    fold.fold_everything()
    db.session.expire_all()
    day = db.session.query(BoardDay).filter_by(user_id=rep.id, day=TODAY).one()
    assert (day.points, day.checkins, day.customer_facing) == (40.0, 4, 4)
    week = db.session.query(BoardTotal).filter_by(user_id=rep.id, period="week", starts_on=MONDAY).one()
    assert (week.points, week.checkins) == (40.0, 4)

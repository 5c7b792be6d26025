"""A tap's checkpoint is stored by the fold: Today is right before it, and the fold never moves one back."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from backend.rhythm import fold
from backend.rhythm.models import RhythmState
from tests.rhythm.test_today import tap, today_of

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Amsterdam
TODAY = date(2026, 11, 18)
YESTERDAY = TODAY - timedelta(days=1)

pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def checkpoint(db, user, behaviour):
    db.session.expire_all()
    state = db.session.scalar(
        select(RhythmState).where(RhythmState.user_id == user.id, RhythmState.behaviour_id == behaviour.id)
    )
    return state.through, state.current


def streak_on_today(api):
    [item] = today_of(api)["behaviours"]
    return item["streak"]["current"], item["done_today"]


def test_the_fold_stores_the_checkpoint_and_today_is_right_before_it(
    login_as, rep, make_behaviour, sales, add_checkins, db
):
    daily = make_behaviour([sales], cadence="daily")
    add_checkins(rep, daily, [TODAY - timedelta(days=d) for d in range(1, 6)])
    api = login_as(rep)
    assert streak_on_today(api) == (5, False)  # settles the checkpoint through yesterday
    assert checkpoint(db, rep, daily) == (YESTERDAY, 5)
    assert tap(api, daily.id)["streak"]["current"] == 6
    assert checkpoint(db, rep, daily) == (YESTERDAY, 5)  # the tap wrote only its check-in
    assert streak_on_today(api) == (6, True)
    fold.fold_everything()
    assert checkpoint(db, rep, daily) == (TODAY, 6)
    assert streak_on_today(api) == (6, True)


def test_a_back_fill_before_the_fold_is_not_undone_by_it(login_as, rep, make_behaviour, sales, add_checkins, db):
    daily = make_behaviour([sales], cadence="daily")
    add_checkins(rep, daily, [TODAY - timedelta(days=d) for d in range(2, 7)])  # yesterday missed
    api = login_as(rep)
    assert streak_on_today(api) == (0, False)
    assert tap(api, daily.id)["streak"]["current"] == 1  # its checkpoint: through today, streak 1
    assert tap(api, daily.id, occurred_on=YESTERDAY.isoformat())["streak"]["current"] == 7  # recomputed, stored
    assert checkpoint(db, rep, daily) == (TODAY, 7)
    fold.fold_everything()
    assert checkpoint(db, rep, daily) == (TODAY, 7)
    assert streak_on_today(api) == (7, True)


def test_an_undo_before_the_fold_leaves_the_old_checkpoint(login_as, rep, make_behaviour, sales, add_checkins, db):
    daily = make_behaviour([sales], cadence="daily")
    add_checkins(rep, daily, [TODAY - timedelta(days=d) for d in range(1, 4)])
    api = login_as(rep)
    assert streak_on_today(api) == (3, False)
    tapped = tap(api, daily.id)
    assert api.delete(f"/api/v1/checkins/{tapped['id']}").status_code == 204
    fold.fold_everything()
    assert checkpoint(db, rep, daily) == (YESTERDAY, 3)
    assert streak_on_today(api) == (3, False)

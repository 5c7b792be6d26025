"""Automatic badges: each criterion, exactly once per person and criterion, also under concurrent check-ins."""

import threading
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend import signals
from backend.badges import automatic
from backend.badges.models import BadgeAward, BadgeConsistencyWeek
from backend.feed.models import FeedEvent
from backend.rhythm import fold
from tests.wins.conftest import check_in, log_win

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Amsterdam
TODAY = date(2026, 11, 18)


def awards_of(db, person, badge):
    fold.fold_everything()  # the taps reach the badges as the scheduler's heartbeat folds them in
    db.session.expire_all()
    return db.session.scalar(
        select(func.count())
        .select_from(BadgeAward)
        .where(BadgeAward.user_id == person.id, BadgeAward.badge_id == badge.id)
    )


def days_before(n):
    return [TODAY - timedelta(days=i) for i in range(1, n + 1)]


@time_machine.travel(NOW, tick=False)
def test_ritmevast_is_awarded_when_a_check_in_makes_a_ten_week_streak_and_only_once(
    world, login_as, make_badge, make_behaviour, add_checkins, db
):
    badge = make_badge("Ritmevast", kind="automatic", criterion="streak", weeks=10)
    behaviour = make_behaviour([world["teams"]["noord"]])
    other = make_behaviour([world["teams"]["noord"]], name="Klantgesprek voorbereid")
    add_checkins(world["rep"], behaviour, days_before(69))
    add_checkins(world["rep"], other, days_before(69))
    api = login_as(world["rep"])
    assert check_in(api, behaviour).get_json()["streak"]["current"] == 70
    assert awards_of(db, world["rep"], badge) == 1
    check_in(api, other)  # a second behaviour reaching the criterion changes nothing
    assert awards_of(db, world["rep"], badge) == 1
    award = login_as(world["rep"]).get(f"/api/v1/people/{world['rep'].id}/recognition").get_json()["badges"][0]
    assert award["automatic"] is True and award["reason"] == "10 weken op rij je ritme vastgehouden."


@time_machine.travel(NOW, tick=False)
def test_a_streak_short_of_the_criterion_earns_nothing(world, login_as, make_badge, make_behaviour, add_checkins, db):
    badge = make_badge("Ritmevast", kind="automatic", criterion="streak", weeks=10)
    behaviour = make_behaviour([world["teams"]["noord"]])
    add_checkins(world["rep"], behaviour, days_before(60))
    check_in(login_as(world["rep"]), behaviour)
    assert awards_of(db, world["rep"], badge) == 0


@time_machine.travel(NOW, tick=False)
def test_a_streak_badge_for_one_behaviour_ignores_others(world, login_as, make_badge, make_behaviour, add_checkins, db):
    behaviour = make_behaviour([world["teams"]["noord"]])
    other = make_behaviour([world["teams"]["noord"]], name="Ander gedrag")
    badge = make_badge("Opvolger", kind="automatic", criterion="streak", threshold=3, behaviour_id=behaviour.id)
    add_checkins(world["rep"], other, days_before(5))
    add_checkins(world["rep"], behaviour, days_before(2))
    check_in(login_as(world["rep"]), other)
    assert awards_of(db, world["rep"], badge) == 0
    response = check_in(login_as(world["rep"]), behaviour)
    assert response.get_json()["streak"]["current"] == 3, response.get_json()
    assert awards_of(db, world["rep"], badge) == 1


@time_machine.travel(NOW, tick=False)
def test_consistency_for_weeks_in_a_row(world, login_as, make_badge, make_behaviour, add_checkins, db):
    behaviour = make_behaviour([world["teams"]["noord"]])
    badge = make_badge("Constant", kind="automatic", criterion="consistency", threshold=80, weeks=3)
    add_checkins(world["rep"], behaviour, days_before(120))
    monday = TODAY - timedelta(days=TODAY.isoweekday() - 1)
    db.session.add(
        BadgeConsistencyWeek(
            user_id=world["rep"].id, behaviour_id=behaviour.id, week_start=monday - timedelta(weeks=2), best=85
        )
    )
    db.session.commit()
    check_in(login_as(world["rep"]), behaviour)
    assert awards_of(db, world["rep"], badge) == 0  # the week in between is missing
    db.session.add(
        BadgeConsistencyWeek(
            user_id=world["rep"].id, behaviour_id=behaviour.id, week_start=monday - timedelta(weeks=1), best=90
        )
    )
    db.session.commit()
    login_as(world["rep"]).delete(f"/api/v1/checkins/{_todays_checkin(db, world['rep'])}")
    check_in(login_as(world["rep"]), behaviour)
    assert awards_of(db, world["rep"], badge) == 1


def _todays_checkin(db, user):
    from backend.rhythm.models import CheckIn

    db.session.expire_all()
    return db.session.scalar(select(CheckIn.id).where(CheckIn.user_id == user.id, CheckIn.occurred_on == TODAY))


def test_teamspeler_after_being_credited_in_five_wins(world, login_as, make_badge, db):
    badge = make_badge("Teamspeler", kind="automatic", criterion="credited_wins", threshold=5)
    api = login_as(world["finance"])
    for n in range(4):
        log_win(api, text=f"Succes {n}", credited_ids=[world["rep"].id])
    assert awards_of(db, world["rep"], badge) == 0
    log_win(api, text="Succes 5", credited_ids=[world["rep"].id])
    log_win(api, text="Succes 6", credited_ids=[world["rep"].id])
    assert awards_of(db, world["rep"], badge) == 1
    assert awards_of(db, world["finance"], badge) == 0


def test_klantheld_when_a_win_is_confirmed(world, login_as, make_badge, db):
    badge = make_badge("Klantheld", kind="automatic", criterion="confirmed_wins", threshold=1)
    win_id = log_win(login_as(world["finance"]), credited_ids=[world["rep"].id]).get_json()["id"]
    assert awards_of(db, world["finance"], badge) == 0
    login_as(world["rep"]).post(f"/api/v1/wins/{win_id}/confirm")
    assert awards_of(db, world["finance"], badge) == 1 and awards_of(db, world["rep"], badge) == 1


def test_applause_received_and_wins_logged(world, login_as, make_badge, db):
    applauded = make_badge("Gewaardeerd", kind="automatic", criterion="applause", threshold=2)
    logged = make_badge("Deler", kind="automatic", criterion="wins", threshold=1)
    win_id = log_win(login_as(world["finance"])).get_json()["id"]
    assert awards_of(db, world["finance"], logged) == 1
    login_as(world["rep"]).post(f"/api/v1/wins/{win_id}/applause")
    assert awards_of(db, world["finance"], applauded) == 0
    login_as(world["lotte"]).post(f"/api/v1/wins/{win_id}/applause")
    assert awards_of(db, world["finance"], applauded) == 1


def test_team_goal_reached_awards_each_member_once_and_shows_in_the_feed(world, login_as, make_badge, db):
    badge = make_badge("Samen", kind="automatic", criterion="team_goal")

    class Goal:
        id = 41
        title = "500 opvolgingen in november"

    for _ in range(2):  # announced twice: still one line and one badge each
        signals.team_goal_reached.send(Goal(), team_id=world["teams"]["noord"].id)
        db.session.commit()
    assert awards_of(db, world["rep"], badge) == 1 and awards_of(db, world["manager"], badge) == 1
    assert awards_of(db, world["sem"], badge) == 0
    items = login_as(world["sem"]).get("/api/v1/feed").get_json()["items"]
    goals = [i for i in items if i["kind"] == "team_goal"]
    assert len(goals) == 1 and goals[0]["team_goal"]["title"] == "500 opvolgingen in november"


def test_the_database_refuses_a_second_automatic_award(world, make_badge, db):
    badge = make_badge("Ritmevast", kind="automatic", criterion="streak", weeks=10)
    for _ in range(2):
        db.session.add(
            BadgeAward(
                organisation_id=badge.organisation_id,
                badge_id=badge.id,
                user_id=world["rep"].id,
                auto_key="auto",
                reason="",
            )
        )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_two_sessions_granting_at_the_same_moment_keep_exactly_one_award(app, world, make_badge, db, monkeypatch):
    """Both sessions see 'not yet awarded' (a barrier holds them there), then both insert: the unique
    constraint keeps one and the loser's savepoint rolls back, never its transaction. Separate threads,
    so separate sessions and connections; on PostgreSQL the second insert waits for the first commit."""
    from backend.accounts.models import User
    from backend.badges.models import Badge

    badge_id, user_id = make_badge("Drie op rij", kind="automatic", criterion="streak", threshold=3).id, world["rep"].id
    barrier = threading.Barrier(2, timeout=60)
    checked = automatic._has_auto_award

    def racing_check(*args):
        result = checked(*args)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass  # SQLite lets one writer in at a time: the other catches up after the timeout
        return result

    monkeypatch.setattr(automatic, "_has_auto_award", racing_check)
    outcomes = []

    def grant():
        with app.app_context():
            try:
                award = automatic.grant_automatic(db.session.get(Badge, badge_id), db.session.get(User, user_id))
                db.session.commit()
                outcomes.append(award is not None)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=grant) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == [False, True]
    assert awards_of(db, world["rep"], db.session.get(Badge, badge_id)) == 1


@time_machine.travel(NOW, tick=False)
def test_two_check_ins_at_the_same_moment_award_an_automatic_badge_exactly_once(
    world, new_client, make_badge, make_behaviour, add_checkins, db
):
    """Today's tap and yesterday's back-fill arrive together, each earning the badge on its own."""
    badge = make_badge("Op gang", kind="automatic", criterion="streak", threshold=1)
    behaviour = make_behaviour([world["teams"]["noord"]])
    add_checkins(world["rep"], behaviour, [TODAY - timedelta(days=2), TODAY - timedelta(days=3)])
    clients = [new_client(), new_client()]
    for api in clients:
        api.login(world["rep"])
    clients[0].get("/api/v1/today")  # settle the rhythm once, as opening the app does
    start = threading.Barrier(2, timeout=60)
    statuses = []

    def tap(api, day):
        start.wait()
        body = {"behaviour_id": behaviour_id, "client_id": str(uuid.uuid4()), "occurred_on": day}
        statuses.append(api.post("/api/v1/checkins", json=body).status_code)

    behaviour_id = behaviour.id  # plain values: the threads must not touch the test's session
    days = [TODAY.isoformat(), (TODAY - timedelta(days=1)).isoformat()]
    threads = [threading.Thread(target=tap, args=pair) for pair in zip(clients, days, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [201, 201]
    assert awards_of(db, world["rep"], badge) == 1
    feed_lines = db.session.scalar(select(func.count()).select_from(FeedEvent).where(FeedEvent.award_id.is_not(None)))
    assert feed_lines == 1
    # Re-running the evaluation changes nothing.
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        api = new_client()
        api.login(world["rep"])
        assert check_in(api, behaviour).status_code == 201
    assert awards_of(db, world["rep"], badge) == 1

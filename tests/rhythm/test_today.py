"""Today in one request: due behaviours, streaks across DST and time-zone changes, bounded cost."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from backend.accounts.models import User
from backend.rhythm.models import RhythmState
from tests.rhythm.conftest import new_client_id

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 18)


def today_of(api):
    response = api.get("/api/v1/today")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def tap(api, behaviour_id, **fields):
    response = api.post("/api/v1/checkins", json={"behaviour_id": behaviour_id, "client_id": new_client_id(), **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@time_machine.travel(NOW, tick=False)
def test_today_lists_my_behaviours_with_streak_and_consistency(
    login_as, rep, make_behaviour, make_team, sales, add_checkins
):
    prepared = make_behaviour([sales], name="Klantgesprek voorbereid", name_en="Prepared a customer meeting")
    make_behaviour([make_team("Finance", kind="finance")], name="Factuur opgelost")
    add_checkins(rep, prepared, [TODAY - timedelta(days=d) for d in (1, 2, 3)])
    today = today_of(login_as(rep))
    assert today["date"] == "2026-11-18" and today["time_zone"] == "Europe/Amsterdam"
    [item] = today["behaviours"]
    assert item["name"] == "Klantgesprek voorbereid"
    assert item["due_today"] is True and item["done_today"] is False
    assert item["streak"] == {"current": 3, "longest": 3, "unit": "day"}
    assert 0 < item["consistency"] < 100
    assert today["summary"] == {"due": 1, "done": 0}


@time_machine.travel(NOW, tick=False)
def test_today_speaks_the_users_language(login_as, make_user, make_behaviour, sales):
    make_behaviour([sales], name="Klantgesprek voorbereid", name_en="Prepared a customer meeting")
    english = make_user(team=sales, locale="en")
    assert today_of(login_as(english))["behaviours"][0]["name"] == "Prepared a customer meeting"


@time_machine.travel(NOW, tick=False)
def test_checking_in_moves_today_and_the_streak(login_as, rep, make_behaviour, sales, add_checkins):
    behaviour = make_behaviour([sales])
    add_checkins(rep, behaviour, [TODAY - timedelta(days=1)])
    api = login_as(rep)
    assert today_of(api)["behaviours"][0]["streak"]["current"] == 1
    tap(api, behaviour.id)
    item = today_of(api)["behaviours"][0]
    assert item["done_today"] is True and item["checkin"]["occurred_on"] == "2026-11-18"
    assert item["streak"]["current"] == 2


def test_streak_runs_through_both_dst_changes_in_amsterdam(app, login_as, rep, make_behaviour, sales):
    behaviour = make_behaviour([sales])
    for start in (date(2026, 3, 26), date(2026, 10, 22)):  # around the last Sundays of March and October
        for offset in range(6):
            local_day = start + timedelta(days=offset)
            # 23:30 local time: on the changeover Sunday that is a different UTC offset than the day before.
            instant = datetime(local_day.year, local_day.month, local_day.day, 23, 30, tzinfo=AMSTERDAM)
            with time_machine.travel(instant, tick=False):
                api = login_as(rep)
                body = tap(api, behaviour.id)
                assert body["occurred_on"] == local_day.isoformat()
        with time_machine.travel(instant, tick=False):
            assert today_of(api)["behaviours"][0]["streak"]["current"] == 6


def test_a_late_evening_check_in_keeps_its_local_date_after_a_time_zone_change(
    app, login_as, rep, make_behaviour, sales, db
):
    behaviour = make_behaviour([sales])
    late_evening = datetime(2026, 11, 17, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam
    with time_machine.travel(late_evening, tick=False):
        api = login_as(rep)
        assert tap(api, behaviour.id)["occurred_on"] == "2026-11-17"
        api.patch("/api/v1/me", json={"time_zone": "America/New_York"})
        # In New York it is still the 17th: the check-in counts for today there too.
        today = today_of(api)
        assert today["date"] == "2026-11-17" and today["behaviours"][0]["done_today"] is True
    with time_machine.travel(late_evening + timedelta(hours=12), tick=False):
        today = today_of(api)
        assert today["date"] == "2026-11-18"
        assert today["behaviours"][0]["streak"]["current"] == 1
    db.session.expire_all()
    assert db.session.get(User, rep.id).time_zone == "America/New_York"


@time_machine.travel(NOW, tick=False)
def test_back_filled_yesterday_repairs_the_streak(login_as, rep, make_behaviour, sales, add_checkins):
    behaviour = make_behaviour([sales])
    add_checkins(rep, behaviour, [TODAY - timedelta(days=d) for d in (2, 3, 4)])
    api = login_as(rep)
    tap(api, behaviour.id)
    assert today_of(api)["behaviours"][0]["streak"]["current"] == 1
    tap(api, behaviour.id, occurred_on="2026-11-17")
    assert today_of(api)["behaviours"][0]["streak"]["current"] == 5


@time_machine.travel(NOW, tick=False)
def test_away_days_pause_the_streak_over_http(login_as, rep, make_behaviour, sales, add_checkins):
    behaviour = make_behaviour([sales])
    add_checkins(rep, behaviour, [TODAY - timedelta(days=d) for d in (5, 6, 7)])
    api = login_as(rep)
    assert today_of(api)["behaviours"][0]["streak"]["current"] == 0
    response = api.post("/api/v1/away-days", json={"start": "2026-11-13", "end": "2026-11-17", "kind": "sick"})
    assert response.status_code == 201 and len(response.get_json()) == 5
    assert today_of(api)["behaviours"][0]["streak"]["current"] == 3


@time_machine.travel(NOW, tick=False)
def test_an_away_day_today_means_nothing_is_due(login_as, rep, make_behaviour, sales):
    make_behaviour([sales])
    api = login_as(rep)
    api.post("/api/v1/away-days", json={"start": "2026-11-18"})
    today = today_of(api)
    assert today["away"] is True and today["behaviours"][0]["due_today"] is False


@time_machine.travel(NOW, tick=False)
def test_organisation_holiday_pauses_everyones_streak(login_as, rep, make_user, make_behaviour, sales, add_checkins):
    behaviour = make_behaviour([sales])
    add_checkins(rep, behaviour, [TODAY - timedelta(days=d) for d in (2, 3)])
    admin = make_user(role="admin")
    api = login_as(rep)
    assert today_of(api)["behaviours"][0]["streak"]["current"] == 0
    assert login_as(rep).post("/api/v1/holidays", json={"day": "2026-11-17", "name": "X"}).status_code == 403
    assert login_as(admin).post("/api/v1/holidays", json={"day": "2026-11-17", "name": "Teamdag"}).status_code == 201
    assert today_of(api)["behaviours"][0]["streak"]["current"] == 2


@time_machine.travel(NOW, tick=False)
def test_today_cost_does_not_grow_with_history(
    login_as, rep, make_user, make_behaviour, sales, add_checkins, count_queries, db
):
    """Three years of daily history over ten behaviours costs what three days cost."""
    behaviours = [make_behaviour([sales], name=f"Gedrag {n}") for n in range(10)]
    veteran, newcomer = rep, make_user(team=sales, created_at=datetime(2020, 1, 1, tzinfo=UTC))
    for behaviour in behaviours:
        add_checkins(veteran, behaviour, [TODAY - timedelta(days=d) for d in range(1, 3 * 365)])
        add_checkins(newcomer, behaviour, [TODAY - timedelta(days=d) for d in range(1, 4)])
    costs = {}
    for person in (veteran, newcomer):
        api = login_as(person)
        today_of(api)  # the first visit settles the checkpoints
        with count_queries() as counter:
            item = today_of(api)["behaviours"][0]
        costs[person.email] = counter.count
        assert counter.count <= 8, counter.statements
        # No statement reads a person's check-ins without a lower bound on the date.
        for statement in counter.statements:
            if "FROM check_in" in statement:
                assert "occurred_on >=" in statement or "occurred_on =" in statement, statement
    assert costs[veteran.email] == costs[newcomer.email]
    assert item["streak"]["current"] == 3  # the newcomer's
    states = db.session.query(RhythmState).filter_by(user_id=veteran.id).all()
    assert len(states) == 10 and all(s.current == 3 * 365 - 1 for s in states)


@time_machine.travel(NOW, tick=False)
def test_the_fast_today_payload_is_exactly_what_the_documented_schema_gives(
    app, rep, make_behaviour, sales, add_checkins, db
):
    from backend.rhythm import schemas, service

    bant = [{"key": "budget", "label_nl": "Budget", "label_en": "Budget"}]
    qualified = make_behaviour([sales], name="Afspraak", cadence="times_per_week", times_per_week=3, checklist=bant)
    daily = make_behaviour([sales], name="Beloftes", cadence="daily")
    add_checkins(rep, daily, [TODAY - timedelta(days=d) for d in range(0, 4)])
    add_checkins(rep, qualified, [TODAY - timedelta(days=1)])
    with app.test_request_context():
        today = service.today_for(db.session.get(User, rep.id))
        assert schemas.dump_today(today) == schemas.Today().dump(today)

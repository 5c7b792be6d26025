"""Reminders from the scheduler to a real (local) push service: what they say, when none goes, and
each slot delivered once — also with two schedulers at the same time and after a crash."""

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from backend.push import scheduler, service
from backend.push.models import Delivery, PushSubscription
from backend.rhythm.models import AwayDay
from backend.timeutil import utcnow

WEDNESDAY = date(2026, 11, 18)
AT_1630 = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)  # 16:30 in Amsterdam
AT_2000 = datetime(2026, 11, 18, 19, 0, tzinfo=UTC)
MIDNIGHT = datetime(2026, 11, 18, 23, 0, tzinfo=UTC)


def days_before(day, n):
    return [day - timedelta(days=i) for i in range(1, n + 1)]


@pytest.fixture
def five_behaviours(make_behaviour, sales):
    names = [("Klantgesprek voorbereid", "Prepared a customer meeting"), ("Binnen 24 uur opgevolgd", "Followed up")]
    names += [(f"Gedrag {n}", f"Behaviour {n}") for n in range(3, 6)]
    return [make_behaviour([sales], name=nl, name_en=en) for nl, en in names]


def tick(app, now):
    queue = scheduler.ThreadQueue(app, workers=4, now=now)
    try:
        return scheduler.run_once(queue, now)
    finally:
        queue.close()


def ledger(db, **where):
    db.session.expire_all()
    query = select(Delivery).order_by(Delivery.id)
    for name, value in where.items():
        query = query.where(getattr(Delivery, name) == value)
    return list(db.session.scalars(query))


def test_reminder_says_how_many_are_left_and_the_streak_in_dutch(
    app, db, rep, five_behaviours, add_checkins, add_device, push_service
):
    first, second, *others = five_behaviours
    add_checkins(rep, first, days_before(WEDNESDAY, 12))
    for behaviour in others:
        add_checkins(rep, behaviour, [WEDNESDAY])
    phone = add_device(rep)

    assert tick(app, AT_1630) == 1

    [message] = push_service.messages_for(phone)
    assert message.json["body"] == (
        "Nog 2 van je 5 gedragingen voor vandaag — je reeks van 12 dagen loopt door als je ze afrondt."
    )
    assert message.json["title"] == "Je ritme voor vandaag"
    assert message.json["url"] == "/" and message.json["actions"] == []
    # TTL: the seconds left in the person's local day (16:30 → midnight), not pywebpush's 0
    assert message.headers["ttl"] == str(int((MIDNIGHT - AT_1630).total_seconds()))
    assert message.headers["urgency"] == "normal" and message.headers["topic"] == "ritme-reminder"
    [delivery] = ledger(db, kind="reminder")
    assert (delivery.status, delivery.sent, delivery.local_date) == ("sent", 1, WEDNESDAY)


def test_reminder_in_english_for_one_behaviour_offers_check_in(
    app, db, make_user, sales, make_behaviour, add_checkins, add_device, push_service
):
    anna = make_user(team=sales, locale="en", created_at=datetime(2020, 1, 1, tzinfo=UTC))
    prepared = make_behaviour([sales], name="Klantgesprek voorbereid", name_en="Prepared a customer meeting")
    add_checkins(anna, prepared, days_before(WEDNESDAY, 4))
    phone = add_device(anna)

    tick(app, AT_1630)

    [message] = push_service.messages_for(phone)
    assert message.json["body"] == (
        "One behaviour left for today: Prepared a customer meeting. Your 4-day streak continues when you finish it."
    )
    assert message.json["actions"] == [{"action": "checkin", "title": "Check in"}]
    assert message.json["data"]["behaviour_id"] == prepared.id
    assert message.json["data"]["time_zone"] == "Europe/Amsterdam"


def test_nothing_is_sent_when_everything_for_today_is_done(
    app, db, rep, five_behaviours, add_checkins, add_device, push_service
):
    for behaviour in five_behaviours:
        add_checkins(rep, behaviour, [WEDNESDAY])
    add_device(rep)

    tick(app, AT_1630)
    tick(app, AT_1630 + timedelta(minutes=1))

    assert push_service.received == []
    [delivery] = ledger(db, kind="reminder")
    assert delivery.status == "nothing"  # decided once, not re-examined every minute


def test_nothing_is_sent_on_an_away_day(app, db, rep, five_behaviours, add_device, push_service):
    db.session.add(AwayDay(organisation_id=rep.organisation_id, user_id=rep.id, day=WEDNESDAY, kind="sick"))
    db.session.commit()
    add_device(rep)

    tick(app, AT_1630)

    assert push_service.received == []
    assert [d.status for d in ledger(db, kind="reminder")] == ["away"]


def test_a_deactivated_person_gets_nothing(app, db, rep, five_behaviours, add_device, push_service):
    add_device(rep)
    rep.active = False
    db.session.commit()

    assert tick(app, AT_1630) == 0
    assert push_service.received == []


def test_streak_at_risk_only_when_a_streak_of_three_or_more_is_undone(
    app, db, rep, make_user, sales, make_behaviour, add_checkins, add_device, push_service
):
    prepared = make_behaviour([sales], name="Klantgesprek voorbereid")
    followed = make_behaviour([sales], name="Binnen 24 uur opgevolgd")
    add_checkins(rep, prepared, days_before(WEDNESDAY, 3))
    add_checkins(rep, followed, days_before(WEDNESDAY, 2))
    phone = add_device(rep)
    newcomer = make_user(team=sales, created_at=datetime(2020, 1, 1, tzinfo=UTC))
    add_checkins(newcomer, prepared, days_before(WEDNESDAY, 2))  # a streak of 2 is not at risk yet
    add_checkins(newcomer, followed, days_before(WEDNESDAY, 2))
    other_phone = add_device(newcomer)

    tick(app, AT_2000)

    [message] = push_service.messages_for(phone)
    assert message.json["title"] == "Je reeks loopt gevaar"
    assert message.json["body"] == "Check Klantgesprek voorbereid vandaag nog in om je reeks van 3 dagen te houden."
    assert message.headers["urgency"] == "high"
    assert push_service.messages_for(other_phone) == []
    assert {d.user_id: d.status for d in ledger(db, kind="streak")} == {rep.id: "sent", newcomer.id: "nothing"}


def test_every_device_of_a_person_gets_the_reminder(app, db, rep, five_behaviours, add_device, push_service):
    phone, laptop = add_device(rep), add_device(rep)
    tick(app, AT_1630)
    assert len(push_service.messages_for(phone)) == 1 and len(push_service.messages_for(laptop)) == 1
    assert ledger(db, kind="reminder")[0].sent == 2


def test_two_schedulers_at_the_same_minute_deliver_each_reminder_once(
    app, db, make_user, sales, five_behaviours, add_device, push_service, two_schedulers
):
    people = [make_user(team=sales, created_at=datetime(2020, 1, 1, tzinfo=UTC)) for _ in range(12)]
    phones = [add_device(p) for p in people]
    outcomes, errors = two_schedulers(AT_1630)

    assert errors == []
    assert sorted(outcomes) == ["duplicate"] * 12 + ["sent"] * 12
    assert [len(push_service.messages_for(p)) for p in phones] == [1] * 12
    assert len(ledger(db, kind="reminder")) == 12


def test_a_restart_in_the_middle_of_a_run_sends_the_rest_and_nothing_twice(
    app, db, make_user, sales, five_behaviours, add_device, push_service, monkeypatch
):
    people = [make_user(team=sales, created_at=datetime(2020, 1, 1, tzinfo=UTC)) for _ in range(6)]
    phones = [add_device(p) for p in people]
    real_send = service._send_to_devices
    calls = []

    def dies_on_the_third(devices, notification):
        calls.append(1)
        if len(calls) == 3:
            raise SystemExit("the process died after claiming, before sending")
        return real_send(devices, notification)

    class CrashingQueue:
        """Runs jobs one by one and dies on the fourth, like a process killed mid-run."""

        def enqueue_all(self, jobs):
            for n, job in enumerate(jobs):
                if n == 4:
                    raise KeyboardInterrupt
                try:
                    scheduler.run_job(app, job, AT_1630)
                except SystemExit:
                    pass

    monkeypatch.setattr(service, "_send_to_devices", dies_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        scheduler.run_once(CrashingQueue(), AT_1630)
    monkeypatch.setattr(service, "_send_to_devices", real_send)

    tick(app, AT_1630 + timedelta(minutes=1))  # the restarted scheduler

    received = [len(push_service.messages_for(p)) for p in phones]
    # Two before the crash, the claimed-but-unsent third is lost (at most once), the rest after it.
    assert received == [1, 1, 0, 1, 1, 1]
    assert len(ledger(db, kind="reminder")) == 6


def test_410_from_the_push_service_removes_the_subscription(app, db, rep, five_behaviours, add_device, push_service):
    phone, laptop = add_device(rep), add_device(rep)
    push_service.unsubscribe(phone)

    tick(app, AT_1630)

    endpoints = set(db.session.scalars(select(PushSubscription.endpoint)))
    assert endpoints == {laptop.endpoint}
    [delivery] = ledger(db, kind="reminder")
    assert (delivery.sent, delivery.removed, delivery.status) == (1, 1, "sent")


def test_404_removes_it_too_and_401_keeps_it_and_says_so_loudly(
    app, db, rep, five_behaviours, add_device, push_service, caplog
):
    lost, misconfigured = add_device(rep), add_device(rep)
    push_service.answer(lost, 404)
    push_service.answer(misconfigured, 401)

    tick(app, AT_1630)

    assert set(db.session.scalars(select(PushSubscription.endpoint))) == {misconfigured.endpoint}
    assert any("REFUSED OUR VAPID" in r.message and r.levelname == "ERROR" for r in caplog.records)
    [delivery] = ledger(db, kind="reminder")
    assert (delivery.removed, delivery.failed, delivery.status) == (1, 1, "failed")


def test_429_is_retried_after_the_time_the_push_service_asks(
    app, db, rep, five_behaviours, add_device, push_service, sleeps
):
    phone = add_device(rep)
    push_service.answer(phone, 429, 429, retry_after="7")

    tick(app, AT_1630)

    assert sleeps == [7.0, 7.0]
    assert len(push_service.messages_for(phone)) == 1
    assert ledger(db, kind="reminder")[0].status == "sent"


def test_5xx_backs_off_exponentially_then_drops_and_keeps_the_subscription(
    app, db, rep, five_behaviours, add_device, push_service, sleeps, caplog
):
    phone = add_device(rep)
    push_service.answer(phone, 500, 502, 503, 500)

    tick(app, AT_1630)

    assert sleeps == [1.0, 2.0, 4.0]  # then the fourth failure is the last: dropped
    assert push_service.requests == 4 and push_service.messages_for(phone) == []
    assert db.session.scalar(select(PushSubscription.id)) is not None
    assert ledger(db, kind="reminder")[0].status == "failed"
    assert any("dropped after 4 attempts" in r.message for r in caplog.records)


def test_a_push_service_that_keeps_failing_is_paused_instead_of_hammered(
    app, db, make_user, sales, five_behaviours, add_device, push_service, push_sender
):
    push_sender.pause_after, push_sender.max_retries = 2, 0
    people = [make_user(team=sales, created_at=datetime(2020, 1, 1, tzinfo=UTC)) for _ in range(5)]
    for person in people:
        push_service.answer(add_device(person), 503)

    queue = scheduler.ThreadQueue(app, workers=1, now=AT_1630)  # one at a time: a predictable order
    scheduler.run_once(queue, AT_1630)
    queue.close()

    assert push_service.requests == 2  # after two failures the origin is left alone
    assert push_sender.paused(push_service.origin)
    assert sorted(d.status for d in ledger(db, kind="reminder")) == ["failed"] * 5


def test_each_push_service_gets_its_own_vapid_audience_and_a_reused_header(
    app, db, make_user, sales, five_behaviours, add_device, push_service
):
    from tests.push.push_service import PushService

    with PushService() as other_service:
        first = [add_device(make_user(team=sales, created_at=datetime(2020, 1, 1, tzinfo=UTC))) for _ in range(2)]
        second = add_device(make_user(team=sales, created_at=datetime(2020, 1, 1, tzinfo=UTC)), other_service)

        tick(app, AT_1630)

        # The local services check aud against their own origin: a shared claims dict would fail here.
        assert push_service.refused == [] and other_service.refused == []
        assert len(other_service.messages_for(second)) == 1
        headers = [push_service.messages_for(d)[0].headers["authorization"] for d in first]
        assert headers[0] == headers[1]  # signed once per origin, reused
        assert other_service.messages_for(second)[0].headers["authorization"] != headers[0]


def test_the_payload_is_json_under_one_record(app, rep):
    long = service.Notification("reminder", "Titel", "x" * 10_000, 60)
    payload = long.payload()
    assert len(payload) <= 3993 and json.loads(payload)["body"].endswith("…")


@pytest.mark.parametrize(
    ("zone", "friday_afternoon", "hours"),
    [
        ("Europe/Amsterdam", datetime(2026, 3, 27, 14, 0, tzinfo=UTC), 56),  # the weekend the clocks go forward
        ("Europe/Amsterdam", datetime(2026, 10, 23, 13, 0, tzinfo=UTC), 58),  # and back
        ("Asia/Kolkata", datetime(2026, 10, 23, 9, 30, tzinfo=UTC), 57),  # no DST
    ],
    ids=["amsterdam-spring", "amsterdam-autumn", "kolkata"],
)
def test_the_reflection_prompt_lives_until_the_weekend_ends_in_real_seconds(
    app, db, make_user, sales, add_device, push_service, zone, friday_afternoon, hours
):
    anna = make_user(team=sales, time_zone=zone, created_at=datetime(2020, 1, 1, tzinfo=UTC))
    phone = add_device(anna)
    with time_machine.travel(friday_afternoon, tick=False):
        now = utcnow()
        assert now.astimezone(ZoneInfo(zone)).isoweekday() == 5  # Friday 15:00 in that zone
        tick(app, now)

    [message] = push_service.messages_for(phone)
    assert message.json["kind"] == "reflection"
    # Until Sunday midnight where the person is: a DST weekend is an hour shorter or longer.
    assert message.headers["ttl"] == str(hours * 3600)


MONDAY_MORNINGS = [
    ("Europe/Amsterdam", datetime(2026, 3, 30, 7, 0, tzinfo=UTC)),  # 09:00, the day after the clocks went forward
    ("Europe/Amsterdam", datetime(2026, 10, 26, 8, 0, tzinfo=UTC)),  # 09:00, the day after they went back
    ("Asia/Kolkata", datetime(2026, 3, 30, 3, 30, tzinfo=UTC)),  # 09:00 without DST
]


@pytest.mark.parametrize(
    ("zone", "monday_morning"), MONDAY_MORNINGS, ids=["amsterdam-spring", "amsterdam-autumn", "kolkata"]
)
def test_no_monday_summary_on_the_managers_away_day(
    app, db, make_user, sales, add_device, push_service, zone, monday_morning
):
    away, present = (
        make_user(role="manager", team=sales, manages=True, time_zone=zone, created_at=datetime(2020, 1, 1, tzinfo=UTC))
        for _ in range(2)
    )
    away_phone, present_phone = add_device(away), add_device(present)
    with time_machine.travel(monday_morning, tick=False):
        now = utcnow()
        monday = now.astimezone(ZoneInfo(zone)).date()
        assert monday.isoweekday() == 1
        db.session.add(AwayDay(organisation_id=away.organisation_id, user_id=away.id, day=monday, kind="leave"))
        db.session.commit()
        tick(app, now)

    assert push_service.messages_for(away_phone) == []
    [message] = push_service.messages_for(present_phone)
    assert message.json["kind"] == "summary"
    assert {d.user_id: d.status for d in ledger(db, kind="summary")} == {away.id: "away", present.id: "sent"}

"""Event notifications from other domains' signals: bundled, opt-out per kind, exactly once;
deactivation and the data-rights signals."""

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from backend import signals
from backend.push import scheduler, service
from backend.push.models import Delivery, PushEvent, PushSubscription, ReminderSettings
from backend.timeutil import utcnow

T0 = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _a_quiet_wednesday_morning():
    """Events only: at T0 no scheduled push (Friday's reflection prompt, the 16:30 reminder, Monday's
    summary) is due, so the tests that use "now" see just the events they send, on any day they run."""
    with time_machine.travel(T0, tick=True):
        yield


def tick(app, now):
    queue = scheduler.ThreadQueue(app, workers=2, now=now)
    try:
        with time_machine.travel(now, tick=False):
            return scheduler.run_once(queue, now)
    finally:
        queue.close()


def applaud(db, giver, recipient, at, win_id=7):
    with time_machine.travel(at, tick=False):
        signals.applause_given.send(
            SimpleNamespace(id=1, user_id=giver.id), recipient_id=recipient.id, target_kind="win", target_id=win_id
        )
        db.session.commit()


def test_ten_applauses_in_a_minute_become_one_notification_with_a_count(
    app, db, rep, make_user, sales, add_device, push_service
):
    phone = add_device(rep)
    fans = [make_user(team=sales, name=f"Fan {n}") for n in range(10)]
    for n, fan in enumerate(fans):
        applaud(db, fan, rep, T0 + timedelta(seconds=5 * n))

    assert tick(app, T0 + timedelta(seconds=50)) == 0  # the burst may still be going on
    tick(app, T0 + timedelta(seconds=61))

    [message] = push_service.messages_for(phone)
    assert message.json["title"] == "Applaus"
    assert message.json["body"] == "10 keer applaus, het laatst van Fan 9."
    assert message.json["url"] == "/wins?win=7" and message.json["data"]["count"] == 10

    applaud(db, fans[0], rep, T0 + timedelta(seconds=90))
    tick(app, T0 + timedelta(seconds=200))
    assert [m.json["body"] for m in push_service.messages_for(phone)][1] == "Applaus van Fan 0."
    assert db.session.scalar(select(func.count()).select_from(PushEvent).where(PushEvent.delivery_id.is_(None))) == 0


def test_a_badge_is_told_at_the_next_tick_in_the_persons_language(app, db, make_user, sales, add_device, push_service):
    anna = make_user(team=sales, locale="en")
    phone = add_device(anna)
    badge = SimpleNamespace(name_nl="Voorbereider", name_en="Well prepared")
    with time_machine.travel(T0, tick=False):
        signals.badge_awarded.send(SimpleNamespace(id=3, badge=badge, awarded_by_id=None), recipient_id=anna.id)
        db.session.commit()

    tick(app, T0 + timedelta(seconds=1))
    tick(app, T0 + timedelta(seconds=61))

    [message] = push_service.messages_for(phone)
    assert (message.json["title"], message.json["body"]) == ("Recognition", "You received the badge 'Well prepared'.")


def test_each_kind_can_be_turned_off(app, db, rep, make_user, login_as, add_device, push_service):
    add_device(rep)
    login_as(rep).put("/api/v1/push/settings", json={"events": {"win_credited": False}})
    author = make_user()
    signals.win_credited.send(SimpleNamespace(id=9, author_id=author.id), user_id=rep.id)
    signals.reflection_replied.send(
        SimpleNamespace(author_id=author.id),
        reflection=SimpleNamespace(id=2, organisation_id=rep.organisation_id),
        recipient_id=rep.id,
    )
    db.session.commit()

    assert [e.kind for e in db.session.scalars(select(PushEvent))] == ["reflection_reply"]


def test_team_goal_tells_every_member_with_a_device(app, db, rep, make_user, sales, add_device, push_service):
    colleague = make_user(team=sales)
    make_user(team=sales)  # no device: nothing queued for them
    phones = [add_device(rep), add_device(colleague)]
    signals.team_goal_reached.send(SimpleNamespace(id=4), team_id=sales.id)
    db.session.commit()

    tick(app, datetime.now(UTC) + timedelta(seconds=1))

    bodies = [push_service.messages_for(p)[0].json["body"] for p in phones]
    assert bodies == ["Sales Noord heeft het teamdoel gehaald. Goed gedaan!"] * 2


def test_two_schedulers_deliver_an_event_bundle_once(app, db, rep, make_user, add_device, push_service):
    phone = add_device(rep)
    signals.badge_awarded.send(SimpleNamespace(id=3, badge=None), recipient_id=rep.id)
    db.session.commit()
    jobs = scheduler.due_jobs(datetime.now(UTC))
    assert len(jobs) == 1
    assert service.deliver(*_args(jobs[0])) == "sent"
    assert service.deliver(*_args(jobs[0])) == "duplicate"
    assert len(push_service.messages_for(phone)) == 1


def _args(job):
    return job.user_id, job.kind, job.local_date, job.slot


def test_a_broken_receiver_never_breaks_the_request_that_sent_the_signal(app, db, rep, add_device, caplog, monkeypatch):
    add_device(rep)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the push outbox is unwell")

    monkeypatch.setattr(service, "note_event", broken)
    signals.badge_awarded.send(SimpleNamespace(id=3, badge=None), recipient_id=rep.id)
    assert any("push receiver" in r.message for r in caplog.records)


def test_deactivation_removes_devices_and_pending_events(app, db, rep, add_device):
    add_device(rep)
    signals.badge_awarded.send(SimpleNamespace(id=3, badge=None), recipient_id=rep.id)
    signals.person_deactivated.send(rep)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 0
    assert db.session.scalar(select(func.count()).select_from(PushEvent)) == 0


def test_personal_data_export_and_erase_cover_push(app, db, rep, login_as, add_device, push_service):
    api = login_as(rep)
    add_device(rep)
    api.put("/api/v1/push/settings", json={"reminder_time": "08:00"})
    api.post("/api/v1/push/test")

    sections = {}
    for _receiver, result in signals.personal_data_export.send(rep):
        sections.update(result or {})
    assert sections["push_devices"][0]["push_service"] == push_service.origin
    assert sections["reminder_settings"][0]["reminder_time"] == "08:00"
    assert sections["push_deliveries"][0]["kind"] == "test"

    signals.personal_data_erase.send(rep)
    db.session.commit()
    for model in (PushSubscription, ReminderSettings, Delivery):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.user_id == rep.id)) == 0


def test_the_nightly_retention_prunes_the_ledger_after_ninety_days(app, db, rep, add_device, push_service):
    from backend.accounts.models import Organisation

    add_device(rep)
    with time_machine.travel(T0 - timedelta(days=91), tick=False):
        service.send_test(rep)
    service.send_test(rep)
    db.session.commit()

    signals.retention_due.send(db.session.get(Organisation, rep.organisation_id), cutoff=T0)
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(Delivery)) == 1


# Saturday evenings before a night the Amsterdam clocks change, and one in a zone without DST:
# 22:00 local, when quiet hours (22:00–07:00) begin.
QUIET_EVENINGS = [
    ("Europe/Amsterdam", datetime(2026, 3, 28, 21, 0, tzinfo=UTC)),  # 02:00 → 03:00 that night
    ("Europe/Amsterdam", datetime(2026, 10, 24, 20, 0, tzinfo=UTC)),  # 03:00 → 02:00 that night
    ("Asia/Kolkata", datetime(2026, 3, 28, 16, 30, tzinfo=UTC)),
]


def at_local(day, hour, minute, zone):
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


@pytest.mark.parametrize(
    ("zone_name", "evening"), QUIET_EVENINGS, ids=["amsterdam-spring", "amsterdam-autumn", "kolkata"]
)
def test_events_in_quiet_hours_are_held_and_told_once_bundled_when_they_end(
    app, db, make_user, sales, add_device, push_service, two_schedulers, zone_name, evening
):
    zone = ZoneInfo(zone_name)
    with time_machine.travel(evening, tick=False):
        night = utcnow().astimezone(zone).date()  # the evening's local date; the quiet hours end the day after
    morning = night + timedelta(days=1)
    people = [make_user(team=sales, locale=locale, time_zone=zone_name) for locale in ("nl", "en")]
    phones = [add_device(person) for person in people]
    for person in people:
        service.update_settings(person, {"quiet_start": time(22, 0), "quiet_end": time(7, 0)})
    db.session.commit()
    fans = [make_user(team=sales, name=f"Fan {n}") for n in (1, 2)]
    badge = SimpleNamespace(name_nl="Voorbereider", name_en="Well prepared")

    happenings = [
        (
            at_local(night, 22, 30, zone),
            lambda p: signals.badge_awarded.send(SimpleNamespace(id=3, badge=badge), recipient_id=p.id),
        ),
        (at_local(night, 23, 45, zone), lambda p: applaud(db, fans[0], p, utcnow())),
        (
            at_local(morning, 1, 30, zone),
            lambda p: signals.win_credited.send(SimpleNamespace(id=9, author_id=fans[1].id), user_id=p.id),
        ),
        (at_local(morning, 4, 0, zone), lambda p: applaud(db, fans[1], p, utcnow())),
    ]
    quiet_end = at_local(morning, 7, 0, zone)
    # A scheduler ticks every half hour through the night, a minute after each event, and at 06:59.
    ticks = [evening + timedelta(minutes=30 * n) for n in range(int((quiet_end - evening) / timedelta(minutes=30)))]
    ticks += [at + timedelta(seconds=61) for at, _ in happenings] + [quiet_end - timedelta(minutes=1)]
    timeline = sorted([(at, 0, happen) for at, happen in happenings] + [(at, 1, None) for at in ticks])
    for now, _, happen in timeline:
        if happen is None:
            tick(app, now)
            assert push_service.received == [], f"sent inside quiet hours at {now.astimezone(zone)}"
            continue
        with time_machine.travel(now, tick=False):
            for person in people:
                happen(person)
            db.session.commit()

    outcomes, errors = two_schedulers(quiet_end, workers=2)
    assert errors == []
    tick(app, quiet_end + timedelta(minutes=1))
    tick(app, quiet_end + timedelta(minutes=5))

    assert sorted(outcomes) == ["duplicate", "duplicate", "sent", "sent"]  # one bundle each, told once
    [dutch], [english] = (push_service.messages_for(phone) for phone in phones)
    assert (dutch.json["title"], dutch.json["body"]) == (
        "Tijdens je stille uren",
        "1 badge, 2 keer applaus en genoemd in 1 klantwinst.",
    )
    assert (english.json["title"], english.json["body"]) == (
        "During your quiet hours",
        "1 badge, 2 applauses and credited in 1 customer win.",
    )
    assert dutch.json["data"]["count"] == 4
    assert db.session.scalar(select(func.count()).select_from(PushEvent).where(PushEvent.delivery_id.is_(None))) == 0

    # After the quiet hours, an event goes the next minute on its own again.
    later = quiet_end + timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        signals.badge_awarded.send(SimpleNamespace(id=4, badge=badge), recipient_id=people[0].id)
        db.session.commit()
    tick(app, later + timedelta(seconds=1))
    assert push_service.messages_for(phones[0])[-1].json["body"] == "Je kreeg de badge 'Voorbereider'."


def test_one_kind_held_in_quiet_hours_comes_as_that_kinds_own_notification(
    app, db, rep, make_user, sales, add_device, push_service
):
    phone = add_device(rep)
    service.update_settings(rep, {"quiet_start": time(22, 0), "quiet_end": time(7, 0)})
    db.session.commit()
    zone = ZoneInfo(rep.time_zone)
    with time_machine.travel(T0, tick=False):
        day = utcnow().astimezone(zone).date()
    fans = [make_user(team=sales, name=f"Fan {n}") for n in range(3)]
    for n, fan in enumerate(fans):
        applaud(db, fan, rep, at_local(day, 23, 10 * n, zone))

    tick(app, at_local(day + timedelta(days=1), 6, 59, zone))
    assert push_service.received == []
    tick(app, at_local(day + timedelta(days=1), 7, 0, zone))

    [message] = push_service.messages_for(phone)
    assert (message.json["title"], message.json["body"]) == ("Applaus", "3 keer applaus, het laatst van Fan 2.")


def test_a_push_receiver_whose_statement_fails_leaves_the_senders_transaction_usable(
    app, db, rep, make_user, sales, monkeypatch
):
    """On PostgreSQL a failed statement aborts the whole transaction: without a savepoint the
    request that sent the signal (here: the applause) would then fail at its own commit."""
    from sqlalchemy import text

    from backend.accounts.models import User

    def broken_note_event(*args, **kwargs):
        db.session.execute(text("SELECT no_such_column FROM no_such_table"))

    monkeypatch.setattr(service, "note_event", broken_note_event)
    fan = make_user(team=sales, name="Fan")
    applause = SimpleNamespace(id=1, user_id=fan.id)
    signals.applause_given.send(applause, recipient_id=rep.id, target_kind="win", target_id=7)
    fan.name = "Fan, still saved"
    db.session.commit()

    db.session.expire_all()
    assert db.session.get(User, fan.id).name == "Fan, still saved"
    assert db.session.scalar(select(func.count()).select_from(PushEvent)) == 0

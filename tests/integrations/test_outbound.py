"""Outbound webhooks against a real receiver on 127.0.0.1 that verifies each delivery with the reference
standardwebhooks library: signing, the retry schedule, 429/410, exactly once with two schedulers racing,
secret rotation, visibility, the test event and send again."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from tests.conftest import error_code


def _deliveries(db):
    from backend.integrations.models import Delivery

    db.session.expire_all()
    return list(db.session.scalars(select(Delivery).order_by(Delivery.id)))


def _run(app, db):
    from backend.integrations import delivery

    outcomes = delivery.run_due(app)
    db.session.expire_all()
    return outcomes


def test_a_logged_win_reaches_the_endpoint_signed_and_once(app, db, make_endpoint, log_win, receiver):
    make_endpoint(events=["win.logged"])
    win = log_win()
    assert list(_run(app, db).values()) == ["delivered"]
    assert _run(app, db) == {}  # nothing left: delivered once
    [got] = receiver.received
    assert got.verified_with and not receiver.refused
    assert got.headers["webhook-id"].startswith("msg_")
    assert got.headers["content-type"] == "application/json"
    event = got.json
    assert event["type"] == "win.logged"
    assert event["data"]["url"] == f"https://ritme.example/wins#win-{win['id']}"
    assert event["data"]["facts"] == [["Klant", "Bakkerij Jansen"]]
    [delivery] = _deliveries(db)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)


def test_events_an_endpoint_did_not_ask_for_are_not_sent(app, db, make_endpoint, log_win, receiver):
    make_endpoint(events=["badge.awarded"])
    log_win()
    assert _deliveries(db) == []


def test_names_follow_the_visibility_preset(app, db, org, rep, make_endpoint, log_win, receiver):
    make_endpoint(events=["win.logged"])
    rep.name = "Rita Rep"
    for visibility, opt_in, shown in [
        ("private", True, False),
        ("teams_first", False, False),
        ("teams_first", True, True),
        ("open", False, True),
    ]:
        org.visibility, rep.board_opt_in = visibility, opt_in
        db.session.commit()
        log_win()
        _run(app, db)
        title = receiver.received[-1].json["data"]["title"]
        assert ("Rita Rep" in title) is shown, (visibility, opt_in, title)
        assert ("Een collega" in title) is not shown


def test_retries_back_off_exponentially_with_jitter_then_succeed(app, db, make_endpoint, log_win, receiver):
    from backend.integrations import delivery

    make_endpoint(events=["win.logged"])
    receiver.script(500, 500, 503)
    start = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        log_win()
        assert list(_run(app, db).values()) == ["retry"]
    waits = []
    moment = start
    for attempt in (1, 2, 3):
        [row] = _deliveries(db)
        assert row.status == "pending" and row.attempts == attempt
        wait = (row.next_attempt_at - moment).total_seconds()
        base = min(delivery.FIRST_RETRY * delivery.FACTOR ** (attempt - 1), delivery.MAX_WAIT)
        assert 0.8 * base - 1 <= wait <= 1.2 * base + 1, (attempt, wait, base)
        waits.append(wait)
        with time_machine.travel(row.next_attempt_at - timedelta(seconds=1), tick=False):
            assert _run(app, db) == {}  # not due a second early
        moment = row.next_attempt_at
        with time_machine.travel(moment, tick=False):
            outcome = list(_run(app, db).values())
        assert outcome == (["retry"] if attempt < 3 else ["delivered"])
    assert waits[0] < waits[1] < waits[2]
    assert [r.answered for r in receiver.received] == [500, 500, 503, 200]
    assert len({r.message_id for r in receiver.received}) == 1  # one webhook-id on every attempt


def test_the_schedule_spans_about_three_days_then_gives_up(app, db, make_endpoint, log_win, receiver):
    from backend.integrations import delivery

    assert 2.5 * 86400 <= delivery.schedule_span(1.0) <= 3.5 * 86400
    assert delivery.schedule_span(0.8) >= 2 * 86400
    make_endpoint(events=["win.logged"])
    receiver.script(*([500] * delivery.MAX_ATTEMPTS))
    moment = datetime.now(UTC)
    with time_machine.travel(moment, tick=False):
        log_win()
    first = moment
    for _ in range(delivery.MAX_ATTEMPTS):
        with time_machine.travel(moment, tick=False):
            _run(app, db)
        [row] = _deliveries(db)
        if row.next_attempt_at is None:
            break
        moment = row.next_attempt_at
    assert (row.status, row.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert 2 * 86400 <= (moment - first).total_seconds() <= 4.2 * 86400
    assert len(receiver.received) == delivery.MAX_ATTEMPTS


def test_429_waits_for_retry_after(app, db, make_endpoint, log_win, receiver):
    make_endpoint(events=["win.logged"])
    receiver.script(429)
    receiver.retry_after = "3600"
    moment = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        log_win()
        assert list(_run(app, db).values()) == ["retry"]
    [row] = _deliveries(db)
    assert (row.next_attempt_at - moment).total_seconds() >= 3600
    assert row.last_status_code == 429


def test_410_disables_the_endpoint(app, db, admin_api, make_endpoint, log_win, receiver):
    endpoint = make_endpoint(events=["win.logged"])
    receiver.script(410)
    log_win()
    assert list(_run(app, db).values()) == ["disabled"]
    [listed] = admin_api.get("/api/v1/integrations/endpoints").get_json()
    assert (listed["enabled"], listed["disabled_reason"]) == (False, "gone")
    log_win()
    assert len(_deliveries(db)) == 1  # a disabled endpoint gets no new events
    # The admin switches it on again.
    response = admin_api.patch(f"/api/v1/integrations/endpoints/{endpoint['id']}", json={"enabled": True})
    assert response.get_json()["enabled"] is True


def test_two_schedulers_racing_send_each_event_exactly_once(app, db, make_endpoint, log_win, receiver, concurrently):
    from backend.extensions import db as database
    from backend.integrations import delivery

    make_endpoint(events=["win.logged"], name="Een")
    make_endpoint(events=["win.logged"], name="Twee")
    for n in range(6):
        log_win(text=f"Klantsucces {n}")
    assert len(_deliveries(db)) == 12
    both_planned = threading.Barrier(2, timeout=30)
    now = datetime.now(UTC)

    def scheduler():
        ids = delivery.due_ids(now)
        database.session.commit()
        both_planned.wait()  # both saw every delivery due before either sent one
        return [delivery.attempt(i, now) for i in ids]

    with time_machine.travel(now, tick=False):
        results, errors = concurrently(scheduler)
    assert errors == []
    outcomes = sorted(o for r in results for o in r)
    assert outcomes.count("delivered") == 12 and outcomes.count("taken") == 12
    ids = [r.message_id for r in receiver.received]
    assert len(ids) == 12 and len(set(ids)) == 12
    assert all(row.status == "delivered" and row.attempts == 1 for row in _deliveries(db))


def test_the_same_event_noticed_twice_is_one_delivery(app, db, make_endpoint, log_win):
    from backend.integrations import service
    from backend.wins.models import Win

    make_endpoint(events=["win.logged"])
    log_win()
    win = db.session.scalars(select(Win)).one()
    assert service.enqueue(win.organisation_id, "win.logged", win.id, lambda org: service.win_data(win, org)) == 0
    assert len(_deliveries(db)) == 1


def test_a_rotated_secret_signs_beside_the_old_one_for_a_day(app, db, admin_api, make_endpoint, log_win, receiver):
    endpoint = make_endpoint(events=["win.logged"])
    old = endpoint["secret"]
    rotated = admin_api.post(f"/api/v1/integrations/endpoints/{endpoint['id']}/rotate-secret").get_json()
    new = rotated["secret"]
    assert new != old and new.startswith("whsec_") and rotated["previous_secret_until"]
    # A receiver that still knows only the old secret, and one that already switched, both verify.
    for known in ([old], [new]):
        receiver.secrets[:] = known
        log_win()
        _run(app, db)
        assert receiver.received[-1].verified_with == known[0]
        assert len(receiver.received[-1].headers["webhook-signature"].split(" ")) == 2
    # After the overlap only the new secret signs: the old one no longer verifies.
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=25), tick=False):
        receiver.secrets[:] = [old]
        log_win()
        _run(app, db)
        assert len(receiver.refused) == 1
        assert receiver.refused[-1].headers["webhook-signature"].count("v1,") == 1
        receiver.secrets[:] = [new]
        later = _deliveries(db)[-1]
        assert later.last_status_code == 401
    assert all(r.verified_with for r in receiver.received)


def test_send_a_test_event_and_send_again(app, db, admin_api, make_endpoint, receiver):
    endpoint = make_endpoint(preset="slack")
    sent = admin_api.post(f"/api/v1/integrations/endpoints/{endpoint['id']}/test")
    assert sent.status_code == 200
    assert (sent.get_json()["status"], sent.get_json()["last_status_code"]) == ("delivered", 200)
    assert receiver.received[-1].json["text"].startswith("👋 Testbericht van Ritme")
    log = admin_api.get(f"/api/v1/integrations/endpoints/{endpoint['id']}/deliveries").get_json()
    assert [d["event_type"] for d in log] == ["ritme.test"]
    again = admin_api.post(f"/api/v1/integrations/deliveries/{log[0]['id']}/resend")
    assert again.get_json()["status"] == "pending"
    _run(app, db)
    assert len(receiver.received) == 2
    assert receiver.received[0].message_id == receiver.received[1].message_id


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://ritme.example/hook", "Een koppeling moet https gebruiken."),
        ("https://10.0.0.8/hook", "Dit adres wijst naar een intern netwerk; dat mag niet."),
        ("https://169.254.169.254/latest", "Dit adres wijst naar een intern netwerk; dat mag niet."),
        ("ftp://example.com/x", "Dit is geen geldig webadres."),
    ],
)
def test_private_and_plain_http_addresses_are_refused(admin_api, url, code):
    response = admin_api.post("/api/v1/integrations/endpoints", json={"name": "x", "url": url})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["url"] == [code]


def test_a_name_resolving_to_a_private_address_is_refused_at_send_time_too(app, db, monkeypatch):
    from backend.integrations import delivery
    from backend.push import sender

    monkeypatch.setattr(sender, "resolve", lambda host, port, type=0: [(2, 1, 6, "", ("10.1.2.3", port))])  # noqa: A006
    answer = delivery.post("https://hooks.example.com/x", b"{}", {})
    assert (answer.status, answer.error) == (None, "push_endpoint_private")


def test_only_admins_manage_endpoints_and_only_their_own(app, login_as, rep, make_user, make_org, make_endpoint):
    endpoint = make_endpoint()
    rep_api = login_as(rep)
    assert rep_api.get("/api/v1/integrations/endpoints").status_code == 403
    stranger = make_user(role="admin", organisation=make_org("Ander BV"))
    other = login_as(stranger)
    assert other.get("/api/v1/integrations/endpoints").get_json() == []
    response = other.get(f"/api/v1/integrations/endpoints/{endpoint['id']}/deliveries")
    assert response.status_code == 404 and error_code(response) == "not_found"


def test_with_redis_deliveries_go_to_the_push_workers_once_each(app, db, make_endpoint, log_win, receiver):
    import uuid as uuid_module

    from rq import SimpleWorker

    from backend.integrations import delivery
    from tests.services import require_redis

    url = require_redis()
    app.config["RITME_REDIS_URL"] = url
    app.config["RITME_PUSH_QUEUE"] = f"ritme-hooks-test-{uuid_module.uuid4().hex[:12]}"
    make_endpoint(events=["win.logged"])
    for n in range(3):
        log_win(text=f"Succes {n}")
    queue = delivery._rq_queue(app)
    try:
        assert set(delivery.run_due(app).values()) == {"queued"}
        assert delivery.run_due(app) == {}  # this scheduler handed them out already
        app.extensions["integrations_enqueued"] = {}  # a second scheduler, before any worker ran
        assert len(delivery.run_due(app)) == 3
        assert queue.count == 6
        worker = SimpleWorker([queue], connection=queue.connection)
        worker.work(burst=True, with_scheduler=False)
        queue.connection.delete(worker.key)
        queue.connection.srem("rq:workers", worker.key)
        ids = [r.message_id for r in receiver.received]
        assert len(ids) == 3 and len(set(ids)) == 3
        assert all(row.status == "delivered" and row.attempts == 1 for row in _deliveries(db))
    finally:
        queue.delete(delete_jobs=True)
        for key in queue.connection.scan_iter(f"*{queue.name}*"):
            queue.connection.delete(key)
        queue.connection.close()
        app.config["RITME_REDIS_URL"] = None


def test_old_finished_deliveries_are_pruned_and_removing_an_endpoint_removes_its_log(
    app, db, org, admin_api, make_endpoint, log_win, receiver
):
    from backend.integrations import service

    endpoint = make_endpoint(events=["win.logged"])
    receiver.script(500)
    log_win()
    log_win()
    _run(app, db)  # one delivered, one waiting for its retry
    later = datetime.now(UTC) + timedelta(days=service.LOG_DAYS + 1)
    assert service.prune(org.id, later) == {"webhook_deliveries": 1, "inbound_events": 0, "crm_suggestions": 0}
    db.session.commit()
    assert [d.status for d in _deliveries(db)] == ["pending"]
    assert admin_api.delete(f"/api/v1/integrations/endpoints/{endpoint['id']}").status_code == 204
    assert _deliveries(db) == []


def test_the_schedulers_heartbeat_sends_and_a_seventh_day_in_a_row_is_a_milestone(
    app, db, org, rep, login_as, make_endpoint, make_behaviour, sales, add_checkins, receiver
):
    import uuid as uuid_module

    from backend.push import scheduler
    from backend.timeutil import local_today

    org.visibility = "open"
    db.session.commit()
    name = rep.name
    behaviour = make_behaviour([sales], name="Klantgesprek voorbereid", name_en="Prepared the customer meeting")
    today = local_today(rep.time_zone)
    add_checkins(rep, behaviour, [today - timedelta(days=n) for n in range(1, 7)])
    make_endpoint(preset="slack", events=["streak.milestone"])
    tap = login_as(rep).post(
        "/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": str(uuid_module.uuid4())}
    )
    assert tap.status_code == 201 and tap.get_json()["streak"]["current"] == 7
    scheduler.heartbeat()  # the fold's beat folds the tap in (a milestone), then the deliveries go out
    scheduler.heartbeat()
    [got] = receiver.received
    assert got.json["blocks"][0]["text"]["text"] == f"🔥 {name}: 7 keer op rij Klantgesprek voorbereid"

"""The scale path: the scheduler puts jobs on RQ in the real Redis; push-workers run them, once each."""

import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from backend.push import scheduler
from backend.push.models import Delivery
from tests.services import require_redis

AT_1630 = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)


@pytest.fixture
def redis_queue():
    """A queue of its own per run in the test Redis database, removed afterwards with its jobs."""
    url = require_redis()
    queue = scheduler.RedisQueue(url, name=f"ritme-push-test-{uuid.uuid4().hex[:12]}")
    try:
        yield queue
    finally:
        connection = queue.queue.connection
        for registry in (queue.queue.failed_job_registry, queue.queue.finished_job_registry):
            for job_id in registry.get_job_ids():
                connection.delete(f"rq:job:{job_id}")
        queue.queue.delete(delete_jobs=True)
        for key in connection.scan_iter(f"*{queue.queue.name}*"):
            connection.delete(key)
        queue.close()


def work(queue):
    from rq import SimpleWorker

    connection = queue.queue.connection
    worker = SimpleWorker([queue.queue], connection=connection)
    try:
        worker.work(burst=True, with_scheduler=False)
    finally:  # the worker's own registration keys: leave the test database as found
        connection.delete(worker.key)
        connection.srem("rq:workers", worker.key)


def test_jobs_go_through_redis_and_a_slot_enqueued_twice_is_delivered_once(
    app, db, make_user, sales, make_behaviour, add_device, push_service, redis_queue
):
    make_behaviour([sales], name="Klantgesprek voorbereid")
    people = [make_user(team=sales, created_at=datetime(2020, 1, 1, tzinfo=UTC)) for _ in range(3)]
    phones = [add_device(p) for p in people]

    with time_machine.travel(AT_1630, tick=False):
        assert scheduler.run_once(redis_queue, AT_1630) == 3
        assert scheduler.run_once(redis_queue, AT_1630) == 3  # a second scheduler, before any worker ran
        assert redis_queue.queue.count == 6
        work(redis_queue)  # a worker takes all six in burst mode: three send, three find the ledger row
        work(redis_queue)  # a second worker finds nothing left

    assert redis_queue.queue.count == 0
    assert [len(push_service.messages_for(p)) for p in phones] == [1, 1, 1]
    assert push_service.messages_for(phones[0])[0].json["body"] == "Nog 1 gedrag voor vandaag: Klantgesprek voorbereid."
    db.session.expire_all()
    assert [d.status for d in db.session.scalars(select(Delivery))] == ["sent"] * 3
    assert len(redis_queue.queue.failed_job_registry) == 0

"""Sending deliveries: the retry schedule, the claim that keeps each attempt to one sender, the signed POST.

A Delivery row is the job. ``run_due`` (the scheduler's heartbeat, or ``flask integrations-send``) finds
what is due and *claims* each row with one conditional UPDATE — status pending, due, not held by a live
claim — committed before anything is sent, exactly as the nightly ledger is claimed. Two schedulers
racing for the same row: one UPDATE changes it, the other changes nothing and moves on. Each
(endpoint, event) has one row (a unique key), so it is sent once; a sender that dies mid-send leaves a
claim that lapses after ``LEASE`` and the attempt is made again with the same ``webhook-id`` (receivers
deduplicate on it, as Standard Webhooks asks).

Signing is the reference ``standardwebhooks`` library's: ``webhook-id``, ``webhook-timestamp`` and
``webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`` — one signature per valid secret,
space separated, while a rotated secret is still valid.

Retries: after the n-th failed attempt the next waits ``min(5 s × 3^(n-1), 12 h)`` × a jitter of
0.8–1.2; 15 attempts span about three days. A 429's Retry-After is honoured (up to 12 h). A 410 Gone
disables the endpoint. Every request has a 15 s timeout and follows no redirect (SSRF: the address was
checked, a redirect could point anywhere); the address is checked again before every attempt.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import urllib3
from flask import Flask, current_app
from sqlalchemy import or_, select, update
from standardwebhooks import Webhook

from backend.extensions import db
from backend.integrations import cards
from backend.integrations.models import Delivery, Endpoint
from backend.push import read as push
from backend.timeutil import utcnow

log = logging.getLogger(__name__)

TIMEOUT = 15.0
LEASE = timedelta(seconds=60)  # > TIMEOUT: a claim outlives its attempt, unless its sender died
FIRST_RETRY = 5.0
FACTOR = 3.0
MAX_WAIT = 12 * 3600.0
MAX_ATTEMPTS = 15
JITTER = (0.8, 1.2)
BATCH = 50
USER_AGENT = "Ritme-Webhooks/1"

# Seams for the tests: the jitter's source of randomness.
rng = random.Random()


def retry_wait(attempts: int, jitter: float | None = None) -> float:
    """Seconds to wait after the `attempts`-th failed attempt (1-based)."""
    base = min(FIRST_RETRY * FACTOR ** (attempts - 1), MAX_WAIT)
    return base * (rng.uniform(*JITTER) if jitter is None else jitter)


def schedule_span(jitter: float = 1.0) -> float:
    """Seconds from the first attempt to the last, at a given jitter (documentation and tests)."""
    return sum(retry_wait(n, jitter) for n in range(1, MAX_ATTEMPTS))


def allow_loopback() -> bool:
    value = current_app.config.get("RITME_HOOKS_ALLOW_HTTP_LOOPBACK", "0")
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def signature_headers(endpoint: Endpoint, message_id: str, body: bytes, now: datetime) -> dict[str, str]:
    text = body.decode()
    secrets = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        secrets.append(endpoint.previous_secret)
    signatures = " ".join(Webhook(secret).sign(message_id, now, text) for secret in secrets)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signatures,
    }


@dataclass(frozen=True)
class Answer:
    status: int | None
    error: str | None = None
    retry_after: float | None = None


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """One POST, no redirects, 15 s; the address checked again first (its name may resolve elsewhere now)."""
    try:
        push.public_origin(url, allow_loopback())
    except push.UrlRefused as refused:
        return Answer(None, refused.code)
    try:
        response = urllib3.request(
            "POST",
            url,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
            timeout=urllib3.Timeout(total=TIMEOUT),
            redirect=False,
            retries=False,
            preload_content=False,
        )
    except urllib3.exceptions.HTTPError as error:
        return Answer(None, type(error).__name__)
    try:
        response.read(64 * 1024, decode_content=False)  # the answer is not used; read a little and let go
    except urllib3.exceptions.HTTPError:
        pass
    finally:
        response.release_conn()
    return Answer(response.status, None, _retry_after(response.headers.get("Retry-After")))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, min(float(value), MAX_WAIT))
    except ValueError:
        return None


def due_ids(now: datetime, limit: int = BATCH) -> list[int]:
    """Deliveries due now and not held by a live claim; at most one per Slack endpoint (≈ 1 per second)."""
    rows = db.session.execute(
        select(Delivery.id, Delivery.endpoint_id, Endpoint.preset)
        .join(Endpoint, Endpoint.id == Delivery.endpoint_id)
        .where(
            Delivery.status == "pending",
            Delivery.next_attempt_at <= now,
            or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now),
            Endpoint.enabled.is_(True),
        )
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
    ).all()
    chosen, slack_seen = [], set()
    for delivery_id, endpoint_id, preset in rows:
        if preset == "slack":
            if endpoint_id in slack_seen:
                continue  # queued, not dropped: the next beat sends the next one
            slack_seen.add(endpoint_id)
        chosen.append(delivery_id)
    return chosen


def claim(delivery_id: int, now: datetime) -> bool:
    """Take one due delivery for this sender, committed. False: another sender has it (or it is not due)."""
    taken = db.session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            Delivery.status == "pending",
            Delivery.next_attempt_at <= now,
            or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now),
        )
        .values(claimed_until=now + LEASE, attempts=Delivery.attempts + 1, last_attempt_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return taken == 1


def attempt(delivery_id: int, now: datetime | None = None, sender: Callable = post) -> str:
    """Claim, sign, send and record one delivery; returns what became of it."""
    now = now or utcnow()
    if not claim(delivery_id, now):
        return "taken"
    delivery = db.session.get(Delivery, delivery_id)
    endpoint = delivery.endpoint
    body = cards.body_for(endpoint.preset, delivery.payload)
    headers = signature_headers(endpoint, delivery.message_id, body, now)
    db.session.commit()  # no transaction held open while the receiver thinks
    answer = sender(endpoint.url, body, headers)
    return record(delivery_id, answer, utcnow() if now is None else now)


def record(delivery_id: int, answer: Answer, now: datetime) -> str:
    outcome = apply(db.session.get(Delivery, delivery_id), answer, now)
    db.session.commit()
    return outcome


def send_now(delivery: Delivery, now: datetime, sender: Callable = post) -> str:
    """One attempt of a delivery made in this transaction (a test event): not yet visible to any
    scheduler, so no claim is needed; a failure leaves it pending for the retries."""
    delivery.attempts += 1
    delivery.last_attempt_at = now
    body = cards.body_for(delivery.endpoint.preset, delivery.payload)
    answer = sender(delivery.endpoint.url, body, signature_headers(delivery.endpoint, delivery.message_id, body, now))
    return apply(delivery, answer, now)


def apply(delivery: Delivery, answer: Answer, now: datetime) -> str:
    """What an answer makes of a delivery (flushes nothing, commits nothing)."""
    delivery.claimed_until = None
    delivery.last_status_code = answer.status
    delivery.last_error = (answer.error or None) and answer.error[:200]
    status = answer.status or 0
    if 200 <= status < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
        outcome = "delivered"
    elif status == 410:
        delivery.status, delivery.next_attempt_at = "failed", None
        endpoint = delivery.endpoint
        endpoint.enabled, endpoint.disabled_reason = False, "gone"
        outcome = "disabled"
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = "failed", None
        outcome = "failed"
    else:
        wait = retry_wait(delivery.attempts)
        if status == 429 and answer.retry_after is not None:
            wait = max(wait, answer.retry_after)
        delivery.next_attempt_at = now + timedelta(seconds=wait)
        outcome = "retry"
    return outcome


def run_due(app: Flask, now: datetime | None = None, workers: int = 4) -> dict[int, str]:
    """Send everything due now: in a few threads of this process (each with its own session), or, with
    RITME_REDIS_URL, as RQ jobs on the push queue for the push-workers. {delivery id: outcome or "queued"}."""
    now = (now or utcnow()).astimezone(UTC)
    ids = due_ids(now)
    db.session.commit()
    if not ids:
        return {}
    if app.config.get("RITME_REDIS_URL"):
        return enqueue(app, ids, now)

    def one(delivery_id: int) -> str:
        with app.app_context():
            try:
                return attempt(delivery_id, now)
            except Exception:
                db.session.rollback()
                log.exception("webhook delivery %s failed", delivery_id)
                return "error"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=min(workers, len(ids)), thread_name_prefix="webhook") as pool:
        return dict(zip(ids, pool.map(one, ids), strict=True))


def _rq_queue(app: Flask):
    queue = app.extensions.get("integrations_queue")
    if queue is None:
        from redis import Redis
        from rq import Queue

        name = app.config.get("RITME_PUSH_QUEUE", "ritme-push")
        queue = app.extensions["integrations_queue"] = Queue(
            name, connection=Redis.from_url(app.config["RITME_REDIS_URL"])
        )
    return queue


def enqueue(app: Flask, ids: list[int], now: datetime) -> dict[int, str]:
    """Hand due deliveries to RQ, each at most once per LEASE from this scheduler (the job claims: a
    duplicate from another scheduler finds it taken)."""
    recent: dict[int, datetime] = app.extensions.setdefault("integrations_enqueued", {})
    for delivery_id, at in list(recent.items()):
        if at < now - LEASE:
            del recent[delivery_id]
    queue = _rq_queue(app)
    handed = {}
    for delivery_id in ids:
        if delivery_id in recent:
            continue
        queue.enqueue(
            "backend.integrations.jobs.attempt",
            delivery_id,
            result_ttl=0,
            failure_ttl=7 * 24 * 3600,
            job_timeout=120,
            description=f"webhook delivery {delivery_id}",
        )
        recent[delivery_id] = now
        handed[delivery_id] = "queued"
    return handed

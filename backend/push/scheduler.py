"""The minute scheduler: which (person, kind, local date, slot) is due now, and handing them out.

``due_jobs`` is the whole decision and needs only ``now``; ``run_once`` hands each job to a queue:
a thread pool in this process (the embedded default of ``make run``), or RQ on Redis when
``RITME_REDIS_URL`` is set (``flask --app backend push-worker`` processes run them). Either way the
ledger in ``service.deliver`` keeps each slot to one delivery, so two schedulers, a restart or a
job that runs twice cannot send twice.
"""

from __future__ import annotations

import logging
import time as clock
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from backend import signals
from backend.accounts.models import Membership, Role, User
from backend.extensions import db
from backend.push import service
from backend.push.models import Delivery, NightlyRun, PushEvent, PushSubscription, ReminderSettings
from backend.timeutil import utcnow

log = logging.getLogger(__name__)

GRACE = timedelta(hours=2)  # a scheduler that was down sends late, but not hours late
REFLECTION_TIME = time(15, 0)  # Friday afternoon, before the weekend starts
SUMMARY_TIME = time(9, 0)  # Monday morning
BUNDLE_WINDOW = timedelta(seconds=60)  # applause within this window becomes one notification
DAY_SLOT = "day"


@dataclass(frozen=True)
class Job:
    user_id: int
    kind: str
    local_date: date
    slot: str

    def args(self) -> tuple:
        return (self.user_id, self.kind, self.local_date.isoformat(), self.slot)


def in_quiet_hours(settings: ReminderSettings, local_time: time) -> bool:
    start, end = settings.quiet_start, settings.quiet_end
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local_time < end
    return local_time >= start or local_time < end  # across midnight, e.g. 22:00–07:00


def wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant a local wall-clock time happens; in a DST gap (02:30 on the spring night) the
    clock reads it an hour later, as PEP 495 has it."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC).astimezone(zone)


def due_kinds(user: User, settings: ReminderSettings, now: datetime, manages: bool) -> list[tuple[str, date]]:
    """The scheduled kinds whose moment has come for this person, in their own zone."""
    if not settings.enabled:
        return []
    zone = ZoneInfo(user.time_zone)
    local = now.astimezone(zone)
    today = local.date()
    weekday = today.isoweekday()
    moments: list[tuple[str, time]] = []
    if weekday in (settings.days or []):
        moments.append((service.REMINDER, settings.reminder_time))
        if settings.streak_at_risk:
            moments.append((service.STREAK, settings.streak_time))
    if weekday == 5 and settings.reflection_prompt and user.role == Role.REP:
        moments.append((service.REFLECTION, REFLECTION_TIME))
    if weekday == 1 and settings.manager_summary and manages:
        moments.append((service.SUMMARY, SUMMARY_TIME))
    due = []
    for kind, at in moments:
        moment = wall_clock(today, at, zone)
        if moment.date() != today:
            continue
        # The grace is real time: `moment + GRACE` on a local datetime would be wall-clock time,
        # one real hour on the spring night and three on the autumn one.
        start = moment.astimezone(UTC)
        if start <= now < start + GRACE and not in_quiet_hours(settings, local.time()):
            due.append((kind, today))
    return due


def due_jobs(now: datetime | None = None) -> list[Job]:
    """Everything to deliver now: scheduled reminders and bundles of pending events."""
    now = now or utcnow()
    jobs = _scheduled_jobs(now)
    jobs.extend(_event_jobs(now))
    return jobs


def _scheduled_jobs(now: datetime) -> list[Job]:
    with_device = select(PushSubscription.user_id).distinct()
    rows = db.session.execute(
        select(User, ReminderSettings)
        .outerjoin(ReminderSettings, ReminderSettings.user_id == User.id)
        .where(User.active.is_(True), User.id.in_(with_device))
        .order_by(User.id)
    ).all()
    if not rows:
        return []
    managers = set(
        db.session.scalars(
            select(Membership.user_id).where(Membership.manages.is_(True), Membership.user_id.in_(with_device))
        )
    )
    wanted: list[Job] = []
    for user, settings in rows:
        for kind, local_date in due_kinds(user, settings or service.defaults(user.id), now, user.id in managers):
            wanted.append(Job(user.id, kind, local_date, DAY_SLOT))
    if not wanted:
        return []
    # Slots already in the ledger (sent, or found to have nothing to say) are not handed out again.
    done = set(
        db.session.execute(
            select(Delivery.user_id, Delivery.kind, Delivery.local_date).where(
                Delivery.kind.in_(service.SCHEDULED_KINDS),
                Delivery.slot == DAY_SLOT,
                Delivery.local_date >= min(j.local_date for j in wanted),
                Delivery.user_id.in_({j.user_id for j in wanted}),
            )
        ).all()
    )
    return [j for j in wanted if (j.user_id, j.kind, j.local_date) not in done]


def _event_jobs(now: datetime) -> list[Job]:
    """Bundles of pending events. A person's events wait while their quiet hours last; when those
    end, everything that came during them goes as one notification (service.HELD)."""
    rows = db.session.execute(
        select(PushEvent.user_id, PushEvent.kind, PushEvent.id, PushEvent.created_at, PushEvent.due_at)
        .where(PushEvent.delivery_id.is_(None), or_(PushEvent.due_at.is_(None), PushEvent.due_at <= now))
        .order_by(PushEvent.user_id, PushEvent.id)
    ).all()
    if not rows:
        return []
    people = {
        user_id: (ZoneInfo(zone), settings or service.defaults(user_id))
        for user_id, zone, settings in db.session.execute(
            select(User.id, User.time_zone, ReminderSettings)
            .outerjoin(ReminderSettings, ReminderSettings.user_id == User.id)
            .where(User.id.in_({row.user_id for row in rows}))
        )
    }
    pending: dict[int, list] = {}
    for row in rows:
        pending.setdefault(row.user_id, []).append(row)
    jobs = []
    for user_id, events in pending.items():
        if user_id not in people:
            continue
        zone, settings = people[user_id]
        local = now.astimezone(zone)
        if in_quiet_hours(settings, local.time()):
            continue  # held until the quiet hours end
        local_date = local.date()
        # An event due later than it happened came into being at its due moment.
        if any(in_quiet_hours(settings, _aware(e.due_at or e.created_at).astimezone(zone).time()) for e in events):
            jobs.append(Job(user_id, service.HELD, local_date, f"e{events[0].id}"))
            continue
        first: dict[str, tuple[int, datetime]] = {}
        for event in events:
            first.setdefault(event.kind, (event.id, _aware(event.created_at)))
        for kind, (first_id, first_at) in first.items():
            if kind == "applause" and first_at > now - BUNDLE_WINDOW:
                continue  # wait for the burst to end: ten applauses become one notification
            jobs.append(Job(user_id, kind, local_date, f"e{first_id}"))
    return jobs


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


# --- handing jobs out -----------------------------------------------------------------------


def run_job(app: Flask, job: Job, now: datetime | None = None) -> str:
    """Run one job in its own app context (own database session), as a worker thread does."""
    with app.app_context():
        try:
            return service.deliver(job.user_id, job.kind, job.local_date, job.slot, now)
        except Exception:
            db.session.rollback()
            log.exception("push job %s failed", job)
            return "error"
        finally:
            db.session.remove()


class ThreadQueue:
    """The embedded queue: jobs run in a pool of threads in the scheduler's own process."""

    def __init__(self, app: Flask, workers: int = 16, now: datetime | None = None):
        self.app = app
        self.now = now
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="push")

    def enqueue_all(self, jobs: Iterable[Job]) -> list[str]:
        futures = [self.pool.submit(run_job, self.app, job, self.now) for job in jobs]
        wait(futures)
        return [f.result() for f in futures]

    def close(self) -> None:
        self.pool.shutdown(wait=True)


class RedisQueue:
    """The scale path: jobs go to RQ on Redis; any number of ``push-worker`` processes run them."""

    def __init__(self, redis_url: str, name: str = "ritme-push"):
        from redis import Redis
        from rq import Queue

        self.queue = Queue(name, connection=Redis.from_url(redis_url))

    def enqueue_all(self, jobs: Iterable[Job]) -> list[str]:
        ids = []
        for job in jobs:
            queued = self.queue.enqueue(
                "backend.push.jobs.deliver",
                *job.args(),
                result_ttl=0,
                failure_ttl=7 * 24 * 3600,
                job_timeout=300,
                description=f"push {job.kind} to user {job.user_id}",
            )
            ids.append(queued.id)
        return ids

    def close(self) -> None:
        self.queue.connection.close()


def queue_for(app: Flask, workers: int = 16):
    redis_url = app.config.get("RITME_REDIS_URL")
    return (
        RedisQueue(redis_url, app.config.get("RITME_PUSH_QUEUE", "ritme-push"))
        if redis_url
        else ThreadQueue(app, workers)
    )


def run_once(queue, now: datetime | None = None) -> int:
    """One tick: work out what is due and hand it to the queue; returns how many jobs."""
    jobs = due_jobs(now)
    db.session.commit()  # end the read transaction before the jobs write
    if jobs:
        queue.enqueue_all(jobs)
        log.info("push scheduler handed out %d job(s)", len(jobs))
    return len(jobs)


NIGHTLY_AFTER = time(2, 0)  # UTC: after midnight in every European zone, before anyone's morning
NIGHTLY_LEASE = timedelta(hours=1)  # a claim unfinished this long was lost with its process: taken over


def run_nightly_if_due(last_run: date | None, now: datetime | None = None) -> date | None:
    """Once a day per installation after 02:00 UTC, the nightly work (retention, settling the boards).

    Returns the last day known done (`last_run` spares the database a look every minute). The day is
    claimed in the NightlyRun ledger and committed before the work, like a reminder's Delivery row,
    so a second scheduler or a restart leaves it alone; a failed run gives its claim back.
    """
    now = (now or utcnow()).astimezone(UTC)
    day = now.date()
    if now.time() < NIGHTLY_AFTER or last_run == day:
        return last_run
    state = _nightly_state(day, now)
    if state == "done":
        return day
    if state == "running" or not _claim_nightly(day, now):
        return last_run  # another scheduler has it; look again next minute
    try:
        signals.nightly.send(None, now=now)
        db.session.execute(update(NightlyRun).where(NightlyRun.day == day).values(finished_at=utcnow()))
        db.session.execute(delete(NightlyRun).where(NightlyRun.day < day - timedelta(days=service.LEDGER_DAYS)))
        db.session.commit()
    except Exception:
        db.session.rollback()  # none of the night's work is kept: give the day back for the next tick
        mine = (NightlyRun.day == day, NightlyRun.started_at == now, NightlyRun.finished_at.is_(None))
        db.session.execute(delete(NightlyRun).where(*mine))
        db.session.commit()
        raise
    log.info("nightly work done for %s", day)
    return day


def _nightly_state(day: date, now: datetime) -> str:
    """Where the day stands: done, running (claimed by a live scheduler) or open (unclaimed, or its claimer died)."""
    row = db.session.execute(
        select(NightlyRun.started_at, NightlyRun.finished_at).where(NightlyRun.day == day)
    ).one_or_none()
    db.session.commit()  # end the read: the claim starts a transaction of its own (no stale SQLite snapshot)
    if row is None:
        return "open"
    started_at, finished_at = row
    if finished_at is not None:
        return "done"
    return "open" if started_at <= now - NIGHTLY_LEASE else "running"


def _claim_nightly(day: date, now: datetime) -> bool:
    """Claim the day for this process, committed; False when another scheduler has it."""
    try:
        db.session.add(NightlyRun(day=day, started_at=now))
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
    # A claim is there: take it over only if it is unfinished and stale (one scheduler wins the update).
    taken = db.session.execute(
        update(NightlyRun)
        .where(
            NightlyRun.day == day,
            NightlyRun.finished_at.is_(None),
            NightlyRun.started_at <= now - NIGHTLY_LEASE,
        )
        .values(started_at=now)
    ).rowcount
    db.session.commit()
    if taken:
        log.warning("nightly work of %s was claimed by a scheduler that did not finish it; running it again", day)
    return bool(taken)


HEARTBEAT_SECONDS = 2.0  # between ticks: catch-up work such as folding new check-ins into the boards


def heartbeat() -> None:
    """The short work that cannot wait for the next minute; a failure is logged, not fatal."""
    try:
        signals.heartbeat.send(None)
    except Exception:
        db.session.rollback()
        log.exception("heartbeat work failed; trying again in a moment")
    finally:
        db.session.remove()


def run_forever(
    queue,
    interval: float = 60.0,
    stop: Callable[[], bool] = lambda: False,
    beat: float = HEARTBEAT_SECONDS,
) -> None:
    """Wake at the start of every minute, tick, repeat; between ticks, a heartbeat every `beat` seconds."""
    service.vapid_key()  # made on first start, before any browser asks for it
    db.session.commit()
    last_nightly: date | None = None
    while not stop():
        try:
            run_once(queue)
            last_nightly = run_nightly_if_due(last_nightly)
        except Exception:
            db.session.rollback()
            log.exception("push scheduler tick failed; trying again next minute")
        finally:
            db.session.remove()
        sleep_for = interval - (clock.time() % interval) if interval >= 1 else interval
        deadline = clock.monotonic() + sleep_for
        while not stop() and clock.monotonic() < deadline:
            clock.sleep(min(beat, max(0.0, deadline - clock.monotonic())))
            heartbeat()

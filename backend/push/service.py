"""The rules of push: keys, devices, reminder settings, what a notification says, and delivery.

Functions called from a request flush and never commit; ``deliver`` is a job (scheduler thread or
RQ worker) and commits itself, because the ledger row must be stored *before* anything is sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import Membership, Team, User
from backend.errors import DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.push.models import Delivery, PushEvent, PushSubscription, ReminderSettings, VapidKey
from backend.push.sender import MAX_PAYLOAD, EndpointRefused, Outcome, PushSender, endpoint_origin, new_key_pair
from backend.rhythm import read as rhythm
from backend.teamrhythm import read as teamrhythm
from backend.timeutil import local_today, utcnow

log = logging.getLogger(__name__)

REMINDER = "reminder"
STREAK = "streak"
REFLECTION = "reflection"
SUMMARY = "summary"
TEST = "test"
SCHEDULED_KINDS = (REMINDER, STREAK, REFLECTION, SUMMARY)
CHALLENGE_KINDS = ("challenge_start", "challenge_halfway", "challenge_last_day", "challenge_result")
# A duel's news, one switch: an invitation (to the invited one), accepted or declined (to the inviter), the result
# (to both). Each event's data says which ("what") and what it is to this person (challenges/read.py, duel_news).
DUEL = "duel"
EVENT_KINDS = ("badge", "applause", "win_credited", "team_goal", "reflection_reply", *CHALLENGE_KINDS, DUEL)
# A challenge's (and a duel's) news is told in the person's daytime: what happens at night (a start at midnight)
# waits for the morning. Quiet hours hold it further, as any event.
DAYTIME = (time(9, 0), time(21, 0))
HELD = "held"  # the events held back by quiet hours, told in one notification when they end
MAX_DEVICES = 10  # per person; the oldest goes when an eleventh subscribes

# Where a tap on the notification leads (paths of the PWA).
DEEP_LINKS = {
    REMINDER: "/",
    STREAK: "/",
    REFLECTION: "/me",  # the question waits on Ik / Me
    SUMMARY: "/team",  # the team's rhythm grid: the week's coaching prompts are about it
    TEST: "/me",
    "badge": "/me",
    "applause": "/wins",
    "win_credited": "/wins",
    "team_goal": "/leaderboard",
    "reflection_reply": "/reflections",
    **{kind: "/challenges" for kind in CHALLENGE_KINDS},
    DUEL: "/challenges#duels",  # the duels, an invitation to answer first
    HELD: "/",
}
# RFC 8030 Urgency: a phone on a low battery only wakes for high ones.
URGENCY = {REMINDER: "normal", STREAK: "high", REFLECTION: "low", SUMMARY: "low", TEST: "high"}
EVENT_TTL = 24 * 3600


def _config(name: str, default=None):
    value = current_app.config.get(name)
    return value if value is not None else os.environ.get(name, default)


def allow_http_loopback() -> bool:
    return str(_config("RITME_PUSH_ALLOW_HTTP_LOOPBACK", "0")).strip().lower() in {"1", "true", "yes", "on"}


def vapid_contact() -> str:
    return _config("RITME_VAPID_CONTACT") or "mailto:admin@ritme.invalid"


# --- VAPID key ------------------------------------------------------------------------------


def vapid_key() -> VapidKey:
    """The server's key pair, made on first use and kept; two workers starting together agree.

    Inserted on a connection of its own, so a request that already wrote nothing is disturbed.
    """
    key = db.session.get(VapidKey, 1)
    if key is not None:
        return key
    private_pem, public_key = new_key_pair()
    try:
        with db.engine.begin() as connection:
            connection.execute(insert(VapidKey).values(id=1, private_pem=private_pem, public_key=public_key))
        log.info("generated the VAPID key pair of this installation")
    except IntegrityError:
        pass  # another process made it first: use theirs
    return db.session.get(VapidKey, 1, populate_existing=True)


# --- devices --------------------------------------------------------------------------------


def _b64url(value: str, field_name: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise _invalid(field_name, "push_key_invalid") from None


def _invalid(field_name: str, key: str) -> DomainError:
    return DomainError("validation_failed", 422, fields={field_name: [translate(key)]})


def _validated_keys(keys: dict) -> tuple[str, str]:
    p256dh = _b64url(keys["p256dh"], "keys.p256dh")
    if len(p256dh) != 65 or p256dh[0] != 4:
        raise _invalid("keys.p256dh", "push_key_invalid")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)  # a point on P-256
    except ValueError:
        raise _invalid("keys.p256dh", "push_key_invalid") from None
    if len(_b64url(keys["auth"], "keys.auth")) != 16:
        raise _invalid("keys.auth", "push_key_invalid")
    # Stored unpadded, as browsers give them
    return keys["p256dh"].rstrip("="), keys["auth"].rstrip("=")


def _endpoint_hash(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


def subscribe(user: User, args: dict, user_agent: str | None = None) -> tuple[PushSubscription, bool]:
    """Save a device; the same endpoint again updates it (and moves it to whoever subscribed last)."""
    endpoint = args["endpoint"]
    try:
        origin = endpoint_origin(endpoint, allow_http_loopback())
    except EndpointRefused as refused:
        raise _invalid("endpoint", refused.code) from None
    p256dh, auth = _validated_keys(args["keys"])
    digest = _endpoint_hash(endpoint)
    now = utcnow()
    subscription = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint_hash == digest))
    created = subscription is None
    if created:
        subscription = PushSubscription(endpoint=endpoint, endpoint_hash=digest, created_at=now)
    subscription.organisation_id = user.organisation_id
    subscription.user_id = user.id
    subscription.origin = origin
    subscription.p256dh = p256dh
    subscription.auth = auth
    subscription.user_agent = (user_agent or "")[:255] or None
    subscription.updated_at = now
    db.session.add(subscription)
    db.session.flush()
    _keep_newest_devices(user)
    return subscription, created


def _keep_newest_devices(user: User) -> None:
    ids = list(
        db.session.scalars(
            select(PushSubscription.id)
            .where(PushSubscription.user_id == user.id)
            .order_by(PushSubscription.updated_at.desc(), PushSubscription.id.desc())
            .offset(MAX_DEVICES)
        )
    )
    if ids:
        db.session.execute(delete(PushSubscription).where(PushSubscription.id.in_(ids)))


def list_devices(user: User) -> list[PushSubscription]:
    return list(
        db.session.scalars(
            select(PushSubscription).where(PushSubscription.user_id == user.id).order_by(PushSubscription.id)
        )
    )


def unsubscribe(user: User, endpoint: str) -> None:
    """Forget this browser's subscription (idempotent: gone already is fine)."""
    db.session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user.id, PushSubscription.endpoint_hash == _endpoint_hash(endpoint)
        )
    )
    db.session.flush()


def remove_device(user: User, subscription_id: int) -> None:
    subscription = db.session.get(PushSubscription, subscription_id)
    if subscription is None or subscription.user_id != user.id:
        raise NotFound()
    db.session.delete(subscription)
    db.session.flush()


# --- settings -------------------------------------------------------------------------------


def defaults(user_id: int | None = None) -> ReminderSettings:
    return ReminderSettings(
        user_id=user_id,
        enabled=True,
        reminder_time=time(16, 30),
        days=[1, 2, 3, 4, 5],
        quiet_start=None,
        quiet_end=None,
        streak_at_risk=True,
        streak_time=time(20, 0),
        reflection_prompt=True,
        manager_summary=True,
        muted_events=[],
    )


def settings_for(user: User) -> ReminderSettings:
    stored = db.session.scalar(select(ReminderSettings).where(ReminderSettings.user_id == user.id))
    return stored or defaults(user.id)


def update_settings(user: User, changes: dict) -> ReminderSettings:
    settings = db.session.scalar(select(ReminderSettings).where(ReminderSettings.user_id == user.id))
    if settings is None:
        settings = defaults(user.id)
        db.session.add(settings)
    events = changes.pop("events", None)
    if events is not None:
        muted = set(settings.muted_events or [])
        for kind, wanted in events.items():
            (muted.discard if wanted else muted.add)(kind)
        settings.muted_events = sorted(muted)
    if "days" in changes:
        changes["days"] = sorted(set(changes["days"]))
    for name, value in changes.items():
        setattr(settings, name, value)
    settings.updated_at = utcnow()
    db.session.flush()
    return settings


# --- what a notification says ---------------------------------------------------------------


@dataclass
class Notification:
    kind: str
    title: str
    body: str
    ttl: int
    url: str = "/"
    topic: str | None = None
    actions: list[dict] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def payload(self) -> bytes:
        """The JSON the service worker reads, kept under one aes128gcm record (RFC 8291)."""
        document = {
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "url": self.url,
            "tag": self.topic or self.kind,
            "icon": "/icons/icon-192.png",
            "badge": "/icons/icon-192.png",
            "actions": self.actions,
            "data": self.data,
        }
        raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        while len(raw) > MAX_PAYLOAD and len(document["body"]) > 40:
            document["body"] = document["body"][: len(document["body"]) * 3 // 4].rstrip() + "…"
            raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        return raw


def seconds_left_today(user: User, now: datetime, days_after: int = 0) -> int:
    """Until local midnight (of `days_after` days later), in real seconds (a DST night is 23 or 25 hours long)."""
    zone = ZoneInfo(user.time_zone)
    midnight = datetime.combine(now.astimezone(zone).date() + timedelta(days=1 + days_after), time(0), tzinfo=zone)
    # Subtracting aware datetimes that share a tzinfo ignores the offsets: go through UTC.
    return max(60, int((midnight.astimezone(UTC) - now.astimezone(UTC)).total_seconds()))


def _streak_words(count: int, weekly: bool, locale: str) -> str:
    if locale == "en":
        return f"{count}-{'week' if weekly else 'day'}"
    return f"{count} {'weken' if weekly else 'dagen'}" if count != 1 else f"1 {'week' if weekly else 'dag'}"


def _checkin_action(item, locale: str, zone: str) -> tuple[list[dict], dict]:
    """A 'Check in' button, only where one tap is a complete check-in (no quality checklist)."""
    behaviour = item.behaviour
    if behaviour.checklist:
        return [], {}
    name = behaviour.name(locale)
    return (
        [{"action": "checkin", "title": translate("push_action_checkin", locale)}],
        {
            "behaviour_id": behaviour.id,
            "behaviour_name": name,
            "time_zone": zone,
            "locale": locale,
            # What the worker shows after the tap: sent, or waiting in the offline queue
            "checked_in": translate("push_checked_in", locale, name=name),
            "queued": translate("push_checkin_queued", locale, name=name),
        },
    )


def compose_reminder(user: User, now: datetime, kind: str = REMINDER) -> Notification | str:
    """The daily reminder or the evening streak-at-risk one; a string says why there is none."""
    locale = user.locale
    today = rhythm.today_for(user, now)
    if today.away:
        return "away"
    todays = [i for i in today.items if i.rhythm.due_today or i.rhythm.done_today]
    undone = [i for i in todays if i.rhythm.due_today and not i.rhythm.done_today]
    if kind == STREAK:
        undone = [i for i in undone if i.rhythm.current >= 3]
    if not undone:
        return "nothing"
    top = max(undone, key=lambda i: (i.rhythm.current, -i.behaviour.id))
    weekly = top.behaviour.cadence == "times_per_week"
    streak = _streak_words(top.rhythm.current, weekly, locale)
    name = top.behaviour.name(locale)
    actions, data = _checkin_action(undone[0], locale, user.time_zone) if len(undone) == 1 else ([], {})
    ttl = seconds_left_today(user, now)
    if kind == STREAK:
        if len(undone) == 1:
            body = translate("push_streak_one", locale, streak=streak, name=name)
        else:
            body = translate("push_streak_many", locale, count=len(undone), streak=streak, name=name)
        title = translate("push_streak_title", locale)
        return Notification(STREAK, title, body, ttl, DEEP_LINKS[STREAK], "ritme-streak", actions, data)
    if len(undone) == 1:
        body = translate("push_reminder_one", locale, name=name)
        if top.rhythm.current >= 2:
            body += " " + translate("push_reminder_one_streak", locale, streak=streak)
    else:
        body = translate("push_reminder_many", locale, undone=len(undone), total=len(todays))
        if top.rhythm.current >= 2:
            body += translate("push_reminder_many_streak", locale, streak=streak)
        else:
            body += "."
    title = translate("push_reminder_title", locale)
    return Notification(REMINDER, title, body, ttl, DEEP_LINKS[REMINDER], "ritme-reminder", actions, data)


def compose_reflection(user: User, now: datetime) -> Notification | str:
    today = local_today(user.time_zone, now)
    if rhythm.is_away(user, today):
        return "away"
    return Notification(
        REFLECTION,
        translate("push_reflection_title", user.locale),
        translate("push_reflection_body", user.locale),
        seconds_left_today(user, now, days_after=2),  # the weekend is fine for reflecting
        DEEP_LINKS[REFLECTION],
        "ritme-reflection",
    )


def compose_summary(user: User, now: datetime) -> Notification | str:
    """Monday: last week of each team the manager leads, in numbers, and the week's coaching prompts."""
    teams = list(
        db.session.scalars(
            select(Team)
            .join(Membership, Membership.team_id == Team.id)
            .where(Membership.user_id == user.id, Membership.manages.is_(True), Team.archived_at.is_(None))
            .order_by(Team.name)
        )
    )
    if not teams:
        return "nothing"
    today = local_today(user.time_zone, now)
    if rhythm.is_away(user, today):
        return "away"
    monday = today - timedelta(days=today.weekday() + 7)
    sunday = monday + timedelta(days=6)
    week = monday.isocalendar().week
    parts = []
    for team in teams:
        members = select(Membership.user_id).where(Membership.team_id == team.id)
        people = db.session.scalar(
            select(func.count()).select_from(User).where(User.id.in_(members), User.active.is_(True))
        )
        checkins, active = rhythm.checkins_between(members, monday, sunday)
        parts.append(
            translate("push_summary_team", user.locale, team=team.name, checkins=checkins, active=active, people=people)
        )
    # Coaching prompts, never a ranking: names in alphabetical order, no scores.
    for prompts in teamrhythm.coaching_prompts(user, now):
        prefix = f"{prompts.team}: " if len(teams) > 1 else ""
        if prompts.not_recognised:
            names = ", ".join(prompts.not_recognised)
            parts.append(prefix + translate("push_summary_not_recognised", user.locale, names=names))
        if prompts.slipping:
            parts.append(prefix + translate("push_summary_slipping", user.locale, names=", ".join(prompts.slipping)))
    return Notification(
        SUMMARY,
        translate("push_summary_title", user.locale, week=week),
        " ".join(parts),
        seconds_left_today(user, now),
        DEEP_LINKS[SUMMARY],
        "ritme-summary",
    )


def compose_events(user: User, kind: str, events: list[PushEvent]) -> Notification | str:
    if not events:
        return "nothing"
    locale = user.locale
    first = events[-1].data or {}  # the latest names the notification
    count = len(events)
    if count == 1 and kind == "challenge_result":
        # The result's words depend on what it means to this person (challenges/read.py, outcomes)
        body = translate(
            f"push_challenge_result_{first.get('outcome') or 'plain'}", locale, **_event_params(first, locale)
        )
    elif count == 1 and kind == DUEL:
        body = _duel_words(first, locale)
    elif count == 1:
        body = translate(f"push_{kind}_one", locale, **_event_params(first, locale))
    else:
        body = translate(f"push_{kind}_many", locale, count=count, **_event_params(first, locale))
    url = DEEP_LINKS[kind]
    if kind in ("applause", "win_credited") and first.get("win_id"):
        url = f"/wins?win={first['win_id']}"
    return Notification(
        kind,
        translate(f"push_{kind}_title", locale),
        body,
        EVENT_TTL,
        url,
        f"ritme-{kind.replace('_', '-')}",
        data={"count": count},
    )


def compose_held(user: User, events: list[PushEvent]) -> Notification | str:
    """What happened during quiet hours, in one notification: one kind is told as that kind's own."""
    counts: dict[str, int] = {}
    for event in events:
        counts[event.kind] = counts.get(event.kind, 0) + 1
    if len(counts) <= 1:
        return compose_events(user, events[0].kind, events) if events else "nothing"
    locale = user.locale
    parts = [
        translate(f"push_held_{kind}_{'one' if counts[kind] == 1 else 'many'}", locale, count=counts[kind])
        for kind in EVENT_KINDS
        if kind in counts
    ]
    body = f"{', '.join(parts[:-1])} {translate('push_held_and', locale)} {parts[-1]}."
    return Notification(
        HELD,
        translate("push_held_title", locale),
        body,
        EVENT_TTL,
        DEEP_LINKS[HELD],
        "ritme-held",
        data={"count": len(events)},
    )


def _percent(value: float, locale: str) -> str:
    words = f"{value:.1f}".removesuffix(".0")
    return words.replace(".", ",") if locale == "nl" else words


def _duel_words(data: dict, locale: str) -> str:
    """One duel's news. The result never shames: each one's own number, the other's, a tie said as a tie."""
    what = data.get("what")
    params = {"person": data.get("person") or translate("push_someone", locale)}
    if what in ("invited", "accepted"):
        params.update(starts=_short_date(data.get("starts_on"), locale), ends=_short_date(data.get("ends_on"), locale))
    if what == "result":
        outcome = data.get("outcome")
        if outcome is None or data.get("mine") is None or data.get("theirs") is None:
            return translate("push_duel_result_plain", locale, **params)
        params.update(mine=_percent(data["mine"], locale), theirs=_percent(data["theirs"], locale))
        return translate(f"push_duel_result_{outcome}", locale, **params)
    return translate(f"push_duel_{what}", locale, **params)


_MONTHS_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short_date(iso: str | None, locale: str) -> str:
    """18 nov / 18 Nov: a duel's day in a notification."""
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.day} {(_MONTHS_EN if locale == 'en' else _MONTHS_NL)[day.month - 1]}"


def _event_params(data: dict, locale: str) -> dict:
    return {
        "name": data.get(f"name_{locale}") or data.get("name_nl") or "",
        "person": data.get("person") or translate("push_someone", locale),
        "team": data.get("team") or "",
        "title": data.get("title") or "",
    }


# --- sending --------------------------------------------------------------------------------

_senders: dict[tuple, PushSender] = {}
_senders_lock = threading.Lock()


def sender() -> PushSender:
    """One sender per process and key: its connection pools and signed headers are reused.

    Tests put their own in ``app.extensions["push_sender"]`` (fast backoff, a recorded sleep).
    """
    injected = current_app.extensions.get("push_sender")
    if injected is not None:
        return injected
    key = vapid_key()
    identity = (key.private_pem, vapid_contact(), allow_http_loopback())
    with _senders_lock:
        if identity not in _senders:
            _senders[identity] = PushSender(key.private_pem, vapid_contact(), allow_loopback=identity[2])
        return _senders[identity]


@dataclass
class Tally:
    devices: int = 0
    sent: int = 0
    failed: int = 0
    removed: int = 0

    def as_dict(self) -> dict:
        return {"devices": self.devices, "sent": self.sent, "failed": self.failed, "removed": self.removed}


def _send_to_devices(
    devices: list[tuple[int, dict]], notification: Notification, interactive: bool = False
) -> tuple[Tally, list[int], list[int]]:
    """Send to each device; no database work here (no transaction is held open while waiting).

    ``interactive`` (someone is waiting for the answer): all devices at once and no retries.
    """
    payload = notification.payload()
    push = sender()
    options = {
        "ttl": notification.ttl,
        "urgency": URGENCY.get(notification.kind, "normal"),
        "topic": notification.topic,
    }

    def one(info: dict):
        return push.send(info, payload, max_retries=0 if interactive else None, **options)

    if interactive and len(devices) > 1:
        with ThreadPoolExecutor(max_workers=min(len(devices), MAX_DEVICES)) as pool:
            results = list(pool.map(one, [info for _, info in devices]))
    else:
        results = [one(info) for _, info in devices]
    tally = Tally(devices=len(devices))
    gone, reached = [], []
    for (subscription_id, _info), result in zip(devices, results, strict=True):
        if result.outcome == Outcome.SENT:
            tally.sent += 1
            reached.append(subscription_id)
        elif result.outcome == Outcome.REMOVED:
            tally.removed += 1
            gone.append(subscription_id)
        else:
            tally.failed += 1
    return tally, gone, reached


def _record(delivery: Delivery, tally: Tally, gone: list[int], reached: list[int]) -> None:
    now = utcnow()
    if gone:
        db.session.execute(delete(PushSubscription).where(PushSubscription.id.in_(gone)))
    if reached:
        db.session.execute(update(PushSubscription).where(PushSubscription.id.in_(reached)).values(last_sent_at=now))
    delivery.devices, delivery.sent, delivery.failed, delivery.removed = (
        tally.devices,
        tally.sent,
        tally.failed,
        tally.removed,
    )
    delivery.status = "sent" if tally.sent else ("no_devices" if not tally.devices else "failed")
    delivery.finished_at = now
    log.info(
        "push %s to user %s: %s (sent %d, failed %d, removed %d)",
        delivery.kind,
        delivery.user_id,
        delivery.status,
        tally.sent,
        tally.failed,
        tally.removed,
    )


def _devices(user_id: int) -> list[tuple[int, dict]]:
    return [
        (s.id, s.info())
        for s in db.session.scalars(select(PushSubscription).where(PushSubscription.user_id == user_id))
    ]


def send_test(user: User, now: datetime | None = None) -> Tally:
    """A test notification to every device of the person, each time it is asked for."""
    now = now or utcnow()
    delivery = Delivery(
        organisation_id=user.organisation_id,
        user_id=user.id,
        kind=TEST,
        local_date=local_today(user.time_zone, now),
        slot=uuid.uuid4().hex,  # never deduplicated
    )
    db.session.add(delivery)
    db.session.flush()
    notification = Notification(
        TEST,
        translate("push_test_title", user.locale),
        translate("push_test_body", user.locale),
        ttl=600,
        url=DEEP_LINKS[TEST],
        topic="ritme-test",
    )
    tally, gone, reached = _send_to_devices(_devices(user.id), notification, interactive=True)
    _record(delivery, tally, gone, reached)
    db.session.flush()
    return tally


def deliver(user_id: int, kind: str, local_date: date, slot: str, now: datetime | None = None) -> str:
    """One job: claim (user, kind, local date, slot) in the ledger, then compose and send.

    The claim is committed before anything is sent, so a second scheduler, a second worker or a
    restart that tries the same slot finds the row and skips: at most once, by the database.
    """
    now = now or utcnow()
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return "inactive"
    delivery = Delivery(
        organisation_id=user.organisation_id, user_id=user.id, kind=kind, local_date=local_date, slot=slot
    )
    db.session.add(delivery)
    try:
        db.session.flush()
        if kind in EVENT_KINDS or kind == HELD:
            # Claim the pending events this delivery tells of (all kinds, for the quiet hours' bundle);
            # an event claimed by another delivery already is not pending any more.
            first_id = int(slot.removeprefix("e"))
            claim = update(PushEvent).where(
                PushEvent.user_id == user.id,
                PushEvent.delivery_id.is_(None),
                PushEvent.id >= first_id,
                or_(PushEvent.due_at.is_(None), PushEvent.due_at <= now),
            )
            if kind != HELD:
                claim = claim.where(PushEvent.kind == kind)
            db.session.execute(claim.values(delivery_id=delivery.id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return "duplicate"

    notification = _compose(user, kind, delivery, now)
    if isinstance(notification, str):
        delivery.status = notification
        delivery.finished_at = utcnow()
        db.session.commit()
        return notification
    delivery.count = notification.data.get("count", 1)
    devices = _devices(user.id)
    db.session.commit()  # nothing held open while the push services answer
    tally, gone, reached = _send_to_devices(devices, notification)
    _record(delivery, tally, gone, reached)
    db.session.commit()
    return delivery.status


def _compose(user: User, kind: str, delivery: Delivery, now: datetime) -> Notification | str:
    if kind in (REMINDER, STREAK):
        return compose_reminder(user, now, kind)
    if kind == REFLECTION:
        return compose_reflection(user, now)
    if kind == SUMMARY:
        return compose_summary(user, now)
    if kind in EVENT_KINDS or kind == HELD:
        events = list(
            db.session.scalars(select(PushEvent).where(PushEvent.delivery_id == delivery.id).order_by(PushEvent.id))
        )
        return compose_held(user, events) if kind == HELD else compose_events(user, kind, events)
    raise ValueError(f"unknown push kind {kind!r}")


# --- events (signal receivers call this) ----------------------------------------------------


def note_event(user_id: int, kind: str, ref_id: int | None = None, data: dict | None = None) -> None:
    """Put an event in the outbox, in the caller's transaction, if the person wants to hear of it."""
    person = db.session.get(User, user_id)
    if person is None or not person.active:
        return
    has_device = db.session.scalar(select(PushSubscription.id).where(PushSubscription.user_id == user_id).limit(1))
    if has_device is None:
        return
    settings = settings_for(person)
    if not settings.enabled or kind in (settings.muted_events or []):
        return
    db.session.add(
        PushEvent(organisation_id=person.organisation_id, user_id=user_id, kind=kind, ref_id=ref_id, data=data or {})
    )
    db.session.flush()


def daytime_from(instant: datetime, zone: str) -> datetime:
    """The first moment from `instant` on that lies in the person's daytime (DAYTIME, their zone)."""
    tz = ZoneInfo(zone)
    local = instant.astimezone(tz)
    start, end = DAYTIME
    if start <= local.time() < end:
        return instant
    day = local.date() if local.time() < start else local.date() + timedelta(days=1)
    return datetime.combine(day, start, tzinfo=tz).astimezone(UTC)  # 09:00 is never in a DST gap


def note_events_daytime(user_ids: list[int], kind: str, ref_id: int | None, at: datetime, data_for) -> int:
    """Put one event per person in the outbox, each due in that person's daytime from `at`, for those who
    want to hear of it: three reads for everyone, not three per person (a challenge has thousands).
    `data_for(user_id)` gives each event's data. Returns how many were put."""
    if not user_ids:
        return 0
    people = db.session.execute(
        select(User.id, User.organisation_id, User.time_zone, ReminderSettings.enabled, ReminderSettings.muted_events)
        .outerjoin(ReminderSettings, ReminderSettings.user_id == User.id)
        .where(User.id.in_(user_ids), User.active.is_(True))
    ).all()
    with_device = set(
        db.session.scalars(select(PushSubscription.user_id).where(PushSubscription.user_id.in_(user_ids)).distinct())
    )
    rows = []
    for user_id, organisation_id, zone, enabled, muted in people:
        if user_id not in with_device or enabled is False or kind in (muted or []):
            continue
        rows.append(
            {
                "organisation_id": organisation_id,
                "user_id": user_id,
                "kind": kind,
                "ref_id": ref_id,
                "data": data_for(user_id),
                "created_at": utcnow(),
                "due_at": daytime_from(at, zone),
            }
        )
    if rows:
        db.session.execute(insert(PushEvent), rows)
    return len(rows)


def drop_pending(user_id: int | None, kind: str, ref_id: int | None) -> None:
    """News that no longer holds (a duel's invitation taken back): the events not yet delivered go."""
    if user_id is None or ref_id is None:
        return
    db.session.execute(
        delete(PushEvent).where(
            PushEvent.user_id == user_id,
            PushEvent.kind == kind,
            PushEvent.ref_id == ref_id,
            PushEvent.delivery_id.is_(None),
        )
    )


def forget_person(user: User) -> None:
    """Deactivated or erased: no device, no setting, nothing pending stays."""
    db.session.execute(delete(PushSubscription).where(PushSubscription.user_id == user.id))
    db.session.execute(delete(PushEvent).where(PushEvent.user_id == user.id))
    db.session.flush()


def erase_person(user: User) -> None:
    forget_person(user)
    # A colleague's duel news names the erased person: it goes (their duels go too, challenges/receivers.py).
    named = [
        event.id
        for event in db.session.scalars(
            select(PushEvent).where(PushEvent.organisation_id == user.organisation_id, PushEvent.kind == DUEL)
        )
        if (event.data or {}).get("person_id") == user.id
    ]
    if named:
        db.session.execute(delete(PushEvent).where(PushEvent.id.in_(named)))
    db.session.execute(delete(ReminderSettings).where(ReminderSettings.user_id == user.id))
    db.session.execute(delete(Delivery).where(Delivery.user_id == user.id))
    db.session.flush()


def export_person(user: User) -> dict:
    settings = db.session.scalar(select(ReminderSettings).where(ReminderSettings.user_id == user.id))
    return {
        "push_devices": [
            {
                "push_service": s.origin,
                "user_agent": s.user_agent,
                "created_at": s.created_at,
                "last_sent_at": s.last_sent_at,
            }
            for s in list_devices(user)
        ],
        "reminder_settings": [settings_document(settings)] if settings else [],
        "push_deliveries": [
            {"kind": d.kind, "local_date": d.local_date, "status": d.status, "created_at": d.created_at}
            for d in db.session.scalars(select(Delivery).where(Delivery.user_id == user.id).order_by(Delivery.id))
        ],
    }


def settings_document(settings: ReminderSettings) -> dict:
    return {
        "enabled": settings.enabled,
        "reminder_time": settings.reminder_time.strftime("%H:%M"),
        "days": list(settings.days or []),
        "quiet_start": settings.quiet_start.strftime("%H:%M") if settings.quiet_start else None,
        "quiet_end": settings.quiet_end.strftime("%H:%M") if settings.quiet_end else None,
        "streak_at_risk": settings.streak_at_risk,
        "streak_time": settings.streak_time.strftime("%H:%M"),
        "reflection_prompt": settings.reflection_prompt,
        "manager_summary": settings.manager_summary,
        "events": {kind: kind not in (settings.muted_events or []) for kind in EVENT_KINDS},
    }


LEDGER_DAYS = 90  # a slot only matters on its own day; the rest is for push-stats


def prune(organisation_id: int, now: datetime | None = None) -> None:
    """Nightly: drop ledger rows and delivered events nobody needs any more."""
    now = now or utcnow()
    db.session.execute(
        delete(PushEvent).where(
            PushEvent.organisation_id == organisation_id,
            PushEvent.delivery_id.is_not(None),
            PushEvent.created_at < now - timedelta(days=7),
        )
    )
    db.session.execute(
        update(PushEvent)
        .where(
            PushEvent.organisation_id == organisation_id,
            PushEvent.delivery_id.in_(
                select(Delivery.id).where(
                    Delivery.organisation_id == organisation_id,
                    Delivery.created_at < now - timedelta(days=LEDGER_DAYS),
                )
            ),
        )
        .values(delivery_id=None)
    )
    db.session.execute(
        delete(Delivery).where(
            Delivery.organisation_id == organisation_id, Delivery.created_at < now - timedelta(days=LEDGER_DAYS)
        )
    )
    db.session.flush()


# --- counting -------------------------------------------------------------------------------


def stats(organisation_id: int | None = None, days: int = 7, now: datetime | None = None) -> list[dict]:
    """Outcomes per kind over the last days: deliveries by status and messages sent/failed/removed."""
    since = (now or utcnow()) - timedelta(days=days)
    query = (
        select(
            Delivery.kind,
            Delivery.status,
            func.count(),
            func.coalesce(func.sum(Delivery.sent), 0),
            func.coalesce(func.sum(Delivery.failed), 0),
            func.coalesce(func.sum(Delivery.removed), 0),
        )
        .where(Delivery.created_at >= since)
        .group_by(Delivery.kind, Delivery.status)
        .order_by(Delivery.kind, Delivery.status)
    )
    if organisation_id is not None:
        query = query.where(Delivery.organisation_id == organisation_id)
    return [
        {"kind": k, "status": s, "deliveries": n, "sent": int(a), "failed": int(b), "removed": int(c)}
        for k, s, n, a, b, c in db.session.execute(query)
    ]


def stats_for(actor: User, days: int) -> list[dict]:
    if not actor.is_admin:
        raise Forbidden()
    return stats(actor.organisation_id, days)

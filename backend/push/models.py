"""Push devices, reminder settings, the delivery ledger, the event outbox and the VAPID key."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow

WEEKDAYS = [1, 2, 3, 4, 5]


class VapidKey(db.Model):
    """The server's one VAPID key pair (RFC 8292), made on first start and kept.

    In the database rather than in instance/, so every worker and every machine signs with the
    same key: the browser bound each subscription to this public key and refuses any other.
    """

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    # base64url of the uncompressed P-256 point: the page's applicationServerKey
    public_key: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PushSubscription(db.Model):
    """One browser on one device that accepted notifications.

    An endpoint belongs to one browser profile: when someone else signs in there and subscribes,
    the endpoint moves to them (unique on its hash; endpoints are long URLs).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(2048))
    endpoint_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # scheme://host[:port] of the push service: the VAPID audience and the connection pool key
    origin: Mapped[str] = mapped_column(String(300))
    p256dh: Mapped[str] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(32))
    user_agent: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def info(self) -> dict:
        """The shape pywebpush takes."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class ReminderSettings(db.Model):
    """When and about what a person wants to hear from Ritme. No row means the defaults."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    reminder_time: Mapped[time] = mapped_column(Time, default=time(16, 30))
    # ISO weekdays, Monday = 1
    days: Mapped[list[int]] = mapped_column(JSON, default=lambda: list(WEEKDAYS))
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    streak_at_risk: Mapped[bool] = mapped_column(Boolean, default=True)
    streak_time: Mapped[time] = mapped_column(Time, default=time(20, 0))
    reflection_prompt: Mapped[bool] = mapped_column(Boolean, default=True)
    manager_summary: Mapped[bool] = mapped_column(Boolean, default=True)
    # Event kinds this person turned off (see service.EVENT_KINDS)
    muted_events: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Delivery(db.Model):
    """The ledger that makes each notification go out at most once.

    A job inserts its row *before* sending; a second scheduler, worker or a restart that tries the
    same (user, kind, local date, slot) hits the unique constraint and skips.
    """

    __table_args__ = (
        UniqueConstraint("user_id", "kind", "local_date", "slot"),
        Index("ix_delivery_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    local_date: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(40))
    # pending → sent | failed | nothing (nothing to say) | away | no_devices
    status: Mapped[str] = mapped_column(String(12), default="pending")
    devices: Mapped[int] = mapped_column(Integer, default=0)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    # How many events a bundle carried (ten applauses → one notification saying 10)
    count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PushEvent(db.Model):
    """Outbox of things that happened to a person (badge, applause…), written in the same
    transaction as the event itself; the scheduler bundles and delivers them."""

    __table_args__ = (Index("ix_push_event_pending", "delivery_id", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    # What to open: the win, the badge award, the team, the reflection
    ref_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Not told before this instant (a challenge's news waits for the person's daytime); None: at once
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id", ondelete="SET NULL"))


class NightlyRun(db.Model):
    """The nightly work's ledger: one row per UTC day for the whole installation.

    A scheduler claims the day (the primary key) and commits before the work starts, so a second
    scheduler or a restart finds the row and leaves the day alone; `finished_at` is set in the
    work's own transaction. A claim left unfinished by a process that died is taken over after an
    hour (scheduler.NIGHTLY_LEASE).
    """

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

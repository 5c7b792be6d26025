"""Outbound endpoints and their deliveries; inbound sources and the events they sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class Endpoint(db.Model):
    """Where an organisation wants its events: a URL, the events, on/off, the payload's shape.

    Two secrets may be valid at once while one is rotated: deliveries are signed with both until
    `previous_secret_until`, so a receiver can switch at its own pace (Standard Webhooks, "rotation").
    """

    __tablename__ = "webhook_endpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2048))
    preset: Mapped[str] = mapped_column(String(16), default="generic")  # generic | teams | slack
    events: Mapped[list] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(32))  # gone (410) | admin
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class Delivery(db.Model):
    """One event for one endpoint: exactly one row per (endpoint, event), whoever notices the event.

    The row is the job: `next_attempt_at` says when it is due, `claimed_until` holds it for the one
    sender that claimed it (a conditional UPDATE, like the nightly ledger's claim), and every answer
    moves it on: delivered, a retry later (backoff with jitter), or given up.
    """

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_key"),
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[str] = mapped_column(String(40), unique=True)  # webhook-id: the same on every retry
    event_key: Mapped[str] = mapped_column(String(80))  # e.g. badge.awarded:12
    event_type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON)  # the event, thin, before the preset shapes it
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    endpoint: Mapped[Endpoint] = relationship()


class InboundSource(db.Model):
    """A system that may check in behaviours: a secret URL, how it authenticates, its mapping rules."""

    __tablename__ = "inbound_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    preset: Mapped[str] = mapped_column(String(16), default="generic")  # generic | hubspot | pipedrive
    auth_mode: Mapped[str] = mapped_column(String(16), default="token")  # token | basic | standard | hubspot
    secret: Mapped[str | None] = mapped_column(String(200))  # HMAC secret, or the Basic password
    basic_username: Mapped[str | None] = mapped_column(String(100))
    # Field paths (dotted) into the body; the presets fill them, the generic form lets the admin choose.
    event_path: Mapped[str] = mapped_column(String(200), default="event")
    id_path: Mapped[str] = mapped_column(String(200), default="id")
    owner_path: Mapped[str] = mapped_column(String(200), default="owner_email")
    # {external owner id: e-mail} for systems that send an owner's id, not their address (Pipedrive, HubSpot)
    owner_map: Mapped[dict] = mapped_column(JSON, default=dict)
    # [{"event": "...", "behaviour_id": n, "quality": {"budget": "path", ...}, "mode": "checkin" | "suggest"}]
    rules: Mapped[list] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InboundEvent(db.Model):
    """Every request a source sent, with what became of it: one row per external id (idempotency)."""

    __tablename__ = "inbound_event"
    __table_args__ = (UniqueConstraint("source_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("inbound_source.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    event: Mapped[str | None] = mapped_column(String(200))
    # checked_in | suggested | counted (added to an outcome figure) | unmapped | unknown_person
    # | refused (rhythm said no: e.g. already checked in)
    outcome: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    behaviour_id: Mapped[int | None] = mapped_column(Integer)
    checkin_id: Mapped[int | None] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Suggestion(db.Model):
    """A CRM event whose rule suggests rather than checks in: the rep confirms it on Today (one tap, a check-in
    through rhythm's signal with this client_id) or dismisses it. Suggestions of one behaviour on one day are
    settled together: the day holds one check-in of it."""

    __tablename__ = "crm_suggestion"
    __table_args__ = (Index("ix_crm_suggestion_open", "user_id", "status", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("inbound_source.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    behaviour_id: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)  # the check-in's, made from source and event id
    event: Mapped[str | None] = mapped_column(String(200))
    quality: Mapped[dict | None] = mapped_column(JSON)
    occurred_on: Mapped[date] = mapped_column(Date)  # the rep's local day the CRM event arrived
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | confirmed | dismissed
    checkin_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

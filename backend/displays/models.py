"""Office screens (displays) and their pairing codes.

A display is not a person: it holds a long-lived bearer credential that reads only its own feed
(`GET /display/feed`). Pairing follows the OAuth device authorization grant (RFC 8628): the screen asks
for a device code and a short user code, a manager or admin enters the user code, the screen's next
poll exchanges the device code (once) for the credential. Codes and credentials are stored hashed.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class DisplayMode(enum.StrEnum):
    NORMAL = "normal"  # names of people in celebrations and (where the preset allows) the top 5
    PUBLIC = "public"  # for screens customers and visitors see: teams, goals and counts only, no names


class PairingStatus(enum.StrEnum):
    PENDING = "pending"  # shown on the screen, waiting for a person to enter it
    APPROVED = "approved"  # entered: the screen's next poll collects the credential
    DENIED = "denied"  # refused by the person: the screen is told access_denied
    USED = "used"  # the credential was handed out: the device code is spent (single use)


class Display(db.Model):
    """One paired screen: what it shows (teams, mode, seconds per slide) and its hashed credential."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    mode: Mapped[str] = mapped_column(String(8), default=DisplayMode.NORMAL.value)
    team_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    slide_seconds: Mapped[int] = mapped_column(Integer, default=12)
    # SHA-256 of the bearer credential (256 random bits: a fast hash is enough, nothing to guess).
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DisplayPairing(db.Model):
    """A device code / user code pair (RFC 8628 §3.2): ten minutes, single use."""

    id: Mapped[int] = mapped_column(primary_key=True)
    device_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_code: Mapped[str] = mapped_column(String(8), index=True)  # 8 letters, shown as XXXX-XXXX
    status: Mapped[str] = mapped_column(String(10), default=PairingStatus.PENDING.value)
    interval: Mapped[int] = mapped_column(Integer, default=5)  # seconds between polls; slow_down adds 5
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    display_id: Mapped[int | None] = mapped_column(ForeignKey("display.id", ondelete="CASCADE"))

"""Instants are stored in UTC; a person's days are computed in their IANA time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

_KNOWN_ZONES = frozenset(available_timezones())


def utcnow() -> datetime:
    return datetime.now(UTC)


def is_valid_time_zone(name: str) -> bool:
    return name in _KNOWN_ZONES


def local_today(time_zone: str, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(ZoneInfo(time_zone)).date()


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime on every backend (SQLite forgets the offset, so we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Ritme stores aware UTC instants only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

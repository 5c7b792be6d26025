"""Rate-limit counters in the application's own database: one count for every worker, without Redis.

Flask-Limiter keeps its counters in a `limits` storage. Its in-memory one counts per process, so
under `make run` (two gunicorn workers) every worker allowed the whole limit; Redis shares them but
is not part of the default installation. This storage (`ritme-database://`, the default without
RITME_REDIS_URL) keeps each fixed window as one row, updated by a single INSERT … ON CONFLICT, so
workers and machines on one database share it. Only the few limited routes (sign-in failures,
password reset, setup, account deletion, test notifications) ever write here.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import current_app
from limits.storage import Storage
from sqlalchemy import Float, Integer, String, case, delete, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db

SCHEME = "ritme-database"


class RateLimitCounter(db.Model):
    """One fixed window of one limit for one key (e.g. sign-in failures for an address)."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)  # HMAC-SHA256 of the limit's key
    hits: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch


_counter = RateLimitCounter.__table__


def _row_key(key: str) -> str:
    # Keys carry what the client sent: an e-mail address (personal data, which an erased account
    # must not leave behind) of any length or content. Only its keyed hash is stored.
    secret = current_app.secret_key
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, key.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


class DatabaseStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with db.engine.begin() as connection:  # its own transaction: a refused request rolls back its own
            insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
            live = _counter.c.expires_at > now
            statement = (
                insert(_counter)
                .values(key=_row_key(key), hits=amount, expires_at=now + expiry)
                .on_conflict_do_update(
                    index_elements=[_counter.c.key],
                    set_={
                        "hits": case((live, _counter.c.hits + amount), else_=amount),
                        "expires_at": case((live, _counter.c.expires_at), else_=now + expiry),
                    },
                )
                .returning(_counter.c.hits)
            )
            hits = connection.execute(statement).scalar_one()
            connection.execute(delete(_counter).where(_counter.c.expires_at < now))
        return hits

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            hits = connection.scalar(
                select(_counter.c.hits).where(_counter.c.key == _row_key(key), _counter.c.expires_at > time.time())
            )
        return hits or 0

    def get_expiry(self, key: str) -> float:
        with db.engine.connect() as connection:
            expires_at = connection.scalar(select(_counter.c.expires_at).where(_counter.c.key == _row_key(key)))
        return expires_at or time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(_counter)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(_counter).where(_counter.c.key == _row_key(key)))

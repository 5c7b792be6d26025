"""INSERT … ON CONFLICT for the database at hand.

SQLite and PostgreSQL spell it alike, but SQLAlchemy keeps the construct per dialect. The
exactly-once rules and the boards' running totals lean on it.
"""

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from backend.extensions import db


def upsert_dialect() -> str:
    return db.session.get_bind().dialect.name


def insert_for(model):
    """An insert() of `model` that offers on_conflict_do_update / _do_nothing on this database."""
    return postgresql_insert(model) if upsert_dialect() == "postgresql" else sqlite_insert(model)

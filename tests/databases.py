"""Which database a test run uses: SQLite (default) or a throwaway PostgreSQL database.

`make test` runs the suite once per backend: RITME_TEST_DB=sqlite, then RITME_TEST_DB=postgres.
Without a PostgreSQL server the postgres run says so loudly and is skipped, except under CI
(CI=true), where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid

POSTGRES_ADMIN_URL = os.environ.get("RITME_TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def backend_name() -> str:
    return os.environ.get("RITME_TEST_DB", "sqlite")


def postgres_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def create_postgres_database() -> tuple[str, str]:
    """A new empty database; returns (its name, its SQLAlchemy URL)."""
    import psycopg

    name = f"ritme_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return name, f"{base}/{name}"


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

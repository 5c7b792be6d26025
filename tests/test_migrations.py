"""Migrations build the schema on an empty SQLite file and an empty PostgreSQL database, agree with the
models, and come down again.

The migrations run as `flask --app backend db upgrade` in a subprocess with DATABASE_URL set, exactly as
`make run` and a deployment run them (config.py reads DATABASE_URL when it is imported).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from tests import databases

ROOT = Path(__file__).resolve().parent.parent
FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "backend", "db"]


def _flask_db(url: str, instance_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "RITME_INSTANCE_DIR": str(instance_dir),
        "RITME_ENV": "development",
        "SECRET_KEY": "migration-test-secret",
    }
    result = subprocess.run(  # noqa: S603 (our own venv's flask, fixed arguments)
        [*FLASK, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"flask db {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _model_metadata() -> sa.MetaData:
    """The models' metadata, with every domain's models imported (create_app registers them all)."""
    from backend import create_app
    from backend.extensions import db
    from config import TestingConfig

    create_app(type("MetadataOnly", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))
    return db.metadata


def _differences(engine: sa.Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, _model_metadata())


def _head_revision() -> str:
    from alembic.config import Config

    config = Config(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def _check_migrations(url: str, instance_dir: Path) -> None:
    engine = sa.create_engine(url)
    try:
        assert _tables(engine) == set(), "the database must start empty"

        _flask_db(url, instance_dir, "upgrade")
        model_tables = {table.name for table in _model_metadata().sorted_tables}
        assert _tables(engine) == model_tables | {"alembic_version"}
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == _head_revision()
        differences = _differences(engine)
        assert differences == [], f"models and migrations disagree; run `flask db migrate`:\n{differences}"

        # Upgrading an up-to-date database is a no-op, as `make run` does on every start.
        _flask_db(url, instance_dir, "upgrade")

        _flask_db(url, instance_dir, "downgrade", "base")
        assert _tables(engine) <= {"alembic_version"}
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() is None

        # And back up again: the downgrades left nothing behind that blocks a fresh upgrade.
        _flask_db(url, instance_dir, "upgrade")
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_migrations_build_an_empty_sqlite_database_matching_the_models(tmp_path):
    _check_migrations(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path)


@pytest.mark.skipif(databases.backend_name() != "postgres", reason="runs with RITME_TEST_DB=postgres")
def test_migrations_build_an_empty_postgresql_database_matching_the_models(tmp_path):
    if not databases.postgres_available():
        pytest.skip(f"PostgreSQL is not reachable at {databases.POSTGRES_ADMIN_URL}")
    name, url = databases.create_postgres_database()
    try:
        _check_migrations(url, tmp_path)
    finally:
        databases.drop_postgres_database(name)


def test_sqlite_database_made_by_migrations_runs_in_wal_mode(tmp_path):
    url = f"sqlite:///{tmp_path / 'wal.sqlite3'}"
    _flask_db(url, tmp_path, "upgrade")
    # The app's engine sets WAL on connect; the mode sticks to the file for every later connection.
    from backend import create_app
    from backend.extensions import db
    from config import TestingConfig

    app = create_app(type("WalCheck", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        # Checkpoints belong to the scheduler's heartbeat; pages are read through a memory map.
        assert db.session.execute(sa.text("PRAGMA wal_autocheckpoint")).scalar() == 10_000
        assert db.session.execute(sa.text("PRAGMA mmap_size")).scalar() == 256 * 1024 * 1024
        assert db.session.execute(sa.text("PRAGMA cache_size")).scalar() == -32 * 1024
        db.session.remove()
        db.engine.dispose()

"""Backups while check-ins go on: everything acknowledged before the backup began is in it (issue 21.22)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from backend.rhythm.models import CheckIn
from backend.timeutil import local_today
from tests.rhythm.conftest import new_client_id

ROOT = Path(__file__).resolve().parent.parent
FLASK = str(Path(sys.executable).parent / "flask")


def flask(database_url: str, instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RITME_ENV": "development",
        "RITME_INSTANCE_DIR": str(instance),
        "SECRET_KEY": "backup-test-secret",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(  # noqa: S603 (our own venv's flask, fixed arguments)
        [FLASK, "--app", "backend", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def fresh_database_url(database_url: str, tmp_path: Path) -> tuple[str, object]:
    """An empty database of the same kind, and how to drop it afterwards."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    from tests import databases

    name, url = databases.create_postgres_database()
    return url, lambda: databases.drop_postgres_database(name)


def test_a_backup_made_during_taps_restores_every_acknowledged_check_in(
    app, database_url, make_user, make_team, make_behaviour, login_as, tmp_path, db
):
    team = make_team("Sales")
    joined = datetime(2020, 1, 1, tzinfo=UTC)
    reps = [make_user(team=team, email=f"rep{n}@example.test", created_at=joined) for n in range(8)]
    behaviour_ids = [make_behaviour([team], name=f"Gedrag {n}").id for n in range(10)]
    today = local_today("Europe/Amsterdam")
    days = [str(today), str(today - timedelta(days=1))]  # today, and yesterday back-filled
    phones = [login_as(rep) for rep in reps]
    for phone in phones:
        phone.csrf_token()
    acknowledged: list[tuple[float, str]] = []  # (when the 201 arrived, client_id)
    failures: list[int] = []
    stop = threading.Event()

    def tap(phone):
        for payload in (
            {"behaviour_id": b, "client_id": new_client_id(), "occurred_on": d} for d in days for b in behaviour_ids
        ):
            if stop.is_set():
                return
            response = phone.post("/api/v1/checkins", json=payload)
            if response.status_code == 201:
                acknowledged.append((time.monotonic(), payload["client_id"]))
            else:
                failures.append((response.status_code, response.get_json()))

    tappers = [threading.Thread(target=tap, args=(phone,)) for phone in phones]
    for thread in tappers:
        thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    backup = tmp_path / "ritme-backup.dump"
    started = time.monotonic()
    made = flask(database_url, tmp_path / "instance", "backup", "create", str(backup), "--pages", "4")
    finished = time.monotonic()
    during = [t for t, _ in acknowledged if started <= t <= finished]
    stop.set()
    for thread in tappers:
        thread.join()
    assert made.returncode == 0, made.stdout + made.stderr
    assert failures == []
    before = {client_id for t, client_id in acknowledged if t < started}
    assert len(before) >= 20
    if database_url.startswith("sqlite"):
        assert "Backing up:" in made.stdout and "pages (100 %)" in made.stdout  # progress, step by step
        assert during, "the taps went on while the backup ran"

    restored_url, drop = fresh_database_url(database_url, tmp_path)
    try:
        restored = flask(restored_url, tmp_path / "fresh-instance", "backup", "restore", str(backup), "--yes")
        assert restored.returncode == 0, restored.stdout + restored.stderr
        engine = create_engine(restored_url)
        try:
            with engine.connect() as connection:
                there = set(connection.scalars(select(CheckIn.client_id)))
        finally:
            engine.dispose()
    finally:
        drop()
    assert before <= there, f"{len(before - there)} acknowledged check-ins missing from the backup"
    assert there <= {client_id for _, client_id in acknowledged}


def test_restore_asks_first_and_refuses_a_file_that_is_no_backup(app, database_url, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite checks; pg_restore refuses such a file itself")
    garbage = tmp_path / "not-a-backup.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    asked = flask(target, tmp_path / "instance", "backup", "restore", str(garbage))
    assert asked.returncode != 0 and "Replace everything" in asked.stdout
    refused = flask(target, tmp_path / "instance", "backup", "restore", str(garbage), "--yes")
    assert refused.returncode != 0

"""A large import never blocks taps: short write transactions, all or nothing for the importer (issue 21.2)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import event, func, select

from backend import signals
from backend.boards.models import BoardDay
from backend.rhythm import imports
from backend.rhythm.import_models import CheckInImport, CheckInImportItem, ImportStatus
from backend.rhythm.import_schemas import MAX_UPLOAD
from backend.rhythm.models import CheckIn, RhythmState
from backend.timeutil import local_today, utcnow
from tests.rhythm.conftest import new_client_id

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).parent / "flask")


@pytest.fixture
def admin(make_user, sales):
    return make_user(role="admin", team=sales, email="admin@example.test")


def history_csv(people, behaviours, days: int, first_day) -> bytes:
    """Every person × behaviour × day, going back from first_day."""
    lines = ["email,behaviour,date"]
    for person in people:
        for behaviour in behaviours:
            lines.extend(f"{person.email},{behaviour.name_nl},{first_day - timedelta(days=d)}" for d in range(days))
    return "\n".join(lines).encode()


def count(db, model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


class WriteTransactions:
    """Check-in rows inserted per committed transaction, seen on the engine's own statements."""

    def __init__(self, engine):
        self.engine = engine
        self.committed: list[int] = []
        self._open: dict[int, int] = defaultdict(int)
        self._last_context = None  # held, so its id is never another's

    def _statement(self, connection, _cursor, statement, _parameters, context, _executemany):
        if statement.lstrip().upper().startswith("INSERT INTO CHECK_IN ") and context is not self._last_context:
            # One execute of many rows may run as several statements (insertmanyvalues): count it once.
            self._last_context = context
            self._open[id(connection)] += len(context.compiled_parameters)

    def _commit(self, connection):
        self.committed.append(self._open.pop(id(connection), 0))

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)


def test_an_import_writes_in_short_transactions_and_settles_a_few_people_at_a_time(
    admin, make_user, make_behaviour, sales, db
):
    people = [make_user(team=sales, email=f"batch{n}@example.test") for n in range(25)]
    behaviours = [make_behaviour([sales], name=f"Gedrag {n}") for n in range(4)]
    yesterday = local_today("Europe/Amsterdam") - timedelta(days=1)
    data = history_csv(people, behaviours, 55, yesterday)  # 25 × 4 × 55 = 5,500 rows
    settled: list[list[int]] = []

    def record(_sender, user_ids, **_kwargs):
        settled.append(list(user_ids))

    signals.checkins_imported.connect(record)
    try:
        with WriteTransactions(db.engine) as transactions:
            report = imports.import_checkins(admin, data)
    finally:
        signals.checkins_imported.disconnect(record)

    assert report.imported == 5500 and report.invalid == 0
    writes = [rows for rows in transactions.committed if rows]
    assert max(writes) <= imports.CHUNK
    assert sum(writes) == 5500 and len(writes) == math.ceil(5500 / imports.CHUNK)
    # The boards and checkpoints of 25 people: in transactions of at most SETTLE_PEOPLE people each.
    assert sorted(p for batch in settled for p in batch) == sorted(p.id for p in people)
    assert max(len(batch) for batch in settled) <= imports.SETTLE_PEOPLE
    record_row = db.session.get(CheckInImport, report.import_id)
    assert record_row.status == ImportStatus.COMPLETE and record_row.finished_at is not None
    assert (record_row.imported, record_row.valid, record_row.rows) == (5500, 5500, 5500)
    assert count(db, CheckInImportItem) == 0  # the undo list is forgotten once complete
    assert count(db, BoardDay, BoardDay.user_id == people[0].id) == 55


def test_a_failing_import_leaves_nothing_behind(admin, rep, make_behaviour, sales, login_as, db):
    behaviours = [make_behaviour([sales], name=f"Gedrag {n}", points=10) for n in range(3)]
    yesterday = local_today(rep.time_zone) - timedelta(days=1)
    rep_api = login_as(rep)
    late = {"behaviour_id": behaviours[0].id, "client_id": new_client_id(), "occurred_on": str(yesterday)}
    assert rep_api.post("/api/v1/checkins", json=late).status_code == 201  # from the app: it stays
    before = rep_api.get("/api/v1/today").get_json()  # settles streak checkpoints
    board = "/api/v1/leaderboards?scope=people&period=all&metric=points"
    points_before = next(r for r in rep_api.get(board).get_json()["rows"] if r.get("is_me"))["value"]
    assert points_before == 10
    data = history_csv([rep], behaviours, 40, yesterday)  # 120 rows, one already there
    calls = []

    def progress(n):
        calls.append(n)
        if len(calls) == 4:  # the errors, then three chunks of 10 written and committed
            raise RuntimeError("the importer's connection went away")

    imports.CHUNK, chunk = 10, imports.CHUNK
    try:
        with pytest.raises(RuntimeError, match="went away"):
            imports.import_checkins(admin, data, progress=progress)
    finally:
        imports.CHUNK = chunk

    assert count(db, CheckIn) == 1  # only the app's own check-in
    [failed] = db.session.scalars(select(CheckInImport))
    assert failed.status == ImportStatus.FAILED and failed.finished_at is not None
    assert count(db, CheckInImportItem) == 0
    after = rep_api.get("/api/v1/today").get_json()
    assert [b["streak"] for b in after["behaviours"]] == [b["streak"] for b in before["behaviours"]]
    assert next(r for r in rep_api.get(board).get_json()["rows"] if r.get("is_me"))["value"] == points_before

    # Nothing is left half-done, so the same file simply goes in the next time.
    report = imports.import_checkins(admin, data)
    assert report.imported == 119 and report.skipped_existing == 1
    assert count(db, RhythmState, RhythmState.user_id == rep.id) == 0  # recomputed on the next read


def test_an_import_whose_process_died_is_undone_once_its_heartbeat_is_old(
    admin, rep, make_behaviour, sales, monkeypatch, db
):
    behaviour = make_behaviour([sales], name="Gedrag")
    data = history_csv([rep], [behaviour], 30, local_today(rep.time_zone) - timedelta(days=1))

    def die(_n):
        raise SystemExit("killed")

    monkeypatch.setattr(imports, "CHUNK", 10)
    monkeypatch.setattr(imports, "_undo", lambda *_args: None)  # the process dies before it can undo
    with pytest.raises(SystemExit):
        imports.import_checkins(admin, data, progress=lambda n: n and die(n))
    monkeypatch.undo()
    assert count(db, CheckIn) == 10
    [left] = db.session.scalars(select(CheckInImport))
    assert left.status == ImportStatus.RUNNING

    assert imports.recover_abandoned(now=utcnow() + timedelta(minutes=5)) == 0  # it might still be working
    assert count(db, CheckIn) == 10
    with time_machine.travel(utcnow() + imports.ABANDONED_AFTER + timedelta(minutes=1)):
        signals.nightly.send(None, now=utcnow())  # the nightly run recovers it
    assert count(db, CheckIn) == 0
    db.session.refresh(left)
    assert left.status == ImportStatus.FAILED


def _maximal_file(people, behaviours, first_day) -> tuple[bytes, int]:
    """As many rows as fit under the upload limit (92k for these names), all new history."""
    lines = ["email,behaviour,date"]
    size, days = len(lines[0]), 0
    while True:
        day = first_day - timedelta(days=days)
        block = [f"{p.email},{b.name_nl},{day}" for p in people for b in behaviours]
        grown = size + sum(len(line) + 1 for line in block)
        if grown > MAX_UPLOAD:
            break
        lines.extend(block)
        size, days = grown, days + 1
    return "\n".join(lines).encode(), len(lines) - 1


@pytest.mark.real_clock
def test_taps_go_on_during_a_maximal_import_in_another_process(
    app, database_url, admin, make_user, make_behaviour, sales, login_as, tmp_path, db
):
    """A 5 MB import runs in another process (the CLI) while reps tap here: every tap succeeds, none waits long.

    Before the batches, taps waited behind the import's one transaction for its whole length (7 s
    and a 500 after 5 s on SQLite). Now the import holds the lock for one chunk at a time, so a
    tap waits at most about one chunk. The bound asserted is the write lock's own limit (a tap that waited
    longer would have failed, as before the batches): a busy shared machine must not fail this test. The
    ~1 s figure is printed, and measured here at 0.5–1.05 s under load.
    """
    from backend import sqlite_writers

    wait_bound = sqlite_writers.WAIT_LIMIT
    people = [make_user(team=sales, email=f"verkoper{n:03d}.achternaam@example.test") for n in range(100)]
    behaviours = [make_behaviour([sales], name=f"Gedrag {n}") for n in range(10)]
    today = local_today("Europe/Amsterdam")
    data, rows = _maximal_file(people, behaviours, today - timedelta(days=2))
    assert rows >= 90_000 and len(data) <= MAX_UPLOAD
    path = tmp_path / "history.csv"
    path.write_bytes(data)
    tappers = [login_as(p) for p in people[:20]]
    for phone in tappers:
        phone.csrf_token()

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RITME_ENV": "development",
        "RITME_INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": "import-test-secret",
        "PYTHONPATH": str(ROOT),
    }
    importer = subprocess.Popen(  # noqa: S603 (our own venv's flask, fixed arguments)
        [FLASK, "--app", "backend", "import-checkins", str(path), "--organisation", "Acme BV"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    waits: list[float] = []
    during: list[str] = []
    failures: list[tuple[int, object]] = []
    n = 0
    try:
        deadline = time.monotonic() + 300
        while importer.poll() is None and time.monotonic() < deadline:
            db.session.rollback()
            status = db.session.scalar(select(CheckInImport.status).order_by(CheckInImport.id.desc()).limit(1))
            phone = tappers[n % len(tappers)]
            behaviour = behaviours[(n // len(tappers)) % len(behaviours)]
            started = time.monotonic()
            tapped = phone.post("/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": new_client_id()})
            waits.append(time.monotonic() - started)
            if tapped.status_code == 201:
                started = time.monotonic()
                undone = phone.delete(f"/api/v1/checkins/{tapped.get_json()['id']}")
                waits.append(time.monotonic() - started)
                if undone.status_code != 204:
                    failures.append((undone.status_code, undone.get_json()))
            else:
                failures.append((tapped.status_code, tapped.get_json()))
            if status in (ImportStatus.RUNNING, ImportStatus.SETTLING):
                during.append(status)
            n += 1
        output = importer.communicate(timeout=120)[0].decode()
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()
    assert importer.returncode == 0, output
    assert f"imported {rows}," in output and f"Importing {rows} rows" in output
    assert failures == []
    assert during.count(ImportStatus.RUNNING) >= 10, (len(waits), during[:5])  # the taps really overlapped
    slowest = sorted(waits)[-3:]  # taps and undos, each a write transaction
    print(f"{len(waits)} taps and undos during the import; slowest {slowest}")
    assert slowest[-1] < wait_bound, f"slowest tap or undo {slowest} s of {len(waits)}"
    assert count(db, CheckIn, CheckIn.source == "import") == rows

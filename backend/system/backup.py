"""`flask --app backend backup create PATH` and `backup restore PATH`: back up while the app runs.

SQLite (the embedded default): SQLite's online backup API copies the database page by page into
PATH while the app goes on writing. The copy reads from one snapshot: the source connection holds a
read transaction for the whole copy, so in WAL mode writers carry on beside it and the backup never
restarts; it holds every transaction committed before it began and none of the later ones. It is
written next to PATH first and renamed once complete and checked, so PATH is never half a backup.

PostgreSQL: the commands call pg_dump (custom format, itself a consistent snapshot while the app
runs) and pg_restore. See docs/deploy.md, "Backups".
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask.cli import with_appcontext

from backend.extensions import db

PAGES_PER_STEP = 1024  # 4 MB per step with SQLite's 4 KB pages


def _sqlite_file() -> Path | None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise click.ClickException("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def _libpq_url() -> str:
    """The database URL as pg_dump and pg_restore take it: no +driver, the password in PGPASSWORD instead."""
    return db.engine.url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _printer(label: str):
    def progress(_status, remaining: int, total: int) -> None:
        done = total - remaining
        click.echo(f"{label}: {done}/{total} pages ({100 * done // max(total, 1)} %)")

    return progress


def _check(connection: sqlite3.Connection, what: str) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise click.ClickException(f"{what} fails SQLite's check: {result}")


def backup_sqlite(source: Path, target: Path, pages: int = PAGES_PER_STEP, progress=None) -> int:
    """Copy the live database at `source` into `target` (replaced only once complete); returns its pages."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source_connection = sqlite3.connect(source, timeout=30)
    target_connection = sqlite3.connect(partial)
    try:
        # One read transaction for the whole copy: every step reads the same snapshot, so writes
        # that commit meanwhile neither restart the backup nor slip into it.
        source_connection.execute("BEGIN")
        source_connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        source_connection.backup(target_connection, pages=pages, progress=progress)
        source_connection.rollback()
        _check(target_connection, "The backup")
        total = target_connection.execute("PRAGMA page_count").fetchone()[0]
    finally:
        target_connection.close()
        source_connection.close()
    os.replace(partial, target)
    return total


def restore_sqlite(backup: Path, database: Path, pages: int = PAGES_PER_STEP, progress=None) -> None:
    """Make `database` a copy of `backup`, through SQLite's backup API (it locks and replaces every page)."""
    source_connection = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    target_connection = sqlite3.connect(database, timeout=30)
    try:
        _check(source_connection, "The backup")
        source_connection.backup(target_connection, pages=pages, progress=progress)
        _check(target_connection, "The restored database")
    finally:
        target_connection.close()
        source_connection.close()


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise click.ClickException(f"{command[0]} is not installed (PostgreSQL's client tools).")
    env = dict(os.environ)
    if db.engine.url.password:
        env["PGPASSWORD"] = db.engine.url.password  # not on the command line, where `ps` shows it
    result = subprocess.run(command, env=env, check=False)  # noqa: S603 (PostgreSQL's own tools, our arguments)
    if result.returncode != 0:
        raise click.ClickException(f"{command[0]} failed with exit status {result.returncode}.")


@click.group("backup")
def backup_command():
    """Back up the database while the app runs, and restore a backup (see docs/deploy.md)."""


@backup_command.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pages", default=PAGES_PER_STEP, show_default=True, help="SQLite pages copied per step.")
@with_appcontext
def create_command(path: Path, pages: int):
    """Write a consistent copy of the database to PATH, while the app goes on."""
    source = _sqlite_file()
    if source is None:
        click.echo(f"pg_dump (custom format) to {path}")
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}", _libpq_url()])
        click.echo(f"Backup written to {path}.")
        return
    db.engine.dispose()  # this command's own pooled connections hold nothing open meanwhile
    total = backup_sqlite(source, path, pages=pages, progress=_printer("Backing up"))
    click.echo(f"Backup of {source} written to {path} ({total} pages, checked).")


@backup_command.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace everything in the database.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace the whole database by the backup at PATH. Stop the app (and its scheduler) first."""
    source = _sqlite_file()
    target = source if source is not None else "the PostgreSQL database"
    if not yes:
        click.confirm(f"Replace everything in {target} by {path}?", abort=True)
    if source is None:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_libpq_url()}",
                str(path),
            ]
        )
        click.echo(f"Restored {path}.")
        return
    db.engine.dispose()
    restore_sqlite(path, source, progress=_printer("Restoring"))
    click.echo(f"Restored {path} into {source} (checked).")

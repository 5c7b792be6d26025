"""The record of a CSV import of check-ins while it is written in short batches (see imports.py).

A large import is written in many short transactions so that it never holds the database's write
lock for long. The import record and its items make that all-or-nothing for the person importing:
every check-in the import inserted is listed against it until it is complete, so an import that
fails halfway (or whose process dies) is undone exactly, row for row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class ImportStatus:
    RUNNING = "running"  # check-ins being inserted; undone if it fails or is abandoned
    SETTLING = "settling"  # all inserted: streak checkpoints and boards being brought up to date
    COMPLETE = "complete"
    FAILED = "failed"  # undone: none of its check-ins remain


class CheckInImport(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.RUNNING)
    strict: Mapped[bool] = mapped_column(Boolean, default=False)
    rows: Mapped[int] = mapped_column(Integer, default=0)  # data rows in the file
    valid: Mapped[int] = mapped_column(Integer, default=0)  # rows to write
    invalid: Mapped[int] = mapped_column(Integer, default=0)
    # Rows written or skipped so far: updated with the heartbeat, so a status read shows progress.
    imported: Mapped[int] = mapped_column(Integer, default=0)
    skipped_existing: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moved on every few seconds while the import works; a running import whose heartbeat stopped
    # long ago lost its process and is undone (imports.recover_abandoned).
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CheckInImportItem(db.Model):
    """A check-in an unfinished import inserted; removed once the import is complete or undone.

    No foreign key to check_in: a tap's undo must not look here. The undo of an import deletes a
    check-in only when it still is this import's (same id, source "import", the import's instant).
    """

    import_id: Mapped[int] = mapped_column(
        ForeignKey("check_in_import.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    check_in_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)

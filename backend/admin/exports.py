"""Data exports: a person's own data (JSON, or a zip of CSV per kind) and a whole organisation (zip, streamed).

Admin writes the kinds of accounts and admin itself; every other domain answers the signals
personal_data_export and organisation_data_export with its own kinds (rhythm's in rhythm/receivers.py).

A zip is written into a pipe that the response drains chunk by chunk, and rows come from the
database in batches (yield_per), so exporting a large organisation keeps memory flat. Each kind
becomes `<kind>.json` and `<kind>.csv`; the CSV is spooled to a temporary file while its JSON
twin streams out, so every row is read once.

The organisation's zip is made while the response streams, after the request has ended: it loads what
it needs by id in the stream's own session, and writes its audit entry (and commits) only once the
whole body exists, just before the zip's last bytes.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from sqlalchemy import select

from backend import csvfile
from backend.accounts.models import Invite, Membership, Organisation, Team, User, UserSession
from backend.admin.audit import record_audit
from backend.admin.models import AuditEntry
from backend.extensions import db
from backend.rhythm import read as rhythm
from backend.signals import organisation_data_export, personal_data_export
from backend.timeutil import utcnow

CHUNK = 64 * 1024
BATCH = 1000
SPOOL_IN_MEMORY = 1024 * 1024


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(mapping: dict) -> dict:
    return {key: _plain(value) for key, value in mapping.items()}


# --- a person's own data ----------------------------------------------------------------------


def personal_data(user: User) -> dict[str, list[dict]]:
    """Everything Ritme keeps about a person, by kind: accounts here, every other domain by signal."""
    rhythm.catch_up(user.organisation_id, commit=False)  # the boards and badges of every tap so far
    data: dict[str, list[dict]] = {
        "profile": [
            _row(
                {
                    "id": user.id,
                    "name": user.name,
                    "email": user.email,
                    "role": user.role,
                    "organisation": user.organisation.name,
                    "time_zone": user.time_zone,
                    "locale": user.locale,
                    "active": user.active,
                    "board_opt_in": user.board_opt_in,
                    "created_at": user.created_at,
                }
            )
        ],
        "teams": [
            {"team_id": m.team_id, "team": m.team.name, "kind": m.team.kind, "manages": m.manages}
            for m in sorted(user.memberships, key=lambda m: m.team.name)
        ],
        "sessions": [
            _row(
                {
                    "created_at": s.created_at,
                    "last_seen_at": s.last_seen_at,
                    "ended_at": s.revoked_at,
                    "device": s.user_agent,
                }
            )
            for s in db.session.scalars(
                select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.created_at)
            )
        ],
    }
    for _receiver, sections in personal_data_export.send(user):
        for kind, rows in (sections or {}).items():
            data.setdefault(kind, []).extend(_row(dict(row)) for row in rows)
    return data


def personal_json(user: User) -> bytes:
    document = {"exported_at": utcnow().isoformat(), "person_id": user.id, "data": personal_data(user)}
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode()


def personal_zip(user: User) -> bytes:
    data = personal_data(user)
    return b"".join(
        stream_zip(
            [(kind, lambda rows=rows: rows) for kind, rows in data.items()], {"export.json": personal_json(user)}
        )
    )


# --- a whole organisation ---------------------------------------------------------------------


def _rows(statement, to_row: Callable) -> Callable[[], Iterator[dict]]:
    def generate():
        for item in db.session.execute(statement.execution_options(yield_per=BATCH)):
            yield to_row(*item)

    return generate


def organisation_kinds(organisation: Organisation) -> list[tuple[str, Callable[[], Iterable[dict]]]]:
    """Accounts' and admin's kinds, then every other domain's (organisation_data_export)."""
    org_id = organisation.id
    kinds = [
        (
            "organisation",
            lambda: [
                _row(
                    {
                        "id": organisation.id,
                        "name": organisation.name,
                        "time_zone": organisation.time_zone,
                        "locale": organisation.locale,
                        "visibility": organisation.visibility,
                        "boards_top_only": organisation.boards_top_only,
                        "leaders_shown": organisation.leaders_shown,
                        "retention_days": organisation.retention_days,
                        "win_points": organisation.win_points,
                        "confirmed_win_bonus": organisation.confirmed_win_bonus,
                        "created_at": organisation.created_at,
                    }
                )
            ],
        ),
        (
            "teams",
            _rows(
                select(Team).where(Team.organisation_id == org_id).order_by(Team.id),
                lambda t: _row(
                    {
                        "id": t.id,
                        "name": t.name,
                        "kind": t.kind,
                        "archived_at": t.archived_at,
                        "created_at": t.created_at,
                    }
                ),
            ),
        ),
        (
            "people",
            _rows(
                select(User).where(User.organisation_id == org_id, User.erased_at.is_(None)).order_by(User.id),
                lambda u: _row(
                    {
                        "id": u.id,
                        "name": u.name,
                        "email": u.email,
                        "role": u.role,
                        "active": u.active,
                        "time_zone": u.time_zone,
                        "locale": u.locale,
                        "created_at": u.created_at,
                    }
                ),
            ),
        ),
        (
            "memberships",
            _rows(
                select(Membership.team_id, Membership.user_id, Membership.manages)
                .join(Team, Team.id == Membership.team_id)
                .where(Team.organisation_id == org_id)
                .order_by(Membership.id),
                lambda team_id, user_id, manages: {"team_id": team_id, "user_id": user_id, "manages": manages},
            ),
        ),
        (
            "invites",
            _rows(
                select(Invite).where(Invite.organisation_id == org_id).order_by(Invite.id),
                lambda i: _row(
                    {
                        "id": i.id,
                        "email": i.email,
                        "team_id": i.team_id,
                        "role": i.role,
                        "created_at": i.created_at,
                        "expires_at": i.expires_at,
                        "accepted_at": i.accepted_at,
                        "revoked_at": i.revoked_at,
                    }
                ),
            ),
        ),
        (
            "audit_log",
            _rows(
                select(AuditEntry).where(AuditEntry.organisation_id == org_id).order_by(AuditEntry.id),
                lambda e: _row(
                    {
                        "id": e.id,
                        "at": e.created_at,
                        "actor_id": e.actor_id,
                        "action": e.action,
                        "target_type": e.target_type,
                        "target_id": e.target_id,
                        "target": e.target_label,
                        "details": json.dumps(e.details or {}, ensure_ascii=False),
                    }
                ),
            ),
        ),
    ]
    # Other domains' kinds; two answers for one kind become one file.
    extra: dict[str, list[Callable[[], Iterable[dict]]]] = {}
    for _receiver, sections in organisation_data_export.send(organisation):
        for kind, rows in (sections or {}).items():
            extra.setdefault(kind, []).append(rows if callable(rows) else (lambda rows=rows: rows))
    taken = {kind for kind, _rows in kinds}
    for kind, sources in extra.items():
        name = kind if kind not in taken else f"{kind}_more"
        kinds.append((name, lambda sources=sources: (_row(dict(row)) for source in sources for row in source())))
    return kinds


def organisation_zip(organisation_id: int, actor_id: int) -> Iterator[bytes]:
    """The organisation's zip, for a streamed response: a generator that runs only as the body is read,
    after the request has ended, in the stream's session (nothing loaded by the view is used).

    Pending taps are folded and committed first, so the export then only reads (on SQLite it holds no
    write lock while it streams). The audit entry `organisation_exported` is written and committed once
    every row is out, before the last chunk: a failed or abandoned export leaves no entry, and an export
    whose entry cannot be written never becomes a complete zip.
    """
    rhythm.catch_up(organisation_id)  # the boards and badges of every tap so far
    organisation = db.session.get(Organisation, organisation_id)
    readme = (
        f"Ritme export of {organisation.name}, {utcnow().isoformat()}.\n"
        "Each kind is here twice: <kind>.json (an array of objects) and <kind>.csv (UTF-8, comma separated).\n"
    ).encode()

    def exported() -> None:
        record_audit(db.session.get(User, actor_id), "organisation_exported", organisation)
        db.session.commit()

    yield from _last_chunk_after(stream_zip(organisation_kinds(organisation), {"README.txt": readme}), exported)


def _last_chunk_after(chunks: Iterator[bytes], complete: Callable[[], None]) -> Iterator[bytes]:
    """Every chunk but the last, then complete(), then the last one."""
    held = None
    for chunk in chunks:
        if held is not None:
            yield held
        held = chunk
    complete()
    if held is not None:
        yield held


# --- the zip writer ---------------------------------------------------------------------------


class _Pipe(io.RawIOBase):
    """A write-only, unseekable stream: zipfile writes into it, the response drains it."""

    def __init__(self):
        super().__init__()
        self._chunks: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        self.size += len(chunk)
        return len(chunk)

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        self.size = 0
        return data


def stream_zip(kinds: list[tuple[str, Callable[[], Iterable[dict]]]], extra: dict[str, bytes]) -> Iterator[bytes]:
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in extra.items():
            archive.writestr(name, content)
        for kind, rows in kinds:
            with tempfile.SpooledTemporaryFile(
                max_size=SPOOL_IN_MEMORY, mode="w+", newline="", encoding="utf-8"
            ) as spool:
                writer = csvfile.Writer(spool)  # the first row names the columns
                with archive.open(f"{kind}.json", "w", force_zip64=True) as out:
                    out.write(b"[")
                    for index, row in enumerate(rows()):
                        line = json.dumps(row, ensure_ascii=False, default=str).encode()
                        out.write((b",\n" if index else b"\n") + line)
                        writer.writerow(row)
                        if pipe.size >= CHUNK:
                            yield pipe.drain()
                    out.write(b"\n]\n")
                spool.seek(0)
                with archive.open(f"{kind}.csv", "w", force_zip64=True) as out:
                    out.write(csvfile.BOM.encode())  # so Excel reads UTF-8
                    while block := spool.read(CHUNK):
                        out.write(block.encode())
                        if pipe.size >= CHUNK:
                            yield pipe.drain()
            if pipe.size:
                yield pipe.drain()
    yield pipe.drain()

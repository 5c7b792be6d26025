"""Import historical check-ins from a spreadsheet (CSV: email,behaviour,date[,note]).

Every row is validated first, against the importing admin's organisation only; the report names
each bad row (its line in the file) and why, in the importer's language. Then either all valid
rows go in, or with ``strict`` nothing does when any row is bad. Each row's ``client_id`` is derived
from what it says (uuid5), and rows whose person, behaviour and day are already checked in are
skipped, so importing the same file twice adds nothing the second time.

Functions flush rather than commit; the request (or the CLI command) commits once.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from backend import signals
from backend.accounts.models import Membership, User
from backend.errors import DomainError, Forbidden
from backend.extensions import db
from backend.http import storable_text
from backend.i18n import translate
from backend.rhythm import service
from backend.rhythm.models import Behaviour, BehaviourTeam, CheckIn, RhythmState
from backend.timeutil import utcnow
from backend.upsert import insert_for

MAX_NOTE = 500
CHUNK = 1000  # rows per existence query and per bulk insert
NAMESPACE = uuid.UUID("6f0c2a52-51a4-4c1e-9a43-6b1b8e2f1d7e")  # Ritme check-in imports; never change it

# Column names as people write them, in English or Dutch; matched case-insensitively.
COLUMNS = {
    "email": "email",
    "e-mail": "email",
    "emailadres": "email",
    "e-mailadres": "email",
    "behaviour": "behaviour",
    "behavior": "behaviour",
    "gedrag": "behaviour",
    "date": "date",
    "datum": "date",
    "note": "note",
    "notitie": "note",
    "opmerking": "note",
}
REQUIRED = ("email", "behaviour", "date")
DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Progress = Callable[[int], None]


class ImportFileError(DomainError):
    """The file as a whole cannot be read (encoding, header); no row was looked at."""

    def __init__(self, key: str, locale: str, **params):
        super().__init__(key, 422, message=translate(key, locale, **params))


# --- report -----------------------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    codes: list[str]
    reasons: list[str]

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)

    def as_dict(self) -> dict:
        return {"line": self.line, "reason": self.reason, "codes": self.codes}


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    skipped_existing: int = 0
    errors: list[RowError] = field(default_factory=list)
    strict: bool = False

    @property
    def invalid(self) -> int:
        return len(self.errors)

    @property
    def rejected(self) -> bool:
        """Strict and at least one bad row: nothing was written."""
        return self.strict and bool(self.errors)

    def as_dict(self, max_errors: int | None = None) -> dict:
        shown = self.errors if max_errors is None else self.errors[:max_errors]
        return {
            "rows": self.rows,
            "imported": self.imported,
            "skipped_existing": self.skipped_existing,
            "invalid": self.invalid,
            "strict": self.strict,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in shown],
            "errors_truncated": len(shown) < len(self.errors),
        }


# --- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line in the file where the row starts; the header is line 1
    values: dict[str, str]  # column -> stripped text; a column the row lacks is absent
    extra: int  # fields beyond the header's columns


def decode(data: bytes | str, locale: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("import_not_utf8", locale) from None


def _delimiter(header_line: str) -> str:
    """Excel writes ';' where the decimal separator is a comma (Dutch settings), ',' elsewhere.

    The header names contain neither, so the separator the header uses most is the file's.
    """
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_csv(data: bytes | str, locale: str = "nl") -> list[Row]:
    """The rows of the file with their line numbers; blank rows are left out."""
    text = decode(data, locale)
    if not text.strip():
        raise ImportFileError("import_empty_file", locale)
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    try:
        header: list[str] | None = None
        rows: list[Row] = []
        while True:
            start = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            if not any(f.strip() for f in fields):
                continue  # Excel leaves rows of bare separators at the end
            if header is None:
                header = _columns(fields, locale)
                continue
            values = {name: value.strip() for name, value in zip(header, fields, strict=False)}
            rows.append(Row(line=start, values=values, extra=max(0, len(fields) - len(header))))
    except csv.Error:
        raise ImportFileError("import_not_csv", locale) from None
    return rows


def _columns(fields: list[str], locale: str) -> list[str]:
    names = [f.strip().lower() for f in fields]
    unknown = [f.strip() for f, n in zip(fields, names, strict=True) if n not in COLUMNS]
    columns = [COLUMNS.get(n, n) for n in names]
    missing = [c for c in REQUIRED if c not in columns]
    if unknown:
        problem = translate("import_header_unknown", locale, columns=", ".join(unknown))
        raise ImportFileError("import_bad_header", locale, problem=problem)
    if missing:
        problem = translate("import_header_missing", locale, columns=", ".join(missing))
        raise ImportFileError("import_bad_header", locale, problem=problem)
    if len(set(columns)) != len(columns):
        doubled = sorted({c for c in columns if columns.count(c) > 1})
        problem = translate("import_header_doubled", locale, columns=", ".join(doubled))
        raise ImportFileError("import_bad_header", locale, problem=problem)
    return columns


def parse_date(text: str) -> date | None:
    """ISO 2024-03-18, or Dutch 18-03-2024 (also 18-3-2024, 18/03/2024 and 18.03.2024)."""
    try:
        if ISO_DATE.match(text):
            return date.fromisoformat(text)
        match = DUTCH_DATE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


# --- validation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    time_zone: str
    team_ids: frozenset[int]


@dataclass(frozen=True)
class Valid:
    line: int
    person: Person
    behaviour: Behaviour
    occurred_on: date
    note: str | None

    @property
    def key(self) -> tuple[int, int, date]:
        return (self.person.id, self.behaviour.id, self.occurred_on)


class Directory:
    """The organisation's people and behaviours, read once, so thousands of rows cost no queries."""

    def __init__(self, organisation_id: int):
        teams: dict[int, set[int]] = defaultdict(set)
        for user_id, team_id in db.session.execute(
            select(Membership.user_id, Membership.team_id)
            .join(User, User.id == Membership.user_id)
            .where(User.organisation_id == organisation_id)
        ):
            teams[user_id].add(team_id)
        self.people = {
            email: Person(user_id, email, time_zone, frozenset(teams[user_id]))
            for user_id, email, time_zone in db.session.execute(
                select(User.id, User.email, User.time_zone).where(User.organisation_id == organisation_id)
            )
        }
        behaviours = list(db.session.scalars(select(Behaviour).where(Behaviour.organisation_id == organisation_id)))
        self.behaviour_teams: dict[int, set[int]] = defaultdict(set)
        for behaviour_id, team_id in db.session.execute(
            select(BehaviourTeam.behaviour_id, BehaviourTeam.team_id).where(
                BehaviourTeam.behaviour_id.in_(select(Behaviour.id).where(Behaviour.organisation_id == organisation_id))
            )
        ):
            self.behaviour_teams[behaviour_id].add(team_id)
        self.by_name: dict[str, list[Behaviour]] = defaultdict(list)
        for behaviour in behaviours:
            for name in {behaviour.name_nl.strip().casefold(), behaviour.name_en.strip().casefold()} - {""}:
                self.by_name[name].append(behaviour)

    def behaviour(self, name: str, person: Person | None) -> tuple[Behaviour | None, str | None]:
        """The behaviour a name means (Dutch or English name); when several share it, the one for the person."""
        candidates = self.by_name.get(name.casefold(), [])
        if len(candidates) > 1 and person is not None:
            for narrower in (
                [b for b in candidates if self.behaviour_teams[b.id] & person.team_ids],
                [b for b in candidates if self.behaviour_teams[b.id] & person.team_ids and b.archived_at is None],
            ):
                if narrower:
                    candidates = narrower
        if not candidates:
            return None, "import_unknown_behaviour"
        if len(candidates) > 1:
            return None, "import_ambiguous_behaviour"
        return candidates[0], None


def validate(rows: list[Row], directory: Directory, locale: str, now: datetime) -> tuple[list[Valid], list[RowError]]:
    """Every row checked; the valid ones (first of duplicates) and a RowError per bad one."""
    valid: list[Valid] = []
    errors: list[RowError] = []
    first_line: dict[tuple[int, int, date], int] = {}
    today_in: dict[str, date] = {}
    for row in rows:
        problems: list[tuple[str, dict]] = []
        values = row.values
        missing = [c for c in REQUIRED if not values.get(c)]
        if missing:
            problems.append(("import_missing_columns", {"columns": ", ".join(missing)}))
        if row.extra:
            problems.append(("import_extra_columns", {"count": len(values) + row.extra, "expected": len(values)}))
        unstorable = [column for column, value in values.items() if not storable_text(value)]
        if unstorable:
            problems.append(("import_unstorable_text", {"columns": ", ".join(unstorable)}))
        email = values.get("email", "").lower()
        person = directory.people.get(email) if email else None
        if email and person is None:
            problems.append(("import_unknown_email", {"email": values["email"]}))
        behaviour = None
        name = values.get("behaviour", "")
        if name:
            behaviour, problem = directory.behaviour(name, person)
            if problem:
                problems.append((problem, {"behaviour": name}))
            elif person is not None and not directory.behaviour_teams[behaviour.id] & person.team_ids:
                problems.append(("import_not_for_person", {"behaviour": name, "email": values["email"]}))
        occurred_on = None
        if values.get("date"):
            occurred_on = parse_date(values["date"])
            if occurred_on is None:
                problems.append(("import_bad_date", {"date": values["date"]}))
            else:
                # The person's own today; without a known person, the latest today anywhere (UTC+14).
                zone = person.time_zone if person else "Pacific/Kiritimati"
                if zone not in today_in:
                    today_in[zone] = now.astimezone(ZoneInfo(zone)).date()
                if occurred_on > today_in[zone]:
                    problems.append(("import_future_date", {"date": values["date"]}))
        note = values.get("note") or None
        if note and len(note) > MAX_NOTE:
            problems.append(("import_note_too_long", {"max": MAX_NOTE}))
        if not problems and person and behaviour and occurred_on:
            key = (person.id, behaviour.id, occurred_on)
            if key in first_line:
                problems.append(("import_duplicate_row", {"line": first_line[key]}))
            else:
                first_line[key] = row.line
                valid.append(Valid(row.line, person, behaviour, occurred_on, note))
        if problems:
            errors.append(
                RowError(
                    line=row.line,
                    codes=[code for code, _ in problems],
                    reasons=[translate(code, locale, **params) for code, params in problems],
                )
            )
    return valid, errors


# --- writing ----------------------------------------------------------------------------------


def client_id_for(organisation_id: int, email: str, behaviour_id: int, day: date) -> str:
    """The same row always yields the same client_id: a re-import replays, it does not add."""
    return str(uuid.uuid5(NAMESPACE, f"{organisation_id}|{email.lower()}|{behaviour_id}|{day.isoformat()}"))


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(chunk: list[Valid]) -> set[tuple[int, int, date]]:
    """Which (person, behaviour, day) of the chunk are checked in already: one query per chunk."""
    found = db.session.execute(
        select(CheckIn.user_id, CheckIn.behaviour_id, CheckIn.occurred_on).where(
            CheckIn.user_id.in_({v.person.id for v in chunk}),
            CheckIn.behaviour_id.in_({v.behaviour.id for v in chunk}),
            CheckIn.occurred_on >= min(v.occurred_on for v in chunk),
            CheckIn.occurred_on <= max(v.occurred_on for v in chunk),
        )
    )
    return {tuple(row) for row in found}


def _insert_statement():
    table = CheckIn.__table__
    # A concurrent import of the same rows loses the race quietly instead of failing the request.
    return insert_for(table).on_conflict_do_nothing().returning(table.c.user_id, table.c.behaviour_id)


def _write(organisation_id: int, valid: list[Valid], report: ImportReport, now: datetime, progress: Progress) -> None:
    statement = _insert_statement()
    points: dict[int, float] = {}
    touched: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(valid, key=lambda v: v.key), CHUNK):
        existing = _existing(chunk)
        fresh = [v for v in chunk if v.key not in existing]
        report.skipped_existing += len(chunk) - len(fresh)
        if fresh:
            values = []
            for v in fresh:
                if v.behaviour.id not in points:
                    points[v.behaviour.id] = service.points_for(v.behaviour, None)
                values.append(
                    {
                        "organisation_id": organisation_id,
                        "user_id": v.person.id,
                        "behaviour_id": v.behaviour.id,
                        "client_id": client_id_for(organisation_id, v.person.email, v.behaviour.id, v.occurred_on),
                        "occurred_on": v.occurred_on,
                        "time_zone": v.person.time_zone,
                        "received_at": now,
                        "recorded_at": None,
                        "late": False,
                        "source": "import",
                        "note": v.note,
                        "quality": None,
                        "quality_score": None,
                        "points": points[v.behaviour.id],
                    }
                )
            inserted = db.session.execute(statement, values).all()
            report.imported += len(inserted)
            report.skipped_existing += len(fresh) - len(inserted)
            touched.update((user_id, behaviour_id) for user_id, behaviour_id in inserted)
        progress(len(chunk))
    _forget_rhythms(touched)
    db.session.flush()
    if touched:
        # Bulk inserts are not pending a fold: tell the boards whose history changed (they rebuild).
        signals.checkins_imported.send(
            None, organisation_id=organisation_id, user_ids=sorted({user_id for user_id, _ in touched})
        )


def _forget_rhythms(pairs: set[tuple[int, int]]) -> None:
    """Imported days lie in the settled past: drop those checkpoints, they are recomputed on read."""
    by_user: dict[int, set[int]] = defaultdict(set)
    for user_id, behaviour_id in pairs:
        by_user[user_id].add(behaviour_id)
    for user_id, behaviour_ids in by_user.items():
        db.session.execute(
            delete(RhythmState).where(RhythmState.user_id == user_id, RhythmState.behaviour_id.in_(behaviour_ids)),
            execution_options={"synchronize_session": False},
        )


# --- the whole import -------------------------------------------------------------------------


def import_checkins(
    actor: User,
    data: bytes | str | None = None,
    strict: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
    rows: list[Row] | None = None,
) -> ImportReport:
    """Validate every row, then write all valid rows (or, when strict and any row is bad, none).

    ``progress(n)`` is called as rows are settled (bad ones once validated, good ones once written
    or skipped), adding up to the number of rows. Pass already parsed ``rows`` to parse only once.
    """
    if not actor.is_admin:
        raise Forbidden()
    now = now or utcnow()
    locale = actor.locale
    progress = progress or (lambda _n: None)
    if rows is None:
        rows = parse_csv(data or b"", locale)
    directory = Directory(actor.organisation_id)
    valid, errors = validate(rows, directory, locale, now)
    report = ImportReport(rows=len(rows), errors=errors, strict=strict)
    progress(len(errors))
    if report.rejected:
        progress(len(valid))
        return report
    _write(actor.organisation_id, valid, report, now, progress)
    return report

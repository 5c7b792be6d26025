"""Import historical check-ins from a spreadsheet (CSV: email,behaviour,date[,note]).

Every row is validated first, against the importing admin's organisation only; the report names
each bad row (its line in the file) and why, in the importer's language. Then either all valid
rows go in, or with ``strict`` nothing does when any row is bad. Each row's ``client_id`` is derived
from what it says (uuid5), and rows whose person, behaviour and day are already checked in are
skipped, so importing the same file twice adds nothing the second time.

Writing commits in short batches, all or nothing for the importer (see "writing" below).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select, update

from backend import csvfile, signals
from backend.accounts.models import Membership, User
from backend.errors import Forbidden
from backend.extensions import db
from backend.http import storable_text
from backend.i18n import translate
from backend.locks import hold_aggregates
from backend.rhythm import service
from backend.rhythm.import_models import CheckInImport, CheckInImportItem, ImportStatus
from backend.rhythm.models import Behaviour, BehaviourTeam, CheckIn, RhythmState
from backend.timeutil import utcnow
from backend.upsert import insert_for

MAX_NOTE = 500
CHUNK = 1000  # rows per write transaction: one insert, and one list of what it inserted
SETTLE_PEOPLE = 6  # at most this many people's checkpoints and boards brought up to date per transaction
SETTLE_BUDGET = 0.1  # seconds: the settling transactions aim at this length
PURGE = 5000  # finished import items forgotten per transaction
HEARTBEAT = timedelta(seconds=2)
ABANDONED_AFTER = timedelta(minutes=10)  # a running import this long without a heartbeat lost its process
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
# The template's header per language: names COLUMNS reads, the required ones first.
TEMPLATE_HEADER = {"nl": ("e-mailadres", "gedrag", "datum", "notitie"), "en": ("email", "behaviour", "date", "note")}

Progress = Callable[[int], None]
log = logging.getLogger(__name__)


# The file's reading and the report are every import's (backend/csvfile.py); the names stay here too.
ImportFileError = csvfile.ImportFileError
RowError = csvfile.RowError
ImportReport = csvfile.ImportReport
Row = csvfile.Row
decode = csvfile.decode
parse_date = csvfile.parse_date


def parse_csv(data: bytes | str, locale: str = "nl") -> list[Row]:
    """The rows of the file with their line numbers; blank rows are left out."""
    return csvfile.read_rows(data, locale, COLUMNS, REQUIRED)


def template(actor: User, locale: str, now: datetime | None = None) -> str:
    """A CSV to fill in: the header this import reads, in the admin's language, and one example row.

    The example names one of the organisation's own behaviours and yesterday in the admin's zone, written
    the way the language writes dates, but an address at an example domain: imported unchanged it is
    reported as an unknown person, never stored as someone's check-in.
    """
    if not actor.is_admin:
        raise Forbidden()
    locale = locale if locale in TEMPLATE_HEADER else "nl"
    behaviour = db.session.scalars(
        select(Behaviour)
        .where(Behaviour.organisation_id == actor.organisation_id, Behaviour.archived_at.is_(None))
        .order_by(Behaviour.id)
        .limit(1)
    ).first()
    name = behaviour.name(locale) if behaviour else None
    yesterday = (now or utcnow()).astimezone(ZoneInfo(actor.time_zone)).date() - timedelta(days=1)
    row = (
        translate("import_template_email", locale),
        name or translate("import_template_behaviour", locale),
        yesterday.strftime("%d-%m-%Y") if locale == "nl" else yesterday.isoformat(),
        translate("import_template_note", locale),
    )
    return csvfile.text(TEMPLATE_HEADER[locale], [row], bom=True)


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
            .where(User.organisation_id == organisation_id, Membership.manages.is_(False))  # members do its behaviours
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
                # History is imported for members; the managers' own behaviours are matched by nobody.
                BehaviourTeam.behaviour_id.in_(
                    select(Behaviour.id).where(
                        Behaviour.organisation_id == organisation_id, Behaviour.for_managers.is_(False)
                    )
                )
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
#
# SQLite lets one writer in at a time, and every other request that writes (a tap, a win) waits
# behind it. So an import never writes in one long transaction: it inserts CHUNK rows per
# transaction, listing each check-in it inserted against its CheckInImport record, then brings the
# streak checkpoints and boards of the people it touched up to date, a few people per transaction.
# Each of those transactions holds the write lock for tens of milliseconds; other writers take turns between
# them (sqlite_writers hands the lock over in well under a millisecond). On PostgreSQL the same
# short transactions keep the fold's lock and the boards' rows free for the taps in between.
#
# All or nothing for the person importing: when any batch fails (or the process dies and the
# heartbeat stops), the check-ins the import listed are deleted again in short batches and the
# people it touched are settled anew, so the import leaves nothing behind and may simply be run
# again. While it runs, the rows it has written are visible as they go in; see docs/deploy.md.


def client_id_for(organisation_id: int, email: str, behaviour_id: int, day: date) -> str:
    """The same row always yields the same client_id: a re-import replays, it does not add."""
    return str(uuid.uuid5(NAMESPACE, f"{organisation_id}|{email.lower()}|{behaviour_id}|{day.isoformat()}"))


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _rows_for(organisation_id: int, valid: list[Valid], now: datetime) -> list[dict]:
    """The check_in rows, in key order, computed before the first commit (which expires the ORM objects)."""
    points: dict[int, float] = {}
    rows = []
    for v in sorted(valid, key=lambda v: v.key):
        if v.behaviour.id not in points:
            points[v.behaviour.id] = service.points_for(v.behaviour, None)
        rows.append(
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
    return rows


def _insert_statement():
    table = CheckIn.__table__
    # Rows already there (from the app, an earlier import, or a concurrent one) are skipped.
    return insert_for(table).on_conflict_do_nothing().returning(table.c.id, table.c.user_id, table.c.behaviour_id)


class _Heartbeat:
    """Moves the import's heartbeat (and its progress counters) on at most every HEARTBEAT."""

    def __init__(self, import_id: int):
        self.import_id = import_id
        self.last = utcnow()

    def beat(self, report: ImportReport | None = None) -> None:
        moment = utcnow()
        if moment - self.last < HEARTBEAT:
            return
        self.last = moment
        values: dict = {"heartbeat_at": moment}
        if report is not None:
            values.update(imported=report.imported, skipped_existing=report.skipped_existing)
        db.session.execute(update(CheckInImport).where(CheckInImport.id == self.import_id).values(**values))


def _write(record: CheckInImport, rows: list[dict], report: ImportReport, progress: Progress) -> None:
    """Insert the rows CHUNK per transaction, then settle the people they touched; undone on any failure."""
    import_id, organisation_id = record.id, record.organisation_id
    statement = _insert_statement()
    items = CheckInImportItem.__table__
    heart = _Heartbeat(import_id)
    touched: dict[int, set[int]] = defaultdict(set)
    try:
        for chunk in _chunks(rows, CHUNK):
            inserted = db.session.execute(statement, chunk).all()
            if inserted:
                db.session.execute(insert(items), [{"import_id": import_id, "check_in_id": row[0]} for row in inserted])
            report.imported += len(inserted)
            report.skipped_existing += len(chunk) - len(inserted)
            for _id, user_id, behaviour_id in inserted:
                touched[user_id].add(behaviour_id)
            heart.beat(report)
            db.session.commit()
            progress(len(chunk))
    except BaseException:
        db.session.rollback()
        _undo(import_id, organisation_id)
        raise
    db.session.execute(
        update(CheckInImport)
        .where(CheckInImport.id == import_id)
        .values(status=ImportStatus.SETTLING, imported=report.imported, skipped_existing=report.skipped_existing)
    )
    db.session.commit()
    _settle(import_id, organisation_id, touched, heart)
    _finish(import_id, ImportStatus.COMPLETE)


def _settle(import_id: int, organisation_id: int, touched: dict[int, set[int]], heart: _Heartbeat) -> None:
    """Streak checkpoints and boards of the touched people, a few per transaction.

    A person's rebuild costs tens of milliseconds (more on a slow machine), so after a first
    transaction of SETTLE_PEOPLE each takes as many people as the last one showed fit in
    SETTLE_BUDGET (at least one, at most SETTLE_PEOPLE).
    """
    waiting = sorted(touched)
    size = SETTLE_PEOPLE
    while waiting:
        people, waiting = waiting[:size], waiting[size:]
        started = time.perf_counter()
        # The rebuild below moves aggregates: their lock before the checkpoints this deletes (which the fold
        # also writes, holding that lock), so the two never wait for each other (backend/locks.py).
        hold_aggregates(organisation_id)
        _forget_rhythms({user_id: touched[user_id] for user_id in people})
        # The boards rebuild these people's aggregates from their check-ins (each check-in once).
        signals.checkins_imported.send(None, organisation_id=organisation_id, user_ids=people)
        heart.beat()
        db.session.commit()
        per_person = (time.perf_counter() - started) / len(people)
        size = max(1, min(SETTLE_PEOPLE, int(SETTLE_BUDGET / max(per_person, 1e-6))))


def _forget_rhythms(pairs: dict[int, set[int]]) -> None:
    """Imported days lie in the settled past: drop those checkpoints, they are recomputed on read."""
    for user_id, behaviour_ids in pairs.items():
        db.session.execute(
            delete(RhythmState).where(RhythmState.user_id == user_id, RhythmState.behaviour_id.in_(behaviour_ids)),
            execution_options={"synchronize_session": False},
        )


def _finish(import_id: int, status: str) -> None:
    """Mark the import finished, then forget its items, PURGE per transaction."""
    db.session.execute(
        update(CheckInImport).where(CheckInImport.id == import_id).values(status=status, finished_at=utcnow())
    )
    db.session.commit()
    items = CheckInImportItem.__table__
    while True:
        batch = select(items.c.check_in_id).where(items.c.import_id == import_id).limit(PURGE)
        gone = db.session.execute(
            delete(items).where(items.c.import_id == import_id, items.c.check_in_id.in_(batch.scalar_subquery()))
        ).rowcount
        db.session.commit()
        if gone < PURGE:
            return


def _undo(import_id: int, organisation_id: int) -> None:
    """Delete every check-in this import inserted, CHUNK per transaction, and settle the people anew."""
    record = db.session.get(CheckInImport, import_id)
    received_at = record.started_at
    items = CheckInImportItem.__table__
    heart = _Heartbeat(import_id)
    touched: dict[int, set[int]] = defaultdict(set)
    while True:
        ids = list(
            db.session.scalars(
                select(items.c.check_in_id)
                .where(items.c.import_id == import_id)
                .order_by(items.c.check_in_id)
                .limit(CHUNK)
            )
        )
        if not ids:
            break
        # Still this import's own row: an id SQLite handed out again later is someone else's.
        mine = (CheckIn.id.in_(ids), CheckIn.source == "import", CheckIn.received_at == received_at)
        for user_id, behaviour_id in db.session.execute(select(CheckIn.user_id, CheckIn.behaviour_id).where(*mine)):
            touched[user_id].add(behaviour_id)
        db.session.execute(delete(CheckIn).where(*mine), execution_options={"synchronize_session": False})
        db.session.execute(delete(items).where(items.c.import_id == import_id, items.c.check_in_id.in_(ids)))
        heart.beat()
        db.session.commit()
    _settle(import_id, organisation_id, touched, heart)
    _finish(import_id, ImportStatus.FAILED)
    log.warning("check-in import %s of organisation %s was undone", import_id, organisation_id)


def recover_abandoned(now: datetime | None = None) -> int:
    """Finish what a dead process left: undo its running imports, settle its settling ones.

    An import is abandoned when its heartbeat stopped ABANDONED_AFTER ago. Runs before every import
    and nightly; returns the number of imports recovered.
    """
    cutoff = (now or utcnow()) - ABANDONED_AFTER
    abandoned = db.session.execute(
        select(CheckInImport.id, CheckInImport.organisation_id, CheckInImport.status).where(
            CheckInImport.status.in_([ImportStatus.RUNNING, ImportStatus.SETTLING]),
            CheckInImport.heartbeat_at < cutoff,
        )
    ).all()
    db.session.commit()
    for import_id, organisation_id, status in abandoned:
        if status == ImportStatus.RUNNING:
            _undo(import_id, organisation_id)
            continue
        items = CheckInImportItem.__table__
        touched: dict[int, set[int]] = defaultdict(set)
        for user_id, behaviour_id in db.session.execute(
            select(CheckIn.user_id, CheckIn.behaviour_id)
            .join(items, items.c.check_in_id == CheckIn.id)
            .where(items.c.import_id == import_id)
            .distinct()
        ):
            touched[user_id].add(behaviour_id)
        _settle(import_id, organisation_id, touched, _Heartbeat(import_id))
        _finish(import_id, ImportStatus.COMPLETE)
    return len(abandoned)


@signals.nightly.connect
def _recover_nightly(_sender, **_kwargs) -> None:
    recover_abandoned()


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

    Commits: the rows go in over many short transactions (see "writing" above), and the import is
    all or nothing: if it fails, what it wrote is deleted again before the error propagates.
    ``progress(n)`` is called as rows are settled (bad ones once validated, good ones once written
    or skipped), adding up to the number of rows. Pass already parsed ``rows`` to parse only once.
    """
    if not actor.is_admin:
        raise Forbidden()
    now = now or utcnow()
    organisation_id, actor_id, locale = actor.organisation_id, actor.id, actor.locale
    progress = progress or (lambda _n: None)
    if rows is None:
        rows = parse_csv(data or b"", locale)
    directory = Directory(organisation_id)
    valid, errors = validate(rows, directory, locale, now)
    report = ImportReport(rows=len(rows), errors=errors, strict=strict)
    progress(len(errors))
    if report.rejected or not valid:
        progress(len(valid))
        return report
    values = _rows_for(organisation_id, valid, now)
    recover_abandoned()
    record = CheckInImport(
        organisation_id=organisation_id,
        actor_id=actor_id,
        strict=strict,
        rows=report.rows,
        valid=len(values),
        invalid=report.invalid,
        started_at=now,
        heartbeat_at=utcnow(),
    )
    db.session.add(record)
    db.session.commit()
    report.import_id = record.id
    _write(record, values, report, progress)
    return report

"""Import weekly outcome figures from a CSV (week, team, measure, value, and optionally person): what a manager
otherwise enters one by one on the 'Wat werkt' screen.

A row with a person (their e-mail address) is that team member's own figure: the person must be a member of
the row's team, which the importer manages (or the importer is an admin). The report counts such rows like
any other and never repeats a figure.

The file is read by the one CSV reader of every import (backend/csvfile.py) and answered with the same
line-numbered report as the check-in and NPS imports, plus how many existing figures were replaced. Every row
is validated first; then all valid rows go in, or with ``strict`` nothing does when any row is bad. A figure
already stored for the team, week and measure is replaced, as entering it again by hand does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from backend import csvfile
from backend.accounts.models import Team, User
from backend.errors import Forbidden
from backend.extensions import db
from backend.http import storable_text
from backend.outcomes import service
from backend.outcomes.models import OutcomeValue
from backend.rhythm import read as rhythm
from backend.timeutil import local_today, utcnow

MAX_VALUE = 1e9  # as ValueArgs of a figure entered by hand

# Column names as people write them, in English or Dutch; matched case-insensitively.
COLUMNS = {
    "week": "week",
    "week start": "week",
    "week_start": "week",
    "weekstart": "week",
    "date": "week",
    "datum": "week",
    "team": "team",
    "afdeling": "team",
    "department": "team",
    "measure": "measure",
    "outcome": "measure",
    "uitkomst": "measure",
    "maatstaf": "measure",
    "value": "value",
    "waarde": "value",
    "figure": "value",
    "cijfer": "value",
    "person": "person",
    "persoon": "person",
    "email": "person",
    "e-mail": "person",
    "medewerker": "person",
    "employee": "person",
}
REQUIRED = ("week", "team", "measure", "value")

ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")  # 12, 12.5 or the Dutch 12,5; no thousands separators


@dataclass
class ValuesImportReport(csvfile.ImportReport):
    """The shared report, plus the figures that replaced one already stored."""

    updated: int = 0

    def as_dict(self, max_errors: int | None = None) -> dict:
        return {**super().as_dict(max_errors), "updated": self.updated}


def parse_week(text: str) -> date | None:
    """The Monday of the ISO week `2026-W48`, or of the week of any day (ISO or Dutch date)."""
    match = ISO_WEEK.match(text)
    if match:
        try:
            return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            return None
    day = csvfile.parse_date(text)
    return rhythm.week_start(day) if day else None


def parse_value(text: str) -> float | None:
    if not NUMBER.match(text):
        return None
    value = float(text.replace(",", "."))
    return value if -MAX_VALUE <= value <= MAX_VALUE else None


def _by_name(items, *names) -> dict[str, list]:
    found: dict[str, list] = {}
    for item in items:
        for key in {name(item).casefold() for name in names if name(item)}:
            found.setdefault(key, []).append(item)
    return found


def _people(organisation_id: int, emails: set[str]) -> dict[str, tuple[User, set[int]]]:
    """e-mail (casefolded) → the active person and the teams they are a member of (not those they manage)."""
    wanted = {e.strip().casefold() for e in emails}
    if not wanted:
        return {}
    found: dict[str, tuple[User, set[int]]] = {}
    for person in db.session.scalars(
        select(User).where(
            User.organisation_id == organisation_id, User.active.is_(True), func.lower(User.email).in_(wanted)
        )
    ):
        found[person.email.casefold()] = (person, {m.team_id for m in person.memberships if not m.manages})
    return found


def ensure_may_import(actor: User) -> None:
    """Admins, and managers (each row then only for the teams they manage)."""
    if not (actor.is_admin or actor.managed_team_ids()):
        raise Forbidden()


def import_values(
    actor: User, data: bytes | str, strict: bool = False, now: datetime | None = None
) -> ValuesImportReport:
    """Validate every row, then write the valid ones (or, strict with a bad row, none). Flushes; the request commits."""
    ensure_may_import(actor)
    now = now or utcnow()
    locale = actor.locale
    rows = csvfile.read_rows(data, locale, COLUMNS, REQUIRED, bad_header="outcome_import_bad_header")
    this_week = rhythm.week_start(local_today(actor.time_zone, now))
    teams = _by_name(
        db.session.scalars(select(Team).where(Team.organisation_id == actor.organisation_id)), lambda t: t.name
    )
    measures = _by_name(service.list_measures(actor), lambda m: m.name_nl, lambda m: m.name_en)
    report = ValuesImportReport(rows=len(rows), strict=strict)
    valid: dict[tuple[int, int, date], tuple[int, float]] = {}  # (team, measure, week) -> (line, value)
    person_valid: dict[tuple[int, int, date], tuple[int, float]] = {}  # (person, measure, week) -> (line, value)
    people = _people(actor.organisation_id, {r.values["person"] for r in rows if r.values.get("person")})
    for row in rows:
        values = row.values
        problems: list[tuple[str, dict]] = []
        missing = [c for c in REQUIRED if not values.get(c)]
        if missing:
            problems.append(("import_missing_columns", {"columns": ", ".join(missing)}))
        if row.extra:
            problems.append(("import_extra_columns", {"count": len(values) + row.extra, "expected": len(values)}))
        unstorable = [column for column, value in values.items() if not storable_text(value)]
        if unstorable:
            problems.append(("import_unstorable_text", {"columns": ", ".join(unstorable)}))
        week = None
        if values.get("week"):
            week = parse_week(values["week"])
            if week is None:
                problems.append(("outcome_import_bad_week", {"week": values["week"]}))
            elif week > this_week:
                problems.append(("outcome_import_future_week", {"week": values["week"]}))
        team = None
        if values.get("team"):
            matches = teams.get(values["team"].casefold(), [])
            if not matches:
                problems.append(("outcome_import_unknown_team", {"team": values["team"]}))
            elif not service.may_enter(actor, matches[0]):
                problems.append(("outcome_import_not_your_team", {"team": values["team"]}))
            else:
                team = matches[0]
        measure = None
        if values.get("measure"):
            matches = measures.get(values["measure"].casefold(), [])
            if len(matches) != 1:
                key = "outcome_import_unknown_measure" if not matches else "outcome_import_ambiguous_measure"
                problems.append((key, {"measure": values["measure"]}))
            else:
                measure = matches[0]
        value = None
        if values.get("value"):
            value = parse_value(values["value"])
            if value is None:
                problems.append(("outcome_import_bad_value", {"value": values["value"]}))
        person = None
        if values.get("person") and team:
            person, member_of = people.get(values["person"].strip().casefold(), (None, set()))
            if person is None:
                problems.append(("outcome_import_unknown_person", {"person": values["person"]}))
            elif team.id not in member_of:
                problems.append(("outcome_import_person_not_in_team", {"person": values["person"], "team": team.name}))
        if not problems and team and measure and week and value is not None:
            target, key_text = (person_valid, "outcome_import_duplicate_person_row") if person else (valid, None)
            key = (person.id if person else team.id, measure.id, week)
            if key in target:
                problems.append((key_text or "outcome_import_duplicate_row", {"line": target[key][0]}))
            else:
                target[key] = (row.line, value)
        if problems:
            report.errors.append(csvfile.row_error(row.line, problems, locale))
    if report.rejected or not (valid or person_valid):
        return report
    for (user_id, measure_id, week), (_line, value) in person_valid.items():
        replaced = service.put_person_value(
            actor.organisation_id, measure_id, user_id, week, value, "import", actor.id, now
        )
        report.updated += replaced
        report.imported += not replaced
    if not valid:
        return report
    existing = {
        (v.team_id, v.measure_id, v.week_start): v
        for v in db.session.scalars(
            select(OutcomeValue).where(
                OutcomeValue.organisation_id == actor.organisation_id,
                OutcomeValue.team_id.in_({k[0] for k in valid}),
                OutcomeValue.measure_id.in_({k[1] for k in valid}),
                OutcomeValue.week_start.in_({k[2] for k in valid}),
            )
        )
    }
    for (team_id, measure_id, week), (_line, value) in valid.items():
        figure = existing.get((team_id, measure_id, week))
        if figure is None:
            figure = OutcomeValue(
                organisation_id=actor.organisation_id, measure_id=measure_id, team_id=team_id, week_start=week
            )
            db.session.add(figure)
            report.imported += 1
        else:
            report.updated += 1
        figure.value, figure.entered_by_id, figure.updated_at = value, actor.id, now
    db.session.flush()
    return report

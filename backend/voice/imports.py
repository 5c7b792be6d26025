"""Import NPS survey results from a CSV (date, score, comment, customer), as the survey tools export them.

The file is read by the one CSV reader of every import (backend/csvfile.py) and answered with the same
line-numbered report as the check-in import. Every row is validated first; then all valid rows go in, or
with ``strict`` nothing does when any row is bad. A row's client_id is derived from what it says (uuid5),
so importing the same file twice adds nothing the second time. A comment becomes the voice's quote;
a row with a score but no comment is kept as a score (it counts for outcomes, it shows in no feed).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select

from backend import csvfile
from backend.accounts.models import User
from backend.extensions import db
from backend.http import storable_text
from backend.timeutil import local_today, utcnow
from backend.voice import service
from backend.voice.models import Channel, CustomerVoice, Source

NAMESPACE = uuid.UUID("0b7e4a1c-3f52-4d8e-9a61-2c5d7e9f1a34")  # Ritme NPS imports; never change it
MAX_COMMENT = 1000
MAX_CUSTOMER = 200

# Column names as survey tools and people write them, in English or Dutch; matched case-insensitively.
COLUMNS = {
    "date": "date",
    "datum": "date",
    "submitted": "date",
    "response date": "date",
    "score": "score",
    "nps": "score",
    "nps score": "score",
    "cijfer": "score",
    "comment": "comment",
    "comments": "comment",
    "opmerking": "comment",
    "toelichting": "comment",
    "feedback": "comment",
    "customer": "customer",
    "company": "customer",
    "klant": "customer",
    "bedrijf": "customer",
    "organisatie": "customer",
}
REQUIRED = ("date", "score")


def client_id_for(organisation_id: int, said_on: date, score: int, customer: str | None, comment: str | None) -> str:
    """The same row always yields the same client_id: a re-import finds it, it does not add."""
    key = f"{organisation_id}|{said_on.isoformat()}|{score}|{(customer or '').casefold()}|{comment or ''}"
    return str(uuid.uuid5(NAMESPACE, key))


def _score(text: str) -> int | None:
    try:
        value = int(text)
    except ValueError:
        return None
    return value if 0 <= value <= 10 else None


def import_nps(
    actor: User,
    data: bytes | str,
    team_id: int | None = None,
    strict: bool = False,
    now: datetime | None = None,
) -> csvfile.ImportReport:
    """Validate every row, then write the valid ones (or, strict with a bad row, none). Flushes; the request commits."""
    service.ensure_may_import(actor)
    now = now or utcnow()
    locale = actor.locale
    team_id = service._team_of_organisation(actor, team_id)
    rows = csvfile.read_rows(data, locale, COLUMNS, REQUIRED, bad_header="voice_import_bad_header")
    today = local_today(actor.time_zone, now)
    report = csvfile.ImportReport(rows=len(rows), strict=strict)
    valid: list[dict] = []
    first_line: dict[str, int] = {}
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
        said_on = None
        if values.get("date"):
            said_on = csvfile.parse_date(values["date"])
            if said_on is None:
                problems.append(("import_bad_date", {"date": values["date"]}))
            elif said_on > today:
                problems.append(("import_future_date", {"date": values["date"]}))
        score = None
        if values.get("score"):
            score = _score(values["score"])
            if score is None:
                problems.append(("voice_import_bad_score", {"score": values["score"]}))
        comment = values.get("comment") or None
        if comment and len(comment) > MAX_COMMENT:
            problems.append(("voice_import_comment_too_long", {"max": MAX_COMMENT}))
        customer = values.get("customer") or None
        if customer and len(customer) > MAX_CUSTOMER:
            problems.append(("voice_import_customer_too_long", {"max": MAX_CUSTOMER}))
        if not problems and said_on is not None and score is not None:
            client_id = client_id_for(actor.organisation_id, said_on, score, customer, comment)
            if client_id in first_line:
                problems.append(("voice_import_duplicate_row", {"line": first_line[client_id]}))
            else:
                first_line[client_id] = row.line
                valid.append(
                    {
                        "client_id": client_id,
                        "said_on": said_on,
                        "score": score,
                        "quote": comment,
                        "customer": customer,
                    }
                )
        if problems:
            report.errors.append(csvfile.row_error(row.line, problems, locale))
    if report.rejected or not valid:
        return report
    existing = set(
        db.session.scalars(
            select(CustomerVoice.client_id).where(
                CustomerVoice.organisation_id == actor.organisation_id,
                CustomerVoice.client_id.in_([v["client_id"] for v in valid]),
            )
        )
    )
    for item in valid:
        if item["client_id"] in existing:
            report.skipped_existing += 1
            continue
        db.session.add(
            CustomerVoice(
                organisation_id=actor.organisation_id,
                author_id=actor.id,
                source=Source.IMPORT.value,
                channel=Channel.SURVEY.value,
                team_id=team_id,
                created_at=now,
                **item,
            )
        )
        report.imported += 1
    db.session.flush()
    return report

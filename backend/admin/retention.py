"""The daily retention job: notes and reflection texts older than each organisation's retention period go.

Admin only decides the cut-off per organisation and sends retention_due; each domain clears its own texts
(rhythm: check-in notes, reflections: answers and threads) and may answer what it cleared.

Run it with `flask --app backend retention`, or call run_retention() from a scheduler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from backend.accounts.models import Organisation
from backend.extensions import db
from backend.signals import nightly, retention_due
from backend.timeutil import utcnow


@dataclass(frozen=True)
class RetentionResult:
    organisation_id: int
    cutoff: datetime
    notes_cleared: int


def run_retention(now: datetime | None = None) -> list[RetentionResult]:
    """For every organisation: tell every domain to clear texts older than its retention period.

    Flushes; the caller commits. Running it twice a day changes nothing the second time.
    """
    now = now or utcnow()
    results = []
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        cutoff = now - timedelta(days=organisation.retention_days)
        cleared: dict[str, int] = {}
        for _receiver, answer in retention_due.send(organisation, cutoff=cutoff):
            for what, count in (answer if isinstance(answer, dict) else {}).items():
                cleared[what] = cleared.get(what, 0) + count
        db.session.flush()
        results.append(RetentionResult(organisation.id, cutoff, cleared.get("check_in_notes", 0)))
    return results


@nightly.connect
def _retention_every_night(_sender, now: datetime) -> None:
    run_retention(now)

"""The daily retention job: notes and reflection texts older than each organisation's retention period go.

Run it with `flask --app backend retention`, or call run_retention() from a scheduler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from backend.accounts.models import Organisation
from backend.extensions import db
from backend.rhythm.models import CheckIn
from backend.signals import nightly, retention_due
from backend.timeutil import local_today, utcnow


@dataclass(frozen=True)
class RetentionResult:
    organisation_id: int
    cutoff: datetime
    notes_cleared: int


def run_retention(now: datetime | None = None) -> list[RetentionResult]:
    """For every organisation: clear check-in notes older than its retention period, and tell the other domains.

    A check-in's age is its local day in the organisation's zone (an imported old check-in is old). Flushes;
    the caller commits. Running it twice a day changes nothing the second time.
    """
    now = now or utcnow()
    results = []
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        cutoff = now - timedelta(days=organisation.retention_days)
        cutoff_day = local_today(organisation.time_zone, cutoff)
        cleared = db.session.execute(
            update(CheckIn)
            .where(
                CheckIn.organisation_id == organisation.id,
                CheckIn.occurred_on < cutoff_day,
                CheckIn.note.is_not(None),
            )
            .values(note=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        retention_due.send(organisation, cutoff=cutoff)
        db.session.flush()
        results.append(RetentionResult(organisation.id, cutoff, cleared or 0))
    return results


@nightly.connect
def _retention_every_night(_sender, now: datetime) -> None:
    run_retention(now)

"""What the energy pulse hears from other domains: data rights and retention.

A person's own export holds their own answers; the organisation's export holds none (this package does not
answer organisation_data_export: an individual answer must never leave through an admin). Erasure deletes
the person's answers; the frozen aggregates stay, as they name nobody.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from backend import signals
from backend.accounts.models import Organisation, User
from backend.energy.models import EnergyAnswer, EnergyWeek
from backend.energy.service import KEEP_AT_MOST, split
from backend.extensions import db


@signals.personal_data_export.connect
def export_personal_data(user: User, **_kwargs) -> dict:
    """The person's own weekly answers."""
    answers = db.session.scalars(
        select(EnergyAnswer).where(EnergyAnswer.user_id == user.id).order_by(EnergyAnswer.week_start)
    ).all()
    return {
        "energy_answers": [
            {
                "week_start": a.week_start,
                "level": a.level,
                "gave_energy": " ".join(split(a.gave)),
                "cost_energy": " ".join(split(a.cost)),
                "created_at": a.created_at,
                "updated_at": a.updated_at,
            }
            for a in answers
        ]
    }


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    db.session.execute(delete(EnergyAnswer).where(EnergyAnswer.user_id == user.id))
    db.session.expire_all()


@signals.retention_due.connect
def delete_old_answers(organisation: Organisation, cutoff: datetime, **_kwargs) -> dict[str, int]:
    """Answers go after the organisation's retention period or twelve months, whichever is shorter; the frozen
    aggregates after twelve months. Answers how many answers went."""
    now = cutoff + timedelta(days=organisation.retention_days)
    cutoff = max(cutoff, now - KEEP_AT_MOST)
    first_kept = cutoff.date()
    deleted = db.session.execute(
        delete(EnergyAnswer)
        .where(EnergyAnswer.organisation_id == organisation.id, EnergyAnswer.week_start < first_kept)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(
        delete(EnergyWeek)
        .where(EnergyWeek.organisation_id == organisation.id, EnergyWeek.week_start < (now - KEEP_AT_MOST).date())
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    return {"energy_answers": deleted or 0}

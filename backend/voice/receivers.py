"""What customer voice hears from other domains: data rights (a person's export and erasure, the organisation
export) and retention (quotes go like notes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from backend import signals
from backend.accounts.models import Organisation, User
from backend.extensions import db
from backend.timeutil import local_today, utcnow
from backend.voice.models import CustomerVoice, Source


def _row(voice: CustomerVoice) -> dict:
    return {
        "id": voice.id,
        "source": voice.source,
        "quote": voice.quote,
        "customer": voice.customer,
        "channel": voice.channel,
        "team_id": voice.team_id,
        "score": voice.score,
        "behaviour_id": voice.behaviour_id,
        "win_id": voice.win_id,
        "said_on": voice.said_on,
        "created_at": voice.created_at,
        "pinned_at": voice.pinned_at,
    }


@signals.personal_data_export.connect
def export_personal_data(user: User, **_kwargs) -> dict:
    """The voices a person shared or imported."""
    voices = db.session.scalars(
        select(CustomerVoice).where(CustomerVoice.author_id == user.id).order_by(CustomerVoice.id)
    ).all()
    return {"customer_voices": [_row(v) for v in voices]}


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    """The voices a person shared go (they are their words about a customer); the NPS rows they imported stay,
    without them (they are the survey's, not theirs); who pinned a voice becomes unknown."""
    db.session.execute(
        delete(CustomerVoice).where(CustomerVoice.author_id == user.id, CustomerVoice.source == Source.SHARED.value)
    )
    db.session.execute(update(CustomerVoice).where(CustomerVoice.author_id == user.id).values(author_id=None))
    db.session.execute(update(CustomerVoice).where(CustomerVoice.pinned_by_id == user.id).values(pinned_by_id=None))
    db.session.expire_all()


@signals.retention_due.connect
def clear_old_quotes(organisation: Organisation, cutoff: datetime, **_kwargs) -> dict[str, int]:
    """As for check-in notes: quotes and customer names of voices said before the organisation's retention cut-off
    (its local day) go; the score, day, channel and department stay for the outcomes. Answers how many."""
    cutoff_day = local_today(organisation.time_zone, cutoff)
    cleared = db.session.execute(
        update(CustomerVoice)
        .where(
            CustomerVoice.organisation_id == organisation.id,
            CustomerVoice.said_on < cutoff_day,
            CustomerVoice.text_removed_at.is_(None),
        )
        .values(quote=None, customer=None, pinned_at=None, pinned_by_id=None, text_removed_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire_all()
    return {"customer_voice_quotes": cleared or 0}


@signals.organisation_data_export.connect
def export_organisation_data(organisation, **_kwargs) -> dict:
    """The organisation's voices, read when the export asks."""
    org_id = organisation.id

    def voices():
        for voice in db.session.scalars(
            select(CustomerVoice).where(CustomerVoice.organisation_id == org_id).order_by(CustomerVoice.id)
        ):
            yield {**_row(voice), "author_id": voice.author_id, "pinned_by_id": voice.pinned_by_id}

    return {"customer_voices": voices}

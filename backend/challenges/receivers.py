"""What challenges listen to (backend/signals.py documents each signal).

- checkins_folded (rhythm): taps that count move the challenge aggregate (tally.py).
- checkin_undone (rhythm): a taken-back check-in no longer counts.
- heartbeat (the scheduler, every few seconds): challenges past their end close, exactly once (closing.py);
  running ones tell their start, halfway and last day once each (milestones.py);
  running standings are computed and stored ahead of the requests that read them (standing.py);
  accepted duels past their end end, and both are told, exactly once (duel_ending.py).
- personal_data_erase (admin): a person's rows and duels go, and their numbers leave stored results.
- personal_data_export / organisation_data_export (admin): a person's own duels, each as shown to them; the
  organisation's duels both agreed to show (none in a `private` organisation).
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from backend import signals
from backend.accounts.models import User
from backend.challenges import closing, duel_ending, duels, milestones, standing, tally
from backend.challenges.models import Challenge
from backend.extensions import db
from backend.timeutil import utcnow

log = logging.getLogger(__name__)


@signals.checkins_folded.connect
def _on_checkins_folded(_sender, organisation_id: int, checkins: list, **_kwargs) -> None:
    tally.count_folded(organisation_id, checkins)


@signals.checkin_undone.connect
def _on_checkin_undone(checkin, **_kwargs) -> None:
    tally.uncount(checkin)


@signals.heartbeat.connect
def _on_heartbeat(_sender, **_kwargs) -> None:
    """Close what has ended, and keep the running standings fresh; each commits its own work."""
    closing.close_due()
    milestones.announce_due(utcnow())
    duel_ending.end_due(utcnow())
    if standing.refresh_running(utcnow()):
        db.session.commit()


@signals.personal_data_erase.connect
def _on_erase(person: User, **_kwargs) -> None:
    tally.erase(person.id)
    duels.erase(person.id)
    for challenge in db.session.scalars(
        select(Challenge).where(Challenge.organisation_id == person.organisation_id, Challenge.result.is_not(None))
    ):
        people = dict(challenge.result.get("people", {}))
        if people.pop(str(person.id), None) is not None:
            challenge.result = {**challenge.result, "people": people}


@signals.personal_data_export.connect
def _on_personal_data_export(person: User, **_kwargs) -> dict:
    return {"duels": duels.export_person(person)}


@signals.organisation_data_export.connect
def _on_organisation_data_export(organisation, **_kwargs) -> dict:
    org_id, visibility = organisation.id, organisation.visibility
    return {"duels": lambda: duels.export_organisation(org_id, visibility)}

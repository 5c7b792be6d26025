"""CRM events the rep confirms: a rule in "suggest" mode leaves a suggestion, shown on Today as
"Uit je CRM: 2× Klantgesprek — bevestigen?". One tap confirms (a check-in through rhythm's external_checkin
signal, with the client_id made from the source and the event, on the day the event came) or dismisses.

Suggestions of one behaviour on one day are one group (the day holds one check-in of it) and are settled
together. Rhythm accepts a check-in for today and yesterday, so older open suggestions are no longer shown.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update

from backend import signals
from backend.accounts.models import User
from backend.errors import Conflict, DomainError, NotFound
from backend.extensions import db
from backend.integrations.models import InboundSource, Suggestion
from backend.rhythm import read as rhythm
from backend.timeutil import local_today, utcnow

SHOWN_DAYS = 1  # today and yesterday: what rhythm still accepts


def add(source: InboundSource, person: User, behaviour_id: int, client_id: str, event: str, quality, day: date):
    suggestion = Suggestion(
        organisation_id=source.organisation_id,
        source_id=source.id,
        user_id=person.id,
        behaviour_id=behaviour_id,
        client_id=client_id,
        event=event[:200],
        quality=quality,
        occurred_on=day,
        status="open",
        created_at=utcnow(),
    )
    db.session.add(suggestion)
    db.session.flush()
    return suggestion


def open_groups(person: User) -> list[dict]:
    """The person's open suggestions of today and yesterday, one per behaviour and day, newest day first."""
    since = local_today(person.time_zone) - timedelta(days=SHOWN_DAYS)
    rows = db.session.execute(
        select(Suggestion, InboundSource.name)
        .join(InboundSource, InboundSource.id == Suggestion.source_id)
        .where(Suggestion.user_id == person.id, Suggestion.status == "open", Suggestion.occurred_on >= since)
        .order_by(Suggestion.occurred_on.desc(), Suggestion.id)
    ).all()
    names = rhythm.behaviour_names({s.behaviour_id for s, _ in rows}, person.locale)
    groups: dict[tuple[int, date], dict] = {}
    for suggestion, source_name in rows:
        key = (suggestion.behaviour_id, suggestion.occurred_on)
        if key not in groups:
            groups[key] = {
                "id": suggestion.id,
                "behaviour_id": suggestion.behaviour_id,
                "behaviour": names.get(suggestion.behaviour_id, ""),
                "occurred_on": suggestion.occurred_on,
                "count": 0,
                "source": source_name,
            }
        groups[key]["count"] += 1
    return list(groups.values())


def _mine(person: User, suggestion_id: int) -> Suggestion:
    suggestion = db.session.get(Suggestion, suggestion_id)
    if suggestion is None or suggestion.user_id != person.id:
        raise NotFound()
    if suggestion.status != "open":
        raise Conflict("suggestion_decided")
    return suggestion


def _settle(suggestion: Suggestion, status: str, checkin_id: int | None = None) -> None:
    """The whole group: this person's open suggestions of the behaviour on that day."""
    db.session.execute(
        update(Suggestion)
        .where(
            Suggestion.user_id == suggestion.user_id,
            Suggestion.behaviour_id == suggestion.behaviour_id,
            Suggestion.occurred_on == suggestion.occurred_on,
            Suggestion.status == "open",
        )
        .values(status=status, checkin_id=checkin_id, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def confirm(person: User, suggestion_id: int) -> dict:
    """Check the behaviour in as a tap would (rhythm's rules: an archived behaviour or a day too old is
    refused with rhythm's error). A day that has the behaviour already settles the group as "already"."""
    suggestion = _mine(person, suggestion_id)
    try:
        with db.session.begin_nested():
            answers = signals.external_checkin.send(
                None,
                user_id=person.id,
                behaviour_id=suggestion.behaviour_id,
                client_id=suggestion.client_id,
                source="crm",
                quality=suggestion.quality,
                occurred_on=suggestion.occurred_on,
            )
    except DomainError as refused:
        if refused.code != "already_checked_in":
            raise
        _settle(suggestion, "dismissed")
        return {"status": "already", "checkin_id": None}
    checkin_id = answers[0][1]["checkin_id"]
    _settle(suggestion, "confirmed", checkin_id)
    return {"status": "confirmed", "checkin_id": checkin_id}


def dismiss(person: User, suggestion_id: int) -> dict:
    _settle(_mine(person, suggestion_id), "dismissed")
    return {"status": "dismissed", "checkin_id": None}

"""Signal receivers: what happened elsewhere becomes a pending push event (or stops pushes).

They run inside the sender's transaction, so an event is in the outbox exactly when the thing it
tells about was committed. Every read of another domain's object is defensive (getattr): push
must never break the request that awarded a badge.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from backend import signals
from backend.accounts.models import Membership, Team, User
from backend.challenges import read as challenges
from backend.extensions import db
from backend.push import service
from backend.receiving import guarded
from backend.timeutil import utcnow

log = logging.getLogger(__name__)


def _name(user_id: int | None) -> str:
    person = db.session.get(User, user_id) if user_id else None
    return person.name if person else ""


_safely = guarded("push")


@signals.badge_awarded.connect
@_safely
def on_badge_awarded(award, recipient_id, **_):
    badge = getattr(award, "badge", None)
    data = {
        "name_nl": getattr(badge, "name_nl", "") or "",
        "name_en": getattr(badge, "name_en", "") or getattr(badge, "name_nl", "") or "",
        "person": _name(getattr(award, "awarded_by_id", None)),
    }
    service.note_event(recipient_id, "badge", getattr(award, "id", None), data)


@signals.applause_given.connect
@_safely
def on_applause_given(applause, recipient_id, target_kind=None, target_id=None, **_):
    giver = getattr(applause, "user_id", None) or getattr(applause, "author_id", None)
    if giver is not None and giver == recipient_id:
        return
    data = {"person": _name(giver), "target_kind": target_kind}
    if target_kind == "win":
        data["win_id"] = target_id
    service.note_event(recipient_id, "applause", target_id, data)


@signals.win_credited.connect
@_safely
def on_win_credited(win, user_id, **_):
    if getattr(win, "author_id", None) == user_id:
        return
    service.note_event(
        user_id,
        "win_credited",
        getattr(win, "id", None),
        {
            "person": _name(getattr(win, "author_id", None)),
            "win_id": getattr(win, "id", None),
        },
    )


@signals.team_goal_reached.connect
@_safely
def on_team_goal_reached(goal, team_id, **_):
    team = db.session.get(Team, team_id)
    members = db.session.scalars(select(Membership.user_id).where(Membership.team_id == team_id))
    for user_id in list(members):
        service.note_event(user_id, "team_goal", getattr(goal, "id", None), {"team": team.name if team else ""})


@signals.reflection_replied.connect
@_safely
def on_reflection_replied(reply, reflection=None, recipient_id=None, **_):
    if recipient_id is None:
        return
    author = getattr(reply, "author_id", None) or getattr(reply, "user_id", None)
    service.note_event(recipient_id, "reflection_reply", getattr(reflection, "id", None), {"person": _name(author)})


@signals.challenge_milestone.connect
@_safely
def on_challenge_milestone(challenge, milestone=None, at=None, user_ids=(), **_):
    kind = f"challenge_{milestone}"
    if kind not in service.CHALLENGE_KINDS:
        return
    data = {"title": getattr(challenge, "title", ""), "challenge_id": getattr(challenge, "id", None)}
    service.note_events_daytime(list(user_ids), kind, data["challenge_id"], at or utcnow(), lambda _user_id: data)


@signals.challenge_closed.connect
@_safely
def on_challenge_closed(challenge, organisation_id=None, user_ids=(), **_):
    challenge_id = getattr(challenge, "id", None)
    outcomes = challenges.outcomes(challenge_id, organisation_id) if challenge_id else {}
    line = challenges.result_line(challenge_id, organisation_id) if challenge_id else None
    base = {"title": getattr(challenge, "title", ""), "challenge_id": challenge_id, "team": line.winner if line else ""}

    def data_for(user_id):
        outcome = outcomes.get(user_id) or ("winner" if base["team"] else "")
        return {**base, "outcome": outcome}

    at = getattr(challenge, "closed_at", None) or utcnow()
    service.note_events_daytime(list(user_ids), "challenge_result", challenge_id, at, data_for)


def _tell_of_duel(duel, organisation_id, user_ids, what: str, at) -> None:
    """Each of `user_ids` hears of the duel in their own daytime, as it is to them (challenges/read.py)."""
    duel_id = getattr(duel, "id", None)
    news = challenges.duel_news(duel_id, organisation_id) if duel_id else {}
    told = [user_id for user_id in user_ids if user_id in news]
    service.note_events_daytime(told, service.DUEL, duel_id, at, lambda user_id: {**news[user_id], "what": what})


@signals.duel_invited.connect
@_safely
def on_duel_invited(duel, organisation_id=None, user_id=None, **_):
    _tell_of_duel(duel, organisation_id, [user_id], "invited", utcnow())


@signals.duel_answered.connect
@_safely
def on_duel_answered(duel, organisation_id=None, accepted=False, user_id=None, **_):
    _tell_of_duel(duel, organisation_id, [user_id], "accepted" if accepted else "declined", utcnow())


@signals.duel_withdrawn.connect
@_safely
def on_duel_withdrawn(duel, user_id=None, **_):
    service.drop_pending(user_id, service.DUEL, getattr(duel, "id", None))


@signals.duel_closed.connect
@_safely
def on_duel_closed(duel, organisation_id=None, user_ids=(), **_):
    _tell_of_duel(duel, organisation_id, list(user_ids), "result", getattr(duel, "ends_at", None) or utcnow())


@signals.person_deactivated.connect
def on_person_deactivated(person, **_):
    service.forget_person(person)


@signals.personal_data_export.connect
def on_personal_data_export(person, **_):
    return service.export_person(person)


@signals.personal_data_erase.connect
def on_personal_data_erase(person, **_):
    service.erase_person(person)


@signals.retention_due.connect
def on_retention_due(organisation, **_):
    service.prune(organisation.id)

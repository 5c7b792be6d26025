"""Nominations: anyone proposes a manual badge for a colleague; a manager of theirs (or an admin) decides.

The managers hear of it and the nominator hears the decision through signals (nomination_made,
nomination_decided): the feed keeps the notifications.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from backend import signals
from backend.accounts.models import Membership, Role, User
from backend.badges.models import Nomination, NominationStatus
from backend.badges.service import grant, invalid, manual_badge
from backend.errors import Conflict, Forbidden, NotFound
from backend.extensions import db
from backend.timeutil import utcnow
from backend.wins import read as wins


def nominate(actor: User, args: dict) -> Nomination:
    """Anyone proposes a manual badge for a colleague; their managers decide."""
    badge = manual_badge(actor, args["badge_id"])
    nominee = wins.person(actor, args["user_id"])
    if nominee.id == actor.id:
        raise invalid("user_id", "own_nomination")
    nomination = Nomination(
        organisation_id=actor.organisation_id,
        badge_id=badge.id,
        nominee_id=nominee.id,
        nominated_by_id=actor.id,
        reason=args["reason"].strip(),
    )
    db.session.add(nomination)
    db.session.flush()
    managers = db.session.scalars(
        select(Membership.user_id)
        .where(Membership.team_id.in_(nominee.team_ids() or {-1}), Membership.manages.is_(True))
        .distinct()
    ).all()
    signals.nomination_made.send(nomination, manager_ids=list(managers), actor=actor)
    db.session.flush()
    return nomination


def can_decide(actor: User, nomination: Nomination) -> bool:
    """Admins, and managers of the nominee."""
    return wins.can_moderate(actor, [nomination.nominee])


def list_nominations(actor: User, status: str | None = NominationStatus.PENDING) -> list[Nomination]:
    """Nominations I may decide (managers, admins) and the ones I made."""
    query = (
        select(Nomination)
        .where(Nomination.organisation_id == actor.organisation_id)
        .options(
            selectinload(Nomination.badge), selectinload(Nomination.nominee), selectinload(Nomination.nominated_by)
        )
        .order_by(Nomination.created_at.desc(), Nomination.id.desc())
    )
    if status:
        query = query.where(Nomination.status == status)
    if not actor.is_admin:
        mine = Nomination.nominated_by_id == actor.id
        if actor.role == Role.MANAGER:
            managed = select(Membership.user_id).where(Membership.team_id.in_(actor.managed_team_ids() or {-1}))
            query = query.where(or_(mine, Nomination.nominee_id.in_(managed)))
        else:
            query = query.where(mine)
    return list(db.session.scalars(query.limit(200)))


def decide_nomination(actor: User, nomination_id: int, approve: bool, reason: str | None = None) -> Nomination:
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.organisation_id != actor.organisation_id:
        raise NotFound()
    if not can_decide(actor, nomination):
        raise Forbidden()
    if nomination.status != NominationStatus.PENDING:
        raise Conflict("already_decided")
    if approve and nomination.nominee_id == actor.id:
        raise invalid("nomination_id", "own_award")
    now = utcnow()
    nomination.status = NominationStatus.APPROVED if approve else NominationStatus.DECLINED
    nomination.decided_by_id, nomination.decided_at = actor.id, now
    if approve:
        badge = manual_badge(actor, nomination.badge_id)
        award = grant(badge, nomination.nominee, actor, (reason or "").strip() or nomination.reason, now)
        nomination.award_id = award.id
    signals.nomination_decided.send(nomination, actor=actor)
    db.session.flush()
    return nomination

"""The rules of badges: the catalogue, manual awards with a reason, and `grant`, the one way a badge
is given (manually, on a nomination, or automatically: automatic.py). Nominations are in nominations.py.

Functions take the acting person, flush and never commit (the request commits once). A given badge
is announced by the badge_awarded signal: the feed adds its line and notification, push its message.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import signals
from backend.accounts.models import Role, User
from backend.badges.models import Badge, BadgeAward, BadgeKind, Criterion
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.rhythm import read as rhythm
from backend.timeutil import utcnow
from backend.wins import read as wins


def invalid(field: str, key: str, status: int = 422, **params) -> DomainError:
    return DomainError("validation_failed", status, fields={field: [translate(key, **params)]})


# --- the catalogue --------------------------------------------------------------------------


def _ensure_catalogue_editor(actor: User) -> None:
    if not (actor.is_admin or actor.role == Role.MANAGER):
        raise Forbidden()


def list_badges(actor: User, include_archived: bool = False) -> list[Badge]:
    query = select(Badge).where(Badge.organisation_id == actor.organisation_id)
    if not include_archived:
        query = query.where(Badge.archived_at.is_(None))
    return list(db.session.scalars(query.order_by(Badge.kind.desc(), Badge.name_nl)))


def _validate_criterion(actor: User, fields: dict) -> None:
    kind = fields.get("kind")
    if kind == BadgeKind.MANUAL:
        for field in ("criterion", "threshold", "weeks", "behaviour_id"):
            fields[field] = None
        return
    criterion = fields.get("criterion")
    if not criterion:
        raise invalid("criterion", "criterion_required")
    if criterion not in (Criterion.TEAM_GOAL, Criterion.STREAK) and not fields.get("threshold"):
        raise invalid("threshold", "threshold_required")
    if criterion == Criterion.STREAK and not (fields.get("threshold") or fields.get("weeks")):
        raise invalid("threshold", "threshold_required")
    if criterion == Criterion.CONSISTENCY and not fields.get("weeks"):
        raise invalid("weeks", "weeks_required")
    if fields.get("behaviour_id"):
        if not rhythm.behaviour_in_organisation(fields["behaviour_id"], actor.organisation_id):
            raise invalid("behaviour_id", "unknown_behaviour")


def create_badge(actor: User, fields: dict) -> Badge:
    _ensure_catalogue_editor(actor)
    _validate_criterion(actor, fields)
    _ensure_unique_badge_name(actor, fields["name_nl"])
    badge = Badge(organisation_id=actor.organisation_id, **fields)
    db.session.add(badge)
    db.session.flush()
    return badge


def _ensure_unique_badge_name(actor: User, name: str, except_id: int | None = None) -> None:
    clash = db.session.scalar(
        select(Badge.id).where(Badge.organisation_id == actor.organisation_id, Badge.name_nl == name)
    )
    if clash is not None and clash != except_id:
        raise Conflict("badge_name_taken", fields={"name_nl": [translate("badge_name_taken")]})


def update_badge(actor: User, badge_id: int, changes: dict) -> Badge:
    _ensure_catalogue_editor(actor)
    badge = _get_badge(actor, badge_id)
    archived = changes.pop("archived", None)
    merged = {
        field: changes.get(field, getattr(badge, field))
        for field in ("kind", "criterion", "threshold", "weeks", "behaviour_id")
    }
    _validate_criterion(actor, merged)
    if "name_nl" in changes:
        _ensure_unique_badge_name(actor, changes["name_nl"], except_id=badge.id)
    for field, value in {**changes, **merged}.items():
        setattr(badge, field, value)
    if archived is not None:
        badge.archived_at = (badge.archived_at or utcnow()) if archived else None
    db.session.flush()
    return badge


def _get_badge(actor: User, badge_id: int) -> Badge:
    badge = db.session.get(Badge, badge_id)
    if badge is None or badge.organisation_id != actor.organisation_id:
        raise NotFound()
    return badge


def manual_badge(actor: User, badge_id: int) -> Badge:
    """A manual badge of the catalogue that may be given now (not archived)."""
    badge = _get_badge(actor, badge_id)
    if badge.archived_at is not None:
        raise invalid("badge_id", "badge_archived")
    if badge.kind != BadgeKind.MANUAL:
        raise invalid("badge_id", "badge_automatic")
    return badge


# --- giving a badge -------------------------------------------------------------------------


def award_badge(actor: User, args: dict, now: datetime | None = None) -> BadgeAward:
    """A manager (for their teams) or admin gives a manual badge with a reason that names the behaviour."""
    if actor.role not in (Role.MANAGER, Role.ADMIN):
        raise Forbidden("cannot_award")
    badge = _get_badge(actor, args["badge_id"])
    recipient = wins.person(actor, args["user_id"])
    if not wins.can_moderate(actor, [recipient]):
        raise Forbidden()
    badge = manual_badge(actor, badge.id)
    if recipient.id == actor.id:
        raise invalid("user_id", "own_award")
    checkin_id, win_id = args.get("checkin_id"), args.get("win_id")
    if checkin_id is not None:
        owner = rhythm.checkin_person(checkin_id, actor.organisation_id)
        if owner is None:
            raise NotFound()
        if owner != recipient.id:
            raise invalid("checkin_id", "not_their_checkin")
    if win_id is not None and recipient.id not in wins.people_on_win(actor, win_id):
        raise invalid("win_id", "not_their_win")
    return grant(badge, recipient, actor, args["reason"].strip(), now, checkin_id=checkin_id, win_id=win_id)


def grant(
    badge: Badge,
    recipient: User,
    actor: User | None,
    reason: str,
    now: datetime | None = None,
    auto_key: str | None = None,
    **links,
) -> BadgeAward | None:
    """Give a badge and announce it (badge_awarded). An automatic award (auto_key set) exists once per
    person and criterion: the unique constraint decides a race, and the insert runs in a savepoint, so
    losing it rolls back only the award, never the check-in; then the answer is None."""
    try:
        with db.session.begin_nested():
            award = BadgeAward(
                organisation_id=recipient.organisation_id,
                badge_id=badge.id,
                user_id=recipient.id,
                awarded_by_id=actor.id if actor else None,
                auto_key=auto_key,
                reason=reason,
                created_at=now or utcnow(),
                **links,
            )
            db.session.add(award)
            db.session.flush()
    except IntegrityError:
        if auto_key is None:
            raise
        return None
    signals.badge_awarded.send(award, recipient_id=recipient.id)
    db.session.flush()
    return award


def get_award(actor: User, award_id: int) -> BadgeAward:
    """A badge award of the actor's organisation; any other id is 'not found'."""
    award = db.session.get(BadgeAward, award_id)
    if award is None or award.organisation_id != actor.organisation_id:
        raise NotFound()
    return award

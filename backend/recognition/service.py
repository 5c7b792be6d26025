"""The rules of recognition: wins, applause, badges and awards, nominations, the feed, coverage.

Functions take the acting person, flush and never commit (the request commits once). Other domains
are heard through signals (receivers.py), never imported for their rules.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, bindparam, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from backend import signals
from backend.accounts.models import Membership, Organisation, Role, Team, TeamKind, User
from backend.audit import record_audit
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.recognition.models import (
    Applause,
    Badge,
    BadgeAward,
    BadgeKind,
    Criterion,
    FeedEvent,
    FeedKind,
    ImpactArea,
    Nomination,
    NominationStatus,
    Notification,
    Win,
    WinCredit,
)
from backend.rhythm.models import Behaviour, CheckIn
from backend.timeutil import local_today, utcnow

EDIT_WINDOW = timedelta(hours=24)
FEED_PAGE = 20
AUTO_KEY = "auto"

IMPACT_BY_TEAM_KIND = {
    TeamKind.SALES: ImpactArea.SALES,
    TeamKind.FINANCE: ImpactArea.FINANCE,
    TeamKind.PRODUCT: ImpactArea.PRODUCT,
    TeamKind.CUSTOMER_SERVICE: ImpactArea.CUSTOMER_SERVICE,
    TeamKind.OPERATIONS: ImpactArea.OPERATIONS,
    TeamKind.HR: ImpactArea.HR,
}


def _invalid(field: str, key: str, status: int = 422, **params) -> DomainError:
    return DomainError("validation_failed", status, fields={field: [translate(key, **params)]})


# --- who may do what ------------------------------------------------------------------------


def is_manager_of(actor: User, person: User) -> bool:
    return bool(actor.managed_team_ids() & person.team_ids())


def can_moderate(actor: User, people: list[User]) -> bool:
    """Admins, and managers of a team one of these people is in."""
    if actor.is_admin:
        return True
    return actor.role == Role.MANAGER and any(is_manager_of(actor, person) for person in people)


def _person(actor: User, user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None or person.organisation_id != actor.organisation_id:
        raise NotFound()
    return person


def _notify(recipient_id: int, organisation_id: int, kind: str, actor: User | None = None, **refs) -> None:
    if actor is not None and actor.id == recipient_id:
        return
    db.session.add(
        Notification(
            organisation_id=organisation_id,
            user_id=recipient_id,
            kind=kind,
            actor_id=actor.id if actor else None,
            **refs,
        )
    )


def _points(user: User, instant: datetime, delta: float, source: str, source_id: int) -> None:
    if delta:
        signals.points_changed.send(
            None,
            organisation_id=user.organisation_id,
            user_id=user.id,
            day=local_today(user.time_zone, instant),
            delta=float(delta),
            source=source,
            source_id=source_id,
        )


# --- wins -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WinResult:
    win: Win
    created: bool


def default_impact_area(user: User) -> str:
    teams = sorted((m.team for m in user.memberships if m.team.archived_at is None), key=lambda t: t.id)
    for team in teams:
        if team.kind in IMPACT_BY_TEAM_KIND:
            return IMPACT_BY_TEAM_KIND[team.kind].value
    return ImpactArea.OTHER.value


def _credited_people(actor: User, user_ids: list[int], author: User) -> list[User]:
    ids = list(dict.fromkeys(user_ids))
    if author.id in ids:
        raise _invalid("credited_ids", "cannot_credit_self")
    if not ids:
        return []
    people = db.session.scalars(
        select(User).where(User.id.in_(ids), User.organisation_id == actor.organisation_id, User.active.is_(True))
    ).all()
    if len(people) != len(ids):
        raise _invalid("credited_ids", "unknown_person")
    by_id = {p.id: p for p in people}
    return [by_id[i] for i in ids]


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _same_win(win: Win, args: dict) -> bool:
    return (
        win.text == args["text"].strip()
        and win.customer == _clean(args.get("customer"))
        and win.evidence == _clean(args.get("evidence"))
        and ("impact_area" not in args or args["impact_area"] == win.impact_area)
        and sorted({c.user_id for c in win.credits}) == sorted(set(args.get("credited_ids") or []))
    )


def log_win(actor: User, args: dict, now: datetime | None = None) -> WinResult:
    """Log a customer win; replaying the same client_id answers the stored win (a different payload: 409)."""
    now = now or utcnow()
    client_id = str(args["client_id"])
    stored = _win_by_client_id(actor, client_id)
    if stored is not None:
        return _replayed(stored, args)
    credited = _credited_people(actor, args.get("credited_ids") or [], actor)
    win = Win(
        organisation_id=actor.organisation_id,
        author_id=actor.id,
        client_id=client_id,
        text=args["text"].strip(),
        customer=_clean(args.get("customer")),
        impact_area=args.get("impact_area") or default_impact_area(actor),
        evidence=_clean(args.get("evidence")),
        created_at=now,
    )
    win.credits = [WinCredit(user_id=person.id) for person in credited]
    try:
        with db.session.begin_nested():
            db.session.add(win)
            db.session.flush()
    except IntegrityError:
        # The same write arrived twice at once (a retry racing the original); the database kept one.
        stored = _win_by_client_id(actor, client_id)
        if stored is None:
            raise
        return _replayed(stored, args)
    db.session.add(
        FeedEvent(
            organisation_id=win.organisation_id, kind=FeedKind.WIN, created_at=now, user_id=actor.id, win_id=win.id
        )
    )
    organisation = db.session.get(Organisation, actor.organisation_id)
    for person in [actor, *credited]:
        _points(person, now, organisation.win_points, "win", win.id)
    signals.win_logged.send(win, actor=actor)
    for person in credited:
        _notify(person.id, win.organisation_id, "credited", actor, win_id=win.id)
        signals.win_credited.send(win, user_id=person.id)
    db.session.flush()
    evaluate_counts(actor, (Criterion.WINS,), now)
    for person in credited:
        evaluate_counts(person, (Criterion.CREDITED_WINS,), now)
    return WinResult(win, True)


def _win_by_client_id(actor: User, client_id: str) -> Win | None:
    return db.session.scalar(select(Win).where(Win.author_id == actor.id, Win.client_id == client_id))


def _replayed(stored: Win, args: dict) -> WinResult:
    if not _same_win(stored, args):
        raise Conflict("client_id_reused")
    return WinResult(stored, False)


def _load_win(actor: User, win_id: int) -> Win:
    win = db.session.get(Win, win_id)
    if win is None or win.organisation_id != actor.organisation_id:
        raise NotFound()
    return win


def can_see_hidden(actor: User, win: Win) -> bool:
    return actor.id == win.author_id or can_moderate(actor, [win.author, *win.credited])


def get_win(actor: User, win_id: int) -> Win:
    """A win of the actor's organisation; a hidden one only for its author, managers and admins."""
    win = _load_win(actor, win_id)
    if win.hidden and not can_see_hidden(actor, win):
        raise NotFound()
    return win


def editable_until(win: Win) -> datetime:
    return win.created_at + EDIT_WINDOW


def _ensure_author_in_window(actor: User, win: Win, now: datetime) -> None:
    if win.author_id != actor.id:
        raise Forbidden()
    if now > editable_until(win):
        raise DomainError("edit_window_over", 422)


def update_win(actor: User, win_id: int, changes: dict, now: datetime | None = None) -> Win:
    now = now or utcnow()
    win = get_win(actor, win_id)
    _ensure_author_in_window(actor, win, now)
    if "text" in changes:
        win.text = changes["text"].strip()
    for field in ("customer", "evidence"):
        if field in changes:
            setattr(win, field, _clean(changes[field]))
    if "impact_area" in changes:
        win.impact_area = changes["impact_area"]
    if "credited_ids" in changes:
        _recredit(actor, win, changes["credited_ids"])
    win.updated_at = now
    db.session.flush()
    return win


def _win_points_for_one(organisation: Organisation, win: Win) -> int:
    return organisation.win_points + (organisation.confirmed_win_bonus if win.confirmed_at else 0)


def _recredit(actor: User, win: Win, user_ids: list[int]) -> None:
    wanted = _credited_people(actor, user_ids, win.author)
    organisation = db.session.get(Organisation, win.organisation_id)
    per_person = _win_points_for_one(organisation, win)
    current = {c.user_id: c for c in win.credits}
    wanted_ids = {p.id for p in wanted}
    for user_id, credit in current.items():
        if user_id not in wanted_ids:
            win.credits.remove(credit)
            _points(credit.user, win.created_at, -per_person, "win", win.id)
    for person in wanted:
        if person.id not in current:
            win.credits.append(WinCredit(user_id=person.id))
            _points(person, win.created_at, per_person, "win", win.id)
            _notify(person.id, win.organisation_id, "credited", actor, win_id=win.id)
            signals.win_credited.send(win, user_id=person.id)
    db.session.flush()
    for person in wanted:
        if person.id not in current:
            evaluate_counts(person, (Criterion.CREDITED_WINS,))


def delete_win(actor: User, win_id: int, now: datetime | None = None) -> None:
    """The author takes a win back within 24 hours; its points go with it."""
    now = now or utcnow()
    win = get_win(actor, win_id)
    _ensure_author_in_window(actor, win, now)
    organisation = db.session.get(Organisation, win.organisation_id)
    per_person = _win_points_for_one(organisation, win)
    for person in [win.author, *win.credited]:
        _points(person, win.created_at, -per_person, "win", win.id)
    db.session.execute(delete(FeedEvent).where(FeedEvent.win_id == win.id))
    db.session.execute(delete(Notification).where(Notification.win_id == win.id))
    db.session.delete(win)
    db.session.flush()


def set_hidden(actor: User, win_id: int, hidden: bool, now: datetime | None = None) -> Win:
    """Managers and admins hide a win from everyone else; it is kept, with who hid it."""
    win = _load_win(actor, win_id)
    if not can_moderate(actor, [win.author, *win.credited]):
        if win.hidden and actor.id != win.author_id:
            raise NotFound()
        raise Forbidden()
    if hidden and not win.hidden:
        win.hidden_at, win.hidden_by_id = now or utcnow(), actor.id
        record_audit(actor, "win_hidden", win, {"author_id": win.author_id})
    elif not hidden and win.hidden:
        win.hidden_at, win.hidden_by_id = None, None
        record_audit(actor, "win_shown", win, {"author_id": win.author_id})
    db.session.flush()
    return win


def can_confirm(actor: User, win: Win) -> bool:
    """The credited rep who owns the customer relationship, or a manager of those involved, or an admin."""
    if actor.id == win.author_id:
        return False
    if actor.role == Role.REP and actor.id in {c.user_id for c in win.credits}:
        return True
    return can_moderate(actor, [win.author, *win.credited])


def confirm_win(actor: User, win_id: int, now: datetime | None = None) -> Win:
    """The customer noticed: extra points for everyone on the win; a second confirmation changes nothing."""
    now = now or utcnow()
    win = get_win(actor, win_id)
    if not can_confirm(actor, win):
        raise Forbidden()
    if win.hidden:
        raise DomainError("win_hidden", 422)
    if win.confirmed_at is not None:
        return win
    win.confirmed_at, win.confirmed_by_id = now, actor.id
    organisation = db.session.get(Organisation, win.organisation_id)
    for person in [win.author, *win.credited]:
        _points(person, win.created_at, organisation.confirmed_win_bonus, "win_confirmed", win.id)
    _notify(win.author_id, win.organisation_id, "confirmed", actor, win_id=win.id)
    signals.win_confirmed.send(win, actor=actor)
    db.session.flush()
    for person in [win.author, *win.credited]:
        evaluate_counts(person, (Criterion.CONFIRMED_WINS,), now)
    return win


# --- applause -------------------------------------------------------------------------------


def _applaudable_win(actor: User, win_id: int) -> Win:
    win = get_win(actor, win_id)
    if win.hidden:
        raise DomainError("win_hidden", 422)
    if win.author_id == actor.id:
        raise DomainError("own_applause", 422)
    return win


def _get_award(actor: User, award_id: int) -> BadgeAward:
    award = db.session.get(BadgeAward, award_id)
    if award is None or award.organisation_id != actor.organisation_id:
        raise NotFound()
    return award


def applaud(actor: User, *, win_id: int | None = None, award_id: int | None = None) -> Win | BadgeAward:
    """Applaud a win or a badge award: once per person; a second time is a no-op."""
    if win_id is not None:
        target = _applaudable_win(actor, win_id)
        recipient_id, kind, refs = target.author_id, "win", {"win_id": target.id}
    else:
        target = _get_award(actor, award_id)
        if target.user_id == actor.id:
            raise DomainError("own_applause", 422)
        recipient_id, kind, refs = target.user_id, "award", {"award_id": target.id}
    if db.session.scalar(select(Applause.id).where(Applause.user_id == actor.id, *_target_filter(refs))):
        return target
    applause = Applause(organisation_id=actor.organisation_id, user_id=actor.id, **refs)
    try:
        with db.session.begin_nested():
            db.session.add(applause)
            db.session.flush()
    except IntegrityError:
        db.session.expire(target, ["applause"])
        return target  # the same applause raced in: the constraint kept one
    db.session.expire(target, ["applause"])
    _notify(recipient_id, actor.organisation_id, "applause", actor, **refs)
    signals.applause_given.send(applause, recipient_id=recipient_id, target_kind=kind, target_id=target.id)
    evaluate_counts(db.session.get(User, recipient_id), (Criterion.APPLAUSE,))
    return target


def _target_filter(refs: dict) -> list:
    if "win_id" in refs:
        return [Applause.win_id == refs["win_id"]]
    return [Applause.award_id == refs["award_id"]]


def withdraw_applause(actor: User, *, win_id: int | None = None, award_id: int | None = None) -> Win | BadgeAward:
    if win_id is not None:
        target = get_win(actor, win_id)
        refs = {"win_id": target.id}
    else:
        target = _get_award(actor, award_id)
        refs = {"award_id": target.id}
    db.session.execute(delete(Applause).where(Applause.user_id == actor.id, *_target_filter(refs)))
    db.session.execute(
        delete(Notification).where(
            Notification.actor_id == actor.id,
            Notification.kind == "applause",
            Notification.read_at.is_(None),
            *(
                [Notification.win_id == refs["win_id"]]
                if "win_id" in refs
                else [Notification.award_id == refs["award_id"]]
            ),
        )
    )
    db.session.flush()
    db.session.expire(target, ["applause"])
    return target


# --- badges ---------------------------------------------------------------------------------


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
        raise _invalid("criterion", "criterion_required")
    if criterion not in (Criterion.TEAM_GOAL, Criterion.STREAK) and not fields.get("threshold"):
        raise _invalid("threshold", "threshold_required")
    if criterion == Criterion.STREAK and not (fields.get("threshold") or fields.get("weeks")):
        raise _invalid("threshold", "threshold_required")
    if criterion == Criterion.CONSISTENCY and not fields.get("weeks"):
        raise _invalid("weeks", "weeks_required")
    if fields.get("behaviour_id"):
        behaviour = db.session.get(Behaviour, fields["behaviour_id"])
        if behaviour is None or behaviour.organisation_id != actor.organisation_id:
            raise _invalid("behaviour_id", "unknown_behaviour")


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


def _manual_badge(actor: User, badge_id: int) -> Badge:
    badge = _get_badge(actor, badge_id)
    if badge.archived_at is not None:
        raise _invalid("badge_id", "badge_archived")
    if badge.kind != BadgeKind.MANUAL:
        raise _invalid("badge_id", "badge_automatic")
    return badge


def _ensure_can_award(actor: User, recipient: User) -> None:
    if actor.is_admin:
        return
    if actor.role != Role.MANAGER or not is_manager_of(actor, recipient):
        raise Forbidden()


def award_badge(actor: User, args: dict, now: datetime | None = None) -> BadgeAward:
    """A manager (for their teams) or admin gives a manual badge with a reason that names the behaviour."""
    if actor.role not in (Role.MANAGER, Role.ADMIN):
        raise Forbidden("cannot_award")
    badge = _get_badge(actor, args["badge_id"])
    recipient = _person(actor, args["user_id"])
    _ensure_can_award(actor, recipient)
    badge = _manual_badge(actor, badge.id)
    if recipient.id == actor.id:
        raise _invalid("user_id", "own_award")
    checkin_id, win_id = args.get("checkin_id"), args.get("win_id")
    if checkin_id is not None:
        checkin = db.session.get(CheckIn, checkin_id)
        if checkin is None or checkin.organisation_id != actor.organisation_id:
            raise NotFound()
        if checkin.user_id != recipient.id:
            raise _invalid("checkin_id", "not_their_checkin")
    if win_id is not None:
        win = get_win(actor, win_id)
        if recipient.id not in {win.author_id, *(c.user_id for c in win.credits)}:
            raise _invalid("win_id", "not_their_win")
    return _grant(badge, recipient, actor, args["reason"].strip(), now, checkin_id=checkin_id, win_id=win_id)


def _grant(
    badge: Badge,
    recipient: User,
    actor: User | None,
    reason: str,
    now: datetime | None = None,
    auto_key: str | None = None,
    **links,
) -> BadgeAward:
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
    db.session.add(
        FeedEvent(
            organisation_id=award.organisation_id,
            kind=FeedKind.AWARD,
            created_at=award.created_at,
            user_id=recipient.id,
            award_id=award.id,
        )
    )
    _notify(recipient.id, award.organisation_id, "badge", actor, award_id=award.id)
    signals.badge_awarded.send(award, recipient_id=recipient.id)
    db.session.flush()
    return award


def get_award(actor: User, award_id: int) -> BadgeAward:
    return _get_award(actor, award_id)


# --- nominations ----------------------------------------------------------------------------


def nominate(actor: User, args: dict) -> Nomination:
    """Anyone proposes a manual badge for a colleague; their managers decide."""
    badge = _manual_badge(actor, args["badge_id"])
    nominee = _person(actor, args["user_id"])
    if nominee.id == actor.id:
        raise _invalid("user_id", "own_nomination")
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
    for manager_id in managers:
        _notify(manager_id, actor.organisation_id, "nomination", actor, nomination_id=nomination.id)
    db.session.flush()
    return nomination


def can_decide(actor: User, nomination: Nomination) -> bool:
    return actor.is_admin or (actor.role == Role.MANAGER and is_manager_of(actor, nomination.nominee))


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
        raise _invalid("nomination_id", "own_award")
    now = utcnow()
    nomination.status = NominationStatus.APPROVED if approve else NominationStatus.DECLINED
    nomination.decided_by_id, nomination.decided_at = actor.id, now
    if approve:
        badge = _manual_badge(actor, nomination.badge_id)
        award = _grant(badge, nomination.nominee, actor, (reason or "").strip() or nomination.reason, now)
        nomination.award_id = award.id
    if nomination.nominated_by_id:
        _notify(
            nomination.nominated_by_id, actor.organisation_id, "nomination_decided", actor, nomination_id=nomination.id
        )
    db.session.flush()
    return nomination


# --- automatic badges -----------------------------------------------------------------------


def _automatic_badges(organisation_id: int, criteria: tuple[str, ...]) -> list[Badge]:
    return list(
        db.session.scalars(
            select(Badge).where(
                Badge.organisation_id == organisation_id,
                Badge.kind == BadgeKind.AUTOMATIC,
                Badge.archived_at.is_(None),
                Badge.criterion.in_(criteria),
            )
        )
    )


_AUTOMATIC_BADGES = (
    select(Badge)
    .where(
        Badge.organisation_id == bindparam("organisation_id"),
        Badge.kind == BadgeKind.AUTOMATIC,
        Badge.archived_at.is_(None),
        Badge.criterion.in_(bindparam("criteria", expanding=True)),
    )
    .order_by(Badge.id)
)
_AUTO_AWARDED = select(BadgeAward.badge_id, BadgeAward.user_id).where(
    BadgeAward.badge_id.in_(bindparam("badge_ids", expanding=True)),
    BadgeAward.user_id.in_(bindparam("user_ids", expanding=True)),
    BadgeAward.auto_key == bindparam("auto_key"),
)


def unearned_automatic_badges(
    organisation_id: int, user_ids: Iterable[int], criteria: tuple[str, ...], auto_key: str = AUTO_KEY
) -> dict[int, list[Badge]]:
    """Per person, the automatic badges with these criteria not earned yet: two queries for a whole batch."""
    badges = list(
        db.session.scalars(_AUTOMATIC_BADGES, {"organisation_id": organisation_id, "criteria": list(criteria)})
    )
    user_ids = list(user_ids)
    if not badges or not user_ids:
        return {}
    earned = set(
        db.session.execute(
            _AUTO_AWARDED, {"badge_ids": [b.id for b in badges], "user_ids": user_ids, "auto_key": auto_key}
        ).all()
    )
    return {user_id: [b for b in badges if (b.id, user_id) not in earned] for user_id in user_ids}


def _has_auto_award(badge: Badge, user: User, auto_key: str) -> bool:
    return (
        db.session.scalar(
            select(BadgeAward.id).where(
                BadgeAward.badge_id == badge.id, BadgeAward.user_id == user.id, BadgeAward.auto_key == auto_key
            )
        )
        is not None
    )


def grant_automatic(
    badge: Badge, user: User, auto_key: str = AUTO_KEY, now: datetime | None = None
) -> BadgeAward | None:
    """Award an automatic badge once per person and criterion. The unique constraint decides a race:
    the insert runs in a savepoint, so losing it rolls back only the award, never the check-in."""
    if _has_auto_award(badge, user, auto_key):
        return None
    try:
        with db.session.begin_nested():
            award = BadgeAward(
                organisation_id=user.organisation_id,
                badge_id=badge.id,
                user_id=user.id,
                auto_key=auto_key,
                reason="",
                created_at=now or utcnow(),
            )
            db.session.add(award)
            db.session.flush()
    except IntegrityError:
        return None
    db.session.add(
        FeedEvent(
            organisation_id=award.organisation_id,
            kind=FeedKind.AWARD,
            created_at=award.created_at,
            user_id=user.id,
            award_id=award.id,
        )
    )
    _notify(user.id, award.organisation_id, "badge", None, award_id=award.id)
    signals.badge_awarded.send(award, recipient_id=user.id)
    db.session.flush()
    return award


def count_for(user: User, criterion: str) -> int:
    """How far a person is on a counting criterion (wins, credits, confirmed wins, applause received)."""
    if criterion == Criterion.WINS:
        return db.session.scalar(select(func.count()).select_from(Win).where(Win.author_id == user.id)) or 0
    if criterion == Criterion.CREDITED_WINS:
        return db.session.scalar(select(func.count()).select_from(WinCredit).where(WinCredit.user_id == user.id)) or 0
    if criterion == Criterion.CONFIRMED_WINS:
        credited = select(WinCredit.win_id).where(WinCredit.user_id == user.id)
        return (
            db.session.scalar(
                select(func.count())
                .select_from(Win)
                .where(Win.confirmed_at.is_not(None), or_(Win.author_id == user.id, Win.id.in_(credited)))
            )
            or 0
        )
    if criterion == Criterion.APPLAUSE:
        on_wins = select(Win.id).where(Win.author_id == user.id)
        on_awards = select(BadgeAward.id).where(BadgeAward.user_id == user.id)
        return (
            db.session.scalar(
                select(func.count())
                .select_from(Applause)
                .where(or_(Applause.win_id.in_(on_wins), Applause.award_id.in_(on_awards)))
            )
            or 0
        )
    raise ValueError(criterion)


def evaluate_counts(user: User, criteria: tuple[str, ...], now: datetime | None = None) -> list[BadgeAward]:
    granted = []
    for badge in _automatic_badges(user.organisation_id, criteria):
        if _has_auto_award(badge, user, AUTO_KEY):
            continue
        if count_for(user, badge.criterion) >= (badge.threshold or 1):
            award = grant_automatic(badge, user, now=now)
            if award:
                granted.append(award)
    return granted


def streak_in_weeks(behaviour: Behaviour, current: int) -> float:
    if behaviour.cadence == "times_per_week":
        return current
    per_week = {"daily": 7, "weekdays": 5}.get(behaviour.cadence) or max(1, len(behaviour.days_of_week or []))
    return current / per_week


# --- feed -----------------------------------------------------------------------------------


def encode_cursor(event: FeedEvent) -> str:
    raw = f"{event.created_at.astimezone(UTC).isoformat()}|{event.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        instant, event_id = raw.split("|")
        moment = datetime.fromisoformat(instant)
        if moment.tzinfo is None:
            raise ValueError
        return moment, int(event_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _invalid("cursor", "bad_cursor") from None


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedEvent]
    next_cursor: str | None


def feed(
    actor: User, team_id: int | None = None, mine: bool = False, cursor: str | None = None, limit: int = FEED_PAGE
) -> FeedPage:
    """Newest first. Hidden wins are left out for everyone, managers included: the feed is the public
    celebration; moderators still open a hidden win by its id to un-hide it."""
    query = (
        select(FeedEvent)
        .outerjoin(Win, Win.id == FeedEvent.win_id)
        .where(
            FeedEvent.organisation_id == actor.organisation_id, or_(FeedEvent.win_id.is_(None), Win.hidden_at.is_(None))
        )
    )
    if team_id is not None:
        team = db.session.get(Team, team_id)
        if team is None or team.organisation_id != actor.organisation_id:
            raise NotFound()
        members = select(Membership.user_id).where(Membership.team_id == team.id)
        credited = select(WinCredit.win_id).where(WinCredit.user_id.in_(members))
        query = query.where(
            or_(FeedEvent.user_id.in_(members), FeedEvent.team_id == team.id, FeedEvent.win_id.in_(credited))
        )
    if mine:
        credited = select(WinCredit.win_id).where(WinCredit.user_id == actor.id)
        query = query.where(
            or_(
                FeedEvent.user_id == actor.id,
                FeedEvent.win_id.in_(credited),
                FeedEvent.team_id.in_(actor.team_ids() or {-1}),
            )
        )
    if cursor:
        moment, event_id = decode_cursor(cursor)
        query = query.where(
            or_(FeedEvent.created_at < moment, and_(FeedEvent.created_at == moment, FeedEvent.id < event_id))
        )
    query = (
        query.order_by(FeedEvent.created_at.desc(), FeedEvent.id.desc())
        .limit(limit + 1)
        .options(
            selectinload(FeedEvent.user),
            selectinload(FeedEvent.team),
            selectinload(FeedEvent.behaviour),
            selectinload(FeedEvent.win).selectinload(Win.author),
            selectinload(FeedEvent.win).selectinload(Win.credits).selectinload(WinCredit.user),
            selectinload(FeedEvent.win).selectinload(Win.applause).selectinload(Applause.user),
            selectinload(FeedEvent.win).selectinload(Win.confirmed_by),
            selectinload(FeedEvent.award).selectinload(BadgeAward.badge),
            selectinload(FeedEvent.award).selectinload(BadgeAward.awarded_by),
            selectinload(FeedEvent.award).selectinload(BadgeAward.applause).selectinload(Applause.user),
        )
    )
    events = list(db.session.scalars(query))
    more = len(events) > limit
    events = events[:limit]
    return FeedPage(events, encode_cursor(events[-1]) if more and events else None)


# --- notifications --------------------------------------------------------------------------


def list_notifications(actor: User, limit: int = 50) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == actor.id)
            .options(selectinload(Notification.actor))
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(actor: User) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(actor: User) -> int:
    now = utcnow()
    unread = db.session.scalars(
        select(Notification).where(Notification.user_id == actor.id, Notification.read_at.is_(None))
    ).all()
    for notification in unread:
        notification.read_at = now
    db.session.flush()
    return len(unread)


# --- people: colleagues, profile, coverage --------------------------------------------------


def colleagues(actor: User) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.organisation_id == actor.organisation_id, User.active.is_(True))
            .options(selectinload(User.memberships).selectinload(Membership.team))
            .order_by(User.name)
        )
    )


@dataclass(frozen=True)
class Profile:
    person: User
    awards: list[BadgeAward]
    wins: list[Win]
    streaks: list[dict] | None
    counts: dict


def _streaks_visible(actor: User, person: User) -> bool:
    if actor.id == person.id or actor.is_admin or is_manager_of(actor, person):
        return True
    organisation = db.session.get(Organisation, actor.organisation_id)
    return organisation.visibility != "private"


def profile(actor: User, user_id: int) -> Profile:
    """What Ritme celebrates of a person: badges with reasons, wins, streak records."""
    person = _person(actor, user_id)
    awards = list(
        db.session.scalars(
            select(BadgeAward)
            .where(BadgeAward.user_id == person.id)
            .options(
                selectinload(BadgeAward.badge),
                selectinload(BadgeAward.awarded_by),
                selectinload(BadgeAward.applause).selectinload(Applause.user),
            )
            .order_by(BadgeAward.created_at.desc(), BadgeAward.id.desc())
        )
    )
    credited = select(WinCredit.win_id).where(WinCredit.user_id == person.id)
    wins = [
        win
        for win in db.session.scalars(
            select(Win)
            .where(or_(Win.author_id == person.id, Win.id.in_(credited)))
            .options(
                selectinload(Win.author),
                selectinload(Win.credits).selectinload(WinCredit.user),
                selectinload(Win.applause).selectinload(Applause.user),
                selectinload(Win.confirmed_by),
            )
            .order_by(Win.created_at.desc(), Win.id.desc())
            .limit(50)
        )
        if not win.hidden or can_see_hidden(actor, win)
    ]
    streaks = None
    if _streaks_visible(actor, person):
        # A read of the rhythm, not a reaction to it: rhythm's own rules compute today's streaks.
        from backend.rhythm import service as rhythm

        behaviours = rhythm.applicable_behaviours(person)
        rhythms = rhythm.rhythms_for(person, behaviours, local_today(person.time_zone))
        streaks = sorted(
            (
                {
                    "behaviour_id": behaviour.id,
                    "name": behaviour,
                    "icon": behaviour.icon,
                    "current": rhythms[behaviour.id].current,
                    "longest": rhythms[behaviour.id].longest,
                    "unit": "week" if behaviour.cadence == "times_per_week" else "day",
                }
                for behaviour in behaviours
            ),
            key=lambda row: -row["longest"],
        )
    counts = {
        "wins": count_for(person, Criterion.WINS),
        "credited_wins": count_for(person, Criterion.CREDITED_WINS),
        "confirmed_wins": count_for(person, Criterion.CONFIRMED_WINS),
        "applause_received": count_for(person, Criterion.APPLAUSE),
        "badges": len(awards),
    }
    return Profile(person, awards, wins, streaks, counts)


def _recognitions_since(user_ids: list[int], since: datetime) -> list[tuple[int, datetime]]:
    """(person, when) for each badge, applause and confirmed win they received since a moment."""
    if not user_ids:
        return []
    rows: list[tuple[int, datetime]] = []
    rows += db.session.execute(
        select(BadgeAward.user_id, BadgeAward.created_at).where(
            BadgeAward.user_id.in_(user_ids), BadgeAward.created_at >= since
        )
    ).all()
    rows += db.session.execute(
        select(Win.author_id, Applause.created_at)
        .join(Win, Win.id == Applause.win_id)
        .where(Win.author_id.in_(user_ids), Applause.created_at >= since)
    ).all()
    rows += db.session.execute(
        select(BadgeAward.user_id, Applause.created_at)
        .join(BadgeAward, BadgeAward.id == Applause.award_id)
        .where(BadgeAward.user_id.in_(user_ids), Applause.created_at >= since)
    ).all()
    rows += db.session.execute(
        select(Win.author_id, Win.confirmed_at).where(Win.author_id.in_(user_ids), Win.confirmed_at >= since)
    ).all()
    rows += db.session.execute(
        select(WinCredit.user_id, Win.confirmed_at)
        .join(Win, Win.id == WinCredit.win_id)
        .where(WinCredit.user_id.in_(user_ids), Win.confirmed_at >= since)
    ).all()
    return rows


def coverage(actor: User, now: datetime | None = None) -> dict:
    """Who in my teams received no recognition in 30 and 90 days, and which teams receive the least."""
    if not (actor.is_admin or (actor.role == Role.MANAGER and actor.managed_team_ids())):
        raise Forbidden()
    now = now or utcnow()
    team_query = select(Team).where(Team.organisation_id == actor.organisation_id, Team.archived_at.is_(None))
    if not actor.is_admin:
        team_query = team_query.where(Team.id.in_(actor.managed_team_ids()))
    teams = list(db.session.scalars(team_query.order_by(Team.name)))
    memberships = db.session.execute(
        select(Membership.team_id, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.team_id.in_([t.id for t in teams] or [-1]), User.active.is_(True))
    ).all()
    people: dict[int, User] = {}
    teams_of: dict[int, list[Team]] = {}
    members_of: dict[int, set[int]] = {t.id: set() for t in teams}
    by_id = {t.id: t for t in teams}
    for team_id, user in memberships:
        people[user.id] = user
        teams_of.setdefault(user.id, []).append(by_id[team_id])
        members_of[team_id].add(user.id)
    since_30, since_90 = now - timedelta(days=30), now - timedelta(days=90)
    count_30: dict[int, int] = {}
    count_90: dict[int, int] = {}
    last: dict[int, datetime] = {}
    for user_id, moment in _recognitions_since(list(people), since_90):
        count_90[user_id] = count_90.get(user_id, 0) + 1
        if moment >= since_30:
            count_30[user_id] = count_30.get(user_id, 0) + 1
        last[user_id] = max(last.get(user_id, moment), moment)
    rows = [
        {
            "person": person,
            "teams": [t.name for t in teams_of[person.id]],
            "received_30": count_30.get(person.id, 0),
            "received_90": count_90.get(person.id, 0),
            "last_recognised_at": last.get(person.id),
        }
        for person in sorted(people.values(), key=lambda p: p.name)
    ]
    team_rows = []
    for team in teams:
        members = members_of[team.id]
        recognised_30 = sum(1 for m in members if count_30.get(m))
        recognised_90 = sum(1 for m in members if count_90.get(m))
        team_rows.append(
            {
                "team": team,
                "members": len(members),
                "recognised_30": recognised_30,
                "recognised_90": recognised_90,
                "share_30": round(recognised_30 / len(members), 2) if members else None,
                "share_90": round(recognised_90 / len(members), 2) if members else None,
                "recognitions_90": sum(count_90.get(m, 0) for m in members),
            }
        )
    team_rows.sort(
        key=lambda r: (r["share_30"] if r["share_30"] is not None else 2, r["share_90"] or 0, r["team"].name)
    )
    return {
        "people": rows,
        "unrecognised_30": [r for r in rows if not r["received_30"]],
        "unrecognised_90": [r for r in rows if not r["received_90"]],
        "teams": team_rows,
    }

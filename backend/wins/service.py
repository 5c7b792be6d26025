"""The rules of wins: log (idempotent by client_id), edit and delete within 24 hours, hide, confirm.

Functions take the acting person, flush and never commit (the request commits once). What follows
from a win elsewhere goes by signals (backend/signals.py): points for the boards (points_changed), the
feed line and notifications (win_logged, win_credited, win_confirmed, win_deleted), and, after those,
the automatic badges (recognition_counts_changed). Applause is in applause.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import signals
from backend.accounts.models import Organisation, Role, TeamKind, User
from backend.audit import record_audit
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.timeutil import local_today, utcnow
from backend.wins.models import ImpactArea, Win, WinCredit

EDIT_WINDOW = timedelta(hours=24)

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


# --- who may do what (badges and the feed ask the same through read.py) ---------------------


def is_manager_of(actor: User, person: User) -> bool:
    return bool(actor.managed_team_ids() & person.team_ids())


def can_moderate(actor: User, people: list[User]) -> bool:
    """Admins, and managers of a team one of these people is in."""
    if actor.is_admin:
        return True
    return actor.role == Role.MANAGER and any(is_manager_of(actor, person) for person in people)


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


def counted(count: str, people: list[User], at: datetime | None = None) -> None:
    """Tell whoever counts (the automatic badges) that these people's count grew, after the change itself."""
    if people:
        signals.recognition_counts_changed.send(None, user_ids=[p.id for p in people], count=count, at=at)


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
    organisation = db.session.get(Organisation, actor.organisation_id)
    for person in [actor, *credited]:
        _points(person, now, organisation.win_points, "win", win.id)
    signals.win_logged.send(win, actor=actor)
    for person in credited:
        signals.win_credited.send(win, user_id=person.id)
    db.session.flush()
    counted("wins", [actor], now)
    counted("credited_wins", credited, now)
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
    added = [person for person in wanted if person.id not in current]
    for person in added:
        win.credits.append(WinCredit(user_id=person.id))
        _points(person, win.created_at, per_person, "win", win.id)
        signals.win_credited.send(win, user_id=person.id)
    db.session.flush()
    counted("credited_wins", added)


def delete_win(actor: User, win_id: int, now: datetime | None = None) -> None:
    """The author takes a win back within 24 hours; its points, feed line and notifications go with it."""
    now = now or utcnow()
    win = get_win(actor, win_id)
    _ensure_author_in_window(actor, win, now)
    organisation = db.session.get(Organisation, win.organisation_id)
    per_person = _win_points_for_one(organisation, win)
    for person in [win.author, *win.credited]:
        _points(person, win.created_at, -per_person, "win", win.id)
    signals.win_deleted.send(win)
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
    signals.win_confirmed.send(win, actor=actor)
    db.session.flush()
    counted("confirmed_wins", [win.author, *win.credited], now)
    return win

"""Applause for a win or a badge award: once per person, never for one's own, and it can be taken back.

Wins keep every applause (the Applause table), but a badge award belongs to badges, and wins do not
import badges (no import circle: badges read wins). So applause for an award arrives by signal: badges
check the award (the actor may see it, it is not their own) and send award_applauded or
award_applause_withdrawn with the BadgeAward; wins/receivers.py answers with `record` or `take_back`.
What follows goes by signals: the notification and push (applause_given, applause_withdrawn), then the
automatic badges that count applause received (recognition_counts_changed).
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from backend import signals
from backend.accounts.models import User
from backend.errors import DomainError
from backend.extensions import db
from backend.wins.models import Applause, Win
from backend.wins.service import counted, get_win

# target kind -> the Applause column naming it (target_kind in applause_given and applause_withdrawn)
_COLUMNS = {"win": Applause.win_id, "award": Applause.award_id}


def applaud(actor: User, *, win_id: int) -> Win:
    """Applaud a win (answered as it now is): once per person; a second time is a no-op."""
    win = get_win(actor, win_id)
    if win.hidden:
        raise DomainError("win_hidden", 422)
    if win.author_id == actor.id:
        raise DomainError("own_applause", 422)
    return record(actor, "win", win, win.author_id)


def withdraw_applause(actor: User, *, win_id: int) -> Win:
    """Take one's applause for a win back; its unread notification goes too. Without applause, nothing changes."""
    return take_back(actor, "win", get_win(actor, win_id))


def record(actor: User, kind: str, target, recipient_id: int):
    """The actor's applause for a target already checked (a Win, or a BadgeAward: anything with `id` and
    an `applause` list), unless it is there already; its `applause` is read anew. Returns the target."""
    column = _COLUMNS[kind]
    if db.session.scalar(select(Applause.id).where(Applause.user_id == actor.id, column == target.id)):
        return target
    applause = Applause(organisation_id=actor.organisation_id, user_id=actor.id, **{column.key: target.id})
    try:
        with db.session.begin_nested():
            db.session.add(applause)
            db.session.flush()
    except IntegrityError:
        db.session.expire(target, ["applause"])
        return target  # the same applause raced in: the constraint kept one
    db.session.expire(target, ["applause"])
    signals.applause_given.send(applause, recipient_id=recipient_id, target_kind=kind, target_id=target.id)
    counted("applause", [db.session.get(User, recipient_id)])
    return target


def take_back(actor: User, kind: str, target):
    """Remove the actor's applause for a target, if any; its `applause` is read anew. Returns the target."""
    db.session.execute(delete(Applause).where(Applause.user_id == actor.id, _COLUMNS[kind] == target.id))
    signals.applause_withdrawn.send(None, user_id=actor.id, target_kind=kind, target_id=target.id)
    db.session.flush()
    db.session.expire(target, ["applause"])
    return target

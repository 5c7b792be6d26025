"""Applause for a win or a badge award: once per person, never for one's own, and it can be taken back.

Badge awards belong to badges: their applause reads the award through badges/read.py. What follows
goes by signals: the notification and push (applause_given, applause_withdrawn), then the automatic
badges that count applause received (recognition_counts_changed).
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from backend import signals
from backend.accounts.models import User
from backend.badges import read as badges
from backend.errors import DomainError
from backend.extensions import db
from backend.wins.models import Applause, Win
from backend.wins.service import counted, get_win


def _applaudable_win(actor: User, win_id: int) -> Win:
    win = get_win(actor, win_id)
    if win.hidden:
        raise DomainError("win_hidden", 422)
    if win.author_id == actor.id:
        raise DomainError("own_applause", 422)
    return win


def applaud(actor: User, *, win_id: int | None = None, award_id: int | None = None):
    """Applaud a win or a badge award (answered as it now is): once per person; a second time is a no-op."""
    if win_id is not None:
        target = _applaudable_win(actor, win_id)
        recipient_id, kind, refs = target.author_id, "win", {"win_id": target.id}
    else:
        target = badges.award(actor, award_id)
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
    signals.applause_given.send(applause, recipient_id=recipient_id, target_kind=kind, target_id=target.id)
    counted("applause", [db.session.get(User, recipient_id)])
    return target


def _target_filter(refs: dict) -> list:
    if "win_id" in refs:
        return [Applause.win_id == refs["win_id"]]
    return [Applause.award_id == refs["award_id"]]


def withdraw_applause(actor: User, *, win_id: int | None = None, award_id: int | None = None):
    """Take one's applause back; its unread notification goes too. Without applause, nothing changes."""
    if win_id is not None:
        target = get_win(actor, win_id)
        kind, refs = "win", {"win_id": target.id}
    else:
        target = badges.award(actor, award_id)
        kind, refs = "award", {"award_id": target.id}
    db.session.execute(delete(Applause).where(Applause.user_id == actor.id, *_target_filter(refs)))
    signals.applause_withdrawn.send(None, user_id=actor.id, target_kind=kind, target_id=target.id)
    db.session.flush()
    db.session.expire(target, ["applause"])
    return target

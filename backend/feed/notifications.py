"""In-app notifications: written by the receivers (receivers.py) as things happen elsewhere, read
and marked read by their person."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from backend.accounts.models import User
from backend.extensions import db
from backend.feed.models import Notification
from backend.timeutil import utcnow


def notify(recipient_id: int, organisation_id: int, kind: str, actor_id: int | None = None, **refs) -> None:
    """One notification; nobody is told what they did themselves."""
    if actor_id is not None and actor_id == recipient_id:
        return
    db.session.add(
        Notification(organisation_id=organisation_id, user_id=recipient_id, kind=kind, actor_id=actor_id, **refs)
    )


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

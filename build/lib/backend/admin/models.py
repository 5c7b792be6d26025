"""The audit log: who did which administrative action to what, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts.models import User
from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One administrative action. Append-only; readable by the organisation's admins.

    A person is referred to by id and named when the log is read, so erasing a person's account
    also erases their name from the log. `target_label` names what has no row of its own to point
    at (an invited e-mail address, a team's name at the time).
    """

    __table_args__ = (Index("ix_audit_entry_org_id", "organisation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[int | None] = mapped_column(Integer)
    target_label: Mapped[str | None] = mapped_column(String(254))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()

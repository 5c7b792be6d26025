"""The audit log's writer. Admin calls record_audit() here; other domains call backend.audit.record_audit()
(same signature), which reaches _on_audit_recorded below through the `audit_recorded` signal.

    record_audit(actor, action, target=None, details=None, organisation_id=None) -> AuditEntry

- actor: the User who acted, or None for the system (CLI, first run).
- action: a short snake_case verb phrase, e.g. "person_invited", "role_changed", "win_hidden".
  The admin screen translates `admin.audit.action.<action>` and shows the raw action otherwise.
- target: the model instance acted upon (its class name and id are kept; a User is named when
  the log is read), or None.
- details: a small JSON-able dict (e.g. {"from": "rep", "to": "manager"}). Do not put people's
  names or e-mail addresses in it; refer to people by id.
"""

from __future__ import annotations

import re

from backend.accounts.models import Invite, Organisation, Team, User
from backend.admin.models import AuditEntry
from backend.extensions import db
from backend.signals import audit_recorded


def _type_name(target: object) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(target).__name__).lower()


def _label(target: object) -> str | None:
    if isinstance(target, User):
        return None  # named at read time, so an erased person's name is gone from the log too
    if isinstance(target, Invite):
        return target.email
    if isinstance(target, Team | Organisation):
        return target.name
    for attribute in ("name", "title", "name_nl"):
        value = getattr(target, attribute, None)
        if isinstance(value, str):
            return value[:254]
    return None


def record_audit(
    actor, action: str, target: object | None = None, details: dict | None = None, organisation_id: int | None = None
) -> AuditEntry:
    """Append an entry to the actor's (or the given) organisation's audit log; flushes, never commits."""
    if organisation_id is None:
        organisation_id = actor.organisation_id if actor is not None else getattr(target, "organisation_id", None)
        if organisation_id is None and isinstance(target, Organisation):
            organisation_id = target.id
    entry = AuditEntry(
        organisation_id=organisation_id,
        actor_id=actor.id if actor is not None else None,
        action=action[:40],
        target_type=_type_name(target) if target is not None else None,
        target_id=getattr(target, "id", None) if target is not None else None,
        target_label=_label(target) if target is not None else None,
        details=details or {},
    )
    db.session.add(entry)
    db.session.flush()
    return entry


@audit_recorded.connect
def _on_audit_recorded(
    actor, action: str, target: object | None = None, details: dict | None = None, organisation_id: int | None = None
) -> AuditEntry:
    """Another domain's entry (backend/audit.py)."""
    return record_audit(actor, action, target, details, organisation_id)

"""record_audit(): how any domain writes to the audit log without importing admin.

Stable signature, used by accounts and recognition (hiding a win):

    record_audit(actor, action, target=None, details=None, organisation_id=None) -> the entry written

It sends the `audit_recorded` signal (backend/signals.py). The audit log is admin's data — its table,
the admin screen that reads it, scrubbing an erased person from it — so admin's receiver
(admin/audit.py) writes the entry, the way every change to another domain's data goes. This module
imports no domain, so accounts (which admin builds on) can use it without an import circle.
See admin/audit.py for what actor, action, target and details mean.
"""

from __future__ import annotations

from backend.signals import audit_recorded


def record_audit(
    actor, action: str, target: object | None = None, details: dict | None = None, organisation_id: int | None = None
):
    """Append an entry to the audit log (flushes, never commits); fails loudly if no audit log listens."""
    answers = audit_recorded.send(actor, action=action, target=target, details=details, organisation_id=organisation_id)
    if not answers:
        raise RuntimeError("no audit log is listening to audit_recorded: import backend.admin.audit")
    return answers[0][1]

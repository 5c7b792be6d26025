"""What goals listen to (backend/signals.py documents each signal)."""

from __future__ import annotations

from datetime import date

from backend import signals
from backend.goals.service import check_goals


@signals.customer_facing_counted.connect
def _on_customer_facing_counted(_sender, organisation_id: int, team_ids: set[int], days: set[date], **_kwargs) -> None:
    """New customer-facing check-ins on the boards: did they complete a goal of these teams?"""
    check_goals(organisation_id, team_ids, days)

"""What goals listen to (backend/signals.py documents each signal)."""

from __future__ import annotations

from datetime import date

from backend import signals
from backend.goals.service import adopt_standard, check_goals, settle_goals


@signals.customer_facing_counted.connect
def _on_customer_facing_counted(_sender, organisation_id: int, team_ids: set[int], days: set[date], **_kwargs) -> None:
    """New customer-facing check-ins on the boards: did they complete a goal of these teams?"""
    check_goals(organisation_id, team_ids, days)


@signals.standings_settled.connect
def _on_standings_settled(_sender, organisation_id: int, **_kwargs) -> None:
    """The nightly settle brought the boards up to today: settle the goals too (ended periods included)."""
    settle_goals(organisation_id)


@signals.team_standard_agreed.connect
def _on_team_standard_agreed(
    _round,
    organisation_id: int,
    team_id: int,
    period: str,
    starts_on: date,
    kind: str,
    target: int,
    title: str | None,
    actor_id: int | None,
    **_kwargs,
) -> None:
    """The team recognised itself in a standard (thermostat): it becomes the team goal for its period."""
    adopt_standard(organisation_id, team_id, period, starts_on, kind, target, title, actor_id)

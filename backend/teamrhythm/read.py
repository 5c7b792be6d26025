"""Team rhythm's read API: what other domains (the office screens) may know of a team's rhythm."""

from __future__ import annotations

from datetime import date

from backend.teamrhythm.service import TrendWeek, weekly_trend

__all__ = ["TrendWeek", "customer_facing_weeks"]


def customer_facing_weeks(team_id: int, today: date, weeks: int) -> list[TrendWeek]:
    """The team's customer-facing share per ISO week, the last `weeks` weeks up to today's (aggregates only)."""
    return weekly_trend(team_id, today, weeks)

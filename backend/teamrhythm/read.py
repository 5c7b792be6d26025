"""Team rhythm's read API: what other domains (the office screens, a weekly summary) may know of a team's rhythm.

week_totals(team_id, monday): the ISO week's check-ins against the cadence, added up over the team (WeekTotals).
"""

from __future__ import annotations

from datetime import date, datetime

from backend.accounts.models import User
from backend.teamrhythm.coaching import TeamPrompts, prompts_for
from backend.teamrhythm.service import TrendWeek, WeekTotals, week_totals, weekly_trend

__all__ = ["TeamPrompts", "TrendWeek", "WeekTotals", "coaching_prompts", "customer_facing_weeks", "week_totals"]


def customer_facing_weeks(team_id: int, today: date, weeks: int) -> list[TrendWeek]:
    """The team's customer-facing share per ISO week, the last `weeks` weeks up to today's (aggregates only)."""
    return weekly_trend(team_id, today, weeks)


def coaching_prompts(manager: User, now: datetime | None = None) -> list[TeamPrompts]:
    """Per team the person manages: who has not been recognised for four weeks and who is slipping,
    alphabetical and without scores (the Monday summary's coaching prompts)."""
    return prompts_for(manager, now)

"""Team rhythm's read API: what other domains (the office screens) may know of a team's rhythm."""

from __future__ import annotations

from datetime import date, datetime

from backend.accounts.models import User
from backend.teamrhythm.coaching import TeamPrompts, prompts_for
from backend.teamrhythm.service import TrendWeek, weekly_trend

__all__ = ["TeamPrompts", "TrendWeek", "coaching_prompts", "customer_facing_weeks"]


def customer_facing_weeks(team_id: int, today: date, weeks: int) -> list[TrendWeek]:
    """The team's customer-facing share per ISO week, the last `weeks` weeks up to today's (aggregates only)."""
    return weekly_trend(team_id, today, weeks)


def coaching_prompts(manager: User, now: datetime | None = None) -> list[TeamPrompts]:
    """Per team the person manages: who has not been recognised for four weeks and who is slipping,
    alphabetical and without scores (the Monday summary's coaching prompts)."""
    return prompts_for(manager, now)

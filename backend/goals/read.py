"""Goals' read API: what other domains (the office screens) may know of team goals.

Everything here reads (a goal that turns out reached while read is marked, as any read of a goal does).
"""

from __future__ import annotations

from datetime import date

from backend.boards.read import periods
from backend.goals import service
from backend.goals.service import GOAL_KINDS, RHYTHM_SHARE, GoalProgress

__all__ = ["GOAL_KINDS", "RHYTHM_SHARE", "GoalProgress", "current_goals", "period_goals", "rhythm_this_week"]


def current_goals(team_ids: list[int], today: date) -> list[GoalProgress]:
    """The current goal of each of these teams, with its progress (teams without one are left out)."""
    return [service._progress(goal, today) for goal in service._current_goals(sorted(team_ids), today)]


def rhythm_this_week(team_id: int, organisation_id: int, today: date) -> tuple[int, int]:
    """(done, due) behaviour-days of the team this ISO week so far: the same share a rhythm goal counts."""
    monday = periods.week_start(today)
    return service.rhythm_share(team_id, organisation_id, monday, periods.period_end("week", monday), today)


def period_goals(team_id: int, starts: list[tuple[str, date]], today: date) -> dict[tuple[str, date], GoalProgress]:
    """The team's goals for these (period, first day) pairs, with their progress (how the team did)."""
    return service.period_goals(team_id, starts, today)

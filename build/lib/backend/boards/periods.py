"""Calendar periods of an organisation: ISO week (from Monday), month, quarter, and all time.

Pure functions over local dates. Which period is *current* follows the organisation's time zone;
which period a check-in *belongs to* follows its own local date (see docs/privacy.md, "Days").
"""

from __future__ import annotations

from datetime import date, timedelta

WEEK, MONTH, QUARTER, ALL = "week", "month", "quarter", "all"
PERIODS = (WEEK, MONTH, QUARTER, ALL)
GOAL_PERIODS = (WEEK, MONTH, QUARTER)
# All time is one period that starts before anyone's first check-in.
ALL_START = date(2000, 1, 1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def period_start(period: str, day: date) -> date:
    if period == WEEK:
        return week_start(day)
    if period == MONTH:
        return day.replace(day=1)
    if period == QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return ALL_START


def period_end(period: str, start: date) -> date | None:
    """The last day of the period that starts on `start` (None for all time)."""
    if period == WEEK:
        return start + timedelta(days=6)
    if period in (MONTH, QUARTER):
        months = 1 if period == MONTH else 3
        month = start.month - 1 + months
        return date(start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return None


def previous_start(period: str, start: date) -> date | None:
    """The start of the period before (None for all time: it has no 'before')."""
    if period == ALL:
        return None
    return period_start(period, start - timedelta(days=1))


def starts_for(day: date) -> dict[str, date]:
    """The start of every period a local day belongs to."""
    return {period: period_start(period, day) for period in PERIODS}


def parse_iso_week(text: str) -> date:
    """'2026-W47' → the Monday of that ISO week; ValueError for a week that does not exist."""
    year, week = text.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def iso_week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"

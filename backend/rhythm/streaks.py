"""Streaks and consistency: pure functions over local dates, no database, no clock.

The rules, with worked examples, are in docs/streaks.md. In short:

* A cadence splits time into *periods*: a required day (daily, weekdays, days_of_week) or an
  ISO week (times_per_week).
* A period is *skipped* when the person was away for it (an away day that holds no check-in;
  for a week, every day of it), or when it lies before the behaviour started for them. Skipped
  periods neither count nor break anything.
* The current streak counts consecutive periods done. The running period (today, or the running
  week) adds to the streak once done and never breaks it before it ends.
* Consistency is an exponentially weighted habit strength per period (after Loop Habit Tracker):
  ``score = score × m + done × (1 − m)`` with ``m = 0.5 ** (sqrt(period_days) / 13)``.

Computation is incremental: a ``Checkpoint`` sums up all periods up to a settled date, and
``advance`` folds in only what came after it. Starting from ``Checkpoint.empty`` gives the result
from the whole history.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

DAILY = "daily"
WEEKDAYS = "weekdays"
TIMES_PER_WEEK = "times_per_week"
DAYS_OF_WEEK = "days_of_week"
CADENCES = (DAILY, WEEKDAYS, TIMES_PER_WEEK, DAYS_OF_WEEK)

DAY_DECAY = 0.5 ** (1 / 13)
WEEK_DECAY = 0.5 ** (math.sqrt(7) / 13)


@dataclass(frozen=True)
class Cadence:
    kind: str
    times_per_week: int | None = None
    # ISO weekdays, Monday = 1 … Sunday = 7 (only for days_of_week)
    days: frozenset[int] = frozenset()

    @property
    def weekly(self) -> bool:
        return self.kind == TIMES_PER_WEEK

    def requires(self, day: date) -> bool:
        """Whether a day-based cadence asks for a check-in on this day."""
        if self.kind == DAILY:
            return True
        if self.kind == WEEKDAYS:
            return day.isoweekday() <= 5
        if self.kind == DAYS_OF_WEEK:
            return day.isoweekday() in self.days
        return False


@dataclass(frozen=True)
class Checkpoint:
    """Everything up to and including ``through`` is settled into these numbers."""

    through: date
    current: int = 0
    longest: int = 0
    score: float = 0.0

    @classmethod
    def empty(cls, start: date) -> Checkpoint:
        return cls(through=start - timedelta(days=1))


@dataclass(frozen=True)
class Rhythm:
    current: int
    longest: int
    score: float  # 0.0 … 1.0
    checkpoint: Checkpoint  # settled state to store: safe to advance from later
    due_today: bool
    done_today: bool
    week_done: int = 0  # check-ins in the running ISO week (times_per_week)
    week_target: int = 0  # what the running week asks, after away days

    @property
    def consistency(self) -> int:
        return round(self.score * 100)


def week_start(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def advance(
    cadence: Cadence,
    checkpoint: Checkpoint,
    done: Mapping[date, int],
    away: Collection[date],
    today: date,
    start: date | None = None,
) -> Rhythm:
    """Fold the periods after ``checkpoint.through`` up to ``today`` into streak and score.

    ``done`` maps a local date to its number of check-ins (at least those after the checkpoint);
    ``away`` holds the away days in the same window; ``start`` is the first day the behaviour
    counted for this person (periods before it are skipped).
    """
    start = start or checkpoint.through + timedelta(days=1)
    if cadence.weekly:
        return _advance_weeks(cadence, checkpoint, done, away, today, start)
    return _advance_days(cadence, checkpoint, done, away, today, start)


def _advance_days(cadence, checkpoint, done, away, today, start) -> Rhythm:
    current, longest, score = checkpoint.current, checkpoint.longest, checkpoint.score
    settled = checkpoint
    day = max(checkpoint.through + timedelta(days=1), start)
    while day < today:
        if cadence.requires(day):
            if done.get(day):
                current += 1
                score = score * DAY_DECAY + (1 - DAY_DECAY)
            elif day not in away:
                current = 0
                score = score * DAY_DECAY
            longest = max(longest, current)
        day += timedelta(days=1)
    if today > checkpoint.through:
        settled = Checkpoint(through=today - timedelta(days=1), current=current, longest=longest, score=score)
    due_today = cadence.requires(today) and today not in away and today >= start
    done_today = bool(done.get(today))
    if done_today and today > checkpoint.through:
        if cadence.requires(today):
            # Today done joins the streak now; not done, it cannot break it before midnight.
            current += 1
            longest = max(longest, current)
            score = score * DAY_DECAY + (1 - DAY_DECAY)
        # A day done is final (only an undo changes it, and that recomputes): settle it too,
        # so tomorrow's first check-in starts from a checkpoint of yesterday.
        settled = Checkpoint(through=today, current=current, longest=longest, score=score)
    return Rhythm(current, longest, score, settled, due_today, done_today)


def week_target(cadence: Cadence, monday: date, away: Collection[date], start: date) -> int:
    """What a weekly cadence asks of the week from ``monday``: N, or fewer when away or not yet started."""
    available = sum(1 for offset in range(7) if (day := monday + timedelta(days=offset)) >= start and day not in away)
    return min(cadence.times_per_week or 1, available)


def _week_count(monday: date, done: Mapping[date, int]) -> int:
    return sum(done.get(monday + timedelta(days=offset), 0) for offset in range(7))


def _advance_weeks(cadence, checkpoint, done, away, today, start) -> Rhythm:
    current, longest, score = checkpoint.current, checkpoint.longest, checkpoint.score
    this_week = week_start(today)
    if checkpoint.through < start:
        monday = week_start(start)  # nothing settled yet
    else:
        # A weekly checkpoint always ends on a Sunday: weeks are settled whole.
        monday = week_start(checkpoint.through + timedelta(days=1))
    while monday < this_week:
        target = week_target(cadence, monday, away, start)
        count = _week_count(monday, done)
        if target:
            if count >= target:
                current += 1
            else:
                current = 0
            score = score * WEEK_DECAY + min(1.0, count / target) * (1 - WEEK_DECAY)
            longest = max(longest, current)
        monday += timedelta(days=7)
    settled = checkpoint
    last_sunday = this_week - timedelta(days=1)
    if last_sunday > checkpoint.through:
        settled = Checkpoint(through=last_sunday, current=current, longest=longest, score=score)
    target = week_target(cadence, this_week, away, start)
    count = _week_count(this_week, done)
    if target and count >= target:
        # The running week counts once complete, and never breaks the streak before it ends.
        current += 1
        longest = max(longest, current)
        score = score * WEEK_DECAY + (1 - WEEK_DECAY)
    due_today = bool(target) and count < target and today not in away and today >= start
    return Rhythm(
        current,
        longest,
        score,
        settled,
        due_today,
        bool(done.get(today)),
        week_done=count,
        week_target=target,
    )


def from_history(
    cadence: Cadence, done: Mapping[date, int], away: Collection[date], today: date, start: date
) -> Rhythm:
    """The rhythm from the whole history: what ``advance`` must agree with."""
    return advance(cadence, Checkpoint.empty(start), done, away, today, start)

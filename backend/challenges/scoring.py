"""The rules of a challenge's score: pure functions, no database, no clock (the caller passes both in).

Consistency against one's own cadence. A person's score is the share of the behaviour-days their
cadences asked of them in the challenge that they did, 0 … 1:

- a day cadence (daily, weekdays, chosen days) asks every required day from the person's start
  (`first`) through the horizon; a weekly cadence (N per week) asks min(N, days of the week inside the
  challenge) of each week once that week (or the challenge) is over, so a running week never pulls down;
- an away day (leave, sick, an organisation holiday) asks nothing: the person is left out for that day
  instead of dragging their team down, and someone away throughout is left out of the average;
- the running day asks only what is already done (as team goals do), so the first tap of a morning is
  not a fall from 0 % to 0 %;
- done is capped at what was asked (a check-in on an away day may make up for another day, never for
  more than 100 %).

A team's score is the *average* of its members' scores (not a total: a team of 4 can beat a team of 12).
Ties go to whoever reached the score first: the team whose latest counted check-in is the earliest.
The standing is frozen for the last hour (FREEZE): what was made before it is what the frozen standing
shows; the final result, computed once when the challenge closes, adds the last hour.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

FREEZE = timedelta(hours=1)
MIN_DAYS, MAX_DAYS = 7, 92  # a week to a quarter
_NEVER = datetime.max


def due_count(
    requires, weekly: int | None, first: date, horizon: date, window_end: date, away: Collection[date]
) -> int:
    """Behaviour-days one cadence asks of one person from `first` through `horizon` (inclusive).

    `requires(day)` says whether a day cadence asks for that day; `weekly` is N of an N-per-week cadence
    (None for a day cadence). A week counts once it is over: its Sunday, or `window_end` (the
    challenge's last day), is on or before `horizon`.
    """
    if horizon < first:
        return 0
    if weekly is None:
        total, day = 0, first
        while day <= horizon:
            if day not in away and requires(day):
                total += 1
            day += timedelta(days=1)
        return total
    total = 0
    monday = first - timedelta(days=first.isoweekday() - 1)
    while monday <= horizon:
        last = min(monday + timedelta(days=6), window_end)
        if last <= horizon:
            days = [monday + timedelta(days=n) for n in range(7)]
            available = sum(1 for d in days if first <= d <= last and d not in away)
            total += min(weekly, available)
        monday += timedelta(days=7)
    return total


def consistency(done: int, due: int) -> float | None:
    """Done of what was asked, 0 … 1; None when nothing was asked (away throughout: left out)."""
    if due <= 0:
        return None
    return min(1.0, done / due)


def average(scores: Iterable[float | None]) -> float | None:
    """The average of the scores that exist; None when nobody counts."""
    present = [s for s in scores if s is not None]
    return sum(present) / len(present) if present else None


@dataclass
class Entry:
    """One competitor (a team) on a standing: a score 0 … 1 and when it was reached."""

    key: int
    name: str
    score: float | None
    reached_at: datetime | None
    rank: int | None = None
    extra: dict = field(default_factory=dict)


def ranked(entries: list[Entry]) -> list[Entry]:
    """Best first; an equal score goes to who reached it first; only an equal score at the same instant
    shares a rank. Entries without a score (nobody counted) come after, unranked."""

    def order(entry: Entry):
        reached = entry.reached_at.replace(tzinfo=None) if entry.reached_at else _NEVER
        return (entry.score is None, -(entry.score or 0.0), reached, entry.name, entry.key)

    result = sorted(entries, key=order)
    previous: tuple | None = None
    for position, entry in enumerate(result, start=1):
        if entry.score is None:
            entry.rank = None
            continue
        this = (round(entry.score, 6), entry.reached_at)
        entry.rank = result[position - 2].rank if previous == this else position
        previous = this
    return result


def is_frozen(now: datetime, ends_at: datetime) -> bool:
    """In the last hour before the end: the standing stands still."""
    return ends_at - FREEZE <= now < ends_at


def beat_best(current: float | None, previous: float | None) -> bool:
    """Personal best: better than one's own previous period (no previous period: any rhythm at all)."""
    if current is None:
        return False
    return current > (previous or 0.0) + 1e-9


def counts(
    received_at: datetime, occurred_on: date, source: str, window: tuple[datetime, datetime, date, date]
) -> bool:
    """Whether a check-in counts for a challenge: made during it, for one of its days, and not imported.

    A back-fill counts when rhythm accepted it (its back-fill window: the day before online, a week for
    an offline tap) and it reached the server while the challenge ran; it is marked late."""
    starts_at, ends_at, starts_on, ends_on = window
    return source != "import" and starts_at <= received_at < ends_at and starts_on <= occurred_on <= ends_on

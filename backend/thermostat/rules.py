"""The thermostat's rules as plain functions: when a standard is agreed, and what history suggests."""

from __future__ import annotations

MET, MISSED, RUNNING, UNKNOWN = "met", "missed", "running", "unknown"
RAISE_BAR, TALK = "raise_bar", "talk"
MET_IN_A_ROW, MISSED_IN_A_ROW = 3, 2


def is_agreed(confirmed: int, members: int) -> bool:
    """Most of the team recognises itself in the standard: more than half of its members (not of those who answered)."""
    return members > 0 and 2 * confirmed > members


def outcome(reached: bool | None, finished: bool | None) -> str:
    """How the team did on a standard: met, missed, still running, or unknown (its goal was changed or removed)."""
    if reached is None:
        return UNKNOWN
    if reached:
        return MET
    return MISSED if finished else RUNNING


def suggestion(outcomes: list[str]) -> str | None:
    """What to suggest from the outcomes of the team's standards, oldest first.

    Only settled periods count (a running or unknown one neither breaks nor extends a run): three met in a row
    suggest raising the bar; two missed in a row suggest talking about what holds the team back rather than
    pushing harder.
    """
    settled = [o for o in outcomes if o in (MET, MISSED)]
    if len(settled) >= MET_IN_A_ROW and all(o == MET for o in settled[-MET_IN_A_ROW:]):
        return RAISE_BAR
    if len(settled) >= MISSED_IN_A_ROW and all(o == MISSED for o in settled[-MISSED_IN_A_ROW:]):
        return TALK
    return None

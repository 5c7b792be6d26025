"""Rhythm's read API: what other domains may know about check-ins, behaviours and rhythms.

Other domains (boards, recognition, push, admin, …) read rhythm only through this module and never
import rhythm's models, service or fold directly; they change rhythm's data only by sending a signal
(backend/signals.py). Everything here reads; nothing writes, except that catching up the fold
(rhythm/fold.py) settles pending taps into the aggregates before a board is read.
"""

from __future__ import annotations

from backend.rhythm import fold

# --- the fold: boards and the feed read after the pending taps are folded in ------------------------


def catch_up_signed_in() -> None:
    """Before a board or feed request: fold the signed-in organisation's pending taps (a before_request hook)."""
    fold.catch_up_signed_in()


def catch_up(organisation_id: int, commit: bool = True) -> int:
    """Fold an organisation's pending taps now; returns how many were folded."""
    return fold.catch_up(organisation_id, commit=commit)


def take_fold_lock(organisation_id: int) -> None:
    """Hold the organisation's fold lock until the transaction ends (for a rebuild of aggregates)."""
    fold.take_fold_lock(organisation_id)


# --- for boards (leaderboards, goals, team rhythm) ---------------------------------------------------



# --- for recognition (wins, badges, feed) -------------------------------------------------------------



# --- for push (reminders, summaries) -------------------------------------------------------------------



# --- for admin (exports, erasure) -----------------------------------------------------------------------

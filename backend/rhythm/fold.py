"""Check-ins reach the boards and badges in batches, after the tap.

A tap writes its check-in, nothing else, and marks it `pending_fold` (with the streak and score
it left, and the rhythm checkpoint it moved to). `fold_pending` claims the pending check-ins of
an organisation, stores their checkpoints and sends them as one `checkins_folded` signal; the
boards move their running totals and recognition grants milestones and badges for the whole
batch in a handful of statements, where doing it inside each tap cost more than the tap itself.
Until a checkpoint is stored, Today reads that day from the check-ins after the old one, as it
always reads the days after a checkpoint.

Two things fold: the background scheduler, every couple of seconds (the heartbeat), and any read
of what the fold feeds (boards, wins and badges, exports), which first catches up its
organisation. So nobody ever sees a board behind their own taps, also without the scheduler.

Exactly once: the claim is one UPDATE … RETURNING, so two folders never get the same check-in,
and folders of one organisation take turns (PostgreSQL: the organisation's aggregate lock, backend/locks.py;
SQLite: its one writer).
An undo that deletes a pending check-in leaves nothing to take back; see `undo_checkin`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from flask_login import current_user
from sqlalchemy import bindparam, select, update

from backend import signals
from backend.extensions import db
from backend.locks import hold_aggregates
from backend.rhythm.models import CheckIn, RhythmState
from backend.transactions import retrying

log = logging.getLogger(__name__)

BATCH = 2000  # check-ins per claim; a backlog folds in several


@dataclass(frozen=True)
class FoldedCheckIn:
    id: int
    organisation_id: int
    user_id: int
    behaviour_id: int
    occurred_on: date
    points: float
    streak_after: int | None
    score_after: float | None
    settled_through: date | None
    settled_current: int | None
    settled_longest: int | None
    settled_score: float | None


_checkins = CheckIn.__table__
_CLAIM = (
    update(_checkins)
    .where(
        _checkins.c.pending_fold,
        _checkins.c.id.in_(
            select(_checkins.c.id)
            .where(_checkins.c.pending_fold, _checkins.c.organisation_id == bindparam("of_organisation"))
            .order_by(_checkins.c.id)
            .limit(bindparam("batch"))
            .with_for_update(skip_locked=True)  # an undo deleting one right now: leave it to the undo
        ),
    )
    .values(pending_fold=False)
    .returning(
        _checkins.c.id,
        _checkins.c.organisation_id,
        _checkins.c.user_id,
        _checkins.c.behaviour_id,
        _checkins.c.occurred_on,
        _checkins.c.points,
        _checkins.c.streak_after,
        _checkins.c.score_after,
        _checkins.c.settled_through,
        _checkins.c.settled_current,
        _checkins.c.settled_longest,
        _checkins.c.settled_score,
    )
)
_states = RhythmState.__table__.c
# Only forward: a checkpoint stored since (an undo, a recompute after a back-fill) is at least as new.
_SETTLE = (
    update(RhythmState.__table__)
    .where(
        _states.user_id == bindparam("of_user"),
        _states.behaviour_id == bindparam("of_behaviour"),
        _states.through < bindparam("new_through"),
    )
    .values(
        through=bindparam("new_through"),
        current=bindparam("new_current"),
        longest=bindparam("new_longest"),
        score=bindparam("new_score"),
    )
)
# Ordered by id as the pending index is: without statistics, SQLite otherwise sometimes reads all of
# the organisation's check-ins through ix_check_in_org_occurred instead (tests/boards/test_fold.py).
_ANY_PENDING = (
    select(_checkins.c.id)
    .where(_checkins.c.pending_fold, _checkins.c.organisation_id == bindparam("of_organisation"))
    .order_by(_checkins.c.id)
    .limit(1)
)
_PENDING_ORGANISATIONS = select(_checkins.c.organisation_id).where(_checkins.c.pending_fold).distinct()


def take_fold_lock(organisation_id: int) -> None:
    """Folders (and rebuilds) of one organisation take turns, until the transaction ends: the
    organisation's aggregate lock (backend/locks.py), which every writer of board aggregates takes first."""
    hold_aggregates(organisation_id)


def fold_pending(organisation_id: int, batch: int = BATCH) -> int:
    """Fold this organisation's pending check-ins in, in the current transaction; returns how many.

    The caller commits (one batch and what the receivers wrote go in together, or nothing does).
    """
    take_fold_lock(organisation_id)
    rows = db.session.execute(_CLAIM, {"of_organisation": organisation_id, "batch": batch}).all()
    if not rows:
        return 0
    folded = sorted((FoldedCheckIn(*row) for row in rows), key=lambda c: c.id)
    _store_checkpoints(folded)
    signals.checkins_folded.send(None, organisation_id=organisation_id, checkins=folded)
    return len(folded)


def _store_checkpoints(folded: list[FoldedCheckIn]) -> None:
    """The rhythm checkpoints the taps moved to: the newest per person and behaviour, in key order."""
    newest: dict[tuple[int, int], FoldedCheckIn] = {}
    for checkin in folded:
        key = (checkin.user_id, checkin.behaviour_id)
        if checkin.settled_through is not None and (
            key not in newest or newest[key].settled_through <= checkin.settled_through
        ):
            newest[key] = checkin
    if newest:
        db.session.execute(
            _SETTLE,
            [
                {
                    "of_user": c.user_id,
                    "of_behaviour": c.behaviour_id,
                    "new_through": c.settled_through,
                    "new_current": c.settled_current,
                    "new_longest": c.settled_longest,
                    "new_score": c.settled_score,
                }
                for _key, c in sorted(newest.items())
            ],
        )


def has_pending(organisation_id: int) -> bool:
    return db.session.execute(_ANY_PENDING, {"of_organisation": organisation_id}).first() is not None


def catch_up(organisation_id: int, commit: bool = True) -> int:
    """Before reading what the fold feeds: fold whatever is pending (usually nothing: one small read).

    With `commit`, each batch is committed at once (a read that follows sees it, and holds no
    write lock); without, it stays in the caller's transaction (an erase, a rebuild).
    """
    if not has_pending(organisation_id):
        return 0
    total = 0
    while True:
        count = fold_pending(organisation_id)
        if commit:
            db.session.commit()
        total += count
        if count < BATCH:
            return total


def catch_up_signed_in() -> None:
    """before_request of the blueprints that read what the fold feeds: the person's organisation."""
    if current_user.is_authenticated:
        organisation_id = current_user.organisation_id
        # Each batch commits on its own; one the database aborted (a deadlock) is claimed again.
        retrying(lambda: catch_up(organisation_id), "catching up the fold", redo_committed=True)


def fold_everything() -> int:
    """Every organisation's pending check-ins, one committed batch at a time (the background fold)."""
    organisations = list(db.session.scalars(_PENDING_ORGANISATIONS))
    db.session.commit()
    total = 0
    for organisation_id in organisations:
        total += catch_up(organisation_id)
    return total


@signals.heartbeat.connect
def _on_heartbeat(_sender, **_kwargs) -> None:
    folded = fold_everything()
    if folded:
        log.info("folded %d check-in(s) into the boards and badges", folded)

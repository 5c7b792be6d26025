"""A challenge closes itself at its end, exactly once, whatever number of schedulers run.

Like the nightly ledger (push/scheduler.py, NightlyRun): a closer first *claims* the challenge with a
conditional UPDATE (closed_at and closing_at empty, or a claim older than CLOSE_LEASE whose closer died)
and commits; only the one whose update changed the row goes on. It folds the organisation's pending
taps (so a tap made in the last second counts), computes the final standing once, stores it as
`result` with `closed_at`, and sends `challenge_closed` (the feed announces it) in that same
transaction. If that fails, the claim is given back and the next heartbeat tries again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from backend import signals
from backend.challenges import standing
from backend.challenges.models import Challenge
from backend.extensions import db
from backend.rhythm import read as rhythm
from backend.timeutil import utcnow

log = logging.getLogger(__name__)
CLOSE_LEASE = timedelta(minutes=10)


def due_ids(now: datetime) -> list[int]:
    """Challenges past their end, not yet closed nor cancelled."""
    return list(
        db.session.scalars(
            select(Challenge.id)
            .where(Challenge.ends_at <= now, Challenge.closed_at.is_(None), Challenge.cancelled_at.is_(None))
            .order_by(Challenge.ends_at, Challenge.id)
        )
    )


def claim(challenge_id: int, now: datetime) -> bool:
    """Claim the closing for this process, committed; False when another closer has it (or had it)."""
    taken = db.session.execute(
        update(Challenge)
        .where(
            Challenge.id == challenge_id,
            Challenge.closed_at.is_(None),
            Challenge.cancelled_at.is_(None),
            Challenge.ends_at <= now,
            or_(Challenge.closing_at.is_(None), Challenge.closing_at <= now - CLOSE_LEASE),
        )
        .values(closing_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return taken == 1


def close_due(now: datetime | None = None) -> list[int]:
    """Close every challenge that has ended; returns the ids this call closed (commits its own work)."""
    now = now or utcnow()
    ids = due_ids(now)
    db.session.commit()  # end the read before the claims
    closed = []
    for challenge_id in ids:
        if not claim(challenge_id, now):
            continue
        try:
            _close(challenge_id, now)
            db.session.commit()
            closed.append(challenge_id)
        except Exception:
            db.session.rollback()
            db.session.execute(
                update(Challenge)
                .where(Challenge.id == challenge_id, Challenge.closing_at == now, Challenge.closed_at.is_(None))
                .values(closing_at=None)
            )
            db.session.commit()
            raise
    return closed


def _close(challenge_id: int, now: datetime) -> None:
    challenge = db.session.get(Challenge, challenge_id)
    rhythm.catch_up(challenge.organisation_id, commit=False)  # a tap of the last second is folded in first
    db.session.refresh(challenge)
    computed = standing.compute(challenge, now, final=True)
    challenge.result = standing.result_of(challenge, computed)
    challenge.closed_at = utcnow()
    db.session.flush()
    signals.challenge_closed.send(
        challenge, organisation_id=challenge.organisation_id, user_ids=sorted(computed.people)
    )
    log.info("challenge %s closed", challenge_id)

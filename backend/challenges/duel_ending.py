"""A duel ends by itself at its end, and both are told the result exactly once, whatever number of schedulers run.

The heartbeat calls `end_due` every few seconds. A duel that was accepted and has passed its end is claimed by a
conditional UPDATE of `closed_at` (still empty); only the process whose update changed the row goes on, in that
same transaction: it folds the organisation's pending taps (a tap of the last second counts), fixes the final
result once (duels.final_result, which a look after the end may have fixed already: then it is the same one) and
sends `duel_closed`, which push turns into each one's notification in their own daytime (push/events.py). If
anything fails, the transaction is rolled back, claim included, and the next heartbeat tries again.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update

from backend import signals
from backend.challenges import duels
from backend.challenges.models import Duel
from backend.extensions import db
from backend.rhythm import read as rhythm

log = logging.getLogger(__name__)


def due_ids(now: datetime) -> list[int]:
    """Accepted duels past their end that were not ended yet."""
    return list(
        db.session.scalars(
            select(Duel.id)
            .where(Duel.status == duels.ACCEPTED, Duel.ends_at <= now, Duel.closed_at.is_(None))
            .order_by(Duel.ends_at, Duel.id)
        )
    )


def end_due(now: datetime) -> list[int]:
    """End every accepted duel past its end and tell both; commits each on its own. Returns the ids this call ended."""
    ids = due_ids(now)
    db.session.commit()  # end the read before the claims
    ended = []
    for duel_id in ids:
        try:
            if _end(duel_id, now):
                ended.append(duel_id)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("duel %s: ending failed", duel_id)
    return ended


def _end(duel_id: int, now: datetime) -> bool:
    taken = db.session.execute(
        update(Duel)
        .where(Duel.id == duel_id, Duel.status == duels.ACCEPTED, Duel.ends_at <= now, Duel.closed_at.is_(None))
        .values(closed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return False
    duel = db.session.get(Duel, duel_id)
    rhythm.catch_up(duel.organisation_id, commit=False)
    db.session.refresh(duel)
    duels.final_result(duel, now)
    signals.duel_closed.send(
        duel, organisation_id=duel.organisation_id, user_ids=[duel.challenger_id, duel.opponent_id]
    )
    log.info("duel %s ended", duel_id)
    return True

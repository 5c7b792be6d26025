"""The moments a running challenge tells its participants of: its start, halfway, and the last day
(the result is told by `challenge_closed`, closing.py).

The heartbeat calls `announce_due` every few seconds. Each challenge remembers how far it told
(`milestones_told`); a conditional UPDATE moves it on, and the `challenge_milestone` signal goes out in
that same transaction, so two schedulers tell each milestone once. A scheduler that was down tells only
the latest milestone passed, not a stale one before it. The instants are the same for everyone; push
moves each person's notification into their own daytime (push/events.py).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from backend import signals
from backend.challenges import scoring, standing
from backend.challenges.models import Challenge
from backend.extensions import db

log = logging.getLogger(__name__)

START, HALFWAY, LAST_DAY = "start", "halfway", "last_day"
MILESTONES = (START, HALFWAY, LAST_DAY)  # milestones_told counts them in this order
LAST_DAY_BEFORE = timedelta(hours=24)


def instants(starts_at: datetime, ends_at: datetime) -> list[tuple[str, datetime]]:
    """When each milestone happens: the start, the middle of the challenge, a day before its end."""
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    return [
        (START, starts_at),
        (HALFWAY, starts_at + (ends_at - starts_at) / 2),
        (LAST_DAY, ends_at - LAST_DAY_BEFORE),
    ]


def due(challenge: Challenge, now: datetime) -> tuple[int, str] | None:
    """The latest milestone passed and not told yet, as (its number, its name); None when none.

    Nothing is told in the frozen last hour or after the end: the result says it all then."""
    if now >= _aware(challenge.ends_at) - scoring.FREEZE:
        return None
    passed = [
        (n, name) for n, (name, at) in enumerate(instants(challenge.starts_at, challenge.ends_at), 1) if at <= now
    ]
    if not passed or passed[-1][0] <= (challenge.milestones_told or 0):
        return None
    return passed[-1]


def announce_due(now: datetime) -> int:
    """Tell every running challenge's participants of the milestone it reached; commits each on its own.
    Returns how many were told."""
    candidates = db.session.scalars(
        select(Challenge).where(
            Challenge.cancelled_at.is_(None),
            Challenge.closed_at.is_(None),
            Challenge.starts_at <= now,
            Challenge.ends_at > now,
            Challenge.milestones_told < len(MILESTONES),
        )
    ).all()
    todo = [(c.id, step) for c in candidates if (step := due(c, now)) is not None]
    db.session.commit()  # end the read before the claims
    told = 0
    for challenge_id, (number, name) in todo:
        try:
            if _announce(challenge_id, number, name, now):
                told += 1
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("challenge %s: telling %s failed", challenge_id, name)
    return told


def _announce(challenge_id: int, number: int, name: str, now: datetime) -> bool:
    taken = db.session.execute(
        update(Challenge)
        .where(
            Challenge.id == challenge_id,
            Challenge.milestones_told < number,
            Challenge.cancelled_at.is_(None),
            Challenge.closed_at.is_(None),
        )
        .values(milestones_told=number)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return False
    challenge = db.session.get(Challenge, challenge_id)
    at = dict(instants(challenge.starts_at, challenge.ends_at))[name]
    signals.challenge_milestone.send(
        challenge,
        organisation_id=challenge.organisation_id,
        milestone=name,
        at=at,
        user_ids=standing.participant_ids(challenge),
    )
    log.info("challenge %s: told %s", challenge_id, name)
    return True


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)

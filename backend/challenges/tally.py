"""The challenge aggregate (ChallengeScore): the only code that writes it, as taps are folded in.

The fold (rhythm/fold.py) hands over app taps only: imported history is inserted in bulk and never
folded, so it never reaches a challenge (and `scoring.counts` refuses a source "import" besides).
A batch moves a few rows per running challenge, under the organisation's aggregate lock (backend/locks.py)
that the fold already holds, so the read-modify-write below never races another fold or an undo.
Functions flush, never commit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import delete, select

from backend.accounts.models import Membership
from backend.challenges import scoring
from backend.challenges.models import Challenge, ChallengeScore
from backend.extensions import db
from backend.locks import hold_aggregates
from backend.rhythm import read as rhythm
from backend.timeutil import utcnow


def _open_challenges(organisation_id: int, earliest: datetime) -> list[Challenge]:
    return list(
        db.session.scalars(
            select(Challenge)
            .where(
                Challenge.organisation_id == organisation_id,
                Challenge.cancelled_at.is_(None),
                Challenge.closed_at.is_(None),
                Challenge.ends_at > earliest,
            )
            .order_by(Challenge.id)
        )
    )


def _participants(challenge: Challenge, user_ids: set[int]) -> set[int]:
    """Of these people, those the challenge is for (members of its teams; everyone when it names none)."""
    if not challenge.team_ids:
        return set(user_ids)
    return set(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.user_id.in_(list(user_ids)),
                Membership.team_id.in_(challenge.team_ids),
                Membership.manages.is_(False),
            )
        )
    )


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def count_folded(organisation_id: int, checkins: list) -> None:
    """A fold's batch: each check-in that counts moves its person's row in each challenge it counts for."""
    if not checkins:
        return
    receipts = rhythm.receipts(c.id for c in checkins)
    if not receipts:
        return
    earliest = min(_aware(r.received_at) for r in receipts.values())
    challenges = _open_challenges(organisation_id, earliest)
    if not challenges:
        return
    hold_aggregates(organisation_id)
    for challenge in challenges:
        window = (challenge.starts_at, challenge.ends_at, challenge.starts_on, challenge.ends_on)
        chosen = set(challenge.behaviour_ids)
        counted = [
            (c, receipts[c.id])
            for c in checkins
            if c.id in receipts
            and c.behaviour_id in chosen
            and scoring.counts(_aware(receipts[c.id].received_at), c.occurred_on, receipts[c.id].source, window)
        ]
        if not counted:
            continue
        who = _participants(challenge, {c.user_id for c, _r in counted})
        counted = [(c, r) for c, r in counted if c.user_id in who]
        if counted:
            _move(challenge, counted, +1)
            challenge.moved_at = utcnow()


def _rows(challenge: Challenge, user_ids: set[int]) -> dict[int, ChallengeScore]:
    rows = {
        row.user_id: row
        for row in db.session.scalars(
            select(ChallengeScore).where(
                ChallengeScore.challenge_id == challenge.id, ChallengeScore.user_id.in_(list(user_ids))
            )
        )
    }
    for user_id in sorted(user_ids - set(rows)):
        row = ChallengeScore(
            challenge_id=challenge.id,
            organisation_id=challenge.organisation_id,
            user_id=user_id,
            done=0,
            late=0,
            last_day_done=0,
            after_done=0,
            after_late=0,
        )
        db.session.add(row)
        rows[user_id] = row
    return rows


def _move(challenge: Challenge, counted: list, step: int) -> None:
    """Add (step +1) or take back (-1) counted check-ins; those made in the last hour go to `after_*`."""
    freeze_at = challenge.ends_at - scoring.FREEZE
    rows = _rows(challenge, {c.user_id for c, _r in counted})
    by_person: dict[int, list] = defaultdict(list)
    for checkin, receipt in counted:
        by_person[checkin.user_id].append((checkin, receipt))
    for user_id, items in sorted(by_person.items()):
        row = rows[user_id]
        for checkin, receipt in sorted(items, key=lambda item: _aware(item[1].received_at)):
            made = _aware(receipt.received_at)
            if made >= freeze_at:
                row.after_done += step
                row.after_late += step * int(receipt.late)
                if step > 0 and (row.after_last_at is None or made > _aware(row.after_last_at)):
                    row.after_last_at = made
                continue
            row.done += step
            row.late += step * int(receipt.late)
            if step > 0 and (row.last_at is None or made > _aware(row.last_at)):
                row.last_at = made
            if row.last_day is None or checkin.occurred_on > row.last_day:
                if step > 0:
                    row.last_day, row.last_day_done = checkin.occurred_on, 1
            elif checkin.occurred_on == row.last_day:
                row.last_day_done = max(0, row.last_day_done + step)
    db.session.flush()


def uncount(checkin) -> None:
    """An undone check-in (already folded in) no longer counts where it counted."""
    receipt = rhythm.Receipt(checkin.received_at, bool(checkin.late), checkin.source)
    made = _aware(receipt.received_at)
    hold_aggregates(checkin.organisation_id)
    for challenge in _open_challenges(checkin.organisation_id, made):
        window = (challenge.starts_at, challenge.ends_at, challenge.starts_on, challenge.ends_on)
        if checkin.behaviour_id not in set(challenge.behaviour_ids):
            continue
        if not scoring.counts(made, checkin.occurred_on, receipt.source, window):
            continue
        exists = db.session.scalar(
            select(ChallengeScore.id).where(
                ChallengeScore.challenge_id == challenge.id, ChallengeScore.user_id == checkin.user_id
            )
        )
        if exists:
            _move(challenge, [(checkin, receipt)], -1)


def erase(user_id: int) -> None:
    """A person's erasure: their rows go (a closed challenge's result keeps only team numbers)."""
    db.session.execute(delete(ChallengeScore).where(ChallengeScore.user_id == user_id))


def scores(challenge_id: int) -> dict:
    """Per person, the challenge's counts (plain rows, not ORM objects: a standing reads thousands)."""
    c = ChallengeScore
    return {
        row.user_id: row
        for row in db.session.execute(
            select(
                c.user_id,
                c.done,
                c.late,
                c.last_at,
                c.last_day,
                c.last_day_done,
                c.after_done,
                c.after_late,
                c.after_last_at,
            ).where(c.challenge_id == challenge_id)
        )
    }

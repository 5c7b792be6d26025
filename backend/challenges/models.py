"""Challenges: a time-boxed contest on rhythm, and the challenge's own aggregate of counted check-ins."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class Challenge(db.Model):
    """A challenge of one organisation from `starts_at` to `ends_at` (UTC instants; the days are the
    organisation's local days `starts_on` … `ends_on`).

    Closed exactly once: a closer claims it (`closing_at`, committed) before it computes the result, the
    way the push scheduler claims the night (push/scheduler.py); `closed_at` and `result` are set in the
    closer's own transaction, with the `challenge_closed` signal.
    """

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("target IS NULL OR target >= 1", name="target_positive"),
        Index("ix_challenge_org_ends", "organisation_id", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    kind: Mapped[str] = mapped_column(String(16))  # team | personal_best | together
    title: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    behaviour_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    team_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # empty: the whole organisation
    target: Mapped[int | None] = mapped_column(Integer)  # together: the shared number of check-ins
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    closing_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How far the participants were told of it (milestones.py): 0 nothing yet, 1 start, 2 halfway, 3 last day.
    milestones_told: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The final result (closing.py), and the running standing as last computed (standing.py, `current`):
    # each a document of every participant, loaded only when read.
    result: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    standing: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    standing_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A digest of the stored standing's content: a web worker keeps the document it read by this, so a
    # standing the heartbeat recomputed to the same numbers is neither written nor read again.
    standing_digest: Mapped[str | None] = mapped_column(String(32))
    # When a fold last moved its aggregate (tally.py): a stored standing older than this is behind, and the
    # heartbeat recomputes it within seconds (standing.refresh_running) instead of waiting out SNAPSHOT.
    moved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Personal best: each person's consistency (0–1) in the period of equal length before, stored once at the start.
    baselines: Mapped[dict | None] = mapped_column(JSON, deferred=True)


class ChallengeScore(db.Model):
    """One person's counted check-ins in one challenge: only receivers.py writes it (from the fold).

    `done`, `late`, `last_at`, `last_day`, `last_day_done` count what was made before the freeze (the last
    hour), which is what the frozen standing shows; `after_*` what came in during the last hour, which only
    the final result adds.
    """

    __table_args__ = (UniqueConstraint("challenge_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenge.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    late: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_day: Mapped[date | None] = mapped_column(Date)
    last_day_done: Mapped[int] = mapped_column(Integer, default=0)
    after_done: Mapped[int] = mapped_column(Integer, default=0)
    after_late: Mapped[int] = mapped_column(Integer, default=0)
    after_last_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Duel(db.Model):
    """A friendly duel between two people of one organisation, opt-in on both sides: the challenger invites,
    the opponent accepts or declines before it starts. Each is measured on their own consistency against
    their own cadence over the duel's days (scoring.py), all their behaviours.

    Only the two of them see it, unless both agreed to show it (`*_shares`): then colleagues see it too
    (never in a `private` organisation). The result is computed once, at the first look after the end or
    when the heartbeat ends it (`closed_at`, set by a conditional UPDATE with the `duel_closed` signal in the
    same transaction: duel_ending.py), whichever comes first.
    """

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("challenger_id <> opponent_id", name="two_people"),
        Index("ix_duel_challenger", "challenger_id"),
        Index("ix_duel_opponent", "opponent_id"),
        Index("ix_duel_org_ends", "organisation_id", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    challenger_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    opponent_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="invited")  # invited | accepted | declined | withdrawn
    challenger_shares: Mapped[bool] = mapped_column(Boolean, default=False)
    opponent_shares: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[dict | None] = mapped_column(JSON)
    # When the heartbeat ended it and told both of the result (duel_ending.py); None until then.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

"""Customer voice's read API: what other domains (a weekly summary, the office screen, outcomes) may know.

Other domains read customer voice only through this module and change it only by sending a signal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from backend.extensions import db
from backend.voice.models import CustomerVoice


@dataclass(frozen=True)
class VoiceLine:
    id: int
    quote: str
    customer: str | None
    score: int | None
    team_id: int | None
    said_on: date
    pinned: bool
    channel: str


def voices_between(organisation_id: int, since: date, until: date, team_ids: list[int] | None = None, limit: int = 20):
    """The voices said between two days (inclusive) with their quote still there, pinned first, newest next."""
    query = select(CustomerVoice).where(
        CustomerVoice.organisation_id == organisation_id,
        CustomerVoice.quote.is_not(None),
        CustomerVoice.said_on.between(since, until),
    )
    if team_ids is not None:
        query = query.where(CustomerVoice.team_id.in_(team_ids))
    query = query.order_by(
        CustomerVoice.pinned_at.is_(None), CustomerVoice.said_on.desc(), CustomerVoice.id.desc()
    ).limit(limit)
    return [
        VoiceLine(v.id, v.quote, v.customer, v.score, v.team_id, v.said_on, v.pinned_at is not None, v.channel)
        for v in db.session.scalars(query)
    ]


def scores_by_day(
    organisation_id: int, since: date, until: date, team_ids: list[int] | None = None
) -> dict[date, list[int]]:
    """The scores given on each day between two days (inclusive): an outcome Ritme knows itself."""
    query = select(CustomerVoice.said_on, CustomerVoice.score).where(
        CustomerVoice.organisation_id == organisation_id,
        CustomerVoice.score.is_not(None),
        CustomerVoice.said_on.between(since, until),
    )
    if team_ids is not None:
        query = query.where(CustomerVoice.team_id.in_(team_ids))
    found: dict[date, list[int]] = {}
    for day, score in db.session.execute(query):
        found.setdefault(day, []).append(score)
    return found


@dataclass(frozen=True)
class TeamWeek:
    """A team's customer voices of some days: how many, their average score, and the one quote to show."""

    count: int
    average_score: float | None
    quote: VoiceLine | None


def team_week(organisation_id: int, team_id: int, since: date, until: date) -> TeamWeek:
    """The voices about one team said between two days (inclusive): all of them counted (also those whose
    text retention removed), the scores averaged, and one quote — a pinned one first, else the newest."""
    count, average = db.session.execute(
        select(func.count(CustomerVoice.id), func.avg(CustomerVoice.score)).where(
            CustomerVoice.organisation_id == organisation_id,
            CustomerVoice.team_id == team_id,
            CustomerVoice.said_on.between(since, until),
        )
    ).one()
    lines = voices_between(organisation_id, since, until, [team_id], limit=1) if count else []
    return TeamWeek(
        count=int(count or 0),
        average_score=None if average is None else round(float(average), 1),
        quote=lines[0] if lines else None,
    )


def count_shared_by(user_id: int) -> int:
    """How many voices a person shared (a profile's number, a future badge's criterion)."""
    return (
        db.session.scalar(select(func.count()).select_from(CustomerVoice).where(CustomerVoice.author_id == user_id))
        or 0
    )

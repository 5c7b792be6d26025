"""The feed's read API: what other domains may know about the feed and notifications.

Wins, badges, rhythm, boards and reflections fill it by signals (feed/receivers.py lists each one),
never by writing its tables. The office screens read the recent celebrations of some teams here
(`celebrations`), as plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from backend.accounts.models import Membership
from backend.badges import read as badges
from backend.extensions import db
from backend.feed.models import FeedEvent, FeedKind
from backend.wins import read as wins

__all__ = ["Celebration", "celebrations"]


@dataclass(frozen=True)
class Celebration:
    """One line of the celebration feed, as a screen on the wall may show it."""

    id: int  # the feed line
    kind: str  # award | win | team_goal
    at: datetime  # when it happened (a confirmed win: when it was confirmed)
    person_id: int | None  # who received the badge, who logged the win
    person_name: str | None
    team_ids: frozenset[int]  # the teams of the person and of the colleagues credited
    badge_name: dict[str, str] | None  # {"nl": …, "en": …}
    emoji: str | None
    reason: str | None  # the manager's words for a badge
    win_text: str | None
    customer: str | None
    credited_names: tuple[str, ...]
    confirmed_at: datetime | None
    team_id: int | None  # a team goal's team
    team_name: str | None


def celebrations(organisation_id: int, team_ids: list[int], limit: int = 12) -> list[Celebration]:
    """The newest badge awards, wins and reached team goals of these teams' people (hidden wins left out)."""
    members = select(Membership.user_id).where(Membership.team_id.in_(team_ids))
    events = db.session.scalars(
        select(FeedEvent)
        .where(
            FeedEvent.organisation_id == organisation_id,
            FeedEvent.kind.in_([FeedKind.AWARD.value, FeedKind.WIN.value, FeedKind.TEAM_GOAL.value]),
            or_(FeedEvent.win_id.is_(None), FeedEvent.win_id.not_in(wins.hidden_win_ids(organisation_id))),
            or_(
                FeedEvent.user_id.in_(members),
                FeedEvent.team_id.in_(team_ids),
                FeedEvent.win_id.in_(wins.credited_win_ids(members)),
            ),
        )
        .order_by(FeedEvent.created_at.desc(), FeedEvent.id.desc())
        .limit(limit)
        .options(
            selectinload(FeedEvent.user),
            selectinload(FeedEvent.team),
            selectinload(FeedEvent.win).options(*wins.WIN_LOADS),
            selectinload(FeedEvent.award).options(*badges.AWARD_LOADS),
        )
    )
    events = list(events)
    involved = {e.id: {e.user_id, *(c.user_id for c in (e.win.credits if e.win else ()))} - {None} for e in events}
    people = set().union(*involved.values()) if involved else set()
    teams_of: dict[int, set[int]] = {}
    if people:
        for user_id, team_id in db.session.execute(
            select(Membership.user_id, Membership.team_id).where(Membership.user_id.in_(people))
        ):
            teams_of.setdefault(user_id, set()).add(team_id)
    return [
        _celebration(event, frozenset(t for user_id in involved[event.id] for t in teams_of.get(user_id, ())))
        for event in events
    ]


def _celebration(event: FeedEvent, team_ids: frozenset[int]) -> Celebration:
    award, win, user = event.award, event.win, event.user
    return Celebration(
        id=event.id,
        kind=event.kind,
        at=(win.confirmed_at if win is not None and win.confirmed_at else event.created_at),
        person_id=user.id if user else None,
        person_name=user.name if user else None,
        team_ids=team_ids,
        badge_name={"nl": award.badge.name("nl"), "en": award.badge.name("en")} if award else None,
        emoji=award.badge.emoji if award else None,
        reason=award.reason or None if award else None,
        win_text=win.text if win else None,
        customer=win.customer if win else None,
        credited_names=tuple(sorted(c.user.name for c in win.credits)) if win else (),
        confirmed_at=win.confirmed_at if win else None,
        team_id=event.team_id,
        team_name=event.team.name if event.team else None,
    )

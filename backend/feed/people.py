"""Recognition per person: colleagues to credit or nominate, a person's profile (badges, wins, streaks)
and the coverage of who received recognition. They read across wins, badges and rhythm through
those domains' read APIs, as the feed does, so they live with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.accounts.models import Membership, Organisation, Role, Team, User
from backend.badges import read as badges
from backend.errors import Forbidden
from backend.extensions import db
from backend.rhythm import read as rhythm
from backend.timeutil import utcnow
from backend.wins import read as wins


def colleagues(actor: User) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.organisation_id == actor.organisation_id, User.active.is_(True))
            .options(selectinload(User.memberships).selectinload(Membership.team))
            .order_by(User.name)
        )
    )


@dataclass(frozen=True)
class Profile:
    person: User
    awards: list
    wins: list
    streaks: list[dict] | None
    counts: dict


def _streaks_visible(actor: User, person: User) -> bool:
    if actor.id == person.id or actor.is_admin or wins.is_manager_of(actor, person):
        return True
    organisation = db.session.get(Organisation, actor.organisation_id)
    return organisation.visibility != "private"


def profile(actor: User, user_id: int) -> Profile:
    """What Ritme celebrates of a person: badges with reasons, wins, streak records."""
    person = wins.person(actor, user_id)
    awards = badges.awards_of(person.id)
    shown = [win for win in wins.wins_of(person.id, limit=50) if not win.hidden or wins.can_see_hidden(actor, win)]
    streaks = None
    if _streaks_visible(actor, person):
        streaks = sorted(
            (
                {
                    "behaviour_id": streak.behaviour.id,
                    "name": streak.behaviour,
                    "icon": streak.behaviour.icon,
                    "current": streak.current,
                    "longest": streak.longest,
                    "unit": streak.unit,
                }
                for streak in rhythm.todays_streaks(person)
            ),
            key=lambda row: -row["longest"],
        )
    counts = {
        "wins": badges.count_for(person, "wins"),
        "credited_wins": badges.count_for(person, "credited_wins"),
        "confirmed_wins": badges.count_for(person, "confirmed_wins"),
        "applause_received": badges.count_for(person, "applause"),
        "badges": len(awards),
    }
    return Profile(person, awards, shown, streaks, counts)


def _recognitions_since(user_ids: list[int], since: datetime) -> list[tuple[int, datetime]]:
    """(person, when) for each badge, applause and confirmed win they received since a moment."""
    if not user_ids:
        return []
    rows = badges.awards_since(user_ids, since)
    rows += wins.applause_since(user_ids, since)
    recipients = badges.award_recipients(user_ids)
    rows += [(recipients[award_id], moment) for award_id, moment in wins.award_applause_since(recipients, since)]
    rows += wins.confirmations_since(user_ids, since)
    return rows


def coverage(actor: User, now: datetime | None = None) -> dict:
    """Who in my teams received no recognition in 30 and 90 days, and which teams receive the least."""
    if not (actor.is_admin or (actor.role == Role.MANAGER and actor.managed_team_ids())):
        raise Forbidden()
    now = now or utcnow()
    team_query = select(Team).where(Team.organisation_id == actor.organisation_id, Team.archived_at.is_(None))
    if not actor.is_admin:
        team_query = team_query.where(Team.id.in_(actor.managed_team_ids()))
    teams = list(db.session.scalars(team_query.order_by(Team.name)))
    memberships = db.session.execute(
        select(Membership.team_id, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.team_id.in_([t.id for t in teams] or [-1]), User.active.is_(True))
    ).all()
    people: dict[int, User] = {}
    teams_of: dict[int, list[Team]] = {}
    members_of: dict[int, set[int]] = {t.id: set() for t in teams}
    by_id = {t.id: t for t in teams}
    for team_id, user in memberships:
        people[user.id] = user
        teams_of.setdefault(user.id, []).append(by_id[team_id])
        members_of[team_id].add(user.id)
    since_30, since_90 = now - timedelta(days=30), now - timedelta(days=90)
    count_30: dict[int, int] = {}
    count_90: dict[int, int] = {}
    last: dict[int, datetime] = {}
    for user_id, moment in _recognitions_since(list(people), since_90):
        count_90[user_id] = count_90.get(user_id, 0) + 1
        if moment >= since_30:
            count_30[user_id] = count_30.get(user_id, 0) + 1
        last[user_id] = max(last.get(user_id, moment), moment)
    rows = [
        {
            "person": person,
            "teams": [t.name for t in teams_of[person.id]],
            "received_30": count_30.get(person.id, 0),
            "received_90": count_90.get(person.id, 0),
            "last_recognised_at": last.get(person.id),
        }
        for person in sorted(people.values(), key=lambda p: p.name)
    ]
    team_rows = []
    for team in teams:
        members = members_of[team.id]
        recognised_30 = sum(1 for m in members if count_30.get(m))
        recognised_90 = sum(1 for m in members if count_90.get(m))
        team_rows.append(
            {
                "team": team,
                "members": len(members),
                "recognised_30": recognised_30,
                "recognised_90": recognised_90,
                "share_30": round(recognised_30 / len(members), 2) if members else None,
                "share_90": round(recognised_90 / len(members), 2) if members else None,
                "recognitions_90": sum(count_90.get(m, 0) for m in members),
            }
        )
    team_rows.sort(
        key=lambda r: (r["share_30"] if r["share_30"] is not None else 2, r["share_90"] or 0, r["team"].name)
    )
    return {
        "people": rows,
        "unrecognised_30": [r for r in rows if not r["received_30"]],
        "unrecognised_90": [r for r in rows if not r["received_90"]],
        "teams": team_rows,
    }

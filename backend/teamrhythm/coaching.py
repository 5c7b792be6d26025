"""The manager's Monday summary as coaching prompts: who in the team has not been recognised for four
weeks, and whose rhythm is slipping against their own cadence.

Never a ranking: names only, alphabetical, no scores. The rules are plain functions of the data
(unit-tested in tests/teamrhythm/test_coaching_rules.py); `prompts_for` reads that data through
the read APIs of badges, wins, boards and rhythm, with dates in the manager's own time zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from backend.accounts.models import Membership, Team, User
from backend.badges import read as badges
from backend.boards import read as boards
from backend.extensions import db
from backend.rhythm import read as rhythm
from backend.timeutil import utcnow
from backend.wins import read as wins

UNRECOGNISED_WEEKS = 4
SLIPPING_WEEKS = 3  # consistency falling this many weeks in a row (the grid's hint, the same rule)


# --- the rules ----------------------------------------------------------------------------------------


def recognition_since(today: date, zone: str, weeks: int = UNRECOGNISED_WEEKS) -> datetime:
    """The instant the window starts: local midnight `weeks` weeks before the manager's today, in UTC."""
    first = today - timedelta(weeks=weeks)
    return datetime.combine(first, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def not_recognised(
    people: Iterable[tuple[int, str, datetime]], recognised_at: Iterable[tuple[int, datetime]], since: datetime
) -> list[str]:
    """Names (alphabetical) of people (id, name, joined at) who were here the whole window and received
    no badge, applause or credited win in it. Someone who joined within the window is not named yet."""
    recognised = {user_id for user_id, moment in recognised_at if _aware(moment) >= since}
    names = [name for user_id, name, joined in people if user_id not in recognised and _aware(joined) <= since]
    return sorted(names, key=str.casefold)


def is_slipping(trend: list[int | None], weeks: int = SLIPPING_WEEKS) -> bool:
    """Consistency (by the person's own cadences, rhythm's rules) fell `weeks` weeks in a row."""
    values = trend[-(weeks + 1) :]
    if len(values) < weeks + 1 or any(v is None for v in values):
        return False
    return all(later < earlier for earlier, later in zip(values, values[1:], strict=False))


def slipping(people: Iterable[tuple[int, str]], trends: Mapping[int, list[int | None]]) -> list[str]:
    """Names (alphabetical) of the people whose rhythm is slipping."""
    return sorted((name for user_id, name in people if is_slipping(trends.get(user_id, []))), key=str.casefold)


def trend_weeks(today: date, weeks: int = SLIPPING_WEEKS) -> list[date]:
    """The Mondays of the last completed ISO weeks, oldest first: `weeks` + 1 of them, ending last week."""
    this_week = rhythm.week_start(today)
    return [this_week - timedelta(weeks=n) for n in range(weeks + 1, 0, -1)]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- reading the data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamPrompts:
    team: str
    not_recognised: list[str]
    slipping: list[str]


def _recognitions_since(user_ids: list[int], since: datetime) -> list[tuple[int, datetime]]:
    """(person, when) of each badge award, applause and credited or confirmed win they received since."""
    if not user_ids:
        return []
    rows = list(badges.awards_since(user_ids, since))
    rows += wins.applause_since(user_ids, since)
    recipients = badges.award_recipients(user_ids)
    rows += [(recipients[award_id], moment) for award_id, moment in wins.award_applause_since(recipients, since)]
    rows += wins.confirmations_since(user_ids, since)
    rows += wins.credits_since(user_ids, since)
    return rows


def prompts_for(manager: User, now: datetime | None = None) -> list[TeamPrompts]:
    """Per team the person manages (by name), the coaching prompts of the week."""
    teams = list(
        db.session.scalars(
            select(Team)
            .join(Membership, Membership.team_id == Team.id)
            .where(Membership.user_id == manager.id, Membership.manages.is_(True), Team.archived_at.is_(None))
            .order_by(Team.name)
        )
    )
    if not teams:
        return []
    now = now or utcnow()
    today = now.astimezone(ZoneInfo(manager.time_zone)).date()
    since = recognition_since(today, manager.time_zone)
    weeks = trend_weeks(today)
    found = []
    for team in teams:
        members = boards.team_members(team.id)
        ids = [m.id for m in members]
        snapshots = boards.consistency_weeks(ids, weeks)
        trends = {m.id: [snapshots.get((m.id, w)) for w in weeks] for m in members}
        found.append(
            TeamPrompts(
                team=team.name,
                not_recognised=not_recognised(
                    ((m.id, m.name, m.created_at) for m in members), _recognitions_since(ids, since), since
                ),
                slipping=slipping(((m.id, m.name) for m in members), trends),
            )
        )
    return found

"""Boards' read API: what leaderboards, goals and team rhythm (and the demo) may use of the aggregates.

The aggregate tables (models.py) are a read model: only aggregates.py writes them, on the signals
receivers.py lists. Other packages read them through this module and never import aggregates,
receivers or standings themselves. Everything here reads, except `current_standings`, which first
brings stale standings up to date (as rhythm's catch-up folds pending taps before a board is read).

Who may see what (`Viewer`, `team_of`, `ensure_manages`) is shared by every board, so it lives here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sqlalchemy import and_, func, or_, select

from backend.accounts.models import Membership, Organisation, Role, Team, User
from backend.boards import periods
from backend.boards.aggregates import refresh_standings
from backend.boards.models import BoardDay, BoardStanding, BoardTeamTotal, BoardTotal, ConsistencyWeek
from backend.boards.standings import cached, clear_standings, remember
from backend.errors import Forbidden, NotFound
from backend.extensions import db
from backend.timeutil import local_today

__all__ = [
    # the aggregate tables, to query (never to write)
    "BoardDay",
    "BoardStanding",
    "BoardTeamTotal",
    "BoardTotal",
    "ConsistencyWeek",
    # calendar periods
    "periods",
    # the standings cache (standings.py)
    "cached",
    "clear_standings",
    "remember",
    # who may see what
    "Viewer",
    "active_people",
    "ensure_manages",
    "team_members",
    "team_of",
    "viewer",
    # reads
    "consistency_weeks",
    "current_standings",
    "customer_facing_count",
    "team_days",
]


# --- who may see what -------------------------------------------------------------------------


@dataclass
class Viewer:
    user: User
    organisation: Organisation
    today: date  # in the organisation's time zone
    team_ids: set[int]
    managed: set[int]

    @property
    def is_admin(self) -> bool:
        return self.user.role == Role.ADMIN

    @cached_property
    def gone(self) -> list[int]:
        """Deactivated and erased people of the organisation: few, so leaving them out by id beats a join per row."""
        return list(
            db.session.scalars(
                select(User.id).where(
                    User.organisation_id == self.organisation.id,
                    or_(User.active.is_(False), User.erased_at.is_not(None)),
                )
            )
        )


def viewer(user: User) -> Viewer:
    """The signed-in person with their organisation's today, their teams and the teams they manage."""
    organisation = user.organisation
    memberships = list(user.memberships)
    return Viewer(
        user=user,
        organisation=organisation,
        today=local_today(organisation.time_zone),
        team_ids={m.team_id for m in memberships},
        managed={m.team_id for m in memberships if m.manages} if user.role == Role.MANAGER else set(),
    )


def team_of(viewer: Viewer, team_id: int) -> Team:
    """A team of the viewer's organisation; 404 for any other."""
    team = db.session.get(Team, team_id)
    if team is None or team.organisation_id != viewer.organisation.id:
        raise NotFound()
    return team


def ensure_manages(viewer: Viewer, team: Team) -> None:
    """403 unless the viewer manages the team or is an admin."""
    if viewer.is_admin or team.id in viewer.managed:
        return
    raise Forbidden()


def active_people():
    """A condition on User: still here (active, not erased)."""
    return and_(User.active.is_(True), User.erased_at.is_(None))


def team_members(team_id: int) -> list[User]:
    """The team's active members by name; managers coach the team, they are not its members here."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.team_id == team_id, Membership.manages.is_(False), active_people())
            .order_by(User.name, User.id)
        )
    )


def _member_ids(team_id: int):
    return select(Membership.user_id).where(Membership.team_id == team_id, Membership.manages.is_(False))


# --- reads of the aggregates ------------------------------------------------------------------


def customer_facing_count(team_id: int, start: date, end: date) -> int:
    """Customer-facing check-ins of the team's active members on the local days [start, end]."""
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(BoardDay.customer_facing), 0))
            .join(User, User.id == BoardDay.user_id)
            .where(
                BoardDay.user_id.in_(_member_ids(team_id)), BoardDay.day >= start, BoardDay.day <= end, active_people()
            )
        )
    )


def team_days(team_id: int, since: date) -> list[tuple[date, int, int]]:
    """(local day, check-ins, customer-facing check-ins) of the team's active members, from `since`."""
    return [
        (day, int(checkins or 0), int(facing or 0))
        for day, checkins, facing in db.session.execute(
            select(BoardDay.day, func.sum(BoardDay.checkins), func.sum(BoardDay.customer_facing))
            .join(User, User.id == BoardDay.user_id)
            .where(BoardDay.user_id.in_(_member_ids(team_id)), BoardDay.day >= since, active_people())
            .group_by(BoardDay.day)
        )
    ]


def consistency_weeks(user_ids: list[int], weeks: Iterable[date]) -> dict[tuple[int, date], int | None]:
    """(person, ISO week's Monday) → their consistency at the end of that week, where one is kept."""
    return {
        (user_id, week_start): consistency
        for user_id, week_start, consistency in db.session.execute(
            select(ConsistencyWeek.user_id, ConsistencyWeek.week_start, ConsistencyWeek.consistency).where(
                ConsistencyWeek.user_id.in_(user_ids), ConsistencyWeek.week_start.in_(list(weeks))
            )
        )
    }


def current_standings(organisation_id: int, people: list[User]) -> dict[int, int | None]:
    """Each person's consistency as of their own today, in a fixed number of statements whatever the number
    of people: those not computed today (it decays on days without check-ins) are brought up to date first."""
    stored = {
        user_id: (computed_on, consistency)
        for user_id, computed_on, consistency in db.session.execute(
            select(BoardStanding.user_id, BoardStanding.computed_on, BoardStanding.consistency).where(
                BoardStanding.user_id.in_([p.id for p in people])
            )
        )
    }
    stale = [p for p in people if p.id not in stored or stored[p.id][0] < local_today(p.time_zone)]
    standings = {user_id: consistency for user_id, (_computed_on, consistency) in stored.items()}
    standings.update(refresh_standings(organisation_id, stale))
    return standings

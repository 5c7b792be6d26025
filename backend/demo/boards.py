"""The demo's boards: aggregates rebuilt from the seeded history, and a team goal for Sales Noord."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from backend.accounts.models import Organisation, Team, User
from backend.boards import periods
from backend.boards.aggregates import rebuild_aggregates
from backend.boards.read import customer_facing_count
from backend.extensions import db
from backend.goals.models import TeamGoal
from backend.goals.service import CUSTOMER_FACING
from backend.timeutil import local_today

GOAL_TEAM = "Sales Noord"
GOAL_HEADROOM = 15  # the demo goal sits this many customer-facing check-ins above what the week holds so far


def seed_boards(organisation: Organisation, progress: Callable[[str], None] = lambda _message: None) -> None:
    """Idempotent: the aggregates are rebuilt from the check-ins; the goal is only added when missing."""
    progress("boards")
    rebuild_aggregates(organisation.id, progress=progress)
    team = db.session.scalar(select(Team).where(Team.organisation_id == organisation.id, Team.name == GOAL_TEAM))
    if team is None:
        return
    start = periods.week_start(local_today(organisation.time_zone))
    exists = db.session.scalar(
        select(TeamGoal.id).where(
            TeamGoal.team_id == team.id, TeamGoal.period == periods.WEEK, TeamGoal.starts_on == start
        )
    )
    if exists is None:
        manager = db.session.scalar(select(User).where(User.email == "manager@demo.test"))
        db.session.add(
            TeamGoal(
                organisation_id=organisation.id,
                team_id=team.id,
                period=periods.WEEK,
                starts_on=start,
                kind=CUSTOMER_FACING,
                # Within reach but not reached yet, whatever day of the week the demo is seeded.
                target=customer_facing_count(team.id, start, periods.period_end(periods.WEEK, start)) + GOAL_HEADROOM,
                created_by_id=manager.id if manager else None,
            )
        )
    db.session.flush()

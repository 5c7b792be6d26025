"""Team goals, the team's shared thermostat: N% of the rhythm met, or N customer-facing check-ins.

One goal per team at a time, for a week, month or quarter, set by the team's managers and admins.
Progress reads the board aggregates (customer-facing counts, boards/read.py) or, for the rhythm
share, asks rhythm which days were done and due (rhythm/read.py). A goal is reached exactly once
(`team_goal_reached`); customer-facing goals are checked as the boards count new check-ins
(receivers.py), rhythm-share goals when their period ends (`settle_goals`, nightly) or is read.
Functions flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update

from backend import signals
from backend.accounts.models import Organisation, User
from backend.boards import read as boards
from backend.boards.read import customer_facing_count, periods
from backend.errors import DomainError
from backend.extensions import db
from backend.goals.models import TeamGoal
from backend.i18n import translate
from backend.rhythm import read as rhythm
from backend.timeutil import local_today, utcnow

RHYTHM_SHARE, CUSTOMER_FACING = "rhythm_share", "customer_facing_checkins"
GOAL_KINDS = (RHYTHM_SHARE, CUSTOMER_FACING)


@dataclass
class GoalProgress:
    goal: TeamGoal
    ends_on: date
    value: float  # a percentage (rhythm_share) or a count (customer-facing check-ins)
    done: int
    due: int | None
    percent: int  # of the target, 0 … 100
    reached: bool
    finished: bool  # the period is over
    team_name: str


def rhythm_share(team_id: int, organisation_id: int, start: date, end: date, today: date) -> tuple[int, int]:
    """(done, due) behaviour-days of a team's members in [start, end], as far as today.

    Day cadences: every required day from the person's start, not away (a check-in on an away day
    still counts); today only once done. Weekly cadences: each ISO week counts in the period that
    holds its Thursday (the ISO rule), asking min(N, days not away); the running week asks only
    what is done so far, so an unfinished week never pulls the share down.
    """
    members, behaviours = boards.team_members(team_id), rhythm.team_behaviours(team_id)
    if not members or not behaviours:
        return 0, 0
    horizon = min(end, today)
    since, until = periods.week_start(start), periods.week_start(end) + timedelta(days=6)
    done = rhythm.done_days([m.id for m in members], [b.id for b in behaviours], since, min(until, today))
    away = rhythm.away_of(organisation_id, [m.id for m in members], since, until)
    total_done = total_due = 0
    for member in members:
        for behaviour in behaviours:
            cadence = rhythm.cadence_of(behaviour)
            first = rhythm.person_start(member, behaviour)
            if cadence.weekly:
                monday = since
                while monday <= horizon:
                    thursday = monday + timedelta(days=3)
                    if start <= thursday <= end:
                        week = [monday + timedelta(days=n) for n in range(7)]
                        count = sum(1 for d in week if (member.id, behaviour.id, d) in done)
                        target = rhythm.week_target(cadence, monday, away[member.id], first)
                        if monday + timedelta(days=6) >= today:
                            target = min(count, target)
                        total_done += min(count, target)
                        total_due += target
                    monday += timedelta(days=7)
                continue
            day = max(start, first)
            while day <= horizon:
                checked = (member.id, behaviour.id, day) in done
                if cadence.requires(day) and (checked or (day not in away[member.id] and day < today)):
                    total_due += 1
                    total_done += int(checked)
                day += timedelta(days=1)
    return total_done, total_due


def _progress(goal: TeamGoal, today: date) -> GoalProgress:
    end = periods.period_end(goal.period, goal.starts_on)
    finished = today > end
    if goal.kind == CUSTOMER_FACING:
        done, due = customer_facing_count(goal.team_id, goal.starts_on, end), None
        value = float(done)
        met = done >= goal.target
    else:
        done, due = rhythm_share(goal.team_id, goal.organisation_id, goal.starts_on, end, today)
        value = round(100 * done / due, 1) if due else 0.0
        # A share is only settled when the period is over: Monday's first tap would be "100%".
        met = finished and value >= goal.target
    if met and goal.reached_at is None:
        _mark_reached(goal)
    percent = min(100, round(100 * value / goal.target)) if goal.target else 0
    return GoalProgress(
        goal=goal,
        ends_on=end,
        value=value,
        done=done,
        due=due,
        percent=percent,
        reached=goal.reached_at is not None,
        finished=finished,
        team_name=goal.team.name,
    )


def _mark_reached(goal: TeamGoal) -> None:
    """Exactly once, also when two check-ins race: only the update that finds it unreached sends the signal."""
    result = db.session.execute(
        update(TeamGoal)
        .where(TeamGoal.id == goal.id, TeamGoal.reached_at.is_(None))
        .values(reached_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(goal, ["reached_at"])
    if result.rowcount == 1:
        signals.team_goal_reached.send(goal, team_id=goal.team_id)


def check_goals(organisation_id: int, team_ids: set[int], days: set[date]) -> None:
    """After customer-facing check-ins on these days: did they complete a goal of these teams?"""
    if not team_ids:
        return
    goals = list(
        db.session.scalars(
            select(TeamGoal)
            .where(
                TeamGoal.team_id.in_(team_ids),
                TeamGoal.kind == CUSTOMER_FACING,
                TeamGoal.reached_at.is_(None),
                TeamGoal.starts_on <= max(days),
            )
            .order_by(TeamGoal.id)
        )
    )
    if not goals:
        return
    today = local_today(db.session.get(Organisation, organisation_id).time_zone)
    for goal in goals:
        end = periods.period_end(goal.period, goal.starts_on)
        if any(goal.starts_on <= day <= end for day in days):
            _progress(goal, today)


def set_goal(actor: User, team_id: int, period: str, kind: str, target: int) -> GoalProgress:
    """Set (or change) the team's goal for the current period; a changed goal can be reached anew."""
    viewer = boards.viewer(actor)
    team = boards.team_of(viewer, team_id)
    boards.ensure_manages(viewer, team)
    _check_target(kind, target)
    start = periods.period_start(period, viewer.today)
    goal = _put_goal(team.id, team.organisation_id, period, start, kind, target, None, actor.id, viewer.today)
    return _progress(goal, viewer.today)


def adopt_standard(
    organisation_id: int,
    team_id: int,
    period: str,
    starts_on: date,
    kind: str,
    target: int,
    title: str | None,
    actor_id: int | None,
) -> None:
    """A team agreed on its standard (the thermostat round): it becomes the team's goal for that period."""
    _check_target(kind, target)
    today = local_today(db.session.get(Organisation, organisation_id).time_zone)
    _put_goal(team_id, organisation_id, period, starts_on, kind, target, title, actor_id, today)


def _check_target(kind: str, target: int) -> None:
    if kind == RHYTHM_SHARE and target > 100:
        raise DomainError("validation_failed", 422, fields={"target": [translate("goal_share_too_high")]})


def _put_goal(
    team_id: int,
    organisation_id: int,
    period: str,
    start: date,
    kind: str,
    target: int,
    title: str | None,
    actor_id: int | None,
    today: date,
) -> TeamGoal:
    goal = db.session.scalar(
        select(TeamGoal).where(TeamGoal.team_id == team_id, TeamGoal.period == period, TeamGoal.starts_on == start)
    )
    if goal is None:
        goal = TeamGoal(organisation_id=organisation_id, team_id=team_id, period=period, starts_on=start, kind=kind)
        db.session.add(goal)
    if (goal.kind, goal.target) != (kind, target):
        goal.reached_at = None
    goal.kind, goal.target, goal.title = kind, target, title
    goal.created_by_id, goal.updated_at = actor_id, utcnow()
    db.session.flush()
    # Another period's goal stays; a team has one goal at a time, so the other current ones go.
    for other in db.session.scalars(select(TeamGoal).where(TeamGoal.team_id == team_id, TeamGoal.id != goal.id)):
        if other.starts_on <= today <= periods.period_end(other.period, other.starts_on):
            db.session.delete(other)
    db.session.flush()
    return goal


def _current_goals(team_ids: list[int], today: date, include_recent: bool = False) -> list[TeamGoal]:
    if not team_ids:
        return []
    goals = db.session.scalars(
        select(TeamGoal)
        .where(TeamGoal.team_id.in_(team_ids), TeamGoal.starts_on <= today)
        .order_by(TeamGoal.starts_on.desc(), TeamGoal.id)
    )
    result = []
    for goal in goals:
        end = periods.period_end(goal.period, goal.starts_on)
        if today <= end:
            result.append(goal)
        elif include_recent and today - end <= timedelta(days=7) and goal.kind == RHYTHM_SHARE:
            # A share settles when its period ends: show last period's result for a week, for the celebration.
            result.append(goal)
    return result


def team_goal(actor: User, team_id: int) -> GoalProgress | None:
    viewer = boards.viewer(actor)
    team = boards.team_of(viewer, team_id)
    goals = _current_goals([team.id], viewer.today)
    return _progress(goals[0], viewer.today) if goals else None


def remove_goal(actor: User, team_id: int) -> None:
    viewer = boards.viewer(actor)
    team = boards.team_of(viewer, team_id)
    boards.ensure_manages(viewer, team)
    for goal in _current_goals([team.id], viewer.today):
        db.session.delete(goal)
    db.session.flush()


@dataclass
class Summary:
    """What Today shows of the boards: the goals of my teams, and how the boards show me."""

    goals: list[GoalProgress]
    visibility: str
    board_opt_in: bool
    top_only: bool


def summary(actor: User) -> Summary:
    """The goals of my teams, with progress and the celebration flag, for Today."""
    viewer = boards.viewer(actor)
    goals = [_progress(g, viewer.today) for g in _current_goals(sorted(viewer.team_ids), viewer.today, True)]
    goals = [g for g in goals if not g.finished or g.reached]
    return Summary(
        goals=goals,
        visibility=viewer.organisation.visibility,
        board_opt_in=actor.board_opt_in,
        top_only=viewer.organisation.boards_top_only,
    )


def settle_goals(organisation_id: int) -> None:
    """Settle the goals not yet reached, those whose period ended included (nightly, beside the standings)."""
    organisation = db.session.get(Organisation, organisation_id)
    today = local_today(organisation.time_zone)
    for goal in db.session.scalars(
        select(TeamGoal).where(TeamGoal.organisation_id == organisation_id, TeamGoal.reached_at.is_(None))
    ):
        _progress(goal, today)
    db.session.flush()


def period_goals(team_id: int, starts: list[tuple[str, date]], today: date) -> dict[tuple[str, date], GoalProgress]:
    """The team's goals of these (period, first day) pairs with their progress; pairs without a goal are left out."""
    if not starts:
        return {}
    wanted = set(starts)
    goals = db.session.scalars(
        select(TeamGoal).where(TeamGoal.team_id == team_id, TeamGoal.starts_on.in_({day for _, day in starts}))
    )
    return {(g.period, g.starts_on): _progress(g, today) for g in goals if (g.period, g.starts_on) in wanted}

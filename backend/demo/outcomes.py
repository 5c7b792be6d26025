"""Demo outcomes: twelve weeks of history for 'Wat werkt' (docs/what-works.md, "The demo").

The demo's everyday history is six weeks (demo/rhythm.py), fewer than the 8 weeks 'Wat werkt' needs. So that
the demo shows a real comparison, this module adds what 'Wat werkt' reads, and only that, for the weeks
before: the sales reps' check-ins of weeks 7–12 back (their own random stream, so the six recent weeks stay
exactly as they were), with a team-wide busy or quiet factor per week as real teams have; and "Gekwalificeerde
afspraken" per sales team and week, entered by its manager. The demo's figure follows the team's own
check-ins that week (BANT-qualified appointments and prepared meetings, plus noise), so the demo has a
pattern to find; 'Wat werkt' computes its answer from the stored weeks like any team's, nothing is set.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

from backend.accounts.models import Membership, Organisation, Role, Team, User
from backend.demo.rhythm import CATALOGUE, HISTORY_WEEKS, PROFILES, _row
from backend.extensions import db
from backend.outcomes.models import OutcomeMeasure, OutcomeValue
from backend.rhythm import service, streaks
from backend.rhythm.models import Behaviour, BehaviourTeam, CheckIn
from backend.timeutil import local_today, utcnow

OUTCOME_WEEKS = 12  # complete weeks of history behind the demo's 'Wat werkt'
MANAGERS = {"Sales Noord": "manager@demo.test", "Sales Zuid": "manager.zuid@demo.test"}
BANT, PREPARED = CATALOGUE[2]["name_nl"], CATALOGUE[0]["name_nl"]


def seed_outcomes(organisation: Organisation, progress: Callable[[str], None] = lambda _message: None) -> None:
    progress("outcomes")
    this_week = streaks.week_start(local_today(organisation.time_zone))
    seed_earlier_history(organisation, this_week)
    measure = db.session.scalar(
        select(OutcomeMeasure).where(
            OutcomeMeasure.organisation_id == organisation.id, OutcomeMeasure.name_nl == "Gekwalificeerde afspraken"
        )
    )
    if measure is None:
        measure = OutcomeMeasure(
            organisation_id=organisation.id, name_nl="Gekwalificeerde afspraken", name_en="Qualified appointments"
        )
        db.session.add(measure)
        db.session.flush()
    behaviours = {
        b.name_nl: b.id
        for b in db.session.scalars(select(Behaviour).where(Behaviour.organisation_id == organisation.id))
    }
    for team_name, manager_email in MANAGERS.items():
        team = db.session.scalar(select(Team).where(Team.organisation_id == organisation.id, Team.name == team_name))
        manager = db.session.scalar(select(User).where(User.email == manager_email))
        if team is None or manager is None:
            continue
        rng = random.Random(team_name)  # the same figures on every machine
        for n in range(1, OUTCOME_WEEKS + 1):
            week = this_week - timedelta(weeks=n)
            noise = rng.gauss(0, 1.5)
            exists = db.session.scalar(
                select(OutcomeValue.id).where(
                    OutcomeValue.measure_id == measure.id,
                    OutcomeValue.team_id == team.id,
                    OutcomeValue.week_start == week,
                )
            )
            if exists is None:
                done = _team_checkins(team.id, [behaviours.get(BANT), behaviours.get(PREPARED)], week)
                figure = 0.6 * done.get(behaviours.get(BANT), 0) + 0.15 * done.get(behaviours.get(PREPARED), 0)
                db.session.add(
                    OutcomeValue(
                        organisation_id=organisation.id,
                        measure_id=measure.id,
                        team_id=team.id,
                        week_start=week,
                        value=float(max(0, round(figure + noise))),
                        entered_by_id=manager.id,
                    )
                )
    db.session.flush()


def _team_checkins(team_id: int, behaviour_ids: list[int | None], monday: date) -> dict[int, int]:
    """Check-ins per behaviour of the team's members in one week."""
    members = select(Membership.user_id).where(Membership.team_id == team_id, Membership.manages.is_(False))
    return dict(
        db.session.execute(
            select(CheckIn.behaviour_id, func.count())
            .where(
                CheckIn.user_id.in_(members),
                CheckIn.behaviour_id.in_([b for b in behaviour_ids if b is not None]),
                CheckIn.occurred_on.between(monday, monday + timedelta(days=6)),
            )
            .group_by(CheckIn.behaviour_id)
        ).all()
    )


def seed_earlier_history(organisation: Organisation, this_week: date) -> int:
    """Weeks HISTORY_WEEKS+1 … OUTCOME_WEEKS back of the sales reps' check-ins, for reps that have none there.

    The demo's people and behaviours then start before those weeks (else the weeks would ask nothing)."""
    first = this_week - timedelta(weeks=OUTCOME_WEEKS)
    recent = this_week - timedelta(weeks=HISTORY_WEEKS)
    joined = utcnow() - timedelta(weeks=OUTCOME_WEEKS + 1)
    catalogue = {spec["name_nl"] for spec in CATALOGUE}
    behaviours = [
        b
        for b in db.session.scalars(
            select(Behaviour).where(Behaviour.organisation_id == organisation.id).order_by(Behaviour.id)
        )
        if b.name_nl in catalogue
    ]
    for behaviour in behaviours:
        behaviour.starts_on = min(behaviour.starts_on, first - timedelta(weeks=1))
    people = db.session.scalars(select(User).where(User.organisation_id == organisation.id).order_by(User.id)).all()
    for person in people:
        person.created_at = min(person.created_at, joined)
    teams_of = {
        behaviour.id: set(
            db.session.scalars(select(BehaviourTeam.team_id).where(BehaviourTeam.behaviour_id == behaviour.id))
        )
        for behaviour in behaviours
    }
    made = 0
    for rep in people:
        if rep.role != Role.REP or rep.email not in PROFILES:
            continue
        has_earlier = db.session.scalar(
            select(CheckIn.id).where(CheckIn.user_id == rep.id, CheckIn.occurred_on < recent).limit(1)
        )
        if has_earlier is not None:
            continue
        team_ids = set(rep.team_ids())
        team = min(team_ids) if team_ids else 0
        rng = random.Random(f"{rep.email}/earlier")  # its own stream: the recent weeks stay as they were
        chance, _late = PROFILES[rep.email]
        zone = ZoneInfo(rep.time_zone)
        rows = []
        for n in range(OUTCOME_WEEKS, HISTORY_WEEKS, -1):
            monday = this_week - timedelta(weeks=n)
            # Busy and quiet weeks move the whole team (a campaign, a holiday week): the same factor for all.
            week_factor = random.Random(f"demo-week/{team}/{n}").uniform(0.45, 1.15)
            for behaviour in behaviours:
                if not teams_of[behaviour.id] & team_ids:
                    continue
                cadence = service.cadence_of(behaviour)
                for offset in range(7):
                    day = monday + timedelta(days=offset)
                    p = min(1.0, chance * week_factor)
                    if cadence.weekly:
                        wanted = day.isoweekday() <= 5 and rng.random() < p * (cadence.times_per_week or 1) / 5
                    else:
                        wanted = cadence.requires(day) and rng.random() < p
                    if wanted:
                        rows.append(_row(rep, behaviour, day, zone, rng))
        if rows:
            db.session.execute(insert(CheckIn), rows)
        made += len(rows)
    db.session.flush()
    return made

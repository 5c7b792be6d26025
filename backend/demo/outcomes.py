"""Demo outcomes: "Gekwalificeerde afspraken" per week for the sales teams over the demo's history, entered by
their managers. Six weeks of check-ins are fewer than 'Wat werkt' asks (docs/what-works.md), so the demo shows
the minimum-sample gate at work rather than a comparison."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from backend.accounts.models import Organisation, Team, User
from backend.demo.rhythm import HISTORY_WEEKS
from backend.extensions import db
from backend.outcomes.models import OutcomeMeasure, OutcomeValue
from backend.rhythm import read as rhythm
from backend.timeutil import local_today

MANAGERS = {"Sales Noord": "manager@demo.test", "Sales Zuid": "manager.zuid@demo.test"}


def seed_outcomes(organisation: Organisation, progress: Callable[[str], None] = lambda _message: None) -> None:
    progress("outcomes")
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
    this_week = rhythm.week_start(local_today(organisation.time_zone))
    for team_name, manager_email in MANAGERS.items():
        team = db.session.scalar(select(Team).where(Team.organisation_id == organisation.id, Team.name == team_name))
        manager = db.session.scalar(select(User).where(User.email == manager_email))
        if team is None or manager is None:
            continue
        rng = random.Random(team_name)  # the same figures on every machine
        for n in range(1, HISTORY_WEEKS + 1):
            week = this_week - timedelta(weeks=n)
            exists = db.session.scalar(
                select(OutcomeValue.id).where(
                    OutcomeValue.measure_id == measure.id,
                    OutcomeValue.team_id == team.id,
                    OutcomeValue.week_start == week,
                )
            )
            if exists is None:
                db.session.add(
                    OutcomeValue(
                        organisation_id=organisation.id,
                        measure_id=measure.id,
                        team_id=team.id,
                        week_start=week,
                        value=float(rng.randint(6, 16)),
                        entered_by_id=manager.id,
                    )
                )
    db.session.flush()

"""The energy pulse's read API for other domains: published aggregates only, never an answer.

Other domains read the energy pulse only through this module (and never its tables)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from backend.energy.models import EnergyAggregate, EnergyWeek
from backend.energy.service import settings_of
from backend.extensions import db


@dataclass(frozen=True)
class TeamEnergy:
    week_start: date
    respondents: int
    average: float


def is_enabled(organisation_id: int) -> bool:
    return settings_of(organisation_id).enabled


def team_energy(organisation_id: int, team_id: int, since: date) -> list[TeamEnergy]:
    """A team's shown weekly averages since a Monday, oldest first: only closed weeks whose aggregate passed
    the threshold and the differencing guard (weeks without one are simply absent)."""
    settings = settings_of(organisation_id)
    if not settings.enabled:
        return []
    rows = db.session.execute(
        select(EnergyWeek.week_start, EnergyAggregate.respondents, EnergyAggregate.total)
        .join(EnergyAggregate, EnergyAggregate.week_id == EnergyWeek.id)
        .where(
            EnergyWeek.organisation_id == organisation_id,
            EnergyWeek.week_start >= since,
            EnergyAggregate.scope == "team",
            EnergyAggregate.scope_key == str(team_id),
            EnergyAggregate.respondents >= settings.threshold,
        )
        .order_by(EnergyWeek.week_start)
    ).all()
    return [TeamEnergy(r.week_start, r.respondents, round(r.total / r.respondents, 1)) for r in rows]

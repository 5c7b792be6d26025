"""What outcomes hear from other domains: a CRM event for an outcome rule (integrations), and data rights.

A person's own figures are theirs: their export carries them, erasure deletes them, and the organisation
export leaves them out (it carries the measures and the teams' weekly figures, entered or derived from the
members' figures, as a manager sees them)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update

from backend import signals
from backend.accounts.models import Team, User
from backend.extensions import db
from backend.outcomes import service
from backend.outcomes.models import OutcomeMeasure, OutcomePersonValue, OutcomeValue


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    db.session.execute(update(OutcomeValue).where(OutcomeValue.entered_by_id == user.id).values(entered_by_id=None))
    db.session.execute(
        update(OutcomePersonValue).where(OutcomePersonValue.entered_by_id == user.id).values(entered_by_id=None)
    )
    db.session.execute(delete(OutcomePersonValue).where(OutcomePersonValue.user_id == user.id))


@signals.personal_data_export.connect
def export_personal_data(user: User, **_kwargs) -> dict:
    """The person's own weekly figures, with the measure's name in their language."""
    return {
        "outcome_figures": [
            {"measure": f.measure_name, "week_start": f.week_start, "value": f.value, "source": f.source}
            for f in reversed(service.my_values(user))
        ]
    }


@signals.outcome_event.connect
def count_crm_event(_sender, organisation_id: int, user_id: int, measure_id: int, amount: float, at, **_kwargs):
    return service.add_event_figure(organisation_id, user_id, measure_id, amount, at)


@signals.organisation_data_export.connect
def export_organisation_data(organisation, **_kwargs) -> dict:
    org_id = organisation.id

    def measures():
        for m in db.session.scalars(select(OutcomeMeasure).where(OutcomeMeasure.organisation_id == org_id)):
            yield {"id": m.id, "name_nl": m.name_nl, "name_en": m.name_en, "combine": m.combine}

    def values():
        for v in db.session.scalars(
            select(OutcomeValue).where(OutcomeValue.organisation_id == org_id).order_by(OutcomeValue.id)
        ):
            yield {
                "measure_id": v.measure_id,
                "team_id": v.team_id,
                "week_start": v.week_start,
                "value": v.value,
                "entered_by_id": v.entered_by_id,
            }

    def derived():
        # The teams' weeks made from their members' figures: totals as a manager sees them, never a person's.
        for team in db.session.scalars(select(Team).where(Team.organisation_id == org_id).order_by(Team.id)):
            for weeks in service.team_weeks(team, date.min, date.max).values():
                for f in sorted(weeks.values(), key=lambda f: f.week_start):
                    if f.derived:
                        yield {
                            "measure_id": f.measure_id,
                            "team_id": f.team_id,
                            "week_start": f.week_start,
                            "value": f.value,
                        }

    return {"outcome_measures": measures, "outcome_values": values, "outcome_team_values_derived": derived}

"""What outcomes hear from other domains: data rights (who entered a figure is forgotten on erasure; the
organisation export carries the measures and figures). The figures are a team's, never a person's."""

from __future__ import annotations

from sqlalchemy import select, update

from backend import signals
from backend.accounts.models import User
from backend.extensions import db
from backend.outcomes.models import OutcomeMeasure, OutcomeValue


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    db.session.execute(update(OutcomeValue).where(OutcomeValue.entered_by_id == user.id).values(entered_by_id=None))


@signals.organisation_data_export.connect
def export_organisation_data(organisation, **_kwargs) -> dict:
    org_id = organisation.id

    def measures():
        for m in db.session.scalars(select(OutcomeMeasure).where(OutcomeMeasure.organisation_id == org_id)):
            yield {"id": m.id, "name_nl": m.name_nl, "name_en": m.name_en}

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

    return {"outcome_measures": measures, "outcome_values": values}

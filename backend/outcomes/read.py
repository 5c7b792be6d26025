"""What other domains may read of outcomes: whether a measure is the organisation's (integrations' CRM rules)."""

from __future__ import annotations

from backend.extensions import db
from backend.outcomes.models import OutcomeMeasure


def measure_in(organisation_id: int, measure_id: int) -> bool:
    measure = db.session.get(OutcomeMeasure, measure_id)
    return measure is not None and measure.organisation_id == organisation_id

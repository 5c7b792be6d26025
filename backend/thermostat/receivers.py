"""What the thermostat listens to (backend/signals.py documents each signal): a person's data rights."""

from __future__ import annotations

from sqlalchemy import delete, select

from backend import signals
from backend.extensions import db
from backend.thermostat.models import ThermostatAnswer, ThermostatConfirmation


@signals.personal_data_export.connect
def _on_personal_data_export(user, **_kwargs) -> dict:
    answers = db.session.scalars(select(ThermostatAnswer).where(ThermostatAnswer.user_id == user.id))
    confirmations = db.session.scalars(select(ThermostatConfirmation).where(ThermostatConfirmation.user_id == user.id))
    return {
        "thermostat_answers": [
            {
                "round_id": a.round_id,
                "now": a.now,
                "ahead": a.ahead,
                "holding": a.holding,
                "statement": a.statement,
                "kind": a.kind,
                "target": a.target,
                "answered_at": a.answered_at,
            }
            for a in answers
        ],
        "thermostat_confirmations": [
            {"round_id": c.round_id, "agrees": c.agrees, "reason": c.reason, "answered_at": c.answered_at}
            for c in confirmations
        ],
    }


@signals.personal_data_erase.connect
def _on_personal_data_erase(user, **_kwargs) -> None:
    """Their words go; an agreed standard stays the team's (it no longer says who agreed)."""
    db.session.execute(delete(ThermostatAnswer).where(ThermostatAnswer.user_id == user.id))
    db.session.execute(delete(ThermostatConfirmation).where(ThermostatConfirmation.user_id == user.id))

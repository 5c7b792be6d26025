"""What the thermostat listens to (backend/signals.py documents each signal): data rights, exports, retention."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from backend import signals
from backend.extensions import db
from backend.thermostat.models import ThermostatAnswer, ThermostatConfirmation, ThermostatRound


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


@signals.organisation_data_export.connect
def _on_organisation_data_export(organisation, **_kwargs) -> dict:
    """Rounds, answers and confirmations; in an anonymous round without who wrote them, as in the app."""
    org_id = organisation.id

    def rounds():
        for r in db.session.scalars(
            select(ThermostatRound).where(ThermostatRound.organisation_id == org_id).order_by(ThermostatRound.id)
        ):
            yield {
                "id": r.id,
                "team_id": r.team_id,
                "period": r.period,
                "anonymous": r.anonymous,
                "opened_by_id": r.opened_by_id,
                "opened_at": r.opened_at,
                "answers_due": r.answers_due,
                "behaviour_id": r.behaviour_id,
                "statement": r.statement,
                "kind": r.kind,
                "target": r.target,
                "agreed_at": r.agreed_at,
                "starts_on": r.starts_on,
                "closed_at": r.closed_at,
            }

    def answers():
        rows = db.session.execute(
            select(ThermostatAnswer, ThermostatRound.anonymous)
            .join(ThermostatRound, ThermostatRound.id == ThermostatAnswer.round_id)
            .where(ThermostatRound.organisation_id == org_id)
            .order_by(ThermostatAnswer.round_id, ThermostatAnswer.now)
        )
        for a, anonymous in rows:
            yield {
                "round_id": a.round_id,
                "user_id": None if anonymous else a.user_id,
                "now": a.now,
                "ahead": a.ahead,
                "holding": a.holding,
                "behaviour_id": a.behaviour_id,
                "statement": a.statement,
                "kind": a.kind,
                "target": a.target,
            }

    def confirmations():
        rows = db.session.execute(
            select(ThermostatConfirmation, ThermostatRound.anonymous)
            .join(ThermostatRound, ThermostatRound.id == ThermostatConfirmation.round_id)
            .where(ThermostatRound.organisation_id == org_id)
            .order_by(ThermostatConfirmation.round_id, ThermostatConfirmation.agrees, ThermostatConfirmation.reason)
        )
        for c, anonymous in rows:
            yield {
                "round_id": c.round_id,
                "user_id": None if anonymous else c.user_id,
                "agrees": c.agrees,
                "reason": c.reason,
            }

    return {"thermostat_rounds": rounds, "thermostat_answers": answers, "thermostat_confirmations": confirmations}


@signals.retention_due.connect
def _on_retention_due(organisation, cutoff: datetime, **_kwargs) -> dict[str, int]:
    """As for reflections: the words of rounds opened before the cut-off go (answers, reasons); the agreed
    standards, with who agreed, stay for the history."""
    old = select(ThermostatRound.id).where(
        ThermostatRound.organisation_id == organisation.id, ThermostatRound.opened_at < cutoff
    )
    removed = db.session.execute(
        delete(ThermostatAnswer).where(ThermostatAnswer.round_id.in_(old)).execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(
        update(ThermostatConfirmation)
        .where(ThermostatConfirmation.round_id.in_(old), ThermostatConfirmation.reason != "")
        .values(reason="")
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    return {"thermostat_answers": removed or 0}

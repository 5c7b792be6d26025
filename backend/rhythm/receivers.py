"""What rhythm hears from other domains (backend/signals.py): data rights, retention, the organisation
export, and holidays chosen by an admin. Admin sends these signals and never touches rhythm's tables.

Receivers run in the sender's transaction: they flush, never commit. Rows for exports are plain dicts
(admin writes dates and instants as ISO 8601 text).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlalchemy import select, update

from backend import signals
from backend.accounts.models import Organisation, User
from backend.extensions import db
from backend.rhythm import service
from backend.rhythm.models import AwayDay, Behaviour, BehaviourTeam, CheckIn, OrganisationHoliday
from backend.timeutil import local_today

BATCH = 1000  # rows read at a time for the organisation export (yield_per)

# --- a person's data: export and erasure ---------------------------------------------------------


@signals.personal_data_export.connect
def export_personal_data(user: User, **_kwargs) -> dict[str, list[dict]]:
    """The person's check-ins (with the behaviour's name in their language) and away days with the reason."""
    check_ins = [
        {
            "day": c.occurred_on,
            "behaviour": behaviour.name(user.locale),
            "points": c.points,
            "quality_score": c.quality_score,
            "quality": json.dumps(c.quality) if c.quality else None,
            "note": c.note,
            "late": c.late,
            "source": c.source,
            "time_zone": c.time_zone,
            "received_at": c.received_at,
        }
        for c, behaviour in db.session.execute(
            select(CheckIn, Behaviour)
            .join(Behaviour, Behaviour.id == CheckIn.behaviour_id)
            .where(CheckIn.user_id == user.id)
            .order_by(CheckIn.occurred_on, CheckIn.id)
        )
    ]
    away_days = [
        {"day": a.day, "kind": a.kind}
        for a in db.session.scalars(select(AwayDay).where(AwayDay.user_id == user.id).order_by(AwayDay.day))
    ]
    return {"check_ins": check_ins, "away_days": away_days}


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    """Check-ins and points stay (team history), their notes go; away days stay (streaks), their reason goes."""
    db.session.execute(
        update(CheckIn).where(CheckIn.user_id == user.id).values(note=None).execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(AwayDay).where(AwayDay.user_id == user.id).values(kind=None).execution_options(synchronize_session=False)
    )


# --- retention -------------------------------------------------------------------------------------


@signals.retention_due.connect
def clear_old_notes(organisation: Organisation, cutoff: datetime, **_kwargs) -> dict[str, int]:
    """Check-in notes older than the cut-off go. A check-in's age is its local day in the organisation's zone
    (an imported old check-in is old). Answers how many notes were cleared."""
    cutoff_day = local_today(organisation.time_zone, cutoff)
    cleared = db.session.execute(
        update(CheckIn)
        .where(
            CheckIn.organisation_id == organisation.id,
            CheckIn.occurred_on < cutoff_day,
            CheckIn.note.is_not(None),
        )
        .values(note=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    return {"check_in_notes": cleared or 0}


# --- the organisation export -----------------------------------------------------------------------


def _rows(statement, to_row: Callable[..., dict]) -> Callable[[], Iterator[dict]]:
    def generate():
        for item in db.session.execute(statement.execution_options(yield_per=BATCH)):
            yield to_row(*item)

    return generate


_CHECK_IN_COLUMNS = {
    "id": CheckIn.id,
    "user_id": CheckIn.user_id,
    "behaviour_id": CheckIn.behaviour_id,
    "day": CheckIn.occurred_on,
    "points": CheckIn.points,
    "quality_score": CheckIn.quality_score,
    "late": CheckIn.late,
    "source": CheckIn.source,
    "note": CheckIn.note,
    "received_at": CheckIn.received_at,
}


@signals.organisation_data_export.connect
def export_organisation_data(organisation: Organisation, **_kwargs) -> dict[str, Callable[[], Iterator[dict]]]:
    """The catalogue, every check-in, away days (the day only) and holidays, each read in batches."""
    org_id = organisation.id
    return {
        "behaviours": _rows(
            select(Behaviour).where(Behaviour.organisation_id == org_id).order_by(Behaviour.id),
            lambda b: {
                "id": b.id,
                "name_nl": b.name_nl,
                "name_en": b.name_en,
                "points": b.points,
                "cadence": b.cadence,
                "times_per_week": b.times_per_week,
                "days_of_week": json.dumps(b.days_of_week or []),
                "customer_facing": b.customer_facing,
                "for_managers": b.for_managers,
                "checklist": json.dumps(b.checklist or [], ensure_ascii=False),
                "starts_on": b.starts_on,
                "archived_at": b.archived_at,
            },
        ),
        "behaviour_teams": _rows(
            select(BehaviourTeam.behaviour_id, BehaviourTeam.team_id)
            .join(Behaviour, Behaviour.id == BehaviourTeam.behaviour_id)
            .where(Behaviour.organisation_id == org_id)
            .order_by(BehaviourTeam.id),
            lambda behaviour_id, team_id: {"behaviour_id": behaviour_id, "team_id": team_id},
        ),
        "check_ins": _rows(
            select(*_CHECK_IN_COLUMNS.values()).where(CheckIn.organisation_id == org_id).order_by(CheckIn.id),
            lambda *values: dict(zip(_CHECK_IN_COLUMNS, values, strict=True)),
        ),
        "away_days": _rows(
            select(AwayDay.user_id, AwayDay.day).where(AwayDay.organisation_id == org_id).order_by(AwayDay.id),
            # The reason (sick, leave) is the person's own; the organisation sees only the day.
            lambda user_id, day: {"user_id": user_id, "day": day},
        ),
        "holidays": _rows(
            select(OrganisationHoliday.day, OrganisationHoliday.name)
            .where(OrganisationHoliday.organisation_id == org_id)
            .order_by(OrganisationHoliday.day),
            lambda day, name: {"day": day, "name": name},
        ),
    }


# --- holidays chosen by an admin ---------------------------------------------------------------------


@signals.holidays_chosen.connect
def add_chosen_holidays(actor: User, days: list, **_kwargs) -> list[OrganisationHoliday]:
    """Admin loaded a calendar (e.g. the Dutch public holidays): each (day, name) becomes a holiday."""
    return [service.add_holiday(actor, day, name) for day, name in days]


# --- a connected system checks a behaviour in (integrations' inbound sources) ---------------------


@signals.external_checkin.connect
def check_in_from_outside(
    _sender, user_id: int, behaviour_id: int, client_id: str, source: str, quality=None, occurred_on=None, **_
):
    """Recorded exactly as a tap (the same rules, idempotent by client_id), marked with its source."""
    user = db.session.get(User, user_id)
    args = {"behaviour_id": behaviour_id, "client_id": client_id, "quality": quality or None}
    if occurred_on is not None:
        args["occurred_on"] = occurred_on  # a confirmed suggestion of yesterday: a late check-in, as a tap's
    result = service.record_checkin(user, args, source=source[:16])
    return {"checkin_id": result.checkin.id, "created": result.created}

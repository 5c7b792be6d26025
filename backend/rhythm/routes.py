"""HTTP for the rhythm: thin views, rules in service.py."""

from flask import jsonify
from flask_login import login_required

from backend.accounts.login import current_person
from backend.rhythm import bp, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)
from backend.rhythm.schemas import streak_of


@bp.route("/behaviours", methods=["GET"])
@login_required
@bp.arguments(schemas.BehaviourListArgs(), location="query")
@bp.response(200, schemas.Behaviour(many=True))
def list_behaviours(args):
    """The catalogue (managers, admins) or the behaviours that apply to me."""
    return service.list_behaviours(current_person(), args["include_archived"])


@bp.route("/behaviours", methods=["POST"])
@login_required
@bp.arguments(schemas.BehaviourArgs())
@bp.response(201, schemas.Behaviour)
def create_behaviour(args):
    """Add a behaviour for teams one manages (admins: any team)."""
    return service.create_behaviour(current_person(), args)


@bp.route("/behaviours/<id:behaviour_id>", methods=["PATCH"])
@login_required
@bp.arguments(schemas.BehaviourUpdateArgs())
@bp.response(200, schemas.Behaviour)
def update_behaviour(args, behaviour_id):
    """Edit or archive a behaviour; archiving keeps its history, streaks and points."""
    return service.update_behaviour(current_person(), behaviour_id, args)


@bp.route("/checkins", methods=["POST"])
@login_required
@bp.arguments(schemas.CheckInArgs())
@bp.response(201, schemas.CheckInRecorded)
@bp.alt_response(200, schema=schemas.CheckInRecorded, description="A replay: the check-in stored before")
def create_checkin(args):
    """Check in a behaviour, idempotently by client_id."""
    result = service.record_checkin(current_person(), args)
    return jsonify(schemas.dump_recorded(result)), 201 if result.created else 200


@bp.route("/checkins/<id:checkin_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def delete_checkin(checkin_id):
    """Undo one's own check-in of today or yesterday."""
    service.undo_checkin(current_person(), checkin_id)


@bp.route("/today", methods=["GET"])
@login_required
@bp.response(200, schemas.Today)
def today():
    """The behaviours for today with done or not, streaks and consistency, in one request."""
    return jsonify(schemas.dump_today(service.today_for(current_person())))


@bp.route("/rhythm", methods=["GET"])
@login_required
@bp.arguments(schemas.HistoryArgs(), location="query")
@bp.response(200, schemas.History)
def history(args):
    """My rhythm: the last weeks per behaviour, streaks and the consistency trend."""
    since, until, items = service.history_for(current_person(), args["weeks"])
    locale = current_person().locale
    return {
        "since": since,
        "until": until,
        "behaviours": [
            {
                "id": item.behaviour.id,
                "name": item.behaviour.name(locale),
                "icon": item.behaviour.icon,
                "cadence": item.behaviour.cadence,
                "times_per_week": item.behaviour.times_per_week,
                "streak": streak_of(item.rhythm, item.behaviour.cadence),
                "consistency": item.rhythm.consistency,
                "days": item.days,
                "trend": item.trend,
            }
            for item in items
        ],
    }


@bp.route("/away-days", methods=["GET"])
@login_required
@bp.arguments(schemas.AwayListArgs(), location="query")
@bp.response(200, schemas.AwayDay(many=True))
def list_away(args):
    """Away days of mine (or of someone I manage) in a date range."""
    return service.list_away(current_person(), args["since"], args["until"], args.get("user_id"))


@bp.route("/away-days", methods=["POST"])
@login_required
@bp.arguments(schemas.AwayArgs())
@bp.response(201, schemas.AwayDay(many=True))
def mark_away(args):
    """Mark days away (leave, sick, holiday); they pause streaks and never break them."""
    return service.mark_away(
        current_person(), args["start"], args.get("end") or args["start"], args.get("kind"), args.get("user_id")
    )


@bp.route("/away-days/<id:away_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def remove_away(away_id):
    """Take back an away day."""
    service.remove_away(current_person(), away_id)


@bp.route("/holidays", methods=["GET"])
@login_required
@bp.response(200, schemas.Holiday(many=True))
def list_holidays():
    """Organisation-wide days off."""
    return service.list_holidays(current_person())


@bp.route("/holidays", methods=["POST"])
@login_required
@bp.arguments(schemas.HolidayArgs())
@bp.response(201, schemas.Holiday)
def add_holiday(args):
    """Add an organisation-wide day off (admins)."""
    return service.add_holiday(current_person(), args["day"], args["name"])


@bp.route("/holidays/<id:holiday_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def remove_holiday(holiday_id):
    """Remove an organisation-wide day off (admins)."""
    service.remove_holiday(current_person(), holiday_id)

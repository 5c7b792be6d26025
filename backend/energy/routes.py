"""HTTP for the energy pulse: thin views, rules in service.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.energy import bp, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)


@bp.route("/energy/settings", methods=["GET"])
@login_required
@bp.response(200, schemas.EnergySettings)
def read_settings():
    """The organisation's switch and threshold (admins)."""
    return service.read_settings(current_person())


@bp.route("/energy/settings", methods=["PATCH"])
@login_required
@bp.arguments(schemas.EnergySettingsArgs)
@bp.response(200, schemas.EnergySettings)
def update_settings(args):
    """Turn the energy pulse on or off, or raise its threshold (admins; never below 5)."""
    return service.update_settings(current_person(), args.get("enabled"), args.get("threshold"))


@bp.route("/energy/current", methods=["GET"])
@login_required
@bp.response(200, schemas.EnergyCurrent)
def current():
    """This week (my own calendar) and my answer, if the organisation asks about energy."""
    return service.current(current_person())


@bp.route("/energy/current", methods=["PUT"])
@login_required
@bp.arguments(schemas.EnergyAnswerArgs)
@bp.response(200, schemas.EnergyAnswer)
@bp.alt_response(201, schema=schemas.EnergyAnswer, description="The first answer of the week")
def answer(args):
    """Answer or change this week's energy (1–5) and what gave or cost it."""
    answered, created = service.answer(current_person(), args["level"], args["gave"], args["cost"])
    return answered, 201 if created else 200


@bp.route("/energy/current", methods=["DELETE"])
@login_required
@bp.response(204)
def withdraw():
    """Take this week's answer back."""
    service.withdraw(current_person())


@bp.route("/energy/mine", methods=["GET"])
@login_required
@bp.response(200, schemas.EnergyTrend)
def mine():
    """My own answers of the last twelve weeks: nobody else's, ever."""
    return {"weeks": service.my_trend(current_person())}


@bp.route("/energy/teams", methods=["GET"])
@login_required
@bp.response(200, schemas.EnergyTeamView)
def teams():
    """The energy of my organisation, departments and teams: closed weeks, safe aggregates only."""
    return service.team_view(current_person())

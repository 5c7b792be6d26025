"""HTTP for the thermostat: thin views, rules in service.py and rules.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.thermostat import bp, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)


@bp.route("/thermostat", methods=["GET"])
@login_required
@bp.response(200, schemas.ThermostatOverview)
def overview():
    """The teams whose thermostat I take part in or set, with their open round."""
    return {"teams": service.overview(current_person())}


@bp.route("/thermostat/turns", methods=["GET"])
@login_required
@bp.response(200, schemas.ThermostatTurns)
def my_turns():
    """The open rounds waiting for me as a member (Today's card)."""
    return {"turns": service.my_turns(current_person())}


@bp.route("/teams/<id:team_id>/thermostat", methods=["GET"])
@login_required
@bp.response(200, schemas.TeamThermostat)
def team_thermostat(team_id):
    """The team's open round as I may see it; for its managers also the history and a suggestion."""
    return service.team_thermostat(current_person(), team_id)


@bp.route("/teams/<id:team_id>/thermostat/rounds", methods=["POST"])
@login_required
@bp.arguments(schemas.ThermostatRoundArgs)
@bp.response(201, schemas.ThermostatRound)
def open_round(args, team_id):
    """Open a round for the team (the team's managers, admins); one open round per team."""
    person = current_person()
    return service.get_round(person, service.open_round(person, team_id, **args).id)


@bp.route("/thermostat/rounds/<id:round_id>", methods=["GET"])
@login_required
@bp.response(200, schemas.ThermostatRound)
def get_round(round_id):
    """A round as I may see it (answers and confirmations for the team's managers; nameless when anonymous)."""
    return service.get_round(current_person(), round_id)


@bp.route("/thermostat/rounds/<id:round_id>/answer", methods=["PUT"])
@login_required
@bp.arguments(schemas.ThermostatAnswerArgs)
@bp.response(200, schemas.ThermostatRound)
def answer(args, round_id):
    """Answer the three questions and propose a standard (the team's members, within the week)."""
    person = current_person()
    service.answer(person, round_id, **args)
    return service.get_round(person, round_id)


@bp.route("/thermostat/rounds/<id:round_id>/draft", methods=["PUT"])
@login_required
@bp.arguments(schemas.ThermostatStandardArgs)
@bp.response(200, schemas.ThermostatRound)
def draft(args, round_id):
    """Draft the team standard (the team's managers, admins); a changed draft clears the confirmations."""
    person = current_person()
    service.draft(person, round_id, **args)
    return service.get_round(person, round_id)


@bp.route("/thermostat/rounds/<id:round_id>/confirmation", methods=["PUT"])
@login_required
@bp.arguments(schemas.ThermostatConfirmationArgs)
@bp.response(200, schemas.ThermostatRound)
def confirm(args, round_id):
    """Say whether I recognise myself in the draft (the team's members); a majority makes it the team goal."""
    person = current_person()
    service.confirm(person, round_id, **args)
    return service.get_round(person, round_id)


@bp.route("/thermostat/rounds/<id:round_id>/close", methods=["POST"])
@login_required
@bp.response(200, schemas.ThermostatRound)
def close(round_id):
    """Close a round without a standard (the team's managers, admins)."""
    person = current_person()
    service.close(person, round_id)
    return service.get_round(person, round_id)

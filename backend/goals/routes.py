"""HTTP for the team goals: thin views, rules in service.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.goals import bp, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)
from backend.rhythm import read as rhythm

# Goals show what the fold brings in: never behind one's own taps.
bp.before_request(rhythm.catch_up_signed_in)


@bp.route("/boards/summary", methods=["GET"])
@login_required
@bp.response(200, schemas.BoardSummary)
def board_summary():
    """The goals of my teams with their progress, for Today."""
    return service.summary(current_person())


@bp.route("/teams/<id:team_id>/goal", methods=["GET"])
@login_required
@bp.response(200, schemas.TeamGoalEnvelope)
def team_goal(team_id):
    """The team's current goal and its progress (null when none is set)."""
    return {"goal": service.team_goal(current_person(), team_id)}


@bp.route("/teams/<id:team_id>/goal", methods=["PUT"])
@login_required
@bp.arguments(schemas.TeamGoalArgs)
@bp.response(200, schemas.TeamGoalEnvelope)
def set_team_goal(args, team_id):
    """Set the team's goal for the current period (the team's managers, admins)."""
    return {"goal": service.set_goal(current_person(), team_id, **args)}


@bp.route("/teams/<id:team_id>/goal", methods=["DELETE"])
@login_required
@bp.response(204)
def remove_team_goal(team_id):
    """Remove the team's current goal (the team's managers, admins)."""
    service.remove_goal(current_person(), team_id)

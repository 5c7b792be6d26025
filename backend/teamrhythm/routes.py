"""HTTP for a team's rhythm: thin views, rules in service.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.rhythm import read as rhythm
from backend.teamrhythm import bp, schemas, service

# The grid and the share show what the fold brings in: never behind one's own taps.
bp.before_request(rhythm.catch_up_signed_in)


@bp.route("/teams/<id:team_id>/customer-facing", methods=["GET"])
@login_required
@bp.response(200, schemas.TrendWeek(many=True))
def customer_facing(team_id):
    """The team's customer-facing share per ISO week, the last twelve weeks."""
    return service.customer_facing_trend(current_person(), team_id)


@bp.route("/teams/<id:team_id>/rhythm-grid", methods=["GET"])
@login_required
@bp.arguments(schemas.GridArgs, location="query")
@bp.response(200, schemas.RhythmGrid)
def rhythm_grid(args, team_id):
    """The team's members × behaviours for one ISO week (the team's managers, admins)."""
    return service.rhythm_grid(current_person(), team_id, service.parse_week(args["week"]))


@bp.route("/teams/<id:team_id>/leaders", methods=["GET"])
@login_required
@bp.response(200, schemas.LeadingByExample)
def leaders(team_id):
    """Leading by example: the team's managers and their own rhythm (the team, its managers, admins)."""
    return service.leading_by_example(current_person(), team_id)

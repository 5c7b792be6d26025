"""HTTP for the boards: thin views, rules in service.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.boards import bp, schemas, service
from backend.rhythm import fold

# Boards, wins and badges show what the fold brings in: never behind one's own taps.
bp.before_request(fold.catch_up_signed_in)


@bp.route("/leaderboards", methods=["GET"])
@login_required
@bp.arguments(schemas.LeaderboardArgs, location="query")
@bp.response(200, schemas.Leaderboard)
def leaderboard(args):
    """A people or team board for a calendar period, with my own row always in it."""
    # Plain dicts: marshmallow reads them without probing attributes (a board has up to 101 rows).
    board = service.leaderboard(current_person(), **args)
    return {**vars(board), "rows": [vars(row) for row in board.rows], "me": vars(board.me) if board.me else None}


@bp.route("/me/board-preferences", methods=["PATCH"])
@login_required
@bp.arguments(schemas.BoardPreferencesArgs)
@bp.response(200, schemas.BoardPreferences)
def board_preferences(args):
    """Choose whether colleagues see my name on people boards (teams_first preset)."""
    return service.set_board_opt_in(current_person(), args["board_opt_in"])


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

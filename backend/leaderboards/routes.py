"""HTTP for the leaderboards: thin views, rules in service.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.leaderboards import bp, schemas, service
from backend.rhythm import read as rhythm

# Boards show what the fold brings in: never behind one's own taps.
bp.before_request(rhythm.catch_up_signed_in)


@bp.route("/leaderboards", methods=["GET"])
@login_required
@bp.arguments(schemas.LeaderboardArgs, location="query")
@bp.response(200, schemas.Leaderboard)
def leaderboard(args):
    """A people or team board for a calendar period, with my own row always in it."""
    return service.leaderboard(current_person(), **args)


@bp.route("/me/board-preferences", methods=["PATCH"])
@login_required
@bp.arguments(schemas.BoardPreferencesArgs)
@bp.response(200, schemas.BoardPreferences)
def board_preferences(args):
    """Choose whether colleagues see my name on people boards (teams_first preset)."""
    return service.set_board_opt_in(current_person(), args["board_opt_in"])

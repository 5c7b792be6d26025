"""HTTP for wins and applause: thin views, rules in service.py and applause.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.badges import read as badges
from backend.rhythm import read as rhythm
from backend.wins import applause, bp, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)

# Wins show what the fold brings in (badges, points): never behind one's own taps.
bp.before_request(rhythm.catch_up_signed_in)


@bp.route("/wins", methods=["POST"])
@login_required
@bp.arguments(schemas.WinArgs)
@bp.response(201, schemas.Win)
@bp.alt_response(200, schema=schemas.Win, description="A replay: the win stored before")
def log_win(args):
    """Log a customer win, idempotently by client_id."""
    result = service.log_win(current_person(), args)
    return result.win, 201 if result.created else 200


@bp.route("/wins/<id:win_id>", methods=["GET"])
@login_required
@bp.response(200, schemas.Win)
def get_win(win_id):
    """One win with its credits, confirmation and applause."""
    return service.get_win(current_person(), win_id)


@bp.route("/wins/<id:win_id>", methods=["PATCH"])
@login_required
@bp.arguments(schemas.WinUpdateArgs)
@bp.response(200, schemas.Win)
def update_win(args, win_id):
    """Edit one's own win within 24 hours."""
    return service.update_win(current_person(), win_id, args)


@bp.route("/wins/<id:win_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def delete_win(win_id):
    """Delete one's own win within 24 hours; its points go with it."""
    service.delete_win(current_person(), win_id)


@bp.route("/wins/<id:win_id>/hide", methods=["POST"])
@login_required
@bp.response(200, schemas.Win)
def hide_win(win_id):
    """Hide a win from the feed and profiles (managers, admins); it is kept, with who hid it."""
    return service.set_hidden(current_person(), win_id, True)


@bp.route("/wins/<id:win_id>/hide", methods=["DELETE"])
@login_required
@bp.response(200, schemas.Win)
def unhide_win(win_id):
    """Show a hidden win again."""
    return service.set_hidden(current_person(), win_id, False)


@bp.route("/wins/<id:win_id>/confirm", methods=["POST"])
@login_required
@bp.response(200, schemas.Win)
def confirm_win(win_id):
    """Confirm that the customer noticed (the credited rep, a manager, an admin)."""
    return service.confirm_win(current_person(), win_id)


# --- applause -------------------------------------------------------------------------------


@bp.route("/wins/<id:win_id>/applause", methods=["POST"])
@login_required
@bp.response(200, schemas.Win)
def applaud_win(win_id):
    """Applaud a win; a second applause changes nothing."""
    return applause.applaud(current_person(), win_id=win_id)


@bp.route("/wins/<id:win_id>/applause", methods=["DELETE"])
@login_required
@bp.response(200, schemas.Win)
def withdraw_win_applause(win_id):
    """Take back one's applause for a win."""
    return applause.withdraw_applause(current_person(), win_id=win_id)


@bp.route("/awards/<id:award_id>/applause", methods=["POST"])
@login_required
@bp.response(200, badges.AwardSchema)
def applaud_award(award_id):
    """Applaud a badge award; a second applause changes nothing."""
    return applause.applaud(current_person(), award_id=award_id)


@bp.route("/awards/<id:award_id>/applause", methods=["DELETE"])
@login_required
@bp.response(200, badges.AwardSchema)
def withdraw_award_applause(award_id):
    """Take back one's applause for a badge award."""
    return applause.withdraw_applause(current_person(), award_id=award_id)

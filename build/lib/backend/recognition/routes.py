"""HTTP for recognition: thin views, rules in service.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.recognition import bp, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)
from backend.rhythm import fold

# Boards, wins and badges show what the fold brings in: never behind one's own taps.
bp.before_request(fold.catch_up_signed_in)

# --- wins -----------------------------------------------------------------------------------


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


@bp.route("/wins/<id:win_id>/applause", methods=["POST"])
@login_required
@bp.response(200, schemas.Win)
def applaud_win(win_id):
    """Applaud a win; a second applause changes nothing."""
    return service.applaud(current_person(), win_id=win_id)


@bp.route("/wins/<id:win_id>/applause", methods=["DELETE"])
@login_required
@bp.response(200, schemas.Win)
def withdraw_win_applause(win_id):
    """Take back one's applause for a win."""
    return service.withdraw_applause(current_person(), win_id=win_id)


# --- badges and awards ----------------------------------------------------------------------


@bp.route("/badges", methods=["GET"])
@login_required
@bp.arguments(schemas.BadgeListArgs, location="query")
@bp.response(200, schemas.Badge(many=True))
def list_badges(args):
    """The organisation's badge catalogue, manual and automatic."""
    return service.list_badges(current_person(), args["include_archived"])


@bp.route("/badges", methods=["POST"])
@login_required
@bp.arguments(schemas.BadgeArgs)
@bp.response(201, schemas.Badge)
def create_badge(args):
    """Add a badge to the catalogue (managers, admins)."""
    return service.create_badge(current_person(), args)


@bp.route("/badges/<id:badge_id>", methods=["PATCH"])
@login_required
@bp.arguments(schemas.BadgeUpdateArgs)
@bp.response(200, schemas.Badge)
def update_badge(args, badge_id):
    """Edit or archive a badge; awards already given stay."""
    return service.update_badge(current_person(), badge_id, args)


@bp.route("/awards", methods=["POST"])
@login_required
@bp.arguments(schemas.AwardArgs)
@bp.response(201, schemas.Award)
def award_badge(args):
    """Award a manual badge with a reason that names the behaviour (managers for their teams, admins)."""
    return service.award_badge(current_person(), args)


@bp.route("/awards/<id:award_id>", methods=["GET"])
@login_required
@bp.response(200, schemas.Award)
def get_award(award_id):
    """One badge award with its reason and applause."""
    return service.get_award(current_person(), award_id)


@bp.route("/awards/<id:award_id>/applause", methods=["POST"])
@login_required
@bp.response(200, schemas.Award)
def applaud_award(award_id):
    """Applaud a badge award; a second applause changes nothing."""
    return service.applaud(current_person(), award_id=award_id)


@bp.route("/awards/<id:award_id>/applause", methods=["DELETE"])
@login_required
@bp.response(200, schemas.Award)
def withdraw_award_applause(award_id):
    """Take back one's applause for a badge award."""
    return service.withdraw_applause(current_person(), award_id=award_id)


# --- nominations ----------------------------------------------------------------------------


@bp.route("/nominations", methods=["POST"])
@login_required
@bp.arguments(schemas.NominationArgs)
@bp.response(201, schemas.Nomination)
def nominate(args):
    """Propose a colleague for a manual badge; their manager decides."""
    return service.nominate(current_person(), args)


@bp.route("/nominations", methods=["GET"])
@login_required
@bp.arguments(schemas.NominationListArgs, location="query")
@bp.response(200, schemas.Nomination(many=True))
def list_nominations(args):
    """Nominations I may decide and the ones I made."""
    status = None if args["status"] == "all" else args["status"]
    return service.list_nominations(current_person(), status)


@bp.route("/nominations/<id:nomination_id>/approve", methods=["POST"])
@login_required
@bp.arguments(schemas.DecisionArgs)
@bp.response(200, schemas.Nomination)
def approve_nomination(args, nomination_id):
    """Approve a nomination: the badge is awarded with the nomination's (or a new) reason."""
    return service.decide_nomination(current_person(), nomination_id, True, args.get("reason"))


@bp.route("/nominations/<id:nomination_id>/decline", methods=["POST"])
@login_required
@bp.arguments(schemas.DecisionArgs)
@bp.response(200, schemas.Nomination)
def decline_nomination(args, nomination_id):
    """Decline a nomination."""
    return service.decide_nomination(current_person(), nomination_id, False)


# --- feed, notifications, people ------------------------------------------------------------


@bp.route("/feed", methods=["GET"])
@login_required
@bp.arguments(schemas.FeedArgs, location="query")
@bp.response(200, schemas.FeedPage)
def feed(args):
    """The celebration feed, newest first: wins, badges, streak milestones, team goals."""
    return service.feed(current_person(), args.get("team_id"), args["mine"], args.get("cursor"), args["limit"])


@bp.route("/notifications", methods=["GET"])
@login_required
@bp.response(200, schemas.Notifications)
def notifications():
    """My latest notifications and how many are unread."""
    person = current_person()
    return {"unread": service.unread_count(person), "items": service.list_notifications(person)}


@bp.route("/notifications/unread", methods=["GET"])
@login_required
@bp.response(200, schemas.UnreadCount)
def unread():
    """How many notifications I have not read."""
    return {"unread": service.unread_count(current_person())}


@bp.route("/notifications/read", methods=["POST"])
@login_required
@bp.response(200, schemas.UnreadCount)
def mark_read():
    """Mark all my notifications read."""
    service.mark_read(current_person())
    return {"unread": 0}


@bp.route("/colleagues", methods=["GET"])
@login_required
@bp.response(200, schemas.Colleague(many=True))
def colleagues():
    """Everyone active in my organisation, to credit in a win or to nominate."""
    return service.colleagues(current_person())


@bp.route("/people/<id:user_id>/recognition", methods=["GET"])
@login_required
@bp.response(200, schemas.Profile)
def person_recognition(user_id):
    """A person's badges (with reasons), wins and streak records."""
    return service.profile(current_person(), user_id)


@bp.route("/recognition/coverage", methods=["GET"])
@login_required
@bp.response(200, schemas.Coverage)
def coverage():
    """Who in my teams received no recognition in 30 and 90 days; the least recognised teams first."""
    return service.coverage(current_person())

"""HTTP for badges: thin views, rules in service.py (catalogue, awards) and nominations.py.

Applause for an award is with the other applause, in wins/routes.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.badges import bp, nominations, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)
from backend.rhythm import read as rhythm

# Badges show what the fold brings in: never behind one's own taps.
bp.before_request(rhythm.catch_up_signed_in)


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


# --- nominations ----------------------------------------------------------------------------


@bp.route("/nominations", methods=["POST"])
@login_required
@bp.arguments(schemas.NominationArgs)
@bp.response(201, schemas.Nomination)
def nominate(args):
    """Propose a colleague for a manual badge; their manager decides."""
    return nominations.nominate(current_person(), args)


@bp.route("/nominations", methods=["GET"])
@login_required
@bp.arguments(schemas.NominationListArgs, location="query")
@bp.response(200, schemas.Nomination(many=True))
def list_nominations(args):
    """Nominations I may decide and the ones I made."""
    status = None if args["status"] == "all" else args["status"]
    return nominations.list_nominations(current_person(), status)


@bp.route("/nominations/<id:nomination_id>/approve", methods=["POST"])
@login_required
@bp.arguments(schemas.DecisionArgs)
@bp.response(200, schemas.Nomination)
def approve_nomination(args, nomination_id):
    """Approve a nomination: the badge is awarded with the nomination's (or a new) reason."""
    return nominations.decide_nomination(current_person(), nomination_id, True, args.get("reason"))


@bp.route("/nominations/<id:nomination_id>/decline", methods=["POST"])
@login_required
@bp.arguments(schemas.DecisionArgs)
@bp.response(200, schemas.Nomination)
def decline_nomination(args, nomination_id):
    """Decline a nomination."""
    return nominations.decide_nomination(current_person(), nomination_id, False)

"""HTTP for challenges: thin views, rules in service.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.challenges import bp, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)
from backend.rhythm import read as rhythm

# Standings show what the fold brings in: never behind one's own taps.
bp.before_request(rhythm.catch_up_signed_in)


@bp.route("/challenges", methods=["GET"])
@login_required
@bp.response(200, schemas.ChallengeList)
def list_challenges():
    """Running and upcoming challenges, and the recent past ones."""
    return service.challenges(current_person())


@bp.route("/challenges", methods=["POST"])
@login_required
@bp.arguments(schemas.ChallengeArgs)
@bp.response(201, schemas.Challenge)
def create_challenge(args):
    """Create a challenge (managers, admins)."""
    challenge = service.create(current_person(), args)
    return service.view(current_person(), challenge)


@bp.route("/challenges/options", methods=["GET"])
@login_required
@bp.response(200, schemas.ChallengeOptions)
def challenge_options():
    """The teams and behaviours a new challenge may choose (managers, admins)."""
    return service.options(current_person())


@bp.route("/challenges/today", methods=["GET"])
@login_required
@bp.response(200, schemas.ChallengeToday)
def today_challenge():
    """The running challenge I take part in, for Today's one line (null when none)."""
    return {"challenge": service.today_line(current_person())}


@bp.route("/challenges/<id:challenge_id>", methods=["GET"])
@login_required
@bp.response(200, schemas.Challenge)
def get_challenge(challenge_id):
    """A challenge with its standing, time left, and my own and my team's part."""
    return service.detail(current_person(), challenge_id)


@bp.route("/challenges/<id:challenge_id>", methods=["PUT"])
@login_required
@bp.arguments(schemas.ChallengeArgs)
@bp.response(200, schemas.Challenge)
def edit_challenge(args, challenge_id):
    """Change a challenge before it starts (its creator, admins)."""
    challenge = service.edit(current_person(), challenge_id, args)
    return service.view(current_person(), challenge)


@bp.route("/challenges/<id:challenge_id>/cancel", methods=["POST"])
@login_required
@bp.arguments(schemas.CancelArgs)
@bp.response(200, schemas.Challenge)
def cancel_challenge(args, challenge_id):
    """Cancel a challenge with a reason (its creator, admins); audited."""
    challenge = service.cancel(current_person(), challenge_id, args["reason"])
    return service.view(current_person(), challenge)

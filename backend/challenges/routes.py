"""HTTP for challenges: thin views, rules in service.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.challenges import bp, duels, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)
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


# --- duels ------------------------------------------------------------------------------------------


@bp.route("/duels", methods=["GET"])
@login_required
@bp.response(200, schemas.DuelList)
def list_duels():
    """My duels, and the colleagues' duels both of them agreed to show."""
    return duels.duels(current_person())


@bp.route("/duels", methods=["POST"])
@login_required
@bp.arguments(schemas.DuelArgs)
@bp.response(201, schemas.Duel)
def invite_duel(args):
    """Invite a colleague to a duel (they accept or decline)."""
    duel = duels.invite(current_person(), args)
    return duels.view(current_person(), duel)


@bp.route("/duels/options", methods=["GET"])
@login_required
@bp.response(200, schemas.DuelOptions)
def duel_options():
    """The colleagues I may invite to a duel."""
    return duels.options(current_person())


@bp.route("/duels/<id:duel_id>", methods=["GET"])
@login_required
@bp.response(200, schemas.Duel)
def get_duel(duel_id):
    """One of my duels, with both scores once it runs."""
    return duels.detail(current_person(), duel_id)


@bp.route("/duels/<id:duel_id>/answer", methods=["POST"])
@login_required
@bp.arguments(schemas.DuelAnswerArgs)
@bp.response(200, schemas.Duel)
def answer_duel(args, duel_id):
    """Accept or decline an invitation to a duel (the invited colleague)."""
    duel = duels.answer(current_person(), duel_id, args["accept"], args["share"])
    return duels.view(current_person(), duel)


@bp.route("/duels/<id:duel_id>/withdraw", methods=["POST"])
@login_required
@bp.response(200, schemas.Duel)
def withdraw_duel(duel_id):
    """Take an invitation back, or call off a duel before it starts (the challenger)."""
    duel = duels.withdraw(current_person(), duel_id)
    return duels.view(current_person(), duel)


@bp.route("/duels/<id:duel_id>/share", methods=["PUT"])
@login_required
@bp.arguments(schemas.DuelShareArgs)
@bp.response(200, schemas.Duel)
def share_duel(args, duel_id):
    """Agree (or no longer) to show the duel to colleagues; shown only while both agree."""
    duel = duels.share(current_person(), duel_id, args["share"])
    return duels.view(current_person(), duel)

"""HTTP for accounts: thin views, rules in service.py."""

from flask import current_app, jsonify, session
from flask_login import login_required, logout_user
from flask_wtf.csrf import generate_csrf

from backend.accounts import bp, schemas, service
from backend.accounts.login import current_person, login_account_key, sign_in
from backend.extensions import limiter

_members_without_email = schemas.Member(many=True)


def _login_limits():
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _ip_limits():
    return current_app.config["LOGIN_LIMIT_PER_IP"]


def _sign_in(user) -> None:
    sign_in(user)


@bp.route("/auth/csrf", methods=["GET"])
@bp.response(200, schemas.CsrfToken)
def csrf_token():
    """Hand out the token that state-changing requests send back in X-CSRFToken."""
    return {"csrf_token": generate_csrf()}


def _refused_sign_in(response) -> bool:
    """Only failed sign-ins count: an office behind one address signs in many times on launch day."""
    return response.status_code == 401


@bp.route("/auth/login", methods=["POST"])
@limiter.limit(_ip_limits, scope="login-ip", deduct_when=_refused_sign_in)
@limiter.limit(_login_limits, key_func=login_account_key, scope="login-account", deduct_when=_refused_sign_in)
@bp.arguments(schemas.LoginArgs)
@bp.response(200, schemas.Me)
def login(args):
    """Sign in with e-mail and password; starts a server-side session."""
    user = service.authenticate(args["email"], args["password"])
    _sign_in(user)
    return user


@bp.route("/auth/logout", methods=["POST"])
@bp.response(204)
def logout():
    """End this device's session (a no-op when not signed in)."""
    service.end_session(session.get("_user_id"))
    logout_user()


@bp.route("/auth/logout-everywhere", methods=["POST"])
@login_required
@bp.response(204)
def logout_everywhere():
    """End every session of the signed-in user, this one included."""
    service.end_all_sessions(current_person())
    logout_user()


@bp.route("/me", methods=["GET"])
@login_required
@bp.response(200, schemas.Me)
def me():
    """The signed-in person, their organisation and teams."""
    return current_person()


@bp.route("/me", methods=["PATCH"])
@login_required
@bp.arguments(schemas.ProfileArgs)
@bp.response(200, schemas.Me)
def update_me(args):
    """Change name, time zone or language."""
    return service.update_profile(current_person(), args)


@bp.route("/me/password", methods=["POST"])
@login_required
@bp.arguments(schemas.PasswordChangeArgs)
@bp.response(204)
def change_password(args):
    """Change the password; every other session of this person ends."""
    service.change_password(current_person(), args["current_password"], args["new_password"])


@bp.route("/invites", methods=["GET"])
@login_required
@bp.response(200, schemas.Invite(many=True))
def list_invites():
    """Invites of the organisation (admins) or of the teams one manages (managers)."""
    return service.list_invites(current_person())


@bp.route("/invites", methods=["POST"])
@login_required
@bp.arguments(schemas.InviteArgs)
@bp.response(201, schemas.Invite)
def create_invite(args):
    """Invite someone by e-mail into a team with a role; the link is valid for 7 days, once."""
    invite, _token = service.invite_person(current_person(), args["email"], args["team_id"], args["role"])
    return invite


@bp.route("/invites/<id:invite_id>/resend", methods=["POST"])
@login_required
@bp.response(200, schemas.Invite)
def resend_invite(invite_id):
    """Send an open or expired invite again with a fresh 7-day link; the old link stops working."""
    return service.resend_invite(current_person(), invite_id)


@bp.route("/invites/<id:invite_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def revoke_invite(invite_id):
    """Withdraw an invite that was not accepted yet; its link stops working."""
    service.revoke_invite(current_person(), invite_id)


@bp.route("/auth/invites/<token>", methods=["GET"])
@bp.response(200, schemas.InviteInfo)
def invite_info(token):
    """What an open invite is for, so the invited person knows where they are signing up."""
    return service.find_open_invite(token)


@bp.route("/auth/invites/<token>/accept", methods=["POST"])
@bp.arguments(schemas.InviteAcceptArgs)
@bp.response(200, schemas.Me)
def accept_invite(args, token):
    """Accept an invite: choose name and password, and be signed in."""
    user = service.accept_invite(token, args["name"], args["password"])
    _sign_in(user)
    return user


def _reset_requested(response) -> bool:
    """A request refused for its input sent no mail: only the ones that may have count."""
    return response.status_code < 400


@bp.route("/auth/password-reset", methods=["POST"])
@limiter.limit(_ip_limits, scope="reset-ip", deduct_when=_reset_requested)
@bp.arguments(schemas.PasswordResetRequestArgs)
@bp.response(202)
def request_password_reset(args):
    """Mail a reset link when the address is known; the answer is the same either way."""
    service.request_password_reset(args["email"])
    return {}


@bp.route("/auth/password-reset/<token>", methods=["POST"])
@bp.arguments(schemas.PasswordResetArgs)
@bp.response(204)
def reset_password(args, token):
    """Set a new password with a reset link; every session of the person ends."""
    service.reset_password(token, args["password"])


@bp.route("/teams", methods=["GET"])
@login_required
@bp.arguments(schemas.TeamListArgs, location="query")
@bp.response(200, schemas.Team(many=True))
def list_teams(args):
    """The organisation's teams (archived ones too with include_archived, for admins)."""
    return service.list_teams(current_person(), include_archived=args["include_archived"])


@bp.route("/teams", methods=["POST"])
@login_required
@bp.arguments(schemas.TeamArgs)
@bp.response(201, schemas.Team)
def create_team(args):
    """Create a team (admins)."""
    return service.create_team(current_person(), args["name"], args["kind"])


@bp.route("/teams/<id:team_id>", methods=["PATCH"])
@login_required
@bp.arguments(schemas.TeamUpdateArgs)
@bp.response(200, schemas.Team)
def update_team(args, team_id):
    """Rename, change the kind of, or archive a team (admins)."""
    return service.update_team(current_person(), team_id, args)


@bp.route("/teams/<id:team_id>/members", methods=["GET"])
@login_required
@bp.response(200, schemas.MemberWithEmail(many=True))
def list_members(team_id):
    """A team's members; e-mail addresses are shown to admins and the team's managers only."""
    actor = current_person()
    members = service.list_members(actor, team_id)
    if actor.is_admin or team_id in actor.managed_team_ids():
        return members
    return jsonify(_members_without_email.dump(members))


@bp.route("/teams/<id:team_id>/members/<id:user_id>", methods=["PUT"])
@login_required
@bp.arguments(schemas.MembershipArgs)
@bp.response(200, schemas.MemberWithEmail)
def put_member(args, team_id, user_id):
    """Add a person to a team, or change whether they manage it."""
    return service.set_membership(current_person(), team_id, user_id, args["manages"])


@bp.route("/teams/<id:team_id>/members/<id:user_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def delete_member(team_id, user_id):
    """Take a person out of a team."""
    service.remove_membership(current_person(), team_id, user_id)

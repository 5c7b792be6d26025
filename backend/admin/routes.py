"""HTTP for administration and data rights: thin views, rules in service.py and exports.py."""

from flask import Response, current_app, request, session, stream_with_context
from flask_login import login_required, login_user, logout_user

from backend.accounts import service as accounts
from backend.accounts.login import current_person
from backend.accounts.schemas import Me
from backend.admin import bp, exports, schemas, service
from backend.extensions import limiter
from backend.timeutil import utcnow


def _ip_limits():
    return current_app.config["LOGIN_LIMIT_PER_IP"]


def _download_name(stem: str, extension: str) -> str:
    return f"{stem}-{utcnow():%Y-%m-%d}.{extension}"


def _attachment(filename: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"}


# --- first run --------------------------------------------------------------------------------


@bp.route("/setup", methods=["GET"])
@bp.response(200, schemas.SetupStatus)
def setup_status():
    """Whether the first-run setup screen is open (signup allowed and no organisation yet)."""
    return {"needed": service.setup_needed()}


@bp.route("/setup", methods=["POST"])
@limiter.limit(_ip_limits, scope="setup-ip")
@bp.arguments(schemas.SetupArgs)
@bp.response(201, Me)
def setup(args):
    """Create the first organisation and its admin, and sign the admin in."""
    admin = service.first_run_setup(args)
    accounts.start_session(admin, request.user_agent.string)
    session.permanent = True
    login_user(admin)
    return admin


# --- people -----------------------------------------------------------------------------------


@bp.route("/admin/people", methods=["GET"])
@login_required
@bp.arguments(schemas.PeopleQueryArgs, location="query")
@bp.response(200, schemas.Person(many=True))
def list_people(args):
    """People of the organisation (admins) or of one's own teams (managers), searched and filtered."""
    return service.list_people(current_person(), **args)


@bp.route("/admin/people/<id:user_id>", methods=["PATCH"])
@login_required
@bp.arguments(schemas.PersonUpdateArgs)
@bp.response(200, schemas.Person)
def update_person(args, user_id):
    """Change a person's role or team, or deactivate or reactivate them."""
    return service.update_person(current_person(), user_id, args)


@bp.route("/admin/people/<id:user_id>/erase", methods=["POST"])
@login_required
@bp.response(204)
def erase_person(user_id):
    """Erase the account of someone who left (admins): personal data goes, anonymous history stays."""
    service.erase_account_of(current_person(), user_id)


@bp.route("/admin/invites/bulk", methods=["POST"])
@login_required
@bp.arguments(schemas.BulkInviteArgs)
@bp.response(200, schemas.BulkInviteResult)
def invite_many(args):
    """Invite a pasted list of e-mail addresses (one per line) into a team with a role; bad lines are reported."""
    invited, problems = service.invite_many(current_person(), args["emails"], args["team_id"], args["role"])
    return {"invited": invited, "problems": problems}


# --- organisation -----------------------------------------------------------------------------


@bp.route("/admin/organisation", methods=["GET"])
@login_required
@bp.response(200, schemas.OrganisationSettings)
def organisation_settings():
    """The organisation's settings (admins)."""
    return service.organisation_of(current_person())


@bp.route("/admin/organisation", methods=["PATCH"])
@login_required
@bp.arguments(schemas.OrganisationSettingsArgs)
@bp.response(200, schemas.OrganisationSettings)
def update_organisation_settings(args):
    """Change name, time zone, language, visibility, retention or win points (admins)."""
    return service.update_settings(current_person(), args)


@bp.route("/admin/holidays/load", methods=["POST"])
@login_required
@bp.arguments(schemas.HolidayLoadArgs)
@bp.response(200, schemas.LoadedHoliday(many=True))
def load_holidays(args):
    """Add the Dutch public holidays of a year as organisation holidays (admins)."""
    return service.load_public_holidays(current_person(), args["year"])


@bp.route("/admin/audit", methods=["GET"])
@login_required
@bp.arguments(schemas.AuditQueryArgs, location="query")
@bp.response(200, schemas.AuditEntry(many=True))
def audit_log(args):
    """The audit log, newest first; page back with before_id (admins)."""
    return service.audit_log(current_person(), **args)


# POST as well as GET: the PWA's service worker caches API GETs, and an export must never sit in a cache.
@bp.route("/admin/export", methods=["GET", "POST"])
@login_required
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/zip")
def export_organisation():
    """Download the whole organisation as a zip of JSON and CSV per kind, streamed (admins)."""
    actor = current_person()
    organisation = service.organisation_of(actor)  # admins only: refused here, before anything streams
    # The body is made as it streams, after this request's commit (see exports.organisation_zip): only ids cross.
    return Response(
        stream_with_context(exports.organisation_zip(organisation.id, actor.id)),
        mimetype="application/zip",
        headers=_attachment(_download_name("ritme-organisation", "zip")),
    )


# --- my data ----------------------------------------------------------------------------------


@bp.route("/me/export", methods=["GET", "POST"])
@login_required
@bp.arguments(schemas.ExportArgs, location="query")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/json")
def export_my_data(args):
    """Download all my data: one JSON file, or a zip with a CSV per kind (format=zip)."""
    person = current_person()
    if args["format"] == "zip":
        return Response(
            exports.personal_zip(person),
            mimetype="application/zip",
            headers=_attachment(_download_name("ritme-my-data", "zip")),
        )
    return Response(
        exports.personal_json(person),
        mimetype="application/json",
        headers=_attachment(_download_name("ritme-my-data", "json")),
    )


@bp.route("/me/delete", methods=["POST"])
@login_required
@limiter.limit(_ip_limits, scope="delete-ip")
@bp.arguments(schemas.PasswordConfirmArgs)
@bp.response(204)
def delete_my_account(args):
    """Delete my account after confirming my password: personal data is erased, anonymous history stays."""
    service.erase_own_account(current_person(), args["password"])
    logout_user()

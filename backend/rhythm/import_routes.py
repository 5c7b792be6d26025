"""HTTP for the import of historical check-ins (admin screen); the rules are in imports.py."""

from flask import Response, request
from flask_login import login_required

from backend.accounts.login import current_person
from backend.errors import Forbidden
from backend.http import accepts_uploads, csv_upload
from backend.i18n import request_locale, translate
from backend.rhythm import bp, imports
from backend.rhythm.import_schemas import MAX_ERRORS_SHOWN, MAX_UPLOAD, UPLOAD_DOC, ImportReport

ENDPOINT = f"{bp.name}.import_checkins"


@bp.url_value_preprocessor
def _allow_larger_upload(endpoint, _values):
    # Runs before every before_request handler (CSRF reads the form there), so the larger limit
    # holds from the first byte read; every other route keeps MAX_CONTENT_LENGTH.
    if endpoint == ENDPOINT:
        request.max_content_length = MAX_UPLOAD



@bp.route("/imports/checkins", methods=["POST"])
@accepts_uploads
@login_required
@bp.doc(requestBody=UPLOAD_DOC)
@bp.response(200, ImportReport)
@bp.alt_response(422, schema=ImportReport, description="Strict and some row bad: the report, nothing written")
def import_checkins():
    """Import historical check-ins from a CSV (admins); every row is validated first."""
    actor = current_person()
    if not actor.is_admin:
        raise Forbidden()
    data, strict, _ = csv_upload()
    report = imports.import_checkins(actor, data, strict=strict)
    body = report.as_dict(max_errors=MAX_ERRORS_SHOWN)
    if report.rejected:
        body["error"] = {"code": "import_rejected", "message": translate("import_rejected", invalid=report.invalid)}
        return body, 422
    return body


@bp.route("/imports/checkins/template", methods=["GET"])
@login_required
@bp.doc(
    responses={
        200: {
            "description": "A CSV to fill in: the header the import reads, in the admin's language, and an example row",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
)
def import_template():
    """The import's template CSV (admins)."""
    locale = request_locale()
    body = imports.template(current_person(), locale)
    filename = "ritme-import-voorbeeld.csv" if locale == "nl" else "ritme-import-template.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})

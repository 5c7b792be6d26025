"""HTTP for outcomes and 'Wat werkt': thin views, rules in service.py, statistics in stats.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.http import accepts_uploads, csv_upload
from backend.i18n import request_locale, translate
from backend.outcomes import bp, imports, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)
from backend.rhythm import read as rhythm

UPLOAD_DOC = {
    "description": "The CSV (header `week,team,measure,value`, optionally `person` (an e-mail address) for a "
    "team member's own figure; Dutch names too, `,` or `;`, UTF-8 with or without "
    "BOM). `week` is any day of the ISO week or `2026-W48`; `value` takes a decimal point or comma. `strict` may "
    "also be given as a query parameter.",
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "strict": {"type": "string", "enum": ["true", "false"], "default": "false"},
                },
            }
        },
        "text/csv": {"schema": {"type": "string"}},
    },
}


@bp.route("/outcomes/measures", methods=["GET"])
@login_required
@bp.response(200, schemas.Measure(many=True))
def list_measures():
    """The outcomes the organisation tracks per team and week."""
    return service.list_measures(current_person())


@bp.route("/outcomes/measures", methods=["POST"])
@login_required
@bp.arguments(schemas.MeasureArgs)
@bp.response(201, schemas.Measure)
def create_measure(args):
    """Name a new outcome (admins)."""
    return service.create_measure(current_person(), args)


@bp.route("/outcomes/measures/<id:measure_id>", methods=["PATCH"])
@login_required
@bp.arguments(schemas.MeasureUpdateArgs)
@bp.response(200, schemas.Measure)
def update_measure(args, measure_id):
    """Rename a measure or say how person figures combine into the team's week (admins)."""
    return service.update_measure(current_person(), measure_id, args)


@bp.route("/outcomes/values", methods=["PUT"])
@login_required
@bp.arguments(schemas.ValueArgs)
@bp.response(200, schemas.Value)
def record_value(args):
    """A team's figure for one week (the team's managers, admins); entering it again replaces it."""
    return service.record_value(current_person(), args)


@bp.route("/outcomes/person-values", methods=["PUT"])
@login_required
@bp.arguments(schemas.PersonValueArgs)
@bp.response(200, schemas.PersonValueSaved)
def record_person_value(args):
    """A team member's figure for one week (their managers, admins); entering it again replaces it. The answer
    says it was saved, never the figure: a person's figures are read back by that person only."""
    return service.record_person_value(current_person(), args)


@bp.route("/outcomes/mine", methods=["GET"])
@login_required
@bp.response(200, schemas.MyValue(many=True))
def my_values():
    """My own figures per week (only ever mine)."""
    return service.my_values(current_person())


@bp.route("/outcomes/mine/what-works", methods=["GET"])
@login_required
@bp.arguments(schemas.MyWhatWorksArgs, location="query")
@bp.response(200, schemas.WhatWorks)
def my_what_works(args):
    """My own high- vs low-rhythm weeks on my own figures, with the team's statistics and minimum sample."""
    return service.my_what_works(current_person(), args["weeks"], locale=request_locale())


@bp.route("/outcomes/values/<id:team_id>", methods=["GET"])
@login_required
@bp.response(200, schemas.Value(many=True))
def team_values(team_id):
    """A team's weekly figures, entered or derived from its members' figures (its members, managers, admins)."""
    return service.values_of(current_person(), team_id)


@bp.route("/outcomes/what-works", methods=["GET"])
@login_required
@bp.arguments(schemas.WhatWorksArgs, location="query")
@bp.response(200, schemas.WhatWorks)
def what_works(args):
    """Per behaviour: the team's high- vs low-rhythm weeks on each outcome, with a 95 % interval (team only)."""
    return service.what_works(current_person(), args["team_id"], args["weeks"], locale=request_locale())


@bp.route("/imports/outcomes", methods=["POST"])
@accepts_uploads
@login_required
@bp.doc(requestBody=UPLOAD_DOC)
@bp.response(200, schemas.ValuesImportReport)
@bp.alt_response(
    422, schema=schemas.ValuesImportReport, description="Strict and some row bad: the report, nothing written"
)
def import_values():
    """Import weekly figures (managers for their teams, admins); every row is validated first, bad ones by line."""
    actor = current_person()
    imports.ensure_may_import(actor)
    data, strict, _ = csv_upload()
    report = imports.import_values(actor, data, strict=strict)
    body = report.as_dict(max_errors=rhythm.IMPORT_MAX_ERRORS_SHOWN)
    if report.rejected:
        body["error"] = {"code": "import_rejected", "message": translate("import_rejected", invalid=report.invalid)}
        return body, 422
    return body

"""HTTP for customer voice: thin views, rules in service.py and imports.py."""

from flask import request
from flask_login import login_required

from backend.accounts.login import current_person
from backend.errors import DomainError
from backend.http import accepts_uploads, csv_upload
from backend.i18n import request_locale, translate
from backend.rhythm import read as rhythm
from backend.voice import bp, imports, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)

IMPORT_ENDPOINT = f"{bp.name}.import_nps"
UPLOAD_DOC = {
    "description": "The CSV (header `date,score[,comment][,customer]`, Dutch names too, `,` or `;`, UTF-8 with or "
    "without BOM). `strict` and `team_id` may also be given as query parameters.",
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "strict": {"type": "string", "enum": ["true", "false"], "default": "false"},
                    "team_id": {"type": "integer", "minimum": 1},
                },
            }
        },
        "text/csv": {"schema": {"type": "string"}},
    },
}


@bp.url_value_preprocessor
def _allow_larger_upload(endpoint, _values):
    if endpoint == IMPORT_ENDPOINT:
        request.max_content_length = rhythm.IMPORT_MAX_UPLOAD


def _with_names(voices, names):
    for voice in voices:
        voice.behaviour_name = names.get(voice.behaviour_id) if voice.behaviour_id else None
    return voices


@bp.route("/voices", methods=["POST"])
@login_required
@bp.arguments(schemas.VoiceArgs)
@bp.response(201, schemas.Voice)
@bp.alt_response(200, schema=schemas.Voice, description="A replay: the voice stored before")
def share_voice(args):
    """Share what a customer said, idempotently by client_id."""
    result = service.share(current_person(), args)
    names = rhythm.behaviour_names([result.voice.behaviour_id] if result.voice.behaviour_id else [], request_locale())
    _with_names([result.voice], names)
    return result.voice, 201 if result.created else 200


@bp.route("/voices/wins", methods=["GET"])
@login_required
@bp.arguments(schemas.WinSearchArgs, location="query")
@bp.response(200, schemas.WinOption(many=True))
def win_options(args):
    """The customer wins a voice may be linked to, newest first, searched by text or customer (at most 20)."""
    return service.win_options(current_person(), args["q"])


@bp.route("/voices", methods=["GET"])
@login_required
@bp.arguments(schemas.VoiceFeedArgs, location="query")
@bp.response(200, schemas.VoicePage)
def voice_feed(args):
    """The organisation's customer voices, pinned first; filter by department, customer and score."""
    page = service.feed(current_person(), **args, locale=request_locale())
    return {"items": _with_names(page.items, page.behaviour_names), "next_offset": page.next_offset}


@bp.route("/voices/customers", methods=["GET"])
@login_required
@bp.response(200, schemas.Customers)
def voice_customers():
    """The customers named in voices (the filter's suggestions)."""
    return {"customers": service.customers(current_person())}


@bp.route("/voices/<id:voice_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def delete_voice(voice_id):
    """Delete a voice (its author, or an admin)."""
    service.delete(current_person(), voice_id)


@bp.route("/voices/<id:voice_id>/pin", methods=["POST"])
@login_required
@bp.response(200, schemas.Voice)
def pin_voice(voice_id):
    """Pin a voice on top of the feed (managers of the team it concerns, admins)."""
    return _with_names([service.set_pinned(current_person(), voice_id, True)], {})[0]


@bp.route("/voices/<id:voice_id>/pin", methods=["DELETE"])
@login_required
@bp.response(200, schemas.Voice)
def unpin_voice(voice_id):
    """Take a pin away."""
    return _with_names([service.set_pinned(current_person(), voice_id, False)], {})[0]


# --- NPS import ---------------------------------------------------------------------------------


def _invalid(field: str, key: str) -> DomainError:
    return DomainError("validation_failed", 422, fields={field: [translate(key)]})


def _upload() -> tuple[bytes, bool, int | None]:
    data, strict, fields = csv_upload("team_id")
    team = fields["team_id"]
    if team and not (team.isascii() and team.isdigit() and 0 < int(team) < 2**31):
        raise _invalid("team_id", "voice_unknown_team")
    return data, strict, int(team) if team else None


@bp.route("/imports/nps", methods=["POST"])
@accepts_uploads
@login_required
@bp.doc(requestBody=UPLOAD_DOC)
@bp.response(200, rhythm.ImportReportSchema)
@bp.alt_response(
    422, schema=rhythm.ImportReportSchema, description="Strict and some row bad: the report, nothing written"
)
def import_nps():
    """Import NPS survey results (managers, admins); every row is validated first, bad ones reported by line."""
    actor = current_person()
    service.ensure_may_import(actor)
    data, strict, team_id = _upload()
    report = imports.import_nps(actor, data, team_id=team_id, strict=strict)
    body = report.as_dict(max_errors=rhythm.IMPORT_MAX_ERRORS_SHOWN)
    if report.rejected:
        body["error"] = {"code": "import_rejected", "message": translate("import_rejected", invalid=report.invalid)}
        return body, 422
    return body

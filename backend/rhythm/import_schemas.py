"""Marshmallow schemas of the check-in import (documentation of POST /imports/checkins)."""

from marshmallow import Schema, fields

MAX_UPLOAD = 5 * 1024 * 1024  # bytes; the rest of the API keeps MAX_CONTENT_LENGTH (1 MB)
MAX_ERRORS_SHOWN = 1000  # bad rows listed in a response; `invalid` always counts them all

UPLOAD_DOC = {
    "description": "The CSV (header `email,behaviour,date[,note]`, `,` or `;`, UTF-8 with or without BOM), "
    f"at most {MAX_UPLOAD // (1024 * 1024)} MB. `strict` may also be given as a query parameter.",
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


class ImportRowError(Schema):
    line = fields.Integer(metadata={"description": "Line in the file; the header is line 1."})
    reason = fields.String(metadata={"description": "Why the row is bad, in the importer's language."})
    codes = fields.List(fields.String(), metadata={"description": "Machine-readable reasons, e.g. import_bad_date."})


class ImportRejection(Schema):
    code = fields.String()
    message = fields.String()


class ImportReport(Schema):
    rows = fields.Integer(metadata={"description": "Data rows in the file (blank rows left out)."})
    imported = fields.Integer()
    skipped_existing = fields.Integer(metadata={"description": "Already checked in: left as they were."})
    invalid = fields.Integer()
    strict = fields.Boolean()
    rejected = fields.Boolean(metadata={"description": "Strict and some row bad: nothing was written."})
    errors = fields.List(fields.Nested(ImportRowError))
    errors_truncated = fields.Boolean(metadata={"description": f"More than {MAX_ERRORS_SHOWN} bad rows."})
    import_id = fields.Integer(
        allow_none=True,
        metadata={"description": "The import's record (GET /imports/checkins); null when nothing was to be written."},
    )
    error = fields.Nested(ImportRejection, metadata={"description": "Only with 422: the usual error object."})

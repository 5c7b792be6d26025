"""The one JSON error shape: {"error": {"code", "message", "fields"?}}, for every exception kind."""

from __future__ import annotations

import logging
import time

import marshmallow as ma
from flask import Flask, jsonify
from flask_limiter.errors import RateLimitExceeded
from flask_smorest import Api
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from backend.i18n import MESSAGES, translate, translate_field_messages

log = logging.getLogger(__name__)

CODE_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "token_invalid",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    503: "unavailable",
}


class DomainError(Exception):
    """A rule of Ritme said no; services raise it, the handler turns it into JSON."""

    def __init__(self, code: str, status: int = 400, fields: dict | None = None, message: str | None = None):
        super().__init__(code)
        self.code = code
        self.status = status
        self.fields = fields
        self.message = message


class Forbidden(DomainError):
    def __init__(self, code: str = "forbidden"):
        super().__init__(code, 403)


class NotFound(DomainError):
    def __init__(self, code: str = "not_found"):
        super().__init__(code, 404)


class Conflict(DomainError):
    def __init__(self, code: str = "conflict", fields: dict | None = None):
        super().__init__(code, 409, fields)


def error_response(status: int, code: str, message: str | None = None, fields: dict | None = None, **extra):
    body: dict = {"code": code, "message": message or (translate(code) if code in MESSAGES else code)}
    if fields:
        body["fields"] = translate_field_messages(fields)
    body.update(extra)
    response = jsonify(error=body)
    response.status_code = status
    return response


def _fields_from_webargs(messages) -> tuple[str | None, dict | None]:
    """webargs puts messages under their location ({"json": {...}}); the client wants the fields."""
    if not isinstance(messages, dict):
        return None, None
    fields: dict = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            fields.update(location_messages)
        elif isinstance(location_messages, list):
            if any("Invalid JSON" in str(m) for m in location_messages):
                return "malformed_json", None
            fields.setdefault("_body", []).extend(location_messages)
    return None, fields or None


def handle_http_exception(error: HTTPException):
    status = error.code or 500
    if isinstance(error, CSRFError):
        return error_response(400, "csrf_failed")
    if isinstance(error, RateLimitExceeded):
        from backend.extensions import limiter  # the Api lives in extensions: import late

        current = limiter.current_limit
        retry_after = max(1, int(current.reset_at - time.time())) if current else None
        response = error_response(429, "rate_limited", retry_after=retry_after)
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response
    data = getattr(error, "data", None) or {}
    code, fields = _fields_from_webargs(data.get("messages"))
    code = code or CODE_BY_STATUS.get(status, "error")
    if code == "error" and status >= 500:
        code = "internal_error"
    response = error_response(status, code, fields=fields)
    for name, value in error.get_headers():  # e.g. Allow on a 405
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_domain_error(error: DomainError):
    return error_response(error.status, error.code, message=error.message, fields=error.fields)


def handle_unexpected(error: Exception):
    log.exception("Unhandled error", exc_info=error)
    return error_response(500, "internal_error")


class ErrorBody(ma.Schema):
    code = ma.fields.String(metadata={"description": "stable machine-readable code, e.g. validation_failed"})
    message = ma.fields.String(metadata={"description": "what is wrong, in the user's language (nl or en)"})
    fields = ma.fields.Dict(metadata={"description": "per field, the list of problems"})
    retry_after = ma.fields.Integer(metadata={"description": "seconds to wait (429 only)"})


class Error(ma.Schema):
    error = ma.fields.Nested(ErrorBody)


class RitmeApi(Api):
    """flask-smorest's Api with Ritme's error shape instead of its own (handlers and OpenAPI document)."""

    ERROR_SCHEMA = Error

    def handle_http_exception(self, error):
        return handle_http_exception(error)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(Exception, handle_unexpected)

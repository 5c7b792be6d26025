"""The one JSON error shape: {"error": {"code", "message", "fields"?}}, for every exception kind.

This module knows nothing of the extensions: backend/extensions.py builds the Api with ERROR_SCHEMA and
handle_http_exception from here, and create_app() calls register_error_handlers().
"""

from __future__ import annotations

import json
import logging
import time

import marshmallow as ma
from flask import Flask, current_app, jsonify
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import LanguageAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header

from backend.i18n import DEFAULT_LOCALE, MESSAGES, SUPPORTED_LOCALES, translate

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
        body["fields"] = fields
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
        # The limiter is found through the app, not imported: extensions.py imports this module.
        limiters = current_app.extensions.get("limiter", ())
        current = next((limiter.current_limit for limiter in limiters if limiter.current_limit), None)
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
    return error_response(status, code, fields=fields)


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


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(Exception, handle_unexpected)


class JsonErrors:
    """The outermost WSGI layer: what escapes Flask's handlers still answers the JSON error shape.

    Flask's handlers cover views and hooks, but not an exception raised by an error handler itself, by an
    after_request hook while exceptions propagate (testing), or by a streamed body (stream_with_context) —
    the server would answer those with its own HTML 500 page. Here the status and headers are held back
    until the body's first non-empty chunk exists, so a streamed body that fails while it prepares (the
    organisation export folding and reading its first rows) still answers a JSON 500. After the first byte
    an error can only cut the response off (the server closes the connection); it is never followed by HTML.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        held: list = []  # (status, headers) until the first byte
        sent: list = []  # the server's write callable, once the headers went out

        def hold(status, headers, exc_info=None):
            if exc_info and sent:
                raise exc_info[1].with_traceback(exc_info[2])
            held[:] = [(status, headers)]
            return write

        def send_headers():
            if not sent:
                sent.append(start_response(*held[0]))

        def write(data):  # the legacy write() of PEP 3333; Flask never calls it
            send_headers()
            sent[0](data)

        try:
            body = self.wsgi_app(environ, hold)
        except Exception:
            if sent:
                raise
            return self._internal_error(environ, start_response)
        file_wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(file_wrapper, type) and isinstance(body, file_wrapper):
            send_headers()  # a file: let the server send it as it likes (sendfile)
            return body
        chunks = iter(body)
        first: list[bytes] = []
        try:
            for chunk in chunks:
                if chunk:
                    first.append(chunk)
                    break
        except Exception:
            _close(body)
            if sent:
                raise
            return self._internal_error(environ, start_response)
        send_headers()
        return _Resumed(first, chunks, body)

    @staticmethod
    def _internal_error(environ, start_response):
        log.exception("Unhandled error outside Flask's handlers")
        accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
        locale = accepted.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE
        body = json.dumps(
            {"error": {"code": "internal_error", "message": translate("internal_error", locale)}}, ensure_ascii=False
        ).encode()
        start_response(
            "500 INTERNAL SERVER ERROR",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [body]


class _Resumed:
    """The first chunk, then the rest of the body; close() reaches the app's iterable (PEP 3333)."""

    def __init__(self, first: list[bytes], chunks, body):
        self._first, self._chunks, self._body = first, chunks, body

    def __iter__(self):
        yield from self._first
        yield from self._chunks

    def close(self):
        _close(self._body)


def _close(body) -> None:
    close = getattr(body, "close", None)
    if close is not None:
        close()

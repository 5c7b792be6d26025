"""HTTP conventions every API route shares: id converter, JSON-only bodies read with limits, unknown API paths."""

from __future__ import annotations

import json
import math

import flask_smorest
from flask import Flask, current_app, request
from marshmallow import fields as ma_fields
from webargs.core import missing
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from backend.errors import DomainError, error_response
from backend.i18n import translate

# Ids are 32-bit on every backend; a larger number in a URL or body is "not found"/422, never an overflow.
MAX_ID = 2**31 - 1
# No request of the API nests deeper than a few levels; 10,000 levels would exhaust the parser's stack.
MAX_JSON_DEPTH = 32
# Longer than any 64-bit number: refused before Python builds (or refuses to build) a 5,000-digit int.
MAX_NUMBER_DIGITS = 20
_BODY = "ritme.json_body"


class IdConverter(IntegerConverter):
    """A database id in a URL (`<id:team_id>`): 1 … 2**31-1; anything else matches no route (404)."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def accepts_uploads(view):
    """Mark a view that takes a file or CSV body instead of JSON."""
    view.accepts_uploads = True
    return view


def request_body(cache: bool = True) -> bytes:
    """The raw body; one that reached the size limit without a Content-Length (chunked) is 413, not cut off."""
    data = request.get_data(cache=cache)
    limit = request.max_content_length
    if request.content_length is None and limit is not None and len(data) >= limit:
        raise RequestEntityTooLarge()
    return data


# --- the one CSV upload reader (every import: check-ins, NPS, outcome figures) ---------------------------

CSV_TYPES = {"text/csv", "application/csv", "text/plain"}
_FLAGS = {"true": True, "1": True, "false": False, "0": False, "": False}


def _invalid(field: str, key: str) -> DomainError:
    return DomainError("validation_failed", 422, fields={field: [translate(key)]})


def csv_upload(*fields: str) -> tuple[bytes, bool, dict[str, str]]:
    """The CSV's bytes, the `strict` flag and the named further fields (stripped, "" when absent), from a
    multipart/form-data upload (field `file`) or a text/csv body (the fields then in the query string)."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise _invalid("file", "import_file_required")
        data = upload.read()
        values = {name: request.form.get(name, request.args.get(name, "")) for name in ("strict", *fields)}
    elif request.mimetype in CSV_TYPES:
        data = request_body(cache=False)
        values = {name: request.args.get(name, "") for name in ("strict", *fields)}
    else:
        raise DomainError("unsupported_media_type", 415, message=translate("import_send_csv"))
    strict = _FLAGS.get(values.pop("strict").strip().lower())
    if strict is None:
        raise _invalid("strict", "import_bad_flag")
    return data, strict, {name: value.strip() for name, value in values.items()}


# --- the one JSON reader ----------------------------------------------------------------------


class _Unreadable:
    """Stands in for a number no column can hold, so the refusal can name its field."""


_TOO_LARGE = _Unreadable()


def _number(text: str, parse=int):
    if len(text) > MAX_NUMBER_DIGITS + 1:  # + 1 for a sign
        return _TOO_LARGE
    value = parse(text)
    return value if parse is int or math.isfinite(value) else _TOO_LARGE


def _no_constant(_name: str):
    raise ValueError("NaN and Infinity are not JSON")


def storable_text(text: str) -> bool:
    # PostgreSQL text cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8 at all:
    # either would fail deep in the driver as a 500 (SQLite would store the NUL: refuse it on both).
    return "\x00" not in text and not any("\ud800" <= char <= "\udfff" for char in text)


def _problems(value) -> tuple[int, dict]:
    """The depth of `value`, and per field path (nested like marshmallow's) what cannot be stored."""
    problems: dict = {}
    depth = 0
    stack = [(value, (), 1)]
    while stack:
        item, path, level = stack.pop()
        depth = max(depth, level)
        if depth > MAX_JSON_DEPTH:
            break
        if isinstance(item, dict):
            for key, child in item.items():
                if not storable_text(key):
                    _note(problems, path, "field_unstorable")
                    continue
                stack.append((child, (*path, key), level + 1))
        elif isinstance(item, list):
            stack.extend((child, (*path, index), level + 1) for index, child in enumerate(item))
        elif isinstance(item, str) and not storable_text(item):
            _note(problems, path, "field_unstorable")
        elif item is _TOO_LARGE:
            _note(problems, path, "field_number_too_large")
    return depth, problems


def _note(problems: dict, path: tuple, key: str) -> None:
    path = path or ("_body",)
    node = problems
    for step in path[:-1]:
        node = node.setdefault(step, {})
        if not isinstance(node, dict):
            return
    node.setdefault(path[-1], []).append(translate(key))


def parse_json(data: bytes):
    """Ritme's JSON: UTF-8, no NaN, at most MAX_JSON_DEPTH deep, numbers and text a database can store.

    Raises DomainError: 400 `malformed_json` / `json_too_deep`, or 422 naming each field that cannot be stored.
    """
    try:
        value = json.loads(
            data.decode("utf-8"),
            parse_int=_number,
            parse_float=lambda text: _number(text, float),
            parse_constant=_no_constant,
        )
    except RecursionError:
        raise DomainError("json_too_deep", 400) from None
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise DomainError("malformed_json", 400) from None
    depth, problems = _problems(value)
    if depth > MAX_JSON_DEPTH:
        raise DomainError("json_too_deep", 400)
    if problems:
        raise DomainError("validation_failed", 422, fields=problems)
    return value


_NO_BODY = object()


def _read_json_body():
    if _BODY not in request.environ:
        try:
            data = request_body() if request.is_json else b""
            request.environ[_BODY] = (parse_json(data) if data else _NO_BODY), None
        except (DomainError, RequestEntityTooLarge) as error:
            request.environ[_BODY] = _NO_BODY, error
    return request.environ[_BODY]


def json_body(silent: bool = False):
    """The request's JSON body, read once per request; None when there is none (or, if silent, it is bad)."""
    value, error = _read_json_body()
    if error is not None and not silent:
        raise error
    return None if value is _NO_BODY else value


class RitmeParser(FlaskParser):
    """webargs' parser reading bodies through json_body(), and query-string booleans as the words true/false."""

    def _raw_load_json(self, req):
        if not req.is_json:
            return missing
        value, error = _read_json_body()
        if error is not None:
            raise error
        return missing if value is _NO_BODY else value

    def load_querystring(self, req, schema):
        return _QueryArgs(req.args, schema)


class _QueryArgs(MultiDictProxy):
    # Booleans are strict (true/false only, see backend.fields.Schema); in a URL they can only be words.
    WORDS = {"true": True, "false": False}

    def __init__(self, multidict, schema):
        super().__init__(multidict, schema)
        self.boolean_keys = {
            field.data_key or name for name, field in schema.fields.items() if isinstance(field, ma_fields.Boolean)
        }

    def __getitem__(self, key):
        value = super().__getitem__(key)
        if key in self.boolean_keys and isinstance(value, str):
            return self.WORDS.get(value, value)
        return value


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint with Ritme's parser: every domain's routes read input the same way."""

    ARGUMENTS_PARSER = RitmeParser()


# --- request hooks ----------------------------------------------------------------------------


def _json_bodies_only():
    """A body that is not JSON would be ignored silently: a form post could pass as 'no changes'."""
    if not request.path.startswith("/api/"):
        return None
    _storable_url()
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return None
    if request.is_json:
        json_body()  # read (and refused, if it must be) before any view, whatever reads it
        return None
    if not request.content_length and "wsgi.input_terminated" not in request.environ:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "accepts_uploads", False):
        return None
    if not request.content_length and not request_body():
        return None  # a chunked request with an empty body
    return error_response(415, "unsupported_media_type")


def _storable_url() -> None:
    """A NUL in a path segment or query parameter is refused like one in a body (its field named)."""
    if not request.view_args and not request.query_string:
        return  # nothing to look at (and no query string to parse, on most GETs)
    problems: dict = {}
    for name, value in (*(request.view_args or {}).items(), *request.args.items(multi=True)):
        if isinstance(value, str) and not storable_text(value):
            problems.setdefault(name, [translate("field_unstorable")])
    if problems:
        raise DomainError("validation_failed", 422, fields=problems)


def _not_stored(response):
    """API answers are personal and change with every tap: no browser or proxy keeps them.

    (The service worker keeps its own offline copy of some GETs in the Cache API, which does not obey this.)
    """
    if request.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_http(app: Flask) -> None:
    """Call before blueprints are registered: their rules need the converter."""
    app.url_map.converters["id"] = IdConverter
    app.before_request(_json_bodies_only)
    app.after_request(_not_stored)

"""HTTP conventions every API route shares: id converter, JSON-only bodies, unknown API paths."""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.routing import IntegerConverter

from backend.errors import error_response

# Ids are 32-bit on every backend; a larger number in a URL or body is "not found"/422, never an overflow.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """A database id in a URL (`<id:team_id>`): 1 … 2**31-1; anything else matches no route (404)."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def accepts_uploads(view):
    """Mark a view that takes a file or CSV body instead of JSON."""
    view.accepts_uploads = True
    return view


def _json_bodies_only():
    """A body that is not JSON would be ignored silently: a form post could pass as 'no changes'."""
    if not request.path.startswith("/api/") or request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return None
    if not request.content_length or request.is_json:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "accepts_uploads", False):
        return None
    return error_response(415, "unsupported_media_type")


def init_http(app: Flask) -> None:
    """Call before blueprints are registered: their rules need the converter."""
    app.url_map.converters["id"] = IdConverter
    app.before_request(_json_bodies_only)

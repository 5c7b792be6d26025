"""Serves the built PWA (frontend/dist): its files at the root, index.html for app routes."""

from __future__ import annotations

from flask import Blueprint, current_app, request, send_from_directory
from werkzeug.exceptions import HTTPException, NotFound

from backend.errors import error_response

bp = Blueprint("web", __name__)

# The service worker and the shell must never be served stale from an HTTP cache,
# or users would be stuck on an old version; hashed assets can be cached forever.
NO_CACHE = {"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"}
API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@bp.route("/api/", defaults={"path": ""}, methods=API_METHODS)
@bp.route("/api/<path:path>", methods=API_METHODS)
def unknown_api_path(path: str):
    """An API path that names nothing is a JSON 404 whatever the method; a known one asked wrongly, 405."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in API_METHODS:
        try:
            rule, _args = adapter.match(method=method, return_rule=True)
        except HTTPException:
            continue
        if rule.endpoint != request.endpoint:
            allowed.append(method)
    if not allowed:
        return error_response(404, "not_found")
    response = error_response(405, "method_not_allowed")
    response.headers["Allow"] = ", ".join([*allowed, *(["HEAD"] if "GET" in allowed else []), "OPTIONS"])
    return response


@bp.route("/", defaults={"path": ""})
@bp.route("/<path:path>")
def shell(path: str):
    dist = current_app.config["FRONTEND_DIST"]
    if not (dist / "index.html").exists():
        return error_response(503, "unavailable", message="The frontend is not built: run `npm run build`.")
    if path and (dist / path).is_file():
        response = send_from_directory(dist, path, max_age=0 if path in NO_CACHE else 31536000)
        if path in NO_CACHE:
            response.headers["Cache-Control"] = "no-cache"
        return response
    if "." in path.rsplit("/", 1)[-1]:
        # A missing file (an old hashed asset, say) is a 404, not the app shell.
        raise NotFound()
    response = send_from_directory(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response

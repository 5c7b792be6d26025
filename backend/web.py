"""Serves the built PWA (frontend/dist): its files at the root, index.html for app routes."""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory
from werkzeug.exceptions import NotFound

from backend.errors import error_response

bp = Blueprint("web", __name__)

# The service worker and the shell must never be served stale from an HTTP cache,
# or users would be stuck on an old version; hashed assets can be cached forever.
NO_CACHE = {"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"}


@bp.route("/", defaults={"path": ""})
@bp.route("/<path:path>")
def shell(path: str):
    if path.startswith("api/"):
        return error_response(404, "not_found")
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

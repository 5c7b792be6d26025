"""Serves the built PWA (frontend/dist): its files at the root, index.html for app routes."""

from __future__ import annotations

import gzip
import mimetypes
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, current_app, request, send_from_directory
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.security import safe_join

from backend.errors import error_response

bp = Blueprint("web", __name__)

# The service worker and the shell must never be served stale from an HTTP cache,
# or users would be stuck on an old version; hashed assets can be cached forever.
NO_CACHE = {"index.html", "sw.js", "manifest.webmanifest", "registerSW.js"}
API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
# Text files are sent gzipped to a browser that accepts it: on a phone's slow connection the bytes are the
# wait (issue 20: the JavaScript is a quarter of its size gzipped). Each file is compressed once per worker.
COMPRESSIBLE = {".js", ".mjs", ".css", ".html", ".svg", ".webmanifest", ".json", ".txt"}
COMPRESS_MIN_BYTES = 1024


@lru_cache(maxsize=256)
def _gzipped(path: Path, _mtime_ns: int, _size: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


def _send(dist: Path, name: str, max_age: int) -> Response:
    """A file of the build, gzipped when the browser accepts it and it is worth it."""
    joined = safe_join(str(dist), name)  # never a file outside the build (../)
    if joined is None:
        raise NotFound()
    path = Path(joined)
    stat = path.stat()
    if (
        path.suffix not in COMPRESSIBLE
        or stat.st_size < COMPRESS_MIN_BYTES
        or "gzip" not in request.accept_encodings
        or request.range is not None
    ):
        response = send_from_directory(dist, name, max_age=max_age)
        response.vary.add("Accept-Encoding")
        return response
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if path.suffix == ".webmanifest":
        mimetype = "application/manifest+json"
    response = Response(_gzipped(path, stat.st_mtime_ns, stat.st_size), mimetype=mimetype)
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.last_modified = stat.st_mtime
    response.set_etag(f"{stat.st_mtime_ns:x}-{stat.st_size:x}-gz")
    return response.make_conditional(request)


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
        response = _send(dist, path, max_age=0 if path in NO_CACHE else 31536000)
        if path in NO_CACHE:
            response.headers["Cache-Control"] = "no-cache"
        return response
    if "." in path.rsplit("/", 1)[-1]:
        # A missing file (an old hashed asset, say) is a 404, not the app shell.
        raise NotFound()
    response = _send(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response

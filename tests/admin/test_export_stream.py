"""The organisation export as a browser gets it: streamed after the request ended, over real HTTP.

The other export tests read the body inside the request's app context, where the request's session
lives on; here the body is read the way a server reads it — after the request's commit and teardown —
through the test client (buffered=False, in a thread of its own) and from a werkzeug server on 127.0.0.1.
"""

from __future__ import annotations

import io
import json
import threading
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import requests
from flask import Response, request, stream_with_context
from werkzeug.serving import make_server

from backend.admin.models import AuditEntry
from backend.signals import organisation_data_export
from tests.conftest import PASSWORD, ApiClient


@pytest.fixture
def live_url(app):
    """The test's app behind werkzeug's threaded server on 127.0.0.1: each request in a thread of its own."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=30)


def _many_rows():
    return ({"n": n, "x": uuid.uuid4().hex} for n in range(20000))


def _signed_in(base_url: str, person) -> requests.Session:
    browser = requests.Session()
    token = browser.get(f"{base_url}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]
    browser.headers["X-CSRFToken"] = token
    answer = browser.post(
        f"{base_url}/api/v1/auth/login", json={"email": person.email, "password": PASSWORD}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    browser.headers["X-CSRFToken"] = browser.get(f"{base_url}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]
    return browser


def _exports_audited(db) -> int:
    db.session.expire_all()
    return db.session.query(AuditEntry).filter_by(action="organisation_exported").count()


def _is_json_error(response, code: str = "internal_error") -> bool:
    return response.headers["Content-Type"].startswith("application/json") and response.json()["error"]["code"] == code


@pytest.fixture
def history(acme, make_behaviour, add_noted_checkin):
    behaviour = make_behaviour([acme.noord])
    add_noted_checkin(acme.rep, behaviour, date(2026, 3, 2), '=HYPERLINK("http://x")')
    return behaviour


def test_the_export_downloads_over_http_with_get_and_post_and_is_audited_per_download(live_url, acme, history, db):
    browser = _signed_in(live_url, acme.admin)
    for method in ("GET", "POST"):
        response = browser.request(method, f"{live_url}/api/v1/admin/export", timeout=60)
        assert response.status_code == 200, response.text[:300]
        assert response.headers["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert archive.testzip() is None
        assert json.loads(archive.read("organisation.json"))[0]["name"] == "Acme BV"
        assert [c["note"] for c in json.loads(archive.read("check_ins.json"))] == ['=HYPERLINK("http://x")']
        assert "behaviours.csv" in archive.namelist() and "audit_log.csv" in archive.namelist()
    assert _exports_audited(db) == 2


def test_the_export_streams_through_the_test_client_after_the_request_ended(app, acme, history, db):
    email, organisation_id = acme.admin.email, acme.admin.organisation_id

    def download():
        # A thread of its own holds no app context: the request's teardown ends its session, as in production.
        admin = ApiClient(app.test_client())
        admin.login(email)
        response = admin.get("/api/v1/admin/export", buffered=False)
        assert response.status_code == 200 and response.is_streamed
        audited_before_reading = _count_in_thread(app)
        body = b"".join(response.iter_encoded())
        response.close()
        return audited_before_reading, body

    with ThreadPoolExecutor(1) as pool:
        audited_before_reading, body = pool.submit(download).result(timeout=120)
    assert audited_before_reading == 0
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert json.loads(archive.read("organisation.json"))[0]["id"] == organisation_id
    assert _exports_audited(db) == 1


def _count_in_thread(app) -> int:
    from backend.extensions import db

    with app.app_context():
        return db.session.query(AuditEntry).filter_by(action="organisation_exported").count()


def test_an_export_abandoned_halfway_is_not_audited(app, acme, history, db, received):
    received(organisation_data_export, lambda org: {"big": _many_rows})
    email = acme.admin.email

    def start_and_abandon():
        admin = ApiClient(app.test_client())
        admin.login(email)
        response = admin.post("/api/v1/admin/export", buffered=False)
        chunks = response.iter_encoded()
        first = next(chunks)
        response.close()
        return first

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(start_and_abandon).result(timeout=120).startswith(b"PK")
    assert _exports_audited(db) == 0


def test_an_export_failing_before_its_first_byte_answers_the_json_error(live_url, app, acme, db, received):
    def broken(_organisation):
        raise RuntimeError("a domain's export is broken")

    received(organisation_data_export, broken)
    browser = _signed_in(live_url, acme.admin)
    response = browser.post(f"{live_url}/api/v1/admin/export", timeout=60)
    assert response.status_code == 500 and _is_json_error(response)
    assert "<html" not in response.text.lower()
    assert _exports_audited(db) == 0


def test_an_export_failing_after_its_first_byte_is_cut_off_never_html_and_not_audited(
    live_url, acme, history, db, received
):
    def rows():
        yield from _many_rows()
        raise RuntimeError("the database went away halfway")

    received(organisation_data_export, lambda org: {"big": rows})
    browser = _signed_in(live_url, acme.admin)
    received_bytes = b""
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        with browser.post(f"{live_url}/api/v1/admin/export", stream=True, timeout=60) as response:
            assert response.status_code == 200
            for chunk in response.iter_content(64 * 1024):
                received_bytes += chunk
    assert received_bytes.startswith(b"PK") and b"<html" not in received_bytes.lower()
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(received_bytes))
    assert _exports_audited(db) == 0


# --- no HTML 500, wherever the error comes from ----------------------------------------------------


@pytest.fixture
def failing_routes(app):
    """Routes that fail where Flask's error handlers do not reach (added before the app's first request)."""

    def fails_while_streaming():
        def body():
            raise RuntimeError("fails before its first chunk")
            yield b""  # pragma: no cover  (makes this a generator)

        return Response(stream_with_context(body()), mimetype="text/plain")

    def fails_after_the_view():
        return Response("fine so far")

    app.add_url_rule("/api/v1/test/fails-while-streaming", view_func=fails_while_streaming)
    app.add_url_rule("/api/v1/test/fails-after-the-view", view_func=fails_after_the_view)

    @app.after_request
    def broken_hook(response):
        if request.path == "/api/v1/test/fails-after-the-view":
            raise RuntimeError("an after_request hook failed")
        return response


def test_errors_outside_the_views_are_json_through_the_test_client_and_over_http(failing_routes, client, live_url):
    for path in ("/api/v1/test/fails-while-streaming", "/api/v1/test/fails-after-the-view"):
        via_client = client.get(path, buffered=False)
        assert via_client.status_code == 500 and via_client.get_json()["error"]["code"] == "internal_error", path
        over_http = requests.get(f"{live_url}{path}", headers={"Accept-Language": "en"}, timeout=30)
        assert over_http.status_code == 500 and _is_json_error(over_http), (path, over_http.text)
        assert over_http.json()["error"]["message"] == "Something went wrong on our side. Please try again."

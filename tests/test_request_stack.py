"""The request stack's fixed cost was trimmed (issue 20) without weakening a header, a limit or a session.

Each response is compared with the same request to the app built with plain Flask-Talisman and Flask's
own cookie sessions: every header the same, byte for byte (cookie values and the limiter's counters
aside, which differ between any two requests).
"""

from __future__ import annotations

import pytest
from flask.sessions import SecureCookieSessionInterface
from flask_talisman import Talisman

from backend.extensions import db as _db
from backend.extensions import limiter
from tests.conftest import PASSWORD, _testing_config

# Headers whose value differs between any two requests (counters, clock times), compared by presence only.
COUNTERS = {"X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "Expires", "Date"}


@pytest.fixture(params=[False, True], ids=["plain-http", "secure-cookies-and-hsts"])
def config_overrides(request, tmp_path) -> dict:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Ritme</title>" + "<!-- shell -->" * 100)
    (dist / "assets" / "index-abc123.js").write_text("export const screen = 'today';\n" * 200)
    (dist / "manifest.webmanifest").write_text('{"name": "Ritme"}')
    # Secure cookies also turn Strict-Transport-Security on (create_app), set on HTTPS requests only.
    return {"FRONTEND_DIST": dist, "SESSION_COOKIE_SECURE": request.param}


@pytest.fixture
def plain_app(app, database_url, config_overrides, monkeypatch):
    """The same app with plain Flask-Talisman and Flask's own cookie sessions."""
    import backend

    monkeypatch.setattr(backend, "SecurityHeaders", Talisman)
    monkeypatch.setattr(backend, "SessionCookies", SecureCookieSessionInterface)
    plain = backend.create_app(_testing_config(database_url, **config_overrides))
    assert type(plain.session_interface) is SecureCookieSessionInterface
    yield plain
    with plain.app_context():
        _db.engine.dispose()  # its pooled connections (and on SQLite their write-lock files) closed


def _send(app, flask_client, method, path, **kwargs):
    with app.app_context():  # a fresh context per request, as in production
        return flask_client.open(path, method=method, **kwargs)


def _headers(response) -> list[tuple[str, str]]:
    shown = []
    for name, value in response.headers:
        if name in COUNTERS:
            value = "(counter)"
        elif name == "Set-Cookie":
            cookie, _, attributes = value.partition(";")
            kept = [a.strip() for a in attributes.split(";") if not a.strip().lower().startswith("expires=")]
            value = f"{cookie.partition('=')[0]}=(value); " + "; ".join(kept)
        shown.append((name, value))
    return shown


REQUESTS = [
    ("GET", "/api/v1/health", {}),
    ("GET", "/api/v1/health", {"base_url": "https://localhost"}),
    ("GET", "/api/v1/health", {"headers": {"X-Forwarded-Proto": "https"}}),
    ("GET", "/api/v1/health?x=1", {}),
    ("GET", "/api/v1/no-such-thing", {}),
    ("DELETE", "/api/v1/health", {}),
    ("GET", "/today", {"headers": {"Accept-Encoding": "gzip"}}),
    ("GET", "/", {"base_url": "https://localhost"}),
    ("GET", "/assets/index-abc123.js", {"headers": {"Accept-Encoding": "gzip"}}),
    ("GET", "/assets/index-abc123.js", {"headers": {"Accept-Encoding": "identity"}}),
    ("GET", "/manifest.webmanifest", {}),
    ("GET", "/assets/missing-abc123.js", {}),
    ("POST", "/api/v1/auth/login", {"json": {"email": "a@example.test", "password": "x"}}),
    ("GET", "/api/v1/openapi.json", {}),
]


@pytest.mark.parametrize(("method", "path", "options"), REQUESTS, ids=[f"{m} {p}" for m, p, _ in REQUESTS])
def test_every_header_is_what_plain_talisman_and_flask_give(app, plain_app, method, path, options):
    answers = []
    for flask_app in (app, plain_app):
        response = _send(flask_app, flask_app.test_client(), method, path, **options)
        answers.append((response.status_code, _headers(response), response.get_data(), dict(response.headers)))
        response.close()  # a file sent as it is: its handle closes with the response
    ours, theirs = answers
    assert ours[:3] == theirs[:3]
    names = ours[3]
    assert "frame-ancestors 'none'" in names["Content-Security-Policy"]
    assert names["X-Content-Type-Options"] == "nosniff"
    if app.config["SESSION_COOKIE_SECURE"] and options.get("base_url", "").startswith("https"):
        assert names["Strict-Transport-Security"].startswith("max-age=")


def test_signing_in_and_out_carries_the_same_headers_and_cookies(app, plain_app, make_user):
    user = make_user()
    sequences = []
    for flask_app in (app, plain_app):
        browser = flask_app.test_client()
        steps = []

        def step(method, path, browser=browser, flask_app=flask_app, steps=steps, **kwargs):
            response = _send(flask_app, browser, method, path, base_url="https://localhost", **kwargs)
            steps.append((response.status_code, _headers(response)))
            return response

        token = step("GET", "/api/v1/auth/csrf").get_json()["csrf_token"]
        csrf = {"X-CSRFToken": token}
        step("POST", "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}, headers=csrf)
        step("GET", "/api/v1/me")
        step("GET", "/api/v1/health")
        step("POST", "/api/v1/auth/logout", headers=csrf)
        step("GET", "/api/v1/me")
        sequences.append(steps)
    ours, theirs = sequences
    assert [status for status, _ in ours] == [200, 200, 200, 200, 204, 401]
    assert ours == theirs


def test_sign_in_still_sets_the_session_cookie(client, make_user):
    user = make_user()
    response = client.login(user)
    cookie = next(v for k, v in response.headers if k == "Set-Cookie" and v.startswith("ritme_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/api/v1/me").status_code == 200


def test_a_request_without_a_cookie_sets_none_but_still_varies_on_it(client):
    response = client.get("/api/v1/health")
    assert "Set-Cookie" not in response.headers
    assert "Cookie" in response.headers["Vary"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_csrf_still_refuses_a_write_without_its_token(client, method):
    response = client.request(method, "/api/v1/auth/logout", json={}, csrf=False)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_csrf_still_refuses_a_wrong_token(client):
    response = client.post("/api/v1/auth/logout", headers={"X-CSRFToken": "not-the-token"})
    assert response.status_code == 400


def test_a_limited_route_still_carries_its_limit_and_counts_down(client, make_user):
    user = make_user()
    wrong = {"email": user.email, "password": "not-the-password"}
    first = client.post("/api/v1/auth/login", json=wrong)
    second = client.post("/api/v1/auth/login", json=wrong)
    assert first.status_code == second.status_code == 401
    for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
        assert name in first.headers and name in second.headers
    assert int(second.headers["X-RateLimit-Remaining"]) == int(first.headers["X-RateLimit-Remaining"]) - 1


@pytest.mark.parametrize("config_overrides", [{"LOGIN_LIMIT_PER_ACCOUNT": "2 per 15 minutes"}])
def test_a_limited_route_still_refuses_once_its_limit_is_spent(client, make_user):
    user = make_user()
    wrong = {"email": user.email, "password": "not-the-password"}
    assert [client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(3)] == [401, 401, 429]
    assert client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}).status_code == 429


def test_a_route_without_a_limit_carries_no_limit_headers(client):
    assert not [name for name, _ in client.get("/api/v1/health").headers if name.startswith("X-RateLimit")]


def test_ritme_has_only_route_limits_so_the_per_request_check_is_skipped(app):
    with app.app_context():
        assert not limiter._limits_beyond_routes()
    # The route limits themselves still hold: above, and tests/accounts (sign-in, reset) and
    # tests/displays (pairing) run into them through the views' own wrappers.


def test_health_asks_the_database_without_opening_an_orm_session(app, client, make_user, monkeypatch):
    opened = []
    registry = _db.session.registry
    create = registry.createfunc
    monkeypatch.setattr(registry, "createfunc", lambda: opened.append(1) or create())
    checkouts = []
    checkout = _db.engine.raw_connection
    monkeypatch.setattr(_db.engine, "raw_connection", lambda: checkouts.append(1) or checkout())
    response = client.get("/api/v1/health")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert checkouts == [1]  # it still asks the database (SELECT 1 on the driver's cursor)
    assert opened == []
    user = make_user()
    client.login(user)
    opened.clear()
    assert client.get("/api/v1/me").status_code == 200
    assert opened == [1]  # a request that reads opens its session as before


def test_a_failing_write_is_still_rolled_back(client, make_user, db):
    """A 4xx after the ORM was used still undoes what the view left pending (the unit of work)."""
    from backend.accounts.models import User

    user = make_user(role="admin")
    client.login(user)
    before = db.session.get(User, user.id).name
    response = client.patch("/api/v1/me", json={"name": ""})
    assert response.status_code in (400, 422)
    db.session.expire_all()
    assert db.session.get(User, user.id).name == before


def test_the_coroutine_check_is_remembered_for_plain_functions_only(app):
    def hook():
        return None

    async def coroutine():
        return None

    assert app.ensure_sync(hook) is hook
    assert hook in app._plain_functions
    try:
        wrapped = app.ensure_sync(coroutine)
    except RuntimeError:  # Flask's async support (asgiref) is not installed
        wrapped = None
    assert wrapped is not coroutine
    assert coroutine not in app._plain_functions

    class Unhashable:
        __hash__ = None

        def __call__(self):
            return None

    unhashable = Unhashable()
    assert app.ensure_sync(unhashable) is unhashable


def test_the_session_signer_follows_a_new_secret_key(app):
    interface = app.session_interface
    signer = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is signer
    token = signer.dumps({"user": 1})
    app.secret_key = "another-secret-for-this-test"
    renewed = interface.get_signing_serializer(app)
    assert renewed is not signer
    assert renewed.loads(renewed.dumps({"user": 2})) == {"user": 2}
    assert signer.loads(token) == {"user": 1}


def test_a_changed_policy_is_sent_from_the_next_response(app, client):
    from backend.security_headers import SecurityHeaders

    talisman = next(
        f.__self__ for f in app.after_request_funcs[None] if isinstance(getattr(f, "__self__", None), SecurityHeaders)
    )
    assert "frame-ancestors 'none'" in client.get("/api/v1/health").headers["Content-Security-Policy"]
    talisman.content_security_policy = {"default-src": "'none'"}
    assert client.get("/api/v1/health").headers["Content-Security-Policy"] == "default-src 'none'"

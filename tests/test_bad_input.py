"""Bad input gets a clear 4xx with the JSON error shape, never a 500, and changes nothing.

ENDPOINTS lists each endpoint once with a body that works; every bad-input case is derived from it.
The control test proves each valid body really changes the database, so "unchanged" means something.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from backend.accounts.models import Invite, Team
from backend.accounts.service import new_token
from backend.timeutil import utcnow
from tests.conftest import PASSWORD, error_code

MIB = 1024 * 1024


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: str  # {team}, {person}, {token} are filled in by the `world` fixture
    body: dict
    text_field: str  # a string field of the body
    typed_field: tuple[str, object] | None = None  # a non-string field and a string where it belongs


ENDPOINTS = {
    "profile": Endpoint("PATCH", "/api/v1/me", {"name": "New Name", "time_zone": "Europe/London"}, "name"),
    "password": Endpoint(
        "POST", "/api/v1/me/password", {"current_password": PASSWORD, "new_password": "x" * 12}, "new_password"
    ),
    "create_team": Endpoint("POST", "/api/v1/teams", {"name": "New Team", "kind": "finance"}, "name"),
    "update_team": Endpoint(
        "PATCH", "/api/v1/teams/{team}", {"name": "Renamed", "archived": True}, "name", ("archived", "yes")
    ),
    "invite": Endpoint(
        "POST",
        "/api/v1/invites",
        {"email": "new@example.test", "team_id": "{team}", "role": "rep"},
        "email",
        ("team_id", "{team}"),
    ),
    "membership": Endpoint(
        "PUT", "/api/v1/teams/{team}/members/{person}", {"manages": True}, "manages", ("manages", "true")
    ),
    "accept_invite": Endpoint(
        "POST", "/api/v1/auth/invites/{token}/accept", {"name": "Newcomer", "password": "x" * 12}, "name"
    ),
    "login": Endpoint("POST", "/api/v1/auth/login", {"email": "admin@example.test", "password": PASSWORD}, "email"),
    "reset_request": Endpoint("POST", "/api/v1/auth/password-reset", {"email": "admin@example.test"}, "email"),
}

ENDPOINT_NAMES = list(ENDPOINTS)


@pytest.fixture
def world(make_team, make_user, db):
    team = make_team("Sales Noord")
    admin = make_user(role="admin", team=team, email="admin@example.test")
    manager = make_user(role="manager", team=team)
    raw, hashed = new_token()
    db.session.add(
        Invite(
            organisation_id=admin.organisation_id,
            email="invited@example.test",
            team_id=team.id,
            role="rep",
            token_hash=hashed,
            expires_at=utcnow().replace(year=utcnow().year + 1),
        )
    )
    db.session.commit()
    return {"admin": admin, "ids": {"team": team.id, "person": manager.id, "token": raw}}


@pytest.fixture
def api(login_as, world):
    return login_as(world["admin"])


def _fill(value, ids):
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value


def _snapshot(db) -> dict:
    """Every row of every table: the database as plain values."""
    db.session.expire_all()
    with db.engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(select(table)).all()), key=repr)
            for table in db.metadata.sorted_tables
        }


def _send(api, endpoint: Endpoint, ids, **kwargs):
    return api.request(endpoint.method, _fill(endpoint.url, ids), **kwargs)


def _assert_refused(response, status: int | None = None) -> dict:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert 400 <= response.status_code < 500
    if status is not None:
        assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] and error["message"]
    return error


@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_valid_body_is_accepted_and_changes_the_database(api, world, db, mailbox, name):
    endpoint = ENDPOINTS[name]
    before = _snapshot(db)
    response = _send(api, endpoint, world["ids"], json=_fill(endpoint.body, world["ids"]))
    assert response.status_code < 300, response.get_json()
    assert _snapshot(db) != before


@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_malformed_json_is_400_and_changes_nothing(api, world, db, name):
    before = _snapshot(db)
    for raw in ('{"name": ', "{'name': 'single quotes'}", "{}}", '{"a": NaN'):
        response = _send(api, ENDPOINTS[name], world["ids"], data=raw, content_type="application/json")
        error = _assert_refused(response, 400)
        assert error["code"] == "malformed_json", raw
    assert _snapshot(db) == before


@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_json_that_is_not_an_object_is_422(api, world, db, name):
    endpoint = ENDPOINTS[name]
    before = _snapshot(db)
    for body in ([_fill(endpoint.body, world["ids"])], "hello", 42, None):
        response = _send(api, endpoint, world["ids"], data=json.dumps(body), content_type="application/json")
        _assert_refused(response, 422)
    assert _snapshot(db) == before


@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_unknown_field_is_422_and_named(api, world, db, name):
    endpoint = ENDPOINTS[name]
    before = _snapshot(db)
    body = {**_fill(endpoint.body, world["ids"]), "is_admin": True}
    error = _assert_refused(_send(api, endpoint, world["ids"], json=body), 422)
    assert "is_admin" in error["fields"]
    assert _snapshot(db) == before


@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_wrong_type_for_a_field_is_422(api, world, db, name):
    endpoint = ENDPOINTS[name]
    before = _snapshot(db)
    for wrong in (12345, 1.5, ["a list"], {"an": "object"}):
        body = {**_fill(endpoint.body, world["ids"]), endpoint.text_field: wrong}
        error = _assert_refused(_send(api, endpoint, world["ids"], json=body), 422)
        assert endpoint.text_field in error["fields"], wrong
    assert _snapshot(db) == before


@pytest.mark.parametrize("name", [name for name, endpoint in ENDPOINTS.items() if endpoint.typed_field])
def test_string_where_a_number_or_boolean_belongs_is_422(api, world, db, name):
    endpoint = ENDPOINTS[name]
    field, as_string = endpoint.typed_field
    as_string = str(_fill(as_string, world["ids"]))
    before = _snapshot(db)
    body = {**_fill(endpoint.body, world["ids"]), field: as_string}
    error = _assert_refused(_send(api, endpoint, world["ids"], json=body), 422)
    assert field in error["fields"]
    assert _snapshot(db) == before


def test_out_of_range_team_id_is_422(api, world, db):
    before = _snapshot(db)
    for team_id in (0, -1, 2**31, 2**63, 10**30, True, None):
        body = {"email": "new@example.test", "team_id": team_id, "role": "rep"}
        error = _assert_refused(api.post("/api/v1/invites", json=body), 422)
        assert "team_id" in error["fields"], team_id
    assert _snapshot(db) == before


@pytest.mark.parametrize(
    "url", ["/api/v1/teams/{big}", "/api/v1/teams/{big}/members", "/api/v1/teams/1/members/{big}", "/api/v1/teams/0"]
)
def test_huge_ids_in_urls_are_404_not_an_overflow(api, world, db, url):
    before = _snapshot(db)
    for big in (2**31, 2**63, 10**30):
        for method in ("GET", "PATCH", "PUT", "DELETE"):
            response = api.request(method, url.format(big=big), json={})
            assert response.status_code in (404, 405), (method, big, response.get_data(as_text=True)[:300])
            assert response.get_json()["error"]["code"]
    assert _snapshot(db) == before


@pytest.mark.parametrize("name", [name for name, endpoint in ENDPOINTS.items() if endpoint.text_field != "manages"])
def test_ten_thousand_character_string_is_422(api, world, db, name):
    endpoint = ENDPOINTS[name]
    before = _snapshot(db)
    body = {**_fill(endpoint.body, world["ids"]), endpoint.text_field: "x" * 10_000}
    error = _assert_refused(_send(api, endpoint, world["ids"], json=body), 422)
    assert endpoint.text_field in error["fields"]
    assert _snapshot(db) == before


@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_body_over_one_mebibyte_is_413(api, world, db, name):
    endpoint = ENDPOINTS[name]
    before = _snapshot(db)
    body = {**_fill(endpoint.body, world["ids"]), "padding": "x" * MIB}
    error = _assert_refused(_send(api, endpoint, world["ids"], json=body), 413)
    assert error["code"] == "payload_too_large"
    assert _snapshot(db) == before


@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_body_that_is_not_json_is_refused(api, world, db, name):
    endpoint = ENDPOINTS[name]
    before = _snapshot(db)
    payload = json.dumps(_fill(endpoint.body, world["ids"]))
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None):
        kwargs = {"data": payload} if content_type is None else {"data": payload, "content_type": content_type}
        error = _assert_refused(_send(api, endpoint, world["ids"], **kwargs), 415)
        assert error["code"] == "unsupported_media_type", content_type
    assert _snapshot(db) == before


@pytest.mark.parametrize("name", [name for name, endpoint in ENDPOINTS.items() if endpoint.text_field != "manages"])
def test_characters_no_database_can_store_are_422(api, world, db, name):
    endpoint = ENDPOINTS[name]
    before = _snapshot(db)
    for text in ("nul\x00byte", "lone \ud800 surrogate"):
        body = {**_fill(endpoint.body, world["ids"]), endpoint.text_field: text}
        error = _assert_refused(_send(api, endpoint, world["ids"], json=body), 422)
        assert endpoint.text_field in error["fields"], repr(text)
    assert _snapshot(db) == before


@pytest.mark.parametrize("field", ["password", "current_password", "new_password"])
def test_unstorable_characters_in_passwords_are_422(api, world, db, field):
    url, body = {
        "password": ("/api/v1/auth/login", {"email": "admin@example.test", "password": "x\ud800" * 6}),
        "current_password": ("/api/v1/me/password", {"current_password": "x\ud800", "new_password": "y" * 12}),
        "new_password": ("/api/v1/me/password", {"current_password": PASSWORD, "new_password": "x\ud800" * 6}),
    }[field]
    before = _snapshot(db)
    error = _assert_refused(api.post(url, json=body), 422)
    assert field in error["fields"]
    assert _snapshot(db) == before


def test_missing_required_fields_are_all_named(api, world, db):
    before = _snapshot(db)
    error = _assert_refused(api.post("/api/v1/invites", json={}), 422)
    assert set(error["fields"]) == {"email", "team_id", "role"}
    assert _snapshot(db) == before


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=300),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.dictionaries(st.sampled_from(["name", "time_zone", "locale", "team_id", "kind", "x"]), JSON_VALUES),
    name=st.sampled_from(["profile", "create_team", "update_team", "invite"]),
)
def test_random_json_never_causes_a_500(api, world, body, name):
    response = _send(api, ENDPOINTS[name], world["ids"], json=body)
    assert response.status_code < 500, (body, response.get_data(as_text=True)[:300])
    if response.status_code >= 400:
        assert error_code(response)


# --- input no database can hold, on every route (issue 21, item 3) -------------------------------

DEEP = "[" * 10_000 + "]" * 10_000
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000
HUGE_NUMBER = "9" * 5_000


@pytest.fixture
def rep_world(make_team, make_user, make_behaviour, login_as):
    team = make_team("Sales Zuid")
    rep = make_user(role="rep", team=team, email="rep@example.test")
    behaviour = make_behaviour([team])
    return {"api": login_as(rep), "behaviour": behaviour}


def _checkin(behaviour, **fields) -> dict:
    return {"behaviour_id": behaviour.id, "client_id": str(uuid.uuid4()), **fields}


def _win(**fields) -> dict:
    return {"client_id": str(uuid.uuid4()), "text": "Order getekend", "impact_area": "revenue", **fields}


def _json_routes(app) -> list[tuple[str, str]]:
    """Every API route that takes a JSON body, with 1 for each id in its path."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "accepts_uploads", False):
            continue
        url = re.sub(r"<(?:\w+:)?(\w+)>", "1", rule.rule)
        routes += [(method, url) for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"})]
    return routes


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (DEEP, 400),
        (DEEP_OBJECT, 400),
        ('{"name": "a\\ud800b"}', 422),
        ('{"name": "nul\\u0000"}', 422),
        ('{"\\u0000": 1}', 422),
        ('{"points": ' + HUGE_NUMBER + "}", 422),
        ('{"points": 1e999}', 422),
    ],
    ids=["deep-array", "deep-object", "lone-surrogate", "nul", "nul-key", "5000-digits", "infinite"],
)
def test_unstorable_json_is_refused_on_every_route(app, api, db, raw, status):
    before = _snapshot(db)
    routes = _json_routes(app)
    assert len(routes) > 40
    for method, url in routes:
        response = api.request(method, url, data=raw, content_type="application/json")
        _assert_refused(response)
        if response.status_code not in (404, 405):  # routes with ids in the path may be refused for those first
            assert response.status_code == status, (method, url, response.get_json())
    assert _snapshot(db) == before


@pytest.mark.parametrize(
    ("locale", "message"),
    [("nl", "Bevat tekens die niet zijn toegestaan."), ("en", "Contains characters that are not allowed.")],
)
def test_unstorable_characters_name_their_field_in_the_persons_language(api, world, db, locale, message):
    assert api.patch("/api/v1/me", json={"locale": locale}).status_code == 200
    raw = '{"name": "a\\ud800b", "x": {"y": ["ok", "nul\\u0000"]}}'
    error = _assert_refused(api.request("PATCH", "/api/v1/me", data=raw, content_type="application/json"), 422)
    assert error["code"] == "validation_failed"
    assert error["fields"] == {"name": [message], "x": {"y": {"1": [message]}}}


def test_deep_json_is_400_with_the_error_shape(api, world):
    for raw in (DEEP, DEEP_OBJECT, "[" * 40 + "]" * 40):
        error = _assert_refused(api.post("/api/v1/teams", data=raw, content_type="application/json"), 400)
        assert error["code"] == "json_too_deep"


def test_deep_json_to_sign_in_is_400_not_a_crash_in_the_rate_limit_key(client, world):
    response = client.post("/api/v1/auth/login", data='{"email":' + DEEP, content_type="application/json")
    assert _assert_refused(response, 400)["code"] in ("json_too_deep", "malformed_json")
    response = client.post("/api/v1/auth/login", data=DEEP, content_type="application/json")
    assert _assert_refused(response, 400)["code"] == "json_too_deep"


@pytest.mark.parametrize(
    "fields",
    [
        {"note": "nul\x00byte"},
        {"note": "a\ud800b"},
        {"recorded_at": "0001-01-01T00:00:00+05:00"},
        {"recorded_at": "0001-01-01T00:00:00-05:00"},
        {"occurred_on": "0001-01-01"},
        {"recorded_at": "9999-12-31T23:59:59-12:00"},
    ],
    ids=["nul-note", "surrogate-note", "year-1-east", "year-1-west", "day-year-1", "year-9999"],
)
def test_a_check_in_no_database_can_hold_is_422(rep_world, db, fields):
    before = _snapshot(db)
    response = rep_world["api"].post("/api/v1/checkins", json=_checkin(rep_world["behaviour"], **fields))
    error = _assert_refused(response, 422)
    assert set(error["fields"]) == set(fields), error
    assert _snapshot(db) == before


@pytest.mark.parametrize("field", ["text", "customer", "evidence"])
@pytest.mark.parametrize("bad", ["nul\x00byte", "a\ud800b"], ids=["nul", "surrogate"])
def test_a_win_no_database_can_hold_is_422(rep_world, db, field, bad):
    before = _snapshot(db)
    response = rep_world["api"].post("/api/v1/wins", json=_win(**{field: bad}))
    error = _assert_refused(response, 422)
    assert field in error["fields"]
    assert _snapshot(db) == before


def test_a_nul_in_the_query_string_or_path_is_422(rep_world, world, api, db):
    response = api.get("/api/v1/admin/people?q=a%00b")
    assert "q" in _assert_refused(response, 422)["fields"]
    response = api.get("/api/v1/auth/invites/abc%00def")
    assert "token" in _assert_refused(response, 422)["fields"]


def test_an_imported_note_with_a_nul_is_a_bad_row_on_both_databases(api, world, db, make_behaviour):
    team = db.session.get(Team, world["ids"]["team"])
    make_behaviour([team], name="Klant gebeld")
    before = _snapshot(db)
    day = (utcnow() - timedelta(days=3)).date().isoformat()
    data = f"email,behaviour,date,note\r\nadmin@example.test,Klant gebeld,{day},nul\x00byte\r\n".encode()
    form = {"file": (io.BytesIO(data), "history.csv", "text/csv"), "strict": "true"}
    response = api.post("/api/v1/imports/checkins", json=None, data=form, content_type="multipart/form-data")
    assert response.status_code == 422, response.get_data(as_text=True)[:500]
    report = response.get_json()
    assert report["invalid"] == 1 and report["imported"] == 0
    assert "import_unstorable_text" in report["errors"][0]["codes"], report
    assert _snapshot(db) == before


def test_a_chunked_body_over_one_mebibyte_is_413(api, world, db):
    before = _snapshot(db)
    body = json.dumps({"name": "x" * MIB}).encode()
    response = api.request(
        "PATCH",
        "/api/v1/me",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        environ_overrides={"wsgi.input_terminated": True},
    )
    error = _assert_refused(response, 413)
    assert error["code"] == "payload_too_large"
    assert _snapshot(db) == before


# The phone's offline queue (frontend/src/offline/queue.ts, isRetryable) keeps retrying 0, 5xx, 401,
# 408, 429 and 400 csrf_failed, and marks anything else refused and moves on. A check-in the server
# can never take must therefore be answered with one of the other 4xx, or it would block the queue.
QUEUE_RETRIES = {401, 408, 429}


@pytest.mark.parametrize(
    "fields",
    [
        {"note": "nul\x00byte"},
        {"note": "a\ud800b"},
        {"recorded_at": "0001-01-01T00:00:00+05:00"},
        {"occurred_on": "0001-01-01"},
        {"note": "x" * 501},
        {"quality": {"k": 0}},
        {"behaviour_id": 2**31},
    ],
)
def test_a_queued_check_in_the_server_can_never_take_is_refused_not_retried(rep_world, db, fields):
    response = rep_world["api"].post("/api/v1/checkins", json=_checkin(rep_world["behaviour"], **fields))
    error = _assert_refused(response)
    assert response.status_code not in QUEUE_RETRIES and error["code"] != "csrf_failed", error

"""Schemathesis over the whole OpenAPI document, in process (WSGI), signed in as an admin and as a rep.

Every operation gets a bounded number of generated requests, some that fit the document and some
that do not. Any 5xx, or an answer whose status, media type or body the document does not allow,
fails the test. It runs on the test's throwaway database (SQLite or PostgreSQL, as the run).
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import PASSWORD

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("RITME_SCHEMATHESIS_EXAMPLES", "10"))  # per operation, role and mode
# Signing out would end the very session the rest of the run uses.
SKIPPED = {("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/auth/logout-everywhere")}


class Isolated:
    """The app as a WSGI callable with an app context per request, popped when the view returns (as
    under gunicorn): a streamed body is read after that, where its own faults show."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        with self.app.app_context():
            return self.app.wsgi_app(environ, start_response)


@pytest.fixture
def world(make_team, make_user, make_behaviour, db):
    from backend.wins.models import Win

    team = make_team("Sales Noord")
    admin = make_user(role="admin", team=team, email="admin@example.test")
    rep = make_user(role="rep", team=team, email="rep@example.test")
    manager = make_user(role="manager", team=team, manages=True)
    behaviour = make_behaviour([team])
    win = Win(
        organisation_id=rep.organisation_id,
        author_id=rep.id,
        client_id=str(uuid.uuid4()),
        text="Order getekend",
        impact_area="revenue",
    )
    db.session.add(win)
    db.session.commit()
    ids = {
        "team_id": team.id,
        "user_id": manager.id,
        "behaviour_id": behaviour.id,
        "win_id": win.id,
    }
    return {"admin": admin, "rep": rep, "ids": ids}


def _signed_in(app, user) -> tuple[dict, dict]:
    """The headers and cookies of a signed-in device."""
    client = app.test_client()
    with app.app_context():
        token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    with app.app_context():
        response = client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}, headers={"X-CSRFToken": token}
        )
    assert response.status_code == 200, response.get_json()
    cookie = client.get_cookie("ritme_session")
    return {"X-CSRFToken": token}, {"ritme_session": cookie.value}


def _run(operation, mode, headers, path_parameters) -> None:
    known = {
        name: value for name, value in path_parameters.items() if any(p.name == name for p in operation.path_parameters)
    }

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=known or None))
    def check(case):
        response = case.call(headers=headers[0], cookies=headers[1])
        case.validate_response(response, checks=CHECKS, headers=headers[0])

    check()


@pytest.mark.parametrize("role", ["admin", "rep"])
def test_every_operation_keeps_the_documented_contract(app, world, role):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", Isolated(app))
    headers = _signed_in(app, world[role])
    started = time.monotonic()
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run(operation, mode, headers, world["ids"])
            except Unsatisfiable:
                pass  # nothing of this operation can be made invalid (no parameters, no body)
            except Exception as error:  # noqa: BLE001 (collected: one report for all operations)
                failures.append(f"{operation.method.upper()} {operation.path} [{mode.value}]: {error}")
    print(f"{operations} operations as {role} in {time.monotonic() - started:.0f} s")
    assert operations > 60
    assert not failures, "\n\n".join(failures)

"""The API keeps the contract its OpenAPI document states (issue 21, item 16), beyond the schemathesis run."""

from __future__ import annotations

import io

import marshmallow
import pytest

from backend.fields import Schema
from tests.conftest import error_code


@pytest.fixture
def team(make_team):
    return make_team("Sales Noord")


@pytest.fixture
def admin(make_user, team):
    return make_user(role="admin", team=team, email="admin@example.test")


def _argument_schemas(app):
    for endpoint, view in app.view_functions.items():
        for parameter in getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", []):
            yield endpoint, parameter.get("location", "json"), parameter["schema"]


def test_every_input_schema_derives_from_the_shared_base(app):
    schemas = list(_argument_schemas(app))
    assert len(schemas) > 40
    for endpoint, _location, schema in schemas:
        schema_class = schema if isinstance(schema, type) else type(schema)
        assert issubclass(schema_class, Schema), f"{endpoint}: {schema_class.__name__} is not a backend.fields.Schema"
        for field in schema_class._declared_fields.values():
            if isinstance(field, marshmallow.fields.Nested):
                nested = field.nested() if callable(field.nested) else field.nested
                nested_class = nested if isinstance(nested, type) else type(nested)
                assert issubclass(nested_class, Schema), f"{endpoint}: nested {nested_class.__name__}"


@pytest.mark.parametrize("value", [0, 1, "true", "false", "yes", None])
def test_booleans_in_a_body_are_true_or_false_only(login_as, admin, team, db, value):
    api = login_as(admin)
    response = api.patch(f"/api/v1/teams/{team.id}", json={"archived": value})
    assert response.status_code == 422, response.get_json()
    assert "archived" in response.get_json()["error"]["fields"]
    assert api.patch(f"/api/v1/teams/{team.id}", json={"archived": False}).status_code == 200


def test_booleans_in_a_query_string_are_the_words_true_and_false(login_as, admin):
    api = login_as(admin)
    for word in ("true", "false"):
        assert api.get(f"/api/v1/teams?include_archived={word}").status_code == 200
    for other in ("1", "0", "yes", "True", ""):
        response = api.get(f"/api/v1/teams?include_archived={other}")
        assert response.status_code == 422, (other, response.get_json())
        assert "include_archived" in response.get_json()["error"]["fields"]


def test_a_wrong_method_is_405_with_allow(client, login_as, admin):
    response = client.get("/api/v1/auth/login")
    assert response.status_code == 405 and error_code(response) == "method_not_allowed"
    assert set(response.headers["Allow"].split(", ")) >= {"POST"}
    response = login_as(admin).put("/api/v1/me", json={})
    assert response.status_code == 405
    assert {"GET", "PATCH"} <= set(response.headers["Allow"].split(", "))


def test_api_answers_are_never_stored(client, login_as, admin):
    api = login_as(admin)
    for response in (
        client.get("/api/v1/health"),
        client.get("/api/v1/openapi.json"),
        client.get("/api/v1/me"),  # 401
        client.get("/api/v1/no-such-thing"),  # 404
        api.get("/api/v1/me"),
        api.patch("/api/v1/me", json={"name": "Admin"}),
        api.get("/api/v1/me/export"),
    ):
        assert response.headers["Cache-Control"] == "no-store", response.request.path


def test_my_export_is_documented_as_what_it_answers(client, login_as, admin):
    document = client.get("/api/v1/openapi.json").get_json()
    documented = document["paths"]["/api/v1/me/export"]["get"]["responses"]["200"]["content"]
    api = login_as(admin)
    as_json = api.get("/api/v1/me/export")
    assert as_json.mimetype == "application/json" and isinstance(as_json.get_json(), dict)
    assert documented["application/json"]["schema"]["type"] == "object"
    as_zip = api.get("/api/v1/me/export?format=zip")
    assert as_zip.mimetype == "application/zip"
    assert documented["application/zip"]["schema"] == {"type": "string", "format": "binary"}


def test_the_imports_refusals_fit_its_documented_422(client, login_as, admin):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    report = document["paths"]["/api/v1/imports/checkins"]["post"]["responses"]["422"]
    assert report["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ImportReport"}
    error = schemas["ImportReport"]["properties"]["error"]
    error_ref = (error.get("$ref") or error["allOf"][0]["$ref"]).rsplit("/", 1)[1]
    allowed = set(schemas[error_ref]["properties"])
    form = {"strict": "true"}  # no file
    response = login_as(admin).post(
        "/api/v1/imports/checkins", json=None, data=form, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]) <= allowed and "fields" in response.get_json()["error"]
    bad = {"file": (io.BytesIO(b"email,behaviour,date\r\nnobody@example.test,X,2020-01-01\r\n"), "h.csv", "text/csv")}
    response = login_as(admin).post(
        "/api/v1/imports/checkins", json=None, data={**bad, "strict": "true"}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]) <= allowed


@pytest.mark.parametrize(
    ("locale", "too_long", "unknown", "missing"),
    [
        ("nl", "De lengte moet tussen 1 en 120 liggen.", "Onbekend veld.", "Dit veld is verplicht."),
        ("en", "Length must be between 1 and 120.", "Unknown field.", "Missing data for required field."),
    ],
)
def test_field_messages_follow_the_persons_language(login_as, admin, locale, too_long, unknown, missing):
    api = login_as(admin)
    assert api.patch("/api/v1/me", json={"locale": locale}).status_code == 200
    error = api.patch("/api/v1/me", json={"name": "x" * 121, "colour": "red"}).get_json()["error"]
    assert error["fields"] == {"name": [too_long], "colour": [unknown]}
    error = api.post("/api/v1/teams", json={}).get_json()["error"]
    assert error["fields"]["name"] == [missing]

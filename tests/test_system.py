"""Health, the OpenAPI document, unknown API paths and the security headers."""

import pytest

from tests.conftest import error_code

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def _resolve(spec, ref: str):
    assert ref.startswith("#/"), ref
    node = spec
    for part in ref[2:].split("/"):
        assert part in node, f"dangling $ref {ref}"
        node = node[part]
    return node


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _request_schema(spec, path, method):
    operation = spec["paths"][path][method]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return _resolve(spec, schema["$ref"]) if "$ref" in schema else schema


def test_health_answers_ok(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_health_needs_no_sign_in_and_no_csrf(new_client):
    assert new_client().get("/api/v1/health", headers={"Cookie": ""}).status_code == 200


def test_openapi_document_is_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] and spec["info"]["version"]
    assert spec["paths"]
    for path, item in spec["paths"].items():
        assert path.startswith("/api/v1/"), path
        operations = {method: op for method, op in item.items() if method in HTTP_METHODS}
        assert operations, path
        for method, operation in operations.items():
            assert operation["responses"], f"{method.upper()} {path} has no responses"
            for parameter in item.get("parameters", []) + operation.get("parameters", []):
                assert parameter["in"] in {"path", "query", "header", "cookie"}
                assert "{" + parameter["name"] + "}" in path or parameter["in"] != "path"
    for ref in _refs(spec):
        _resolve(spec, ref)


@pytest.mark.parametrize(
    ("path", "method", "fields", "required"),
    [
        ("/api/v1/auth/login", "post", {"email", "password"}, {"email", "password"}),
        ("/api/v1/me", "patch", {"name", "time_zone", "locale"}, set()),
        ("/api/v1/teams", "post", {"name", "kind"}, {"name", "kind"}),
        ("/api/v1/teams/{team_id}", "patch", {"name", "kind", "archived"}, set()),
        ("/api/v1/invites", "post", {"email", "team_id", "role"}, {"email", "team_id", "role"}),
        ("/api/v1/auth/password-reset", "post", {"email"}, {"email"}),
    ],
)
def test_openapi_lists_request_schemas(spec, path, method, fields, required):
    schema = _request_schema(spec, path, method)
    assert set(schema["properties"]) == fields
    assert set(schema.get("required", [])) == required


def test_openapi_lists_the_core_paths_with_their_methods(spec):
    paths = spec["paths"]
    assert "post" in paths["/api/v1/auth/login"]
    assert {"get", "patch"} <= set(paths["/api/v1/me"])
    assert {"get", "post"} <= set(paths["/api/v1/teams"])
    assert {"get"} <= set(paths["/api/v1/teams/{team_id}/members"])
    assert {"put", "delete"} <= set(paths["/api/v1/teams/{team_id}/members/{user_id}"])
    assert "get" in paths["/api/v1/health"]


def test_openapi_describes_the_limits_it_enforces(spec):
    profile = _request_schema(spec, "/api/v1/me", "patch")["properties"]
    assert profile["name"]["maxLength"] == 120
    assert profile["locale"]["enum"] == ["nl", "en"]
    invite = _request_schema(spec, "/api/v1/invites", "post")["properties"]
    assert invite["team_id"]["type"] == "integer"


@pytest.mark.parametrize("path", ["/api/v1/whatever", "/api/v1/teams/1/nothing", "/api/v2/health", "/api/v1/"])
def test_unknown_api_path_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert error_code(response) == "not_found"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_unknown_api_path_with_other_methods_is_a_json_error(client, method):
    response = client.request(method, "/api/v1/whatever", json={})
    assert response.status_code in (404, 405)
    assert response.mimetype == "application/json"
    assert error_code(response) in ("not_found", "method_not_allowed")


def test_wrong_method_on_a_known_path_is_a_json_405(client):
    response = client.request("DELETE", "/api/v1/health")
    assert response.status_code == 405
    assert error_code(response) == "method_not_allowed"


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/me", "/api/v1/whatever", "/api/v1/openapi.json"])
def test_security_headers_are_present(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers.get("X-Frame-Options") in ("DENY", "SAMEORIGIN") or "frame-ancestors 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers.get("Referrer-Policy")


def test_error_responses_carry_security_headers_too(client):
    response = client.post("/api/v1/auth/login", data="{", content_type="application/json")
    assert response.status_code == 400
    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_signed_in_responses_vary_on_the_cookie(login_as, make_user):
    response = login_as(make_user()).get("/api/v1/me")
    assert response.status_code == 200
    assert "Cookie" in response.headers.get("Vary", "")

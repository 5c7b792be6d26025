"""Starting an organisation: the create-org command and the first-run screen (only with signup on and no org)."""

import pytest
from sqlalchemy import func, select

from backend.accounts.models import Organisation, User
from backend.admin.cli import create_org_command
from tests.conftest import error_code

SETUP = {
    "organisation_name": "Bouwbedrijf Jansen",
    "name": "Jan Jansen",
    "email": "Jan@Jansen.test",
    "password": "a long enough secret",
    "time_zone": "Europe/Amsterdam",
    "locale": "nl",
}


def _run(app, *args):
    return app.test_cli_runner().invoke(create_org_command, list(args))


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_org_with_password_lets_the_admin_sign_in(app, db, new_client):
    result = _run(
        app,
        "--name",
        "Jansen BV",
        "--admin-email",
        "jan@jansen.test",
        "--admin-password",
        "ten chars!!",
        "--timezone",
        "Europe/Brussels",
        "--locale",
        "en",
    )
    assert result.exit_code == 0, result.output
    assert "Jansen BV" in result.output and "reset-password" not in result.output

    me = new_client().login("jan@jansen.test", "ten chars!!").get_json()
    assert me["role"] == "admin" and me["organisation"]["name"] == "Jansen BV"
    assert me["locale"] == "en" and me["time_zone"] == "Europe/Brussels"


def test_create_org_without_password_prints_a_single_use_set_password_link(app, db, new_client):
    result = _run(app, "--name", "Jansen BV", "--admin-email", "jan@jansen.test")
    assert result.exit_code == 0, result.output
    token = result.output.split("/reset-password/")[1].split()[0]

    client = new_client()
    assert client.post(f"/api/v1/auth/password-reset/{token}", json={"password": "my own password"}).status_code == 204
    assert client.post(f"/api/v1/auth/password-reset/{token}", json={"password": "another password"}).status_code == 410
    assert client.login("jan@jansen.test", "my own password").get_json()["role"] == "admin"


def test_several_organisations_live_side_by_side(app, db, new_client):
    assert (
        _run(app, "--name", "Een BV", "--admin-email", "a@een.test", "--admin-password", "password one").exit_code == 0
    )
    assert (
        _run(app, "--name", "Twee BV", "--admin-email", "b@twee.test", "--admin-password", "password two").exit_code
        == 0
    )
    one = new_client()
    one.login("a@een.test", "password one")
    two = new_client()
    two.login("b@twee.test", "password two")
    assert one.post("/api/v1/teams", json={"name": "Sales", "kind": "sales"}).status_code == 201
    assert two.post("/api/v1/teams", json={"name": "Sales", "kind": "sales"}).status_code == 201
    assert [t["name"] for t in two.get("/api/v1/teams").get_json()] == ["Sales"]
    assert len(two.get("/api/v1/admin/people").get_json()) == 1
    assert _count(db, Organisation) == 2


@pytest.mark.parametrize(
    "args, problem",
    [
        (["--name", "X", "--admin-email", "taken@acme.test"], "already in use"),
        (["--name", "X", "--admin-email", "new@acme.test", "--timezone", "Mars/Olympus"], "time zone"),
        (["--name", "X", "--admin-email", "new@acme.test", "--admin-password", "short"], "10 to 200"),
        (["--name", "X", "--admin-email", "new@acme.test", "--locale", "de"], "de"),
        (["--name", " ", "--admin-email", "new@acme.test"], "empty"),
    ],
)
def test_create_org_refuses_bad_input_and_writes_nothing(app, db, make_user, args, problem):
    make_user(email="taken@acme.test")
    before = _count(db, Organisation)
    result = _run(app, *args)
    assert result.exit_code != 0 and problem in result.output
    assert _count(db, Organisation) == before


class TestFirstRun:
    @pytest.fixture
    def config_overrides(self):
        return {"RITME_ALLOW_SIGNUP": True}

    def test_an_empty_database_with_signup_on_creates_the_organisation_and_signs_the_admin_in(self, client, db):
        assert client.get("/api/v1/setup").get_json() == {"needed": True}
        response = client.post("/api/v1/setup", json=SETUP)
        assert response.status_code == 201, response.get_json()
        me = client.get("/api/v1/me").get_json()
        assert me["email"] == "jan@jansen.test" and me["role"] == "admin"
        assert me["organisation"]["name"] == "Bouwbedrijf Jansen"
        assert client.get("/api/v1/setup").get_json() == {"needed": False}

    def test_setup_is_refused_once_an_organisation_exists(self, client, db, org):
        assert client.get("/api/v1/setup").get_json() == {"needed": False}
        response = client.post("/api/v1/setup", json=SETUP)
        assert response.status_code == 403 and error_code(response) == "setup_done"
        assert _count(db, User) == 0

    def test_setup_validates_every_field(self, client, db):
        response = client.post("/api/v1/setup", json={**SETUP, "email": "nope", "password": "short", "time_zone": "X"})
        assert response.status_code == 422
        assert set(response.get_json()["error"]["fields"]) == {"email", "password", "time_zone"}
        assert _count(db, Organisation) == 0


def test_with_signup_off_nobody_can_create_an_organisation_over_http(client, db):
    assert client.get("/api/v1/setup").get_json() == {"needed": False}
    response = client.post("/api/v1/setup", json=SETUP)
    assert response.status_code == 404
    assert _count(db, Organisation) == 0

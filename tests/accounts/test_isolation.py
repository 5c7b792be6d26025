"""Organisations are sealed off: another organisation's objects answer 404, as if they did not exist.

Every object route is listed once in OBJECT_ROUTES; adding a route is one line. `{name}` in a URL
or as a whole JSON value is replaced by the id of that object (see the `world` fixture).
"""

import re

import pytest
from sqlalchemy import select

from backend.accounts.models import Invite, Membership, Team, User
from backend.timeutil import utcnow
from tests.conftest import error_code

OBJECT_ROUTES = [
    ("PATCH", "/api/v1/teams/{foreign_team}", {"name": "Taken over"}),
    ("PATCH", "/api/v1/teams/{foreign_team}", {"archived": True}),
    ("GET", "/api/v1/teams/{foreign_team}/members", None),
    ("PUT", "/api/v1/teams/{foreign_team}/members/{foreign_rep}", {"manages": False}),
    ("PUT", "/api/v1/teams/{foreign_team}/members/{own_outsider}", {}),
    ("DELETE", "/api/v1/teams/{foreign_team}/members/{foreign_rep}", None),
    ("PUT", "/api/v1/teams/{own_team}/members/{foreign_rep}", {}),
    ("PUT", "/api/v1/teams/{own_team}/members/{foreign_manager}", {"manages": True}),
    ("DELETE", "/api/v1/teams/{own_team}/members/{foreign_rep}", None),
    ("POST", "/api/v1/invites", {"email": "intruder@example.test", "team_id": "{foreign_team}", "role": "rep"}),
    ("POST", "/api/v1/invites", {"email": "intruder@example.test", "team_id": "{foreign_team}", "role": "admin"}),
    ("DELETE", "/api/v1/invites/{foreign_invite}", None),
    ("POST", "/api/v1/invites/{foreign_invite}/resend", None),
]

ROUTE_IDS = [f"{method} {url} {sorted(body or {})}" for method, url, body in OBJECT_ROUTES]


@pytest.fixture
def world(make_org, make_team, make_user, db):
    """Our organisation (Acme BV) and theirs, each with a team, a manager, a rep and an open invite."""
    own_team = make_team("Sales Noord")
    own_outsider = make_user(role="rep")
    theirs = make_org("Other BV")
    foreign_team = make_team("Their Sales", organisation=theirs)
    foreign_manager = make_user(role="manager", team=foreign_team, manages=True)
    foreign_rep = make_user(role="rep", team=foreign_team)
    invite = Invite(
        organisation_id=theirs.id,
        email="invited@other.test",
        team_id=foreign_team.id,
        role="rep",
        token_hash="f" * 64,
        expires_at=utcnow().replace(year=utcnow().year + 1),
    )
    db.session.add(invite)
    db.session.commit()
    return {
        "own_team": own_team.id,
        "own_outsider": own_outsider.id,
        "foreign_team": foreign_team.id,
        "foreign_manager": foreign_manager.id,
        "foreign_rep": foreign_rep.id,
        "foreign_invite": invite.id,
    }


@pytest.fixture(params=["admin", "manager", "rep"])
def intruder(request, make_user, world, db):
    """Someone of our organisation; even our admin is a stranger to the other organisation."""
    own_team = db.session.get(Team, world["own_team"])
    return make_user(role=request.param, team=own_team, manages=request.param != "rep")


def _resolve(value, ids):
    if isinstance(value, str):
        whole = re.fullmatch(r"\{(\w+)\}", value)
        return ids[whole.group(1)] if whole else value.format(**ids)
    if isinstance(value, dict):
        return {key: _resolve(item, ids) for key, item in value.items()}
    return value


def _snapshot(db):
    """Everything the routes could change, as plain values."""
    db.session.expire_all()
    return {
        "teams": sorted(
            (t.id, t.organisation_id, t.name, t.kind, t.archived_at) for t in db.session.scalars(select(Team))
        ),
        "memberships": sorted((m.team_id, m.user_id, m.manages) for m in db.session.scalars(select(Membership))),
        "users": sorted((u.id, u.organisation_id, u.email, u.role) for u in db.session.scalars(select(User))),
        "invites": sorted(
            (i.id, i.organisation_id, i.email, i.team_id, i.revoked_at) for i in db.session.scalars(select(Invite))
        ),
    }


@pytest.mark.parametrize(("method", "url", "body"), OBJECT_ROUTES, ids=ROUTE_IDS)
def test_other_organisations_objects_answer_404_and_stay_unchanged(
    login_as, intruder, world, db, mailbox, method, url, body
):
    api = login_as(intruder)
    before = _snapshot(db)
    response = api.request(method, _resolve(url, world), json=_resolve(body, world))
    assert response.status_code == 404, response.get_json()
    assert error_code(response) == "not_found"
    assert "Their Sales" not in response.get_data(as_text=True)
    assert _snapshot(db) == before
    assert mailbox.messages == []


@pytest.mark.parametrize(("method", "url", "body"), OBJECT_ROUTES, ids=ROUTE_IDS)
def test_foreign_id_answers_exactly_like_a_missing_id(login_as, intruder, world, method, url, body):
    api = login_as(intruder)
    foreign = api.request(method, _resolve(url, world), json=_resolve(body, world))
    missing_ids = {key: (value if key.startswith("own") else 987654321) for key, value in world.items()}
    missing = api.request(method, _resolve(url, missing_ids), json=_resolve(body, missing_ids))
    assert (foreign.status_code, foreign.get_json()) == (missing.status_code, missing.get_json())


def test_team_list_never_shows_other_organisations(login_as, intruder, world, make_org, make_team):
    make_team("Third Org Team", organisation=make_org())
    teams = login_as(intruder).get("/api/v1/teams").get_json()
    assert [t["id"] for t in teams] == [world["own_team"]]


def test_invite_list_never_shows_other_organisations(login_as, make_user, world, db):
    admin = make_user(role="admin")
    assert login_as(admin).get("/api/v1/invites").get_json() == []


def test_me_shows_only_own_organisation(login_as, intruder, world):
    me = login_as(intruder).get("/api/v1/me").get_json()
    assert me["organisation"]["name"] == "Acme BV"
    assert [t["id"] for t in me["teams"]] == [world["own_team"]]


def test_the_other_organisation_still_works_for_its_own_people(login_as, world, db):
    # The 404s above are isolation, not broken routes: their own manager gets through.
    manager = db.session.get(User, world["foreign_manager"])
    api = login_as(manager)
    assert api.get(f"/api/v1/teams/{world['foreign_team']}/members").status_code == 200
    assert api.delete(f"/api/v1/invites/{world['foreign_invite']}").status_code == 204

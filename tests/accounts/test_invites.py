"""Invites: who may invite whom, the mailed link, single use, expiry, revocation."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.accounts.models import Invite, Membership, User
from backend.timeutil import utcnow
from tests.conftest import error_code

NEW_PASSWORD = "a fine long password"


@pytest.fixture
def sales(make_team):
    return make_team("Sales Noord")


@pytest.fixture
def admin(make_user):
    return make_user(role="admin", name="Anna Admin")


def _invite(api, team, email="new@example.test", role="rep"):
    return api.post("/api/v1/invites", json={"email": email, "team_id": team.id, "role": role})


def _users_with(db, email):
    return db.session.scalar(select(func.count()).select_from(User).where(User.email == email))


def _invite_count(db):
    return db.session.scalar(select(func.count()).select_from(Invite))


def test_admin_invite_mails_a_link_that_signs_the_new_person_in(login_as, admin, sales, mailbox, new_client, db):
    response = _invite(login_as(admin), sales, email="New.Person@Example.test")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["email"] == "new.person@example.test"
    assert body["team_id"] == sales.id and body["role"] == "rep"

    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == "new.person@example.test"
    assert "Acme BV" in message.get_content() and "Anna Admin" in message.get_content()
    token = mailbox.last_link("invite")

    visitor = new_client()
    info = visitor.get(f"/api/v1/auth/invites/{token}")
    assert info.status_code == 200
    assert info.get_json() == {
        "email": "new.person@example.test",
        "organisation_name": "Acme BV",
        "team_name": "Sales Noord",
    }

    accepted = visitor.post(f"/api/v1/auth/invites/{token}/accept", json={"name": " Nina ", "password": NEW_PASSWORD})
    assert accepted.status_code == 200, accepted.get_json()
    me = accepted.get_json()
    assert me["name"] == "Nina"
    assert me["email"] == "new.person@example.test"
    assert me["role"] == "rep"
    assert me["organisation"]["name"] == "Acme BV"
    assert me["teams"] == [{"id": sales.id, "name": "Sales Noord", "kind": "sales", "manages": False}]
    # Signed in for real, and the chosen password works on another device.
    assert visitor.get("/api/v1/me").get_json()["email"] == "new.person@example.test"
    new_client().login("new.person@example.test", NEW_PASSWORD)
    db.session.expire_all()
    assert db.session.scalar(select(Invite)).accepted_at is not None


def test_invited_manager_becomes_manager_of_the_team(login_as, admin, sales, mailbox, new_client):
    assert _invite(login_as(admin), sales, role="manager").status_code == 201
    token = mailbox.last_link("invite")
    me = new_client().post(f"/api/v1/auth/invites/{token}/accept", json={"name": "Mo", "password": NEW_PASSWORD})
    assert me.status_code == 200
    assert me.get_json()["role"] == "manager"
    assert me.get_json()["teams"][0]["manages"] is True


def test_invite_link_works_only_once(login_as, admin, sales, mailbox, new_client, db):
    _invite(login_as(admin), sales)
    token = mailbox.last_link("invite")
    first = new_client().post(f"/api/v1/auth/invites/{token}/accept", json={"name": "One", "password": NEW_PASSWORD})
    assert first.status_code == 200

    second_device = new_client()
    second = second_device.post(
        f"/api/v1/auth/invites/{token}/accept", json={"name": "Two", "password": "another long password"}
    )
    assert second.status_code == 410
    assert error_code(second) == "token_invalid"
    assert second_device.get(f"/api/v1/auth/invites/{token}").status_code == 410
    assert second_device.get("/api/v1/me").status_code == 401
    db.session.expire_all()
    assert _users_with(db, "new@example.test") == 1
    assert db.session.scalar(select(User).where(User.email == "new@example.test")).name == "One"


def test_invite_expires_after_seven_days(login_as, admin, sales, mailbox, new_client, db):
    before = utcnow()
    _invite(login_as(admin), sales)
    token = mailbox.last_link("invite")
    invite = db.session.scalar(select(Invite))
    assert timedelta(days=7) - timedelta(minutes=1) < invite.expires_at - before <= timedelta(days=7, minutes=1)

    invite.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    visitor = new_client()
    assert visitor.get(f"/api/v1/auth/invites/{token}").status_code == 410
    response = visitor.post(f"/api/v1/auth/invites/{token}/accept", json={"name": "Late", "password": NEW_PASSWORD})
    assert response.status_code == 410
    assert error_code(response) == "token_invalid"
    assert _users_with(db, "new@example.test") == 0


def test_invite_still_valid_just_before_expiry(login_as, admin, sales, mailbox, new_client, db):
    _invite(login_as(admin), sales)
    token = mailbox.last_link("invite")
    invite = db.session.scalar(select(Invite))
    invite.expires_at = utcnow() + timedelta(minutes=1)
    db.session.commit()
    assert new_client().get(f"/api/v1/auth/invites/{token}").status_code == 200


def test_unknown_invite_token_is_gone(new_client):
    assert new_client().get("/api/v1/auth/invites/not-a-real-token").status_code == 410


def test_inviting_an_existing_user_is_a_conflict(login_as, admin, sales, make_user, make_org, mailbox, db):
    make_user(email="taken@example.test")
    make_user(email="elsewhere@example.test", organisation=make_org())
    api = login_as(admin)
    for email in ("Taken@Example.test", "elsewhere@example.test"):
        response = _invite(api, sales, email=email)
        assert response.status_code == 409
        assert error_code(response) == "email_taken"
        assert "email" in response.get_json()["error"]["fields"]
    assert mailbox.messages == []
    assert _invite_count(db) == 0


def test_accepting_after_the_address_was_registered_meanwhile_is_a_conflict(
    login_as, admin, sales, mailbox, new_client, make_user, db
):
    _invite(login_as(admin), sales, email="race@example.test")
    token = mailbox.last_link("invite")
    make_user(email="race@example.test")
    response = new_client().post(f"/api/v1/auth/invites/{token}/accept", json={"name": "R", "password": NEW_PASSWORD})
    assert response.status_code == 409
    assert error_code(response) == "email_taken"
    db.session.expire_all()
    assert _users_with(db, "race@example.test") == 1
    assert db.session.scalar(select(Invite)).accepted_at is None


def test_manager_invites_rep_or_staff_into_own_team(login_as, make_user, sales, mailbox, db):
    manager = make_user(role="manager", team=sales, manages=True)
    api = login_as(manager)
    assert _invite(api, sales, email="rep@example.test", role="rep").status_code == 201
    assert _invite(api, sales, email="staff@example.test", role="staff").status_code == 201
    assert len(mailbox.messages) == 2
    assert _invite_count(db) == 2


def test_manager_cannot_invite_into_another_team(login_as, make_user, make_team, sales, mailbox, db):
    manager = make_user(role="manager", team=sales, manages=True)
    other = make_team("Sales Zuid")
    response = _invite(login_as(manager), other)
    assert response.status_code == 403
    assert error_code(response) == "forbidden"
    assert mailbox.messages == [] and _invite_count(db) == 0


def test_manager_who_is_only_a_member_cannot_invite(login_as, make_user, sales, db):
    manager = make_user(role="manager", team=sales, manages=False)
    assert _invite(login_as(manager), sales).status_code == 403
    assert _invite_count(db) == 0


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_manager_cannot_invite_managers_or_admins(login_as, make_user, sales, mailbox, db, role):
    manager = make_user(role="manager", team=sales, manages=True)
    response = _invite(login_as(manager), sales, role=role)
    assert response.status_code == 403
    assert mailbox.messages == [] and _invite_count(db) == 0


@pytest.mark.parametrize("role", ["rep", "staff"])
def test_reps_and_staff_cannot_invite(login_as, make_user, sales, mailbox, db, role):
    person = make_user(role=role, team=sales)
    response = _invite(login_as(person), sales)
    assert response.status_code == 403
    assert mailbox.messages == [] and _invite_count(db) == 0


def test_inviting_needs_sign_in(client, sales, db):
    response = _invite(client, sales)
    assert response.status_code == 401
    assert _invite_count(db) == 0


def test_revoked_invite_is_gone(login_as, admin, sales, mailbox, new_client, db):
    api = login_as(admin)
    invite_id = _invite(api, sales).get_json()["id"]
    token = mailbox.last_link("invite")
    assert api.delete(f"/api/v1/invites/{invite_id}").status_code == 204

    visitor = new_client()
    assert visitor.get(f"/api/v1/auth/invites/{token}").status_code == 410
    response = visitor.post(f"/api/v1/auth/invites/{token}/accept", json={"name": "No", "password": NEW_PASSWORD})
    assert response.status_code == 410
    assert error_code(response) == "token_invalid"
    assert _users_with(db, "new@example.test") == 0
    assert db.session.get(Invite, invite_id).revoked_at is not None


def test_manager_revokes_only_invites_of_own_teams(login_as, make_user, make_team, admin, sales, db):
    other = make_team("Finance", kind="finance")
    foreign_id = _invite(login_as(admin), other, email="f@example.test").get_json()["id"]
    manager = make_user(role="manager", team=sales, manages=True)
    api = login_as(manager)
    own_id = _invite(api, sales).get_json()["id"]
    assert api.delete(f"/api/v1/invites/{foreign_id}").status_code == 403
    assert api.delete(f"/api/v1/invites/{own_id}").status_code == 204
    db.session.expire_all()
    assert db.session.get(Invite, foreign_id).revoked_at is None
    assert db.session.get(Invite, own_id).revoked_at is not None


def test_accepted_invite_cannot_be_revoked(login_as, admin, sales, mailbox, new_client, db):
    api = login_as(admin)
    invite_id = _invite(api, sales).get_json()["id"]
    token = mailbox.last_link("invite")
    new_client().post(f"/api/v1/auth/invites/{token}/accept", json={"name": "In", "password": NEW_PASSWORD})
    response = api.delete(f"/api/v1/invites/{invite_id}")
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Invite, invite_id).revoked_at is None


def test_invite_list_admin_sees_all_manager_sees_own_teams_rep_none(login_as, make_user, make_team, admin, sales):
    other = make_team("Finance", kind="finance")
    admin_api = login_as(admin)
    _invite(admin_api, sales, email="a@example.test")
    _invite(admin_api, other, email="b@example.test")
    manager = make_user(role="manager", team=sales, manages=True)

    assert {i["email"] for i in admin_api.get("/api/v1/invites").get_json()} == {"a@example.test", "b@example.test"}
    assert [i["email"] for i in login_as(manager).get("/api/v1/invites").get_json()] == ["a@example.test"]
    assert login_as(make_user(team=sales)).get("/api/v1/invites").status_code == 403


def test_accept_validates_name_and_password(login_as, admin, sales, mailbox, new_client, db):
    _invite(login_as(admin), sales)
    token = mailbox.last_link("invite")
    visitor = new_client()
    response = visitor.post(f"/api/v1/auth/invites/{token}/accept", json={"name": "  ", "password": "short"})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"name", "password"}
    # A failed attempt does not use the invite up.
    assert visitor.get(f"/api/v1/auth/invites/{token}").status_code == 200
    assert _users_with(db, "new@example.test") == 0
    assert db.session.query(Membership).count() == 0

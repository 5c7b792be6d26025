"""Accepting an invite when the organisation signs in through its provider: the invite page leads to the provider,
and the invitee's first sign-in there with the invited address completes the invite (role and team from the
invite, no password). With the provider required, choosing a password on the invite page is refused."""

from __future__ import annotations

from sqlalchemy import func, select

from backend.accounts.models import Invite, User
from backend.admin.models import AuditEntry
from tests.conftest import error_code
from tests.identity.test_require_provider import POLICY
from tests.identity.test_sign_in import provider_sign_in, refused_with


def invite(api, mailbox, team, email="newbie@acme.test", role="rep") -> str:
    response = api.post("/api/v1/invites", json={"email": email, "team_id": team.id, "role": role})
    assert response.status_code == 201, response.get_json()
    return mailbox.last_link("invite")


def accept_with_password(client, token, headers=None):
    return client.post(
        f"/api/v1/auth/invites/{token}/accept",
        json={"name": "Nina", "password": "een-lang-wachtwoord-1"},
        headers=headers or {},
    )


def test_required_provider_invite_is_completed_at_the_provider_not_with_a_password(
    client, new_client, login_as, db, mailbox, admin, connect, make_team
):
    team = make_team("Noord")
    connect(admin)
    api = login_as(admin)
    assert api.put(POLICY, json={"require_provider": True, "break_glass_user_id": admin.id}).status_code == 200
    token = invite(api, mailbox, team)

    how = client.get(f"/api/v1/auth/sso/invites/{token}").get_json()
    assert how == {"method": "provider", "provider_name": "127.0.0.1", "required": True, "email": "newbie@acme.test"}

    people = db.session.scalar(select(func.count()).select_from(User))
    refused = accept_with_password(client, token, headers={"Accept-Language": "en"})
    assert refused.status_code == 403 and error_code(refused) == "provider_required"
    assert "accept the invite through your work account" in refused.get_json()["error"]["message"]
    dutch = accept_with_password(new_client(), token, headers={"Accept-Language": "nl"})
    assert "werkaccount" in dutch.get_json()["error"]["message"]
    assert db.session.scalar(select(func.count()).select_from(User)) == people
    assert db.session.scalar(select(Invite.accepted_at)) is None
    assert client.get(f"/api/v1/auth/invites/{token}").status_code == 200  # still open

    response, _ = provider_sign_in(client, "newbie@acme.test", "newbie")
    assert response.headers["Location"] == "/"
    me = client.get("/api/v1/me").get_json()
    assert (me["email"], me["name"], me["role"]) == ("newbie@acme.test", "Nina Nieuw", "rep")
    assert [t["id"] for t in me["teams"]] == [team.id]
    db.session.expire_all()
    person = db.session.scalar(select(User).where(User.email == "newbie@acme.test"))
    assert person.password_hash is None
    assert db.session.scalar(select(Invite.accepted_at)) is not None
    assert client.get(f"/api/v1/auth/invites/{token}").status_code == 410  # used
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "identity.invite_accepted")).one()
    assert entry.target_id == person.id and entry.details["subject"] == "newbie"

    # From now on she is found by her subject, like anyone linked.
    again, _ = provider_sign_in(new_client(), "newbie@acme.test", "newbie")
    assert again.headers["Location"] == "/"


def test_an_invite_lets_an_unknown_person_in_even_when_unknown_people_are_refused(
    client, login_as, mailbox, admin, connect, make_team
):
    """Not required: the invite page offers the provider (and a password); the provider's way completes it too."""
    team = make_team()
    connect(admin, unknown_people="refuse")
    token = invite(login_as(admin), mailbox, team, role="manager")
    how = client.get(f"/api/v1/auth/sso/invites/{token}").get_json()
    assert (how["method"], how["required"]) == ("provider", False)
    response, _ = provider_sign_in(client, "newbie@acme.test", "newbie")
    assert response.headers["Location"] == "/"
    me = client.get("/api/v1/me").get_json()
    assert me["role"] == "manager" and [t["id"] for t in me["teams"]] == [team.id]


def test_a_password_still_accepts_when_the_provider_is_not_required(
    client, login_as, mailbox, admin, connect, make_team
):
    connect(admin)
    token = invite(login_as(admin), mailbox, make_team())
    response = accept_with_password(client, token)
    assert response.status_code in (200, 201), response.get_json()
    assert client.get("/api/v1/me").get_json()["email"] == "newbie@acme.test"


def test_an_invite_outside_the_covered_domains_says_so(client, login_as, mailbox, admin, connect, make_team):
    team = make_team()
    connect(admin)
    api = login_as(admin)
    api.put(POLICY, json={"require_provider": True, "break_glass_user_id": admin.id})
    token = invite(api, mailbox, team, email="freelancer@elsewhere.test")
    assert client.get(f"/api/v1/auth/sso/invites/{token}").get_json() == {
        "method": "unavailable",
        "provider_name": None,
        "required": True,
        "email": "freelancer@elsewhere.test",
    }
    assert accept_with_password(client, token).status_code == 403


def test_no_provider_means_a_password(client, login_as, mailbox, admin, make_team):
    token = invite(login_as(admin), mailbox, make_team())
    how = client.get(f"/api/v1/auth/sso/invites/{token}").get_json()
    assert (how["method"], how["required"], how["provider_name"]) == ("password", False, None)
    assert client.get("/api/v1/auth/sso/invites/not-a-token").status_code == 410


def test_a_revoked_or_expired_invite_does_not_let_anyone_in(client, db, login_as, mailbox, admin, connect, make_team):
    connect(admin)
    api = login_as(admin)
    invite(api, mailbox, make_team())
    invite_id = db.session.scalar(select(Invite.id))
    assert api.delete(f"/api/v1/invites/{invite_id}").status_code in (200, 204)
    response, _ = provider_sign_in(client, "newbie@acme.test", "newbie")
    assert refused_with(response) == "unknown_person"


def test_the_admins_test_run_says_the_invite_would_be_accepted(login_as, mailbox, db, admin, connect, make_team):
    from tests.identity.test_provider import _test_run

    connect(admin)
    api = login_as(admin)
    invite(api, mailbox, make_team())
    assert _test_run(api, "newbie") == "/admin/organisation?sso_test=ok_invited&sso_test_email=newbie%40acme.test"
    assert db.session.scalar(select(Invite.accepted_at)) is None


def test_the_invite_mail_names_the_provider_for_a_covered_address_and_a_password_otherwise(
    login_as, mailbox, admin, connect, make_team
):
    team = make_team()
    connect(admin)
    api = login_as(admin)
    invite(api, mailbox, team, email="covered@acme.test")
    covered = mailbox.messages[-1].get_content()
    assert "werkaccount (127.0.0.1)" in covered or "work account (127.0.0.1)" in covered
    assert "wachtwoord" not in covered and "password" not in covered
    invite(api, mailbox, team, email="freelancer@elsewhere.test")
    elsewhere = mailbox.messages[-1].get_content()
    assert "wachtwoord" in elsewhere or "password" in elsewhere

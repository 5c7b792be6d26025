"""Inviting many at once (bad lines reported), resending and revoking invites."""

from sqlalchemy import func, select

from backend.accounts.models import Invite
from tests.conftest import error_code

PASTED = """lotte@example.nl
  Daan Meijer <DAAN@example.nl>

not-an-address
lotte@example.nl
ruben@acme.test
fleur@example.nl; sem@example.nl
"""


def _bulk(client, team, emails=PASTED, role="rep"):
    return client.post("/api/v1/admin/invites/bulk", json={"emails": emails, "team_id": team.id, "role": role})


def test_invite_many_invites_the_good_lines_and_reports_the_bad_ones(login_as, acme, mailbox, db):
    response = _bulk(login_as(acme.admin), acme.noord)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [i["email"] for i in body["invited"]] == [
        "lotte@example.nl",
        "daan@example.nl",
        "fleur@example.nl",
        "sem@example.nl",
    ]
    assert [(p["line"], p["value"], p["code"]) for p in body["problems"]] == [
        (4, "not-an-address", "invalid_email"),
        (5, "lotte@example.nl", "duplicate_in_list"),
        (6, "ruben@acme.test", "email_taken"),
    ]
    assert all(p["message"] for p in body["problems"])
    assert sorted(m["To"] for m in mailbox.messages) == sorted(i["email"] for i in body["invited"])


def test_an_open_invite_is_reported_not_sent_twice(login_as, acme, mailbox):
    admin = login_as(acme.admin)
    _bulk(admin, acme.noord, "lotte@example.nl")
    again = _bulk(admin, acme.noord, "lotte@example.nl\nnew@example.nl").get_json()
    assert [p["code"] for p in again["problems"]] == ["already_invited"]
    assert [i["email"] for i in again["invited"]] == ["new@example.nl"]
    assert len(mailbox.messages) == 2


def test_invited_person_accepts_and_lands_in_the_team_with_the_role(login_as, acme, mailbox, new_client):
    _bulk(login_as(acme.admin), acme.finance, "iris@example.nl", role="staff")
    token = mailbox.last_link("invite")
    me = new_client().post(f"/api/v1/auth/invites/{token}/accept", json={"name": "Iris", "password": "a good password"})
    assert me.status_code == 200
    assert me.get_json()["role"] == "staff" and [t["name"] for t in me.get_json()["teams"]] == ["Finance"]


def test_manager_invites_many_only_into_own_team_and_only_reps_or_staff(login_as, acme, db):
    manager = login_as(acme.manager)
    assert _bulk(manager, acme.noord, "a@example.nl").status_code == 200
    assert _bulk(manager, acme.zuid, "b@example.nl").status_code == 403
    assert _bulk(manager, acme.noord, "c@example.nl", role="manager").status_code == 403
    assert _bulk(login_as(acme.rep), acme.noord, "d@example.nl").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Invite)) == 1


def test_nothing_to_invite_or_too_many_lines_is_422(login_as, acme):
    admin = login_as(acme.admin)
    assert _bulk(admin, acme.noord, " \n \n").status_code == 422
    many = "\n".join(f"p{n}@example.nl" for n in range(201))
    response = _bulk(admin, acme.noord, many)
    assert response.status_code == 422 and "emails" in response.get_json()["error"]["fields"]


def test_resend_gives_a_fresh_link_and_the_old_one_stops_working(login_as, acme, mailbox, new_client):
    admin = login_as(acme.admin)
    invite_id = _bulk(admin, acme.noord, "lotte@example.nl").get_json()["invited"][0]["id"]
    old = mailbox.last_link("invite")
    response = admin.post(f"/api/v1/invites/{invite_id}/resend")
    assert response.status_code == 200 and response.get_json()["status"] == "open"
    new = mailbox.last_link("invite")
    assert new != old
    assert new_client().get(f"/api/v1/auth/invites/{old}").status_code == 410
    assert new_client().get(f"/api/v1/auth/invites/{new}").status_code == 200


def test_a_revoked_invite_cannot_be_resent(login_as, acme):
    admin = login_as(acme.admin)
    invite_id = _bulk(admin, acme.noord, "lotte@example.nl").get_json()["invited"][0]["id"]
    assert admin.delete(f"/api/v1/invites/{invite_id}").status_code == 204
    listed = {i["id"]: i for i in admin.get("/api/v1/invites").get_json()}
    assert listed[invite_id]["status"] == "revoked" and listed[invite_id]["team_name"] == "Sales Noord"
    response = admin.post(f"/api/v1/invites/{invite_id}/resend")
    assert response.status_code == 409 and error_code(response) == "invite_closed"


def test_manager_cannot_resend_an_invite_of_another_team(login_as, acme):
    invite_id = _bulk(login_as(acme.admin), acme.zuid, "x@example.nl").get_json()["invited"][0]["id"]
    assert login_as(acme.manager).post(f"/api/v1/invites/{invite_id}/resend").status_code == 403

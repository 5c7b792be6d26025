"""People administration: list, search and filters, role and team changes, deactivation, manager limits."""

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from backend.accounts.models import Membership, UserSession
from backend.rhythm.models import CheckIn
from backend.signals import person_deactivated
from tests.conftest import PASSWORD, error_code


def _names(response):
    assert response.status_code == 200, response.get_json()
    return [p["name"] for p in response.get_json()]


def test_admin_lists_everyone_sorted_with_teams(login_as, acme):
    people = login_as(acme.admin).get("/api/v1/admin/people").get_json()
    assert [p["name"] for p in people] == [
        "Anouk Admin",
        "Femke Finance",
        "Martijn Manager",
        "Ruben Rep",
        "Sem Zuid",
    ]
    ruben = next(p for p in people if p["name"] == "Ruben Rep")
    assert ruben["email"] == "ruben@acme.test" and ruben["role"] == "rep" and ruben["active"] is True
    assert ruben["teams"] == [{"id": acme.noord.id, "name": "Sales Noord", "manages": False, "archived": False}]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=ruben", ["Ruben Rep"]),
        ("q=ACME.TEST&role=manager", ["Martijn Manager"]),
        ("q=%25", []),  # a literal %, not a wildcard
        ("role=rep", ["Ruben Rep", "Sem Zuid"]),
        ("team_id={noord}", ["Martijn Manager", "Ruben Rep"]),
        ("active=false", ["Femke Finance"]),
        ("active=true&team_id={finance}", []),
    ],
)
def test_people_search_and_filters(login_as, acme, db, query, expected):
    acme.staff.active = False
    db.session.commit()
    url = "/api/v1/admin/people?" + query.format(noord=acme.noord.id, finance=acme.finance.id)
    assert _names(login_as(acme.admin).get(url)) == expected


def test_manager_sees_only_the_people_of_their_own_teams(login_as, acme):
    assert _names(login_as(acme.manager).get("/api/v1/admin/people")) == ["Martijn Manager", "Ruben Rep"]


def test_reps_and_staff_cannot_administer_people(login_as, acme):
    for person in (acme.rep, acme.staff):
        assert login_as(person).get("/api/v1/admin/people").status_code == 403
        assert (
            login_as(person).patch(f"/api/v1/admin/people/{acme.zuid_rep.id}", json={"active": False}).status_code
            == 403
        )


def test_admin_changes_role_and_team(login_as, acme, db):
    admin = login_as(acme.admin)
    response = admin.patch(f"/api/v1/admin/people/{acme.rep.id}", json={"role": "manager", "team_id": acme.zuid.id})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["role"] == "manager"
    assert [t["name"] for t in response.get_json()["teams"]] == ["Sales Zuid"]


def test_demoting_a_manager_ends_their_managing(login_as, acme, db):
    login_as(acme.admin).patch(f"/api/v1/admin/people/{acme.manager.id}", json={"role": "rep"})
    assert not db.session.scalar(select(Membership.manages).where(Membership.user_id == acme.manager.id))


def test_manager_moves_and_re_roles_reps_only_within_their_own_teams(login_as, acme, make_team, db):
    second = make_team("Sales West")
    db.session.add(Membership(team_id=second.id, user_id=acme.manager.id, manages=True))
    db.session.commit()
    manager = login_as(acme.manager)

    moved = manager.patch(f"/api/v1/admin/people/{acme.rep.id}", json={"team_id": second.id, "role": "staff"})
    assert moved.status_code == 200, moved.get_json()
    assert [t["name"] for t in moved.get_json()["teams"]] == ["Sales West"]
    assert moved.get_json()["role"] == "staff"

    forbidden = [
        (acme.rep.id, {"role": "manager"}),  # no promotions by managers
        (acme.rep.id, {"role": "admin"}),
        (acme.rep.id, {"team_id": acme.zuid.id}),  # not their team
        (acme.zuid_rep.id, {"active": False}),  # not their person
        (acme.zuid_rep.id, {"team_id": second.id}),
    ]
    for user_id, body in forbidden:
        response = manager.patch(f"/api/v1/admin/people/{user_id}", json=body)
        assert response.status_code == 403, (user_id, body)


def test_manager_cannot_touch_another_manager_or_an_admin(login_as, acme, make_user, db):
    other_manager = make_user(role="manager", team=acme.noord, manages=False)
    manager = login_as(acme.manager)
    assert manager.patch(f"/api/v1/admin/people/{other_manager.id}", json={"active": False}).status_code == 403
    assert manager.patch(f"/api/v1/admin/people/{acme.admin.id}", json={"active": False}).status_code == 403


def test_deactivated_person_cannot_sign_in_loses_sessions_and_keeps_history(
    login_as, acme, new_client, db, received, make_behaviour
):
    behaviour = make_behaviour([acme.noord])
    db.session.add(
        CheckIn(
            organisation_id=acme.rep.organisation_id,
            user_id=acme.rep.id,
            behaviour_id=behaviour.id,
            client_id=str(uuid.uuid4()),
            occurred_on=date(2026, 3, 2),
            time_zone="Europe/Amsterdam",
            points=10,
        )
    )
    db.session.commit()
    phone = login_as(acme.rep)
    laptop = login_as(acme.rep)
    calls = received(person_deactivated)

    response = login_as(acme.admin).patch(f"/api/v1/admin/people/{acme.rep.id}", json={"active": False})
    assert response.status_code == 200 and response.get_json()["active"] is False

    assert [call.id for call in calls] == [acme.rep.id]  # reminders and boards let go of them
    assert phone.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 401
    refused = new_client().post("/api/v1/auth/login", json={"email": acme.rep.email, "password": PASSWORD})
    assert refused.status_code == 401 and error_code(refused) == "invalid_credentials"
    open_sessions = (
        select(func.count())
        .select_from(UserSession)
        .where(UserSession.user_id == acme.rep.id, UserSession.revoked_at.is_(None))
    )
    assert db.session.scalar(open_sessions) == 0
    assert db.session.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.user_id == acme.rep.id)) == 1
    assert db.session.scalar(select(func.count()).select_from(Membership).where(Membership.user_id == acme.rep.id)) == 1

    # Reactivated, they sign in again with the same password.
    login_as(acme.admin).patch(f"/api/v1/admin/people/{acme.rep.id}", json={"active": True})
    assert (
        new_client().post("/api/v1/auth/login", json={"email": acme.rep.email, "password": PASSWORD}).status_code == 200
    )


def test_deactivated_person_cannot_reset_their_password_in(login_as, acme, new_client, mailbox):
    login_as(acme.admin).patch(f"/api/v1/admin/people/{acme.rep.id}", json={"active": False})
    new_client().post("/api/v1/auth/password-reset", json={"email": acme.rep.email})
    assert mailbox.messages == []


def test_the_last_active_admin_cannot_be_deactivated_or_demoted(login_as, acme, make_user):
    admin = login_as(acme.admin)
    for body in ({"active": False}, {"role": "rep"}):
        response = admin.patch(f"/api/v1/admin/people/{acme.admin.id}", json=body)
        assert response.status_code == 409 and error_code(response) == "not_yourself"
    second = make_user(role="admin")
    response = login_as(second).patch(f"/api/v1/admin/people/{acme.admin.id}", json={"role": "rep"})
    assert response.status_code == 200
    response = admin.patch(f"/api/v1/admin/people/{second.id}", json={"active": False})
    assert response.status_code == 403  # acme.admin is a rep now


def test_an_admin_cannot_remove_the_only_other_admin_when_that_leaves_none(login_as, acme, make_user, db):
    other = make_user(role="admin")
    acme.admin.active = False  # an inactive admin does not count
    db.session.commit()
    third = make_user(role="admin")
    third_client = login_as(third)
    assert third_client.patch(f"/api/v1/admin/people/{other.id}", json={"active": False}).status_code == 200
    response = login_as(third).patch(f"/api/v1/admin/people/{third.id}", json={"role": "rep"})
    assert response.status_code == 409


@pytest.mark.parametrize(
    "body",
    [{"role": "boss"}, {"team_id": 0}, {"team_id": "1"}, {"active": "yes"}, {"team_id": 2**31}],
)
def test_bad_person_changes_are_422(login_as, acme, body):
    assert login_as(acme.admin).patch(f"/api/v1/admin/people/{acme.rep.id}", json=body).status_code == 422


def test_moving_into_an_archived_team_is_refused(login_as, acme, db):
    acme.zuid.archived_at = acme.zuid.created_at
    db.session.commit()
    response = login_as(acme.admin).patch(f"/api/v1/admin/people/{acme.rep.id}", json={"team_id": acme.zuid.id})
    assert response.status_code == 422

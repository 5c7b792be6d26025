"""Teams and memberships: who sees what, who may change what."""

import pytest
from sqlalchemy import func, select

from backend.accounts.models import Membership, Team
from tests.conftest import error_code


@pytest.fixture
def noord(make_team):
    return make_team("Sales Noord")


@pytest.fixture
def zuid(make_team):
    return make_team("Sales Zuid")


@pytest.fixture
def admin(make_user):
    return make_user(role="admin")


@pytest.fixture
def manager(make_user, noord):
    return make_user(role="manager", team=noord, manages=True, email="manager@example.test")


def _team_names(db):
    db.session.expire_all()
    return sorted(db.session.scalars(select(Team.name)))


def _membership(db, team, user):
    db.session.expire_all()
    return db.session.scalar(select(Membership).where(Membership.team_id == team.id, Membership.user_id == user.id))


def _membership_count(db):
    return db.session.scalar(select(func.count()).select_from(Membership))


# --- listing ----------------------------------------------------------------------------------


def test_team_list_shows_own_organisation_sorted_without_archived(
    login_as, make_user, make_team, make_org, noord, zuid, db
):
    make_team("Finance", kind="finance")
    make_team("Foreign Sales", organisation=make_org())
    archived = make_team("Old Team")
    archived.archived_at = archived.created_at
    db.session.commit()
    rep = make_user(team=noord)
    make_user(team=noord)

    teams = login_as(rep).get("/api/v1/teams").get_json()
    assert [t["name"] for t in teams] == ["Finance", "Sales Noord", "Sales Zuid"]
    by_name = {t["name"]: t for t in teams}
    assert by_name["Sales Noord"] == {
        "id": noord.id,
        "name": "Sales Noord",
        "kind": "sales",
        "member_count": 2,
        "archived": False,
        "managers": [],
    }
    assert by_name["Finance"]["kind"] == "finance"


def test_team_list_needs_sign_in(client, noord):
    assert client.get("/api/v1/teams").status_code == 401


# --- creating, renaming, archiving ------------------------------------------------------------


def test_admin_creates_a_team(login_as, admin, db):
    response = login_as(admin).post("/api/v1/teams", json={"name": " Customer Service ", "kind": "customer_service"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["name"] == "Customer Service" and body["kind"] == "customer_service"
    assert body["member_count"] == 0 and body["archived"] is False
    team = db.session.get(Team, body["id"])
    assert team.organisation_id == admin.organisation_id
    assert team.name == "Customer Service"


def test_unknown_team_kind_is_refused(login_as, admin, db):
    response = login_as(admin).post("/api/v1/teams", json={"name": "Legal", "kind": "legal"})
    assert response.status_code == 422
    assert "kind" in response.get_json()["error"]["fields"]
    assert _team_names(db) == []


def test_duplicate_team_name_is_a_conflict(login_as, admin, noord, db):
    api = login_as(admin)
    response = api.post("/api/v1/teams", json={"name": "  Sales Noord", "kind": "sales"})
    assert response.status_code == 409
    assert "name" in response.get_json()["error"]["fields"]
    assert _team_names(db) == ["Sales Noord"]


def test_same_team_name_in_another_organisation_is_fine(login_as, make_org, make_team, admin, db):
    make_team("Sales Noord", organisation=make_org())
    assert login_as(admin).post("/api/v1/teams", json={"name": "Sales Noord", "kind": "sales"}).status_code == 201


@pytest.mark.parametrize("role", ["rep", "staff", "manager"])
def test_only_admins_create_teams(login_as, make_user, noord, db, role):
    person = make_user(role=role, team=noord, manages=role == "manager")
    response = login_as(person).post("/api/v1/teams", json={"name": "Mine", "kind": "sales"})
    assert response.status_code == 403
    assert error_code(response) == "forbidden"
    assert _team_names(db) == ["Sales Noord"]


def test_admin_renames_and_changes_kind(login_as, admin, noord, db):
    response = login_as(admin).patch(f"/api/v1/teams/{noord.id}", json={"name": "Sales North", "kind": "other"})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Sales North"
    db.session.expire_all()
    assert (noord.name, noord.kind) == ("Sales North", "other")


def test_renaming_to_its_own_name_is_fine(login_as, admin, noord):
    assert login_as(admin).patch(f"/api/v1/teams/{noord.id}", json={"name": "Sales Noord"}).status_code == 200


def test_renaming_onto_another_teams_name_is_a_conflict(login_as, admin, noord, zuid, db):
    response = login_as(admin).patch(f"/api/v1/teams/{zuid.id}", json={"name": "Sales Noord"})
    assert response.status_code == 409
    assert _team_names(db) == ["Sales Noord", "Sales Zuid"]


def test_admin_archives_and_restores_a_team(login_as, admin, make_user, noord, zuid, db):
    rep = make_user(team=noord)
    api = login_as(admin)
    response = api.patch(f"/api/v1/teams/{noord.id}", json={"archived": True})
    assert response.status_code == 200 and response.get_json()["archived"] is True
    db.session.expire_all()
    assert noord.archived_at is not None
    assert [t["name"] for t in api.get("/api/v1/teams").get_json()] == ["Sales Zuid"]
    assert login_as(rep).get("/api/v1/me").get_json()["teams"] == []

    assert api.patch(f"/api/v1/teams/{noord.id}", json={"archived": False}).status_code == 200
    db.session.expire_all()
    assert noord.archived_at is None
    assert [t["name"] for t in api.get("/api/v1/teams").get_json()] == ["Sales Noord", "Sales Zuid"]


@pytest.mark.parametrize("role", ["rep", "staff", "manager"])
def test_only_admins_rename_or_archive(login_as, make_user, noord, db, role):
    person = make_user(role=role, team=noord, manages=role == "manager")
    api = login_as(person)
    assert api.patch(f"/api/v1/teams/{noord.id}", json={"name": "Renamed"}).status_code == 403
    assert api.patch(f"/api/v1/teams/{noord.id}", json={"archived": True}).status_code == 403
    db.session.expire_all()
    assert noord.name == "Sales Noord" and noord.archived_at is None


def test_unknown_team_is_not_found(login_as, admin):
    assert login_as(admin).patch("/api/v1/teams/999999", json={"name": "X"}).status_code == 404
    assert login_as(admin).get("/api/v1/teams/999999/members").status_code == 404


# --- members ----------------------------------------------------------------------------------


def test_members_list_hides_email_from_reps(login_as, make_user, noord, manager):
    rep = make_user(team=noord, name="Ruben", email="ruben@example.test")
    members = login_as(rep).get(f"/api/v1/teams/{noord.id}/members").get_json()
    assert {m["name"] for m in members} == {"Ruben", manager.name}
    assert all("email" not in m for m in members)
    # Managers first.
    assert members[0]["id"] == manager.id and members[0]["manages"] is True
    assert members[1] == {"id": rep.id, "name": "Ruben", "role": "rep", "manages": False, "active": True}


def test_members_list_hides_email_from_managers_of_other_teams(login_as, make_user, noord, zuid):
    make_user(team=noord)
    other_manager = make_user(role="manager", team=zuid, manages=True)
    members = login_as(other_manager).get(f"/api/v1/teams/{noord.id}/members").get_json()
    assert members and all("email" not in m for m in members)


def test_members_list_shows_email_to_admins_and_the_teams_managers(login_as, make_user, admin, noord, manager):
    make_user(team=noord, email="ruben@example.test")
    for viewer in (admin, manager):
        members = login_as(viewer).get(f"/api/v1/teams/{noord.id}/members").get_json()
        assert {m["email"] for m in members} == {"ruben@example.test", "manager@example.test"}


def test_admin_adds_anyone_and_makes_a_manager_manage(login_as, make_user, admin, noord, zuid, db):
    rep = make_user(team=zuid)
    boss = make_user(role="manager")
    api = login_as(admin)
    response = api.put(f"/api/v1/teams/{noord.id}/members/{rep.id}", json={})
    assert response.status_code == 200
    assert response.get_json()["manages"] is False
    assert _membership(db, noord, rep) is not None
    assert _membership(db, zuid, rep) is not None  # added, not moved

    response = api.put(f"/api/v1/teams/{noord.id}/members/{boss.id}", json={"manages": True})
    assert response.status_code == 200 and response.get_json()["manages"] is True
    assert _membership(db, noord, boss).manages is True
    # PUT is idempotent and can take management away again.
    assert api.put(f"/api/v1/teams/{noord.id}/members/{boss.id}", json={"manages": False}).status_code == 200
    assert _membership(db, noord, boss).manages is False
    assert _membership_count(db) == 3


def test_admin_removes_anyone(login_as, make_user, admin, noord, manager, db):
    api = login_as(admin)
    assert api.delete(f"/api/v1/teams/{noord.id}/members/{manager.id}").status_code == 204
    assert _membership(db, noord, manager) is None


@pytest.mark.parametrize("role", ["rep", "staff"])
def test_manages_only_for_managers_and_admins(login_as, make_user, admin, noord, db, role):
    person = make_user(role=role, team=noord)
    response = login_as(admin).put(f"/api/v1/teams/{noord.id}/members/{person.id}", json={"manages": True})
    assert response.status_code == 422
    assert "manages" in response.get_json()["error"]["fields"]
    assert _membership(db, noord, person).manages is False


@pytest.mark.parametrize("role", ["rep", "staff"])
def test_manager_adds_and_removes_reps_and_staff_in_own_team(login_as, make_user, manager, noord, db, role):
    person = make_user(role=role)
    api = login_as(manager)
    assert api.put(f"/api/v1/teams/{noord.id}/members/{person.id}", json={}).status_code == 200
    assert _membership(db, noord, person) is not None
    assert api.delete(f"/api/v1/teams/{noord.id}/members/{person.id}").status_code == 204
    assert _membership(db, noord, person) is None


def test_manager_cannot_change_another_team(login_as, make_user, manager, zuid, db):
    rep = make_user()
    zuid_rep = make_user(team=zuid)
    api = login_as(manager)
    assert api.put(f"/api/v1/teams/{zuid.id}/members/{rep.id}", json={}).status_code == 403
    assert api.delete(f"/api/v1/teams/{zuid.id}/members/{zuid_rep.id}").status_code == 403
    assert _membership(db, zuid, rep) is None
    assert _membership(db, zuid, zuid_rep) is not None


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_manager_cannot_add_or_promote_managers_and_admins(login_as, make_user, manager, noord, db, role):
    person = make_user(role=role)
    api = login_as(manager)
    assert api.put(f"/api/v1/teams/{noord.id}/members/{person.id}", json={}).status_code == 403
    assert api.put(f"/api/v1/teams/{noord.id}/members/{person.id}", json={"manages": True}).status_code == 403
    assert _membership(db, noord, person) is None


def test_manager_cannot_remove_a_co_manager(login_as, make_user, manager, noord, db):
    co_manager = make_user(role="manager", team=noord, manages=True)
    response = login_as(manager).delete(f"/api/v1/teams/{noord.id}/members/{co_manager.id}")
    assert response.status_code == 403
    assert _membership(db, noord, co_manager) is not None


def test_manager_cannot_take_away_own_management(login_as, manager, noord, db):
    response = login_as(manager).put(f"/api/v1/teams/{noord.id}/members/{manager.id}", json={"manages": False})
    assert response.status_code == 403
    assert _membership(db, noord, manager).manages is True


@pytest.mark.parametrize("role", ["rep", "staff"])
def test_reps_and_staff_cannot_change_memberships(login_as, make_user, noord, db, role):
    person = make_user(role=role, team=noord)
    colleague = make_user(team=noord)
    outsider = make_user()
    api = login_as(person)
    assert api.put(f"/api/v1/teams/{noord.id}/members/{outsider.id}", json={}).status_code == 403
    assert api.delete(f"/api/v1/teams/{noord.id}/members/{colleague.id}").status_code == 403
    assert _membership(db, noord, outsider) is None
    assert _membership(db, noord, colleague) is not None


def test_removing_someone_who_is_not_a_member_is_not_found(login_as, make_user, admin, noord):
    outsider = make_user()
    assert login_as(admin).delete(f"/api/v1/teams/{noord.id}/members/{outsider.id}").status_code == 404

"""Badge awards and nominations: who may award whom, reasons, links, and the manager's decision."""

from backend.badges.models import BadgeAward
from tests.conftest import error_code
from tests.wins.conftest import log_win


def award(api, badge, person, reason="Volgde elke klant binnen 24 uur op", **links):
    return api.post("/api/v1/awards", json={"badge_id": badge.id, "user_id": person.id, "reason": reason, **links})


def test_a_manager_awards_a_badge_to_someone_in_their_team_with_a_reason(world, login_as, make_badge):
    badge = make_badge("Snelle opvolger")
    response = award(login_as(world["manager"]), badge, world["rep"])
    assert response.status_code == 201
    body = response.get_json()
    assert body["badge"]["name"] == "Snelle opvolger" and body["reason"] == "Volgde elke klant binnen 24 uur op"
    assert body["awarded_by"]["id"] == world["manager"].id and body["automatic"] is False
    notes = login_as(world["rep"]).get("/api/v1/notifications").get_json()
    assert notes["unread"] == 1 and notes["items"][0]["kind"] == "badge"


def test_a_rep_or_staff_cannot_award(world, login_as, make_badge, db):
    badge = make_badge()
    for role in ("rep", "finance"):
        response = award(login_as(world[role]), badge, world["lotte"])
        assert response.status_code == 403
    assert db.session.query(BadgeAward).count() == 0


def test_a_manager_of_another_team_cannot_award(world, login_as, make_badge):
    response = award(login_as(world["manager_zuid"]), make_badge(), world["rep"])
    assert response.status_code == 403


def test_an_admin_awards_anyone_in_the_organisation(world, login_as, make_badge):
    assert award(login_as(world["admin"]), make_badge(), world["finance"]).status_code == 201


def test_a_person_or_badge_of_another_organisation_is_not_found(world, login_as, make_badge, make_org):
    badge = make_badge()
    manager = login_as(world["manager"])
    assert award(manager, badge, world["stranger"]).status_code == 404
    foreign_badge = make_badge("Elders", organisation=world["stranger"].organisation)
    assert award(manager, foreign_badge, world["rep"]).status_code == 404
    assert award(login_as(world["stranger_manager"]), badge, world["stranger"]).status_code == 404


def test_the_reason_is_required_and_names_something(world, login_as, make_badge):
    manager = login_as(world["manager"])
    missing = manager.post("/api/v1/awards", json={"badge_id": make_badge().id, "user_id": world["rep"].id})
    assert missing.status_code == 422 and "reason" in missing.get_json()["error"]["fields"]
    assert award(manager, make_badge("Goed voorbereid"), world["rep"], reason="    ").status_code == 422


def test_an_automatic_badge_cannot_be_awarded_by_hand(world, login_as, make_badge):
    badge = make_badge("Ritmevast", kind="automatic", criterion="streak", weeks=10)
    response = award(login_as(world["manager"]), badge, world["rep"])
    assert response.status_code == 422


def test_an_award_links_to_a_win_of_the_person_only(world, login_as, make_badge):
    badge = make_badge()
    win_id = log_win(login_as(world["finance"]), credited_ids=[world["rep"].id]).get_json()["id"]
    other_win = log_win(login_as(world["lotte"])).get_json()["id"]
    foreign_win = log_win(login_as(world["stranger"])).get_json()["id"]
    manager = login_as(world["manager"])
    assert award(manager, badge, world["rep"], win_id=win_id).status_code == 201
    assert award(manager, badge, world["rep"], win_id=other_win).status_code == 422
    assert award(manager, badge, world["rep"], win_id=foreign_win).status_code == 404
    assert award(manager, badge, world["rep"], checkin_id=999999).status_code == 404


def test_an_award_links_to_a_check_in_of_the_person(world, login_as, make_badge, make_behaviour, db):
    from tests.wins.conftest import new_client_id

    behaviour = make_behaviour([world["teams"]["noord"]])
    checkin = login_as(world["rep"]).post(
        "/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": new_client_id()}
    )
    assert checkin.status_code == 201
    manager = login_as(world["manager"])
    badge = make_badge()
    linked = award(manager, badge, world["rep"], checkin_id=checkin.get_json()["id"])
    assert linked.status_code == 201 and linked.get_json()["checkin_id"] == checkin.get_json()["id"]
    assert award(manager, badge, world["lotte"], checkin_id=checkin.get_json()["id"]).status_code == 422


def test_a_rep_nominates_and_the_manager_approves_which_awards_the_badge(world, login_as, make_badge):
    badge = make_badge("Goed voorbereid")
    lotte = login_as(world["lotte"])
    nominated = lotte.post(
        "/api/v1/nominations",
        json={"badge_id": badge.id, "user_id": world["rep"].id, "reason": "Had de klantcontext perfect voorbereid"},
    )
    assert nominated.status_code == 201 and nominated.get_json()["status"] == "pending"
    nomination_id = nominated.get_json()["id"]
    manager = login_as(world["manager"])
    assert manager.get("/api/v1/notifications").get_json()["items"][0]["kind"] == "nomination"
    pending = manager.get("/api/v1/nominations").get_json()
    assert [n["id"] for n in pending] == [nomination_id] and pending[0]["can_decide"] is True
    assert login_as(world["manager_zuid"]).post(f"/api/v1/nominations/{nomination_id}/approve").status_code == 403
    assert lotte.post(f"/api/v1/nominations/{nomination_id}/approve").status_code == 403
    approved = manager.post(f"/api/v1/nominations/{nomination_id}/approve", json={})
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    award_id = approved.get_json()["award_id"]
    shown = login_as(world["rep"]).get(f"/api/v1/awards/{award_id}").get_json()
    assert (
        shown["reason"] == "Had de klantcontext perfect voorbereid" and shown["awarded_by"]["id"] == world["manager"].id
    )
    again = manager.post(f"/api/v1/nominations/{nomination_id}/decline", json={})
    assert again.status_code == 409 and error_code(again) == "already_decided"


def test_a_declined_nomination_awards_nothing(world, login_as, make_badge, db):
    badge = make_badge()
    nomination_id = (
        login_as(world["finance"])
        .post("/api/v1/nominations", json={"badge_id": badge.id, "user_id": world["sem"].id, "reason": "Snel gebeld"})
        .get_json()["id"]
    )
    declined = login_as(world["manager_zuid"]).post(f"/api/v1/nominations/{nomination_id}/decline", json={})
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    assert db.session.query(BadgeAward).count() == 0


def test_nominating_oneself_or_someone_elsewhere_is_refused(world, login_as, make_badge):
    badge = make_badge()
    api = login_as(world["rep"])
    body = {"badge_id": badge.id, "reason": "Omdat het kan"}
    assert api.post("/api/v1/nominations", json={**body, "user_id": world["rep"].id}).status_code == 422
    assert api.post("/api/v1/nominations", json={**body, "user_id": world["stranger"].id}).status_code == 404


def test_the_catalogue_lists_badges_with_their_kind_and_only_managers_add_to_it(world, login_as, make_badge):
    make_badge("Snelle opvolger")
    make_badge("Teamspeler", kind="automatic", criterion="credited_wins", threshold=5)
    listed = login_as(world["rep"]).get("/api/v1/badges").get_json()
    assert {(b["name"], b["kind"]) for b in listed} == {("Snelle opvolger", "manual"), ("Teamspeler", "automatic")}
    teamspeler = next(b for b in listed if b["kind"] == "automatic")
    assert teamspeler["criterion_text"] == "Genoemd in 5 klantsuccessen van collega's."
    new = {"name_nl": "Luisteraar", "name_en": "Listener", "kind": "manual", "emoji": "👂"}
    assert login_as(world["rep"]).post("/api/v1/badges", json=new).status_code == 403
    assert login_as(world["manager"]).post("/api/v1/badges", json=new).status_code == 201
    no_criterion = login_as(world["admin"]).post("/api/v1/badges", json={"name_nl": "Auto", "kind": "automatic"})
    assert no_criterion.status_code == 422

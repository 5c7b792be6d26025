"""Customer wins over HTTP: logging, idempotent replays, credits, editing, hiding, confirmation, points."""

from datetime import UTC, datetime, timedelta

import time_machine

from backend.wins.models import Win
from tests.conftest import error_code
from tests.wins.conftest import log_win, new_client_id

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def test_staff_logs_a_win_crediting_a_rep_and_both_earn_points(world, login_as, points):
    finance, rep = world["finance"], world["rep"]
    response = log_win(
        login_as(finance), customer="Bouwbedrijf De Vries", evidence="opgelost binnen 2 uur", credited_ids=[rep.id]
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["impact_area"] == "finance"  # from the author's team
    assert body["author"] == {"id": finance.id, "name": "Femke"}
    assert body["credited"] == [{"id": rep.id, "name": "Ruben"}]
    assert body["applause_count"] == 0 and body["can_edit"] is True and body["confirmed"] is False
    assert sorted(points) == sorted([(finance.id, 10.0, "win"), (rep.id, 10.0, "win")])


def test_a_replayed_win_answers_the_stored_one_and_a_different_payload_conflicts(world, login_as, db, points):
    api = login_as(world["finance"])
    body = {"client_id": new_client_id(), "text": "NPS 9 na snelle creditnota"}
    first = api.post("/api/v1/wins", json=body)
    again = api.post("/api/v1/wins", json=body)
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    clash = api.post("/api/v1/wins", json={**body, "text": "iets anders"})
    assert clash.status_code == 409 and error_code(clash) == "client_id_reused"
    assert db.session.query(Win).count() == 1
    assert len(points) == 1


def test_win_text_is_required_and_at_most_1000_characters(world, login_as):
    api = login_as(world["finance"])
    assert log_win(api, text="   ").status_code == 422
    assert log_win(api, text="x" * 1001).status_code == 422
    assert log_win(api, text="x" * 1000).status_code == 201
    bad_area = log_win(api, impact_area="marketing")
    assert bad_area.status_code == 422 and "impact_area" in bad_area.get_json()["error"]["fields"]


def test_crediting_someone_of_another_organisation_or_oneself_is_refused(world, login_as, db):
    api = login_as(world["finance"])
    stranger = log_win(api, credited_ids=[world["stranger"].id])
    assert stranger.status_code == 422 and "credited_ids" in stranger.get_json()["error"]["fields"]
    itself = log_win(api, credited_ids=[world["finance"].id])
    assert itself.status_code == 422
    assert db.session.query(Win).count() == 0


def test_a_win_of_another_organisation_is_not_found(world, login_as):
    win_id = log_win(login_as(world["stranger"])).get_json()["id"]
    api = login_as(world["rep"])
    assert api.get(f"/api/v1/wins/{win_id}").status_code == 404
    assert api.post(f"/api/v1/wins/{win_id}/applause").status_code == 404
    assert login_as(world["manager"]).post(f"/api/v1/wins/{win_id}/confirm").status_code == 404
    assert login_as(world["admin"]).post(f"/api/v1/wins/{win_id}/hide").status_code == 404


def test_the_author_edits_and_deletes_within_24_hours_only(world, login_as, points, db):
    finance, rep, lotte = world["finance"], world["rep"], world["lotte"]
    with time_machine.travel(NOW, tick=False):
        api = login_as(finance)
        response = log_win(api, credited_ids=[rep.id])
        assert response.status_code == 201, response.get_json()
        win_id = response.get_json()["id"]
        other = log_win(api).get_json()["id"]
    with time_machine.travel(NOW + timedelta(hours=23), tick=False):
        edited = api.patch(f"/api/v1/wins/{win_id}", json={"text": "Beter verwoord", "credited_ids": [lotte.id]})
        assert edited.status_code == 200
        assert edited.get_json()["credited"] == [{"id": lotte.id, "name": "Lotte"}]
        assert login_as(rep).patch(f"/api/v1/wins/{win_id}", json={"text": "mijn versie"}).status_code == 403
    assert (rep.id, -10.0, "win") in points and (lotte.id, 10.0, "win") in points
    with time_machine.travel(NOW + timedelta(hours=23, minutes=30), tick=False):
        points.clear()
        assert api.delete(f"/api/v1/wins/{win_id}").status_code == 204
    assert sorted(points) == sorted([(finance.id, -10.0, "win"), (lotte.id, -10.0, "win")])
    with time_machine.travel(NOW + timedelta(hours=25), tick=False):
        late = api.patch(f"/api/v1/wins/{other}", json={"text": "te laat"})
        assert late.status_code == 422 and error_code(late) == "edit_window_over"
        assert api.delete(f"/api/v1/wins/{other}").status_code == 422
        # Still in the test's frozen week: the session signed in at NOW lasts 30 days, not until today.
        assert api.get(f"/api/v1/wins/{win_id}").status_code == 404


def test_a_manager_hides_a_win_which_is_kept_with_who_hid_it(world, login_as, db):
    win_id = log_win(login_as(world["rep"])).get_json()["id"]
    assert login_as(world["lotte"]).post(f"/api/v1/wins/{win_id}/hide").status_code == 403
    assert login_as(world["manager_zuid"]).post(f"/api/v1/wins/{win_id}/hide").status_code == 403
    hidden = login_as(world["manager"]).post(f"/api/v1/wins/{win_id}/hide")
    assert hidden.status_code == 200
    assert hidden.get_json()["hidden"] is True and hidden.get_json()["hidden_by"]["id"] == world["manager"].id
    db.session.expire_all()
    assert db.session.get(Win, win_id).hidden_by_id == world["manager"].id
    # Colleagues no longer see it, in the feed or by id; the author and admins still do.
    lotte = login_as(world["lotte"])
    assert lotte.get(f"/api/v1/wins/{win_id}").status_code == 404
    assert all(item["kind"] != "win" for item in lotte.get("/api/v1/feed").get_json()["items"])
    assert login_as(world["rep"]).get(f"/api/v1/wins/{win_id}").status_code == 200
    admin = login_as(world["admin"])
    assert admin.get(f"/api/v1/wins/{win_id}").get_json()["hidden"] is True
    assert all(item["kind"] != "win" for item in admin.get("/api/v1/feed").get_json()["items"])
    assert admin.delete(f"/api/v1/wins/{win_id}/hide").get_json()["hidden"] is False
    assert lotte.get(f"/api/v1/wins/{win_id}").status_code == 200


def test_the_credited_rep_or_a_manager_confirms_and_the_author_sees_who(world, login_as, points):
    finance, rep = world["finance"], world["rep"]
    api = login_as(finance)
    win_id = log_win(api, credited_ids=[rep.id]).get_json()["id"]
    assert api.post(f"/api/v1/wins/{win_id}/confirm").status_code == 403  # not the author
    assert login_as(world["lotte"]).post(f"/api/v1/wins/{win_id}/confirm").status_code == 403  # not credited
    assert login_as(world["manager_zuid"]).post(f"/api/v1/wins/{win_id}/confirm").status_code == 403
    points.clear()
    confirmed = login_as(rep).post(f"/api/v1/wins/{win_id}/confirm")
    assert confirmed.status_code == 200
    assert sorted(points) == sorted([(finance.id, 10.0, "win_confirmed"), (rep.id, 10.0, "win_confirmed")])
    again = login_as(world["manager"]).post(f"/api/v1/wins/{win_id}/confirm")
    assert again.status_code == 200 and len(points) == 2  # a second confirmation changes nothing
    seen = api.get(f"/api/v1/wins/{win_id}").get_json()
    assert seen["confirmed"] is True and seen["confirmed_by"] == {"id": rep.id, "name": "Ruben"}
    notifications = api.get("/api/v1/notifications").get_json()
    assert any(n["kind"] == "confirmed" and n["actor"]["id"] == rep.id for n in notifications["items"])


def test_a_manager_confirms_a_win_of_their_team(world, login_as):
    win_id = log_win(login_as(world["rep"])).get_json()["id"]
    assert login_as(world["manager"]).post(f"/api/v1/wins/{win_id}/confirm").status_code == 200


def test_win_points_follow_the_organisation_settings(world, login_as, points, db, org):
    org.win_points, org.confirmed_win_bonus = 25, 5
    db.session.commit()
    win_id = log_win(login_as(world["rep"])).get_json()["id"]
    login_as(world["manager"]).post(f"/api/v1/wins/{win_id}/confirm")
    assert points == [(world["rep"].id, 25.0, "win"), (world["rep"].id, 5.0, "win_confirmed")]

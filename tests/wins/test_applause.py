"""Applause for wins and badge awards: once per person, never one's own, withdrawn, notified."""

from backend import signals
from tests.conftest import error_code
from tests.wins.conftest import log_win


def test_applause_is_once_per_person_can_be_withdrawn_and_notifies_the_author(world, login_as):
    win_id = log_win(login_as(world["finance"])).get_json()["id"]
    heard = []
    receiver = lambda applause, **kw: heard.append(kw)  # noqa: E731
    signals.applause_given.connect(receiver)
    try:
        rep = login_as(world["rep"])
        first = rep.post(f"/api/v1/wins/{win_id}/applause")
        second = rep.post(f"/api/v1/wins/{win_id}/applause")
    finally:
        signals.applause_given.disconnect(receiver)
    assert first.status_code == 200 and second.status_code == 200
    body = second.get_json()
    assert body["applause_count"] == 1 and body["applauded_by_me"] is True
    assert body["applauded_by"] == [{"id": world["rep"].id, "name": "Ruben"}]
    assert heard == [{"recipient_id": world["finance"].id, "target_kind": "win", "target_id": win_id}]
    author = login_as(world["finance"])
    assert author.get("/api/v1/notifications/unread").get_json() == {"unread": 1}
    assert author.get("/api/v1/notifications").get_json()["items"][0]["kind"] == "applause"
    assert author.post("/api/v1/notifications/read").get_json() == {"unread": 0}
    withdrawn = rep.delete(f"/api/v1/wins/{win_id}/applause")
    assert withdrawn.status_code == 200 and withdrawn.get_json()["applause_count"] == 0
    assert rep.delete(f"/api/v1/wins/{win_id}/applause").status_code == 200


def test_nobody_applauds_their_own_win_or_badge(world, login_as, make_badge):
    api = login_as(world["finance"])
    win_id = log_win(api).get_json()["id"]
    own = api.post(f"/api/v1/wins/{win_id}/applause")
    assert own.status_code == 422 and error_code(own) == "own_applause"
    award = login_as(world["manager"]).post(
        "/api/v1/awards", json={"badge_id": make_badge().id, "user_id": world["rep"].id, "reason": "Snel opgevolgd"}
    )
    award_id = award.get_json()["id"]
    assert login_as(world["rep"]).post(f"/api/v1/awards/{award_id}/applause").status_code == 422
    applauded = login_as(world["lotte"]).post(f"/api/v1/awards/{award_id}/applause")
    assert applauded.status_code == 200 and applauded.get_json()["applause_count"] == 1
    assert login_as(world["stranger"]).post(f"/api/v1/awards/{award_id}/applause").status_code == 404

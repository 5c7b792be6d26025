"""The celebration feed, notifications, profiles and recognition coverage; data rights across wins, badges
and the feed."""

from datetime import UTC, date, datetime, timedelta

import time_machine

from backend import signals
from tests.wins.conftest import check_in, log_win

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 18)


def test_the_feed_shows_wins_awards_and_milestones_newest_first_with_applause_inline(
    world, login_as, make_badge, make_behaviour, add_checkins
):
    rep = world["rep"]
    with time_machine.travel(NOW, tick=False):
        win_id = log_win(login_as(world["finance"]), credited_ids=[rep.id]).get_json()["id"]
        login_as(world["lotte"]).post(f"/api/v1/wins/{win_id}/applause")
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        login_as(world["manager"]).post(
            "/api/v1/awards", json={"badge_id": make_badge().id, "user_id": rep.id, "reason": "Snel opgevolgd"}
        )
    behaviour = make_behaviour([world["teams"]["noord"]])
    add_checkins(rep, behaviour, [TODAY - timedelta(days=i) for i in range(1, 7)])
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        assert check_in(login_as(rep), behaviour).get_json()["streak"]["current"] == 7
        items = login_as(world["sem"]).get("/api/v1/feed").get_json()["items"]
    assert [i["kind"] for i in items] == ["milestone", "award", "win"]
    assert items[0]["milestone"]["count"] == 7 and items[0]["person"]["id"] == rep.id
    assert items[1]["award"]["reason"] == "Snel opgevolgd"
    assert items[2]["win"]["applause_count"] == 1 and items[2]["win"]["credited"][0]["id"] == rep.id


def test_undoing_the_check_in_that_reached_a_milestone_takes_it_out_of_the_feed(
    world, login_as, make_behaviour, add_checkins
):
    rep = world["rep"]
    behaviour = make_behaviour([world["teams"]["noord"]])
    add_checkins(rep, behaviour, [TODAY - timedelta(days=i) for i in range(1, 7)])
    with time_machine.travel(NOW, tick=False):
        api = login_as(rep)
        checkin_id = check_in(api, behaviour).get_json()["id"]
        assert [i["kind"] for i in api.get("/api/v1/feed").get_json()["items"]] == ["milestone"]
        assert api.delete(f"/api/v1/checkins/{checkin_id}").status_code == 204
        assert api.get("/api/v1/feed").get_json()["items"] == []


def test_the_feed_pages_with_a_stable_cursor_and_filters_by_team_and_mine(world, login_as):
    with time_machine.travel(NOW, tick=False) as clock:
        finance, sem, api = login_as(world["finance"]), login_as(world["sem"]), login_as(world["rep"])
        for n in range(5):
            clock.shift(timedelta(minutes=1))
            log_win(finance, text=f"Finance {n}")
        clock.shift(timedelta(minutes=1))
        log_win(sem, text="Zuid")
        log_win(finance, text="Met Sem", credited_ids=[world["sem"].id])
        first = api.get("/api/v1/feed?limit=3").get_json()
        assert [i["win"]["text"] for i in first["items"]] == ["Met Sem", "Zuid", "Finance 4"]
        clock.shift(timedelta(minutes=1))
        log_win(finance, text="Nieuw tussendoor")  # a newer line does not shift the next page
        second = api.get(f"/api/v1/feed?limit=3&cursor={first['next_cursor']}").get_json()
        assert [i["win"]["text"] for i in second["items"]] == ["Finance 3", "Finance 2", "Finance 1"]
        zuid = api.get(f"/api/v1/feed?team_id={world['teams']['zuid'].id}").get_json()["items"]
        assert [i["win"]["text"] for i in zuid] == ["Met Sem", "Zuid"]
        mine = sem.get("/api/v1/feed?mine=true").get_json()["items"]
        assert [i["win"]["text"] for i in mine] == ["Met Sem", "Zuid"]
        assert api.get(f"/api/v1/feed?team_id={world['teams']['other'].id}").status_code == 404
        assert api.get("/api/v1/feed?cursor=nonsense").status_code == 422


def test_the_feed_of_another_organisation_stays_there(world, login_as):
    log_win(login_as(world["stranger"]))
    assert login_as(world["rep"]).get("/api/v1/feed").get_json()["items"] == []


def test_a_profile_shows_badges_with_reasons_wins_and_streaks(world, login_as, make_badge):
    log_win(login_as(world["finance"]), credited_ids=[world["rep"].id])
    login_as(world["manager"]).post(
        "/api/v1/awards", json={"badge_id": make_badge().id, "user_id": world["rep"].id, "reason": "Snel opgevolgd"}
    )
    profile = login_as(world["sem"]).get(f"/api/v1/people/{world['rep'].id}/recognition").get_json()
    assert profile["person"]["name"] == "Ruben"
    assert [b["reason"] for b in profile["badges"]] == ["Snel opgevolgd"]
    assert len(profile["wins"]) == 1 and profile["counts"]["credited_wins"] == 1
    assert profile["streaks"] == []
    assert login_as(world["rep"]).get(f"/api/v1/people/{world['stranger'].id}/recognition").status_code == 404


def test_coverage_lists_who_received_no_recognition_for_managers_and_admins(world, login_as, make_badge):
    with time_machine.travel(NOW - timedelta(days=60), tick=False):
        login_as(world["manager"]).post(
            "/api/v1/awards", json={"badge_id": make_badge().id, "user_id": world["lotte"].id, "reason": "Voorbereid"}
        )
    with time_machine.travel(NOW, tick=False):
        win_id = log_win(login_as(world["finance"])).get_json()["id"]
        login_as(world["rep"]).post(f"/api/v1/wins/{win_id}/applause")
        manager = login_as(world["manager"]).get("/api/v1/recognition/coverage").get_json()
        admin = login_as(world["admin"]).get("/api/v1/recognition/coverage").get_json()
        assert login_as(world["rep"]).get("/api/v1/recognition/coverage").status_code == 403
        assert login_as(world["finance"]).get("/api/v1/recognition/coverage").status_code == 403
    assert {p["name"] for p in manager["people"]} == {"Martijn", "Ruben", "Lotte"}
    assert {p["name"] for p in manager["unrecognised_30"]} == {"Martijn", "Ruben", "Lotte"}
    assert {p["name"] for p in manager["unrecognised_90"]} == {"Martijn", "Ruben"}
    assert [t["name"] for t in manager["teams"]] == ["Sales Noord"]
    assert {p["name"] for p in admin["unrecognised_30"]} >= {"Ruben", "Sem"} and "Femke" not in {
        p["name"] for p in admin["unrecognised_30"]
    }
    assert admin["teams"][-1]["name"] == "Finance"  # the most recognised team last


def test_personal_data_export_and_erase_cover_wins_awards_and_applause(world, login_as, make_badge, db):
    from backend.badges.models import BadgeAward
    from backend.wins.models import Applause, Win

    finance, rep = world["finance"], world["rep"]
    win_id = log_win(login_as(finance), credited_ids=[rep.id]).get_json()["id"]
    login_as(rep).post(f"/api/v1/wins/{win_id}/applause")
    login_as(world["manager"]).post(
        "/api/v1/awards", json={"badge_id": make_badge().id, "user_id": rep.id, "reason": "Snel opgevolgd"}
    )
    exported = {}
    for _receiver, sections in signals.personal_data_export.send(rep):
        exported.update(sections or {})
    assert exported["wins_credited"][0]["win_id"] == win_id
    assert exported["badge_awards"][0]["reason"] == "Snel opgevolgd"
    assert exported["applause_given"][0]["win_id"] == win_id
    signals.personal_data_erase.send(finance)
    db.session.commit()
    assert db.session.get(Win, win_id) is None and db.session.query(Applause).count() == 0
    assert db.session.query(BadgeAward).count() == 1  # the rep's badge is the rep's, not the author's


def test_the_organisation_export_has_wins_and_awards(world, login_as, make_badge, org):
    log_win(login_as(world["finance"]))
    kinds = {}
    for _receiver, sections in signals.organisation_data_export.send(org):
        kinds.update(sections or {})
    assert [w["text"] for w in kinds["wins"]()] == ["Factuurprobleem binnen 2 uur opgelost"]
    assert "badge_awards" in kinds and "reflections" in kinds

"""Challenges: average-based team scoring with absence, late back-fill, imports, ties by time, the freeze,
closing exactly once (two closers racing), personal best, role rules and organisation isolation.

Every instant is fixed (time_machine), so nothing depends on the day the tests run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from backend import signals
from backend.challenges import closing
from tests.boards.conftest import check_in
from tests.conftest import error_code

WED = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Amsterdam
DAY = timedelta(days=1)
END = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # Tuesday 24 November ends at midnight in Amsterdam


def at(moment):
    return time_machine.travel(moment, tick=False)


def create(api, **fields):
    body = {
        "kind": "team",
        "title": "Bel-week",
        "starts_on": "2026-11-18",
        "ends_on": "2026-11-24",
        **fields,
    }
    response = api.post("/api/v1/challenges", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def teams_of(body):
    return [(t["name"], t["rank"], t["score"]) for t in body["teams"]]


@pytest.fixture
def closed_signals():
    sent = []

    def listen(challenge, **_kw):
        sent.append(challenge.id)

    signals.challenge_closed.connect(listen, weak=False)
    yield sent
    signals.challenge_closed.disconnect(listen)


def test_teams_compete_on_the_average_and_an_away_day_leaves_a_member_out(boss, person, north, south, call, login_as):
    ruben, lotte, sam = person("Ruben", north), person("Lotte", north), person("Sam", south)
    extra = [person(f"Zuid {n}", south) for n in range(3)]  # a bigger team does not win on totals
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
        r, lo, s = login_as(ruben), login_as(lotte), login_as(sam)
        check_in(r, call)
        check_in(lo, call)
        check_in(s, call)
        for p in extra:
            check_in(login_as(p), call)
        # Lotte is sick on Thursday: that day asks nothing of her.
        assert lo.post("/api/v1/away-days", json={"start": "2026-11-19", "kind": "sick"}).status_code == 201
    with at(WED + DAY):
        check_in(r, call)
        check_in(s, call)  # the south team's other three skip Thursday
    with at(WED + 2 * DAY):
        body = r.get(f"/api/v1/challenges/{challenge['id']}").get_json()
    # North: Ruben 2/2, Lotte 1/1 (Thursday away) → 100. South: Sam 2/2, three at 1/2 → 62.5.
    assert teams_of(body) == [("Noord", 1, 100.0), ("Zuid", 2, 62.5)]
    assert body["status"] == "running" and body["frozen"] is False
    assert body["me"]["consistency"] == 100.0 and body["me"]["done"] == 2
    assert body["me"]["teams"] == [{"team_id": north.id, "score": 100.0}]
    assert [t["is_mine"] for t in body["teams"]] == [True, False]
    assert body["seconds_left"] == int((END - (WED + 2 * DAY)).total_seconds())


def test_only_check_ins_made_during_the_challenge_count_backfills_are_late_and_imports_never(
    boss, person, north, south, call, login_as, history
):
    ruben, sam = person("Ruben", north), person("Sam", south)
    with at(WED - DAY):
        check_in(login_as(ruben), call)  # Tuesday: before the challenge
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
    with at(WED + DAY):
        r = login_as(ruben)
        check_in(r, call, occurred_on="2026-11-18")  # Wednesday back-filled on Thursday: counts, late
        check_in(r, call)
        history(sam, call, [date(2026, 11, 18), date(2026, 11, 19)])  # imported: never counts
    with at(WED + 2 * DAY):
        body = r.get(f"/api/v1/challenges/{challenge['id']}").get_json()
        sam_view = login_as(sam).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert (body["me"]["done"], body["me"]["late"], body["me"]["consistency"]) == (2, 1, 100.0)
    assert (sam_view["me"]["done"], sam_view["me"]["consistency"]) == (0, 0.0)
    assert teams_of(body) == [("Noord", 1, 100.0), ("Zuid", 2, 0.0)]


def test_an_equal_score_goes_to_the_team_that_reached_it_first(boss, person, north, south, call, login_as):
    ruben, sam = person("Ruben", north), person("Sam", south)
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
    with at(WED + timedelta(hours=1)):
        check_in(login_as(sam), call)
    with at(WED + timedelta(hours=2)):
        check_in(login_as(ruben), call)
    with at(WED + DAY):
        body = login_as(ruben).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert teams_of(body) == [("Zuid", 1, 100.0), ("Noord", 2, 100.0)]


def test_the_standing_is_frozen_in_the_last_hour_and_the_final_result_adds_it(
    boss, person, north, south, call, login_as, db, closed_signals
):
    ruben, sam = person("Ruben", north), person("Sam", south)
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
    monday, tuesday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC), datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    for moment in (WED, WED + DAY, WED + 2 * DAY, monday):
        with at(moment):
            check_in(login_as(ruben), call)
            check_in(login_as(sam), call)
    with at(tuesday):
        check_in(login_as(ruben), call)
    with at(END - timedelta(minutes=30)):
        s = login_as(sam)
        check_in(s, call)  # in the last hour: not on the frozen standing
        frozen = s.get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert frozen["status"] == "frozen" and frozen["frozen"] is True
    # As of the freeze, Tuesday asks only what was done of it: Ruben 5/5, Sam 4/4.
    assert teams_of(frozen) == [("Zuid", 1, 100.0), ("Noord", 2, 100.0)]
    assert frozen["me"]["done"] == 4
    with at(END + timedelta(seconds=1)):
        assert closing.close_due() == [challenge["id"]]
        final = s.get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert final["status"] == "closed"
    # Final: all five weekdays asked; both did all five; Ruben reached it first (Sam's last tap came later).
    assert teams_of(final) == [("Noord", 1, 100.0), ("Zuid", 2, 100.0)]
    assert final["me"]["done"] == 5
    assert closed_signals == [challenge["id"]]


def test_a_challenge_closes_exactly_once_with_two_closers_racing(
    app, boss, person, north, south, call, login_as, db, closed_signals
):
    import threading

    from backend.extensions import db as database

    person("Ruben", north), person("Sam", south)
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
    start = threading.Barrier(2, timeout=30)
    results, errors = [], []

    def closer():
        try:
            with app.app_context():
                try:
                    start.wait()
                    results.append(closing.close_due(END + timedelta(minutes=1)))
                finally:
                    database.session.remove()
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=closer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [[], [challenge["id"]]]
    assert closed_signals == [challenge["id"]]
    # A later heartbeat finds nothing to close.
    assert closing.close_due(END + timedelta(minutes=2)) == []
    with at(END + timedelta(minutes=3)):
        feed = login_as(boss).get("/api/v1/feed").get_json()["items"]
    lines = [item for item in feed if item["kind"] == "challenge"]
    assert len(lines) == 1
    assert lines[0]["challenge"]["title"] == "Bel-week"
    assert lines[0]["challenge"]["winner"] is None  # nobody checked in: no team has a score


def test_the_result_is_announced_in_the_feed_with_the_winning_team(boss, person, north, south, call, login_as):
    ruben, sam = person("Ruben", north), person("Sam", south)
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
        check_in(login_as(ruben), call)
        check_in(login_as(sam), call)
    with at(WED + DAY):
        check_in(login_as(ruben), call)
    with at(END + timedelta(seconds=5)):
        closing.close_due()
        feed = login_as(sam).get("/api/v1/feed").get_json()["items"]
    [line] = [item for item in feed if item["kind"] == "challenge"]
    assert line["challenge"]["winner"] == "Noord" and line["challenge"]["id"] == challenge["id"]


def test_personal_best_celebrates_everyone_who_beat_their_previous_period_and_ranks_nobody(
    boss, person, north, south, call, login_as, history, org, db
):
    org.visibility = "open"
    db.session.commit()
    ruben, lotte = person("Ruben", north), person("Lotte", north)
    previous = [date(2026, 11, 11), date(2026, 11, 12), date(2026, 11, 13), date(2026, 11, 16), date(2026, 11, 17)]
    history(ruben, call, previous[:1])  # 1 of 5 weekdays the week before
    history(lotte, call, previous)  # 5 of 5: hard to beat
    with at(WED):
        challenge = create(login_as(boss), kind="personal_best", title="Beter dan vorige week", behaviour_ids=[call.id])
        check_in(login_as(ruben), call)
        check_in(login_as(lotte), call)
    with at(WED + DAY):
        check_in(login_as(ruben), call)
    with at(WED + 2 * DAY):
        body = login_as(ruben).get(f"/api/v1/challenges/{challenge['id']}").get_json()
        hers = login_as(lotte).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert body["teams"] == []  # nobody ranked, nobody last
    assert (body["me"]["baseline"], body["me"]["consistency"], body["me"]["beat"]) == (20.0, 100.0, True)
    assert (hers["me"]["baseline"], hers["me"]["consistency"], hers["me"]["beat"]) == (100.0, 50.0, False)
    assert body["celebrated"] == {"count": 1, "names": ["Ruben"]}  # an open organisation names them


def test_private_and_teams_first_organisations_name_nobody_who_did_not_opt_in(
    boss, person, north, call, login_as, org, db
):
    org.visibility = "private"
    db.session.commit()
    ruben = person("Ruben", north)
    with at(WED):
        challenge = create(login_as(boss), kind="personal_best", behaviour_ids=[call.id])
        check_in(login_as(ruben), call)
    with at(WED + DAY):
        body = login_as(boss).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert body["celebrated"] == {"count": 1, "names": []}
    assert body["people_hidden"] is True
    org.visibility = "teams_first"
    ruben.board_opt_in = True
    db.session.commit()
    with at(WED + DAY):
        body = login_as(boss).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert body["celebrated"]["names"] == ["Ruben"]


def test_together_counts_every_department_towards_one_target(boss, person, north, south, call, login_as):
    ruben, sam = person("Ruben", north), person("Sam", south)
    with at(WED):
        challenge = create(login_as(boss), kind="together", title="Samen 10", target=10, behaviour_ids=[call.id])
        check_in(login_as(ruben), call)
        check_in(login_as(sam), call)
    with at(WED + DAY):
        check_in(login_as(ruben), call)
        body = login_as(sam).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert (body["together"]["total"], body["together"]["target"], body["together"]["percent"]) == (3, 10, 30)
    contributions = {c["name"]: c["done"] for c in body["together"]["contributions"]}
    assert contributions == {"Noord": 2, "Zuid": 1}
    assert body["teams"] == []


def test_role_rules_create_edit_before_start_and_cancel_with_a_reason(
    boss, person, north, south, call, login_as, admin, db
):
    ruben = person("Ruben", north)
    other_manager = person("Mila", south, role="manager", manages=True)
    body = {
        "title": "X",
        "starts_on": "2026-11-23",
        "ends_on": "2026-11-29",
        "behaviour_ids": [call.id],
        "team_ids": [north.id, south.id],
    }
    with at(WED):
        response = login_as(ruben).post("/api/v1/challenges", json=body)
        assert response.status_code == 403
        upcoming = create(login_as(boss), **{**body, "title": "Volgende week"})
        assert upcoming["status"] == "upcoming" and upcoming["can_change"] is True
        edited = login_as(boss).put(f"/api/v1/challenges/{upcoming['id']}", json={**body, "title": "Andere naam"})
        assert edited.status_code == 200 and edited.get_json()["title"] == "Andere naam"
        assert login_as(other_manager).put(f"/api/v1/challenges/{upcoming['id']}", json=body).status_code == 403
        assert (
            login_as(ruben).post(f"/api/v1/challenges/{upcoming['id']}/cancel", json={"reason": "nee"}).status_code
            == 403
        )
        missing = login_as(boss).post(f"/api/v1/challenges/{upcoming['id']}/cancel", json={})
        assert missing.status_code == 422 and error_code(missing) == "validation_failed"
        too_short = login_as(boss).post("/api/v1/challenges", json={**body, "ends_on": "2026-11-24"})
        assert too_short.status_code == 422
        in_past = login_as(boss).post("/api/v1/challenges", json={**body, "starts_on": "2026-11-17"})
        assert in_past.status_code == 422
    with at(datetime(2026, 11, 24, 9, 0, tzinfo=UTC)):
        started = login_as(boss).put(f"/api/v1/challenges/{upcoming['id']}", json=body)
        assert started.status_code == 409
        cancelled = login_as(admin).post(f"/api/v1/challenges/{upcoming['id']}/cancel", json={"reason": "Te druk"})
        assert cancelled.status_code == 200
        assert (cancelled.get_json()["status"], cancelled.get_json()["cancel_reason"]) == ("cancelled", "Te druk")
        audit = login_as(admin).get("/api/v1/admin/audit").get_json()
    actions = [entry["action"] for entry in audit]
    assert "challenge_cancelled" in actions and "challenge_created" in actions
    listed = login_as(ruben).get("/api/v1/challenges").get_json()
    assert [c["title"] for c in listed["past"]] == ["Andere naam"] and listed["can_create"] is False


def test_another_organisation_neither_sees_nor_moves_a_challenge(
    boss, person, north, south, call, login_as, make_org, make_team, make_user, make_behaviour
):
    elsewhere = make_org("Elders BV")
    their_team = make_team("Elders", organisation=elsewhere)
    their_call = make_behaviour([their_team], name="Bellen", cadence="weekdays", organisation=elsewhere)
    stranger = make_user(team=their_team, name="Vreemde", organisation=elsewhere, role="manager")
    ruben = person("Ruben", north)
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
        check_in(login_as(stranger), their_call)
        check_in(login_as(ruben), call)
        api = login_as(stranger)
        assert api.get(f"/api/v1/challenges/{challenge['id']}").status_code == 404
        assert api.post(f"/api/v1/challenges/{challenge['id']}/cancel", json={"reason": "weg ermee"}).status_code == 404
        assert api.get("/api/v1/challenges").get_json()["current"] == []
        foreign = api.post(
            "/api/v1/challenges",
            json={"title": "X", "starts_on": "2026-11-18", "ends_on": "2026-11-24", "behaviour_ids": [call.id]},
        )
        assert foreign.status_code == 422  # our behaviour is not theirs
    with at(WED + DAY):
        body = login_as(ruben).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert sum(t["members"] for t in body["teams"]) == 1


def test_today_shows_the_running_challenge_i_take_part_in(boss, person, north, south, call, login_as):
    ruben = person("Ruben", north)
    with at(WED):
        r = login_as(ruben)
        assert r.get("/api/v1/challenges/today").get_json() == {"challenge": None}
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
        check_in(r, call)
        line = r.get("/api/v1/challenges/today").get_json()["challenge"]
    assert line["id"] == challenge["id"] and line["me"]["consistency"] == 100.0
    assert line["teams"][0]["name"] == "Noord"


def test_a_holiday_asks_nothing_of_anyone_and_a_newcomer_is_asked_from_their_first_day(
    boss, person, make_user, north, south, call, login_as, db, org
):
    from backend.rhythm.models import OrganisationHoliday

    ruben, sam = person("Ruben", north), person("Sam", south)
    db.session.add(OrganisationHoliday(organisation_id=org.id, day=date(2026, 11, 19), name="Teamdag"))
    db.session.commit()
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
        check_in(login_as(ruben), call)
        check_in(login_as(sam), call)
    # Joins on Friday morning; Monday is their first check-in.
    newcomer = make_user(team=south, name="Nieuw", created_at=WED + 2 * DAY)
    with at(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)):
        check_in(login_as(ruben), call)
        check_in(login_as(sam), call)
        check_in(login_as(newcomer), call)
    with at(datetime(2026, 11, 24, 9, 0, tzinfo=UTC)):
        mine = login_as(newcomer).get(f"/api/v1/challenges/{challenge['id']}").get_json()
        body = login_as(ruben).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    # Wednesday, (Thursday a holiday), Friday, Monday: Ruben 2 of 3. The newcomer: Friday and Monday, 1 of 2.
    assert body["me"]["consistency"] == round(100 * 2 / 3, 1)
    assert mine["me"]["consistency"] == 50.0
    assert teams_of(body) == [("Noord", 1, 66.7), ("Zuid", 2, round((100 * 2 / 3 + 50) / 2, 1))]


def test_a_fresh_stored_standing_is_read_not_computed(
    boss, person, north, south, call, login_as, count_queries, monkeypatch
):
    from backend.challenges import standing

    monkeypatch.setattr(standing, "SNAPSHOT", timedelta(seconds=30))
    ruben = person("Ruben", north)
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
        check_in(login_as(ruben), call)
    with at(WED + timedelta(minutes=5)):
        api = login_as(ruben)
        assert standing.refresh_running(WED + timedelta(minutes=5)) == 1  # the scheduler's heartbeat
        from backend.extensions import db

        db.session.commit()
        with count_queries() as counted:
            body = api.get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert body["me"]["consistency"] == 100.0
    assert not any("challenge_score" in s or "membership.team_id IN" in s for s in counted.statements)

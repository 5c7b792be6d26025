"""Check-ins over HTTP: one tap, idempotent replays, late and offline arrivals, undo, quality."""

from datetime import UTC, date, datetime, timedelta

import time_machine

from backend.rhythm.models import CheckIn
from tests.conftest import error_code
from tests.rhythm.conftest import new_client_id

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Amsterdam
TODAY = date(2026, 11, 18)


def check_in(api, behaviour, **fields):
    return api.post("/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": new_client_id(), **fields})


def stored(db, user):
    db.session.expire_all()
    return db.session.query(CheckIn).filter_by(user_id=user.id).order_by(CheckIn.occurred_on).all()


@time_machine.travel(NOW, tick=False)
def test_one_tap_checks_in_today_and_answers_the_streak(login_as, rep, make_behaviour, sales, add_checkins, db):
    behaviour = make_behaviour([sales], points=10)
    add_checkins(rep, behaviour, [TODAY - timedelta(days=1), TODAY - timedelta(days=2)])
    response = check_in(login_as(rep), behaviour)
    assert response.status_code == 201
    body = response.get_json()
    assert body["occurred_on"] == "2026-11-18" and body["late"] is False and body["points"] == 10
    assert body["streak"] == {"current": 3, "longest": 3, "unit": "day"}
    [*_, today] = stored(db, rep)
    assert today.time_zone == "Europe/Amsterdam" and today.received_at == NOW


@time_machine.travel(NOW, tick=False)
def test_replaying_a_check_in_answers_the_stored_one_and_changes_nothing(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    api = login_as(rep)
    payload = {"behaviour_id": behaviour.id, "client_id": new_client_id(), "note": "Offerte besproken"}
    first = api.post("/api/v1/checkins", json=payload)
    again = api.post("/api/v1/checkins", json=payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert len(stored(db, rep)) == 1


@time_machine.travel(NOW, tick=False)
def test_a_different_payload_under_a_used_client_id_is_a_conflict(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    api = login_as(rep)
    client_id = new_client_id()
    api.post("/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": client_id})
    response = api.post("/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": client_id, "note": "x"})
    assert response.status_code == 409 and error_code(response) == "client_id_reused"
    assert stored(db, rep)[0].note is None


@time_machine.travel(NOW, tick=False)
def test_a_second_check_in_of_the_same_behaviour_on_one_day_is_refused(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    api = login_as(rep)
    assert check_in(api, behaviour).status_code == 201
    response = check_in(api, behaviour)
    assert response.status_code == 409 and error_code(response) == "already_checked_in"
    assert "al ingecheckt" in response.get_json()["error"]["message"]
    assert len(stored(db, rep)) == 1


@time_machine.travel(NOW, tick=False)
def test_yesterday_can_be_back_filled_and_is_marked_late(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    response = check_in(login_as(rep), behaviour, occurred_on="2026-11-17")
    assert response.status_code == 201 and response.get_json()["late"] is True
    assert stored(db, rep)[0].occurred_on == date(2026, 11, 17)


@time_machine.travel(NOW, tick=False)
def test_older_or_future_dates_without_a_device_instant_are_refused(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    api = login_as(rep)
    for day in ("2026-11-16", "2026-11-19"):
        response = check_in(api, behaviour, occurred_on=day)
        assert response.status_code == 422, day
        assert "occurred_on" in response.get_json()["error"]["fields"]
    assert stored(db, rep) == []


@time_machine.travel(NOW, tick=False)
def test_an_offline_check_in_arrives_up_to_seven_days_late(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    api = login_as(rep)
    # Tapped Saturday evening on a trip without signal, sent on Wednesday.
    tapped = "2026-11-14T19:45:00+01:00"
    response = check_in(api, behaviour, occurred_on="2026-11-14", recorded_at=tapped)
    assert response.status_code == 201 and response.get_json()["late"] is True
    too_old = check_in(api, behaviour, occurred_on="2026-11-10", recorded_at="2026-11-10T12:00:00+01:00")
    assert too_old.status_code == 422
    disagree = check_in(api, behaviour, occurred_on="2026-11-12", recorded_at="2026-11-15T12:00:00+01:00")
    assert disagree.status_code == 422
    from_the_future = check_in(api, behaviour, recorded_at="2026-11-18T12:00:00+01:00")
    assert from_the_future.status_code == 422
    assert [c.occurred_on for c in stored(db, rep)] == [date(2026, 11, 14)]


@time_machine.travel(NOW, tick=False)
def test_offline_tap_just_after_local_midnight_belongs_to_that_local_day(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    # 23:30 UTC on the 16th is 00:30 on the 17th in Amsterdam.
    response = check_in(login_as(rep), behaviour, recorded_at="2026-11-16T23:30:00Z")
    assert response.status_code == 201
    assert stored(db, rep)[0].occurred_on == date(2026, 11, 17)


@time_machine.travel(NOW, tick=False)
def test_behaviours_of_other_teams_archived_or_foreign_are_refused(
    login_as, rep, make_behaviour, make_team, make_org, sales, db
):
    other_team = make_behaviour([make_team("Sales Zuid")], name="Zuid")
    archived = make_behaviour([sales], name="Oud", archived_at=NOW - timedelta(days=3))
    foreign_org = make_org("Other BV")
    from backend.accounts.models import Team

    foreign_team = Team(organisation_id=foreign_org.id, name="X", kind="sales")
    db.session.add(foreign_team)
    db.session.commit()
    foreign = make_behaviour([foreign_team], name="Foreign", organisation=foreign_org)
    api = login_as(rep)
    for behaviour in (other_team, archived, foreign):
        response = check_in(api, behaviour)
        assert response.status_code == 422, behaviour.name_nl
        assert "behaviour_id" in response.get_json()["error"]["fields"]
    assert stored(db, rep) == []


@time_machine.travel(NOW, tick=False)
def test_undo_removes_my_check_in_of_today(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    api = login_as(rep)
    checkin_id = check_in(api, behaviour).get_json()["id"]
    assert api.delete(f"/api/v1/checkins/{checkin_id}").status_code == 204
    assert stored(db, rep) == []
    today = api.get("/api/v1/today").get_json()
    assert today["behaviours"][0]["done_today"] is False


@time_machine.travel(NOW, tick=False)
def test_undo_is_for_my_own_and_recent_check_ins_only(
    login_as, rep, make_user, make_behaviour, sales, add_checkins, db
):
    behaviour = make_behaviour([sales])
    colleague = make_user(team=sales)
    add_checkins(rep, behaviour, [TODAY - timedelta(days=3)])
    old = stored(db, rep)[0]
    api = login_as(rep)
    assert api.delete(f"/api/v1/checkins/{old.id}").status_code == 422
    mine = check_in(api, behaviour).get_json()["id"]
    assert login_as(colleague).delete(f"/api/v1/checkins/{mine}").status_code == 404
    assert len(stored(db, rep)) == 2


@time_machine.travel(NOW, tick=False)
def test_quality_checklist_weights_the_points(login_as, rep, make_behaviour, sales):
    bant = [{"key": k, "label_nl": k.title(), "label_en": k.title()} for k in ("budget", "authority", "need", "timing")]
    behaviour = make_behaviour([sales], name="Gekwalificeerde afspraak", checklist=bant, points=20)
    api = login_as(rep)
    response = check_in(api, behaviour, quality={"budget": True, "need": True, "timing": False})
    body = response.get_json()
    assert body["quality_score"] == 0.5
    assert body["points"] == 15  # 20 × (0.5 + 0.5 × 0.5)
    unknown = check_in(api, behaviour, occurred_on="2026-11-17", quality={"mood": True})
    assert unknown.status_code == 422


@time_machine.travel(NOW, tick=False)
def test_quality_on_a_behaviour_without_checklist_is_refused(login_as, rep, make_behaviour, sales):
    behaviour = make_behaviour([sales])
    assert check_in(login_as(rep), behaviour, quality={"budget": True}).status_code == 422


@time_machine.travel(NOW, tick=False)
def test_bad_check_in_input_answers_4xx_and_stores_nothing(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    api = login_as(rep)
    cases = [
        {"behaviour_id": behaviour.id},  # no client_id
        {"behaviour_id": behaviour.id, "client_id": "not-a-uuid"},
        {"behaviour_id": str(behaviour.id), "client_id": new_client_id()},
        {"behaviour_id": behaviour.id, "client_id": new_client_id(), "note": "x" * 501},
        {"behaviour_id": behaviour.id, "client_id": new_client_id(), "occurred_on": "18-11-2026"},
        {"behaviour_id": behaviour.id, "client_id": new_client_id(), "recorded_at": "2026-11-18T10:00:00"},
        {"behaviour_id": behaviour.id, "client_id": new_client_id(), "points": 100},
        {"behaviour_id": behaviour.id, "client_id": new_client_id(), "quality": {"budget": "yes"}},
    ]
    for payload in cases:
        response = api.post("/api/v1/checkins", json=payload)
        assert response.status_code == 422, payload
        assert response.get_json()["error"]["fields"], payload
    assert stored(db, rep) == []


@time_machine.travel(NOW, tick=False)
def test_the_fast_check_in_payload_is_exactly_what_the_documented_schema_gives(app, rep, make_behaviour, sales, db):
    from backend.accounts.models import User
    from backend.rhythm import schemas, service

    bant = [{"key": "budget", "label_nl": "Budget", "label_en": "Budget"}]
    behaviour = make_behaviour([sales], checklist=bant, points=20)
    with app.test_request_context():
        result = service.record_checkin(
            db.session.get(User, rep.id),
            {
                "behaviour_id": behaviour.id,
                "client_id": new_client_id(),
                "note": "Budget besproken",
                "quality": {"budget": True},
                "recorded_at": NOW,
            },
        )
        assert schemas.dump_recorded(result) == schemas.CheckInRecorded().dump(result)

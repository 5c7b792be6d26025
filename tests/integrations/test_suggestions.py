"""CRM suggestions the rep confirms: a rule in "suggest" mode checks nothing in; the rep sees one suggestion per
behaviour and day and confirms (a check-in through rhythm's signal, marked crm) or dismisses it with one tap.
Dates derive from the clock under test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import error_code
from tests.integrations import test_inbound as inbound
from tests.integrations.test_inbound import _basic, _checkins, _post, payload

make_source = inbound.make_source  # shared fixtures
meeting = inbound.meeting


@pytest.fixture
def pipedrive(make_source, rep, meeting):
    source = make_source(
        preset="pipedrive",
        owner_map={"18487521": rep.email},
        rules=[{"event": "create.activity", "behaviour_id": meeting.id, "mode": "suggest"}],
    )
    assert source["rules"][0]["mode"] == "suggest"
    return source


def _activity(n: int) -> dict:
    body = payload("pipedrive_v2_activity_created.json")
    body["meta"]["entity_id"] = str(1000 + n)  # another activity: another event
    return body


def _send(new_client, source, n):
    return _post(new_client, source, _activity(n), _basic("ritme", source["secret"]))


def test_two_meetings_become_one_suggestion_that_one_tap_checks_in(
    app, db, new_client, login_as, rep, meeting, pipedrive
):
    first, second = _send(new_client, pipedrive, 1), _send(new_client, pipedrive, 2)
    assert [r.get_json()["status"] for r in (first, second)] == ["suggested", "suggested"]
    assert _send(new_client, pipedrive, 1).get_json()["status"] == "duplicate"
    assert _checkins(db, rep) == []  # nothing counted yet

    api = login_as(rep)
    [group] = api.get("/api/v1/integrations/suggestions").get_json()["items"]
    assert (group["behaviour"], group["count"], group["source"]) == ("Klantgesprek voorbereid", 2, "CRM")

    confirmed = api.post(f"/api/v1/integrations/suggestions/{group['id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.get_json()["status"] == "confirmed"
    [checkin] = _checkins(db, rep)
    assert (checkin.id, checkin.source, checkin.behaviour_id) == (confirmed.get_json()["checkin_id"], "crm", meeting.id)
    assert api.get("/api/v1/integrations/suggestions").get_json()["items"] == []
    [item] = [b for b in api.get("/api/v1/today").get_json()["behaviours"] if b["id"] == meeting.id]
    assert item["checkin"]["source"] == "crm" and item["streak"]["current"] >= 1
    # My rhythm marks the day as checked in by the CRM.
    [history] = [b for b in api.get("/api/v1/rhythm?weeks=1").get_json()["behaviours"] if b["id"] == meeting.id]
    marked = [d["date"] for d in history["days"] if d.get("crm")]
    assert marked == [checkin.occurred_on.isoformat()]
    # A second tap on the same (settled) suggestion is told so, in the person's language.
    again = api.post(f"/api/v1/integrations/suggestions/{group['id']}/confirm")
    assert again.status_code == 409 and error_code(again) == "suggestion_decided"
    # Undone like any check-in.
    assert api.delete(f"/api/v1/checkins/{checkin.id}").status_code in (200, 204)
    assert _checkins(db, rep) == []


def test_dismissed_suggestions_check_nothing_in(app, db, new_client, login_as, rep, pipedrive):
    _send(new_client, pipedrive, 1)
    api = login_as(rep)
    [group] = api.get("/api/v1/integrations/suggestions").get_json()["items"]
    assert api.post(f"/api/v1/integrations/suggestions/{group['id']}/dismiss").get_json()["status"] == "dismissed"
    assert api.get("/api/v1/integrations/suggestions").get_json()["items"] == []
    assert _checkins(db, rep) == []


def test_a_day_that_has_the_behaviour_already_needs_no_suggestion(
    app, db, new_client, login_as, rep, meeting, pipedrive, admin_api
):
    import uuid

    api = login_as(rep)
    _send(new_client, pipedrive, 1)
    tap = api.post("/api/v1/checkins", json={"behaviour_id": meeting.id, "client_id": str(uuid.uuid4())})
    assert tap.status_code == 201
    # Confirming now finds the day done: the suggestion goes, no second check-in.
    [group] = api.get("/api/v1/integrations/suggestions").get_json()["items"]
    assert api.post(f"/api/v1/integrations/suggestions/{group['id']}/confirm").get_json()["status"] == "already"
    assert len(_checkins(db, rep)) == 1
    # A later CRM event that day is not suggested at all.
    assert _send(new_client, pipedrive, 2).get_json() == {"status": "refused", "reason": "already_checked_in"}
    log = admin_api.get(f"/api/v1/integrations/sources/{pipedrive['id']}/events").get_json()
    assert [e["outcome"] for e in log] == ["refused", "suggested"]


def test_yesterdays_suggestion_checks_in_yesterday_and_older_ones_are_not_shown(
    app, db, new_client, login_as, rep, pipedrive
):
    from backend.integrations.models import Suggestion
    from backend.timeutil import local_today

    _send(new_client, pipedrive, 1)
    _send(new_client, pipedrive, 2)
    today = local_today(rep.time_zone)
    first, second = db.session.scalars(select(Suggestion).order_by(Suggestion.id)).all()
    first.occurred_on, second.occurred_on = today - timedelta(days=1), today - timedelta(days=2)
    db.session.commit()

    api = login_as(rep)
    [group] = api.get("/api/v1/integrations/suggestions").get_json()["items"]
    assert group["occurred_on"] == (today - timedelta(days=1)).isoformat()
    assert api.post(f"/api/v1/integrations/suggestions/{group['id']}/confirm").get_json()["status"] == "confirmed"
    [checkin] = _checkins(db, rep)
    assert (checkin.occurred_on, checkin.late) == (today - timedelta(days=1), True)


def test_only_the_person_may_decide_their_suggestion(app, db, new_client, login_as, make_user, sales, rep, pipedrive):
    _send(new_client, pipedrive, 1)
    [group] = login_as(rep).get("/api/v1/integrations/suggestions").get_json()["items"]
    other = login_as(make_user(team=sales, email="other@example.test"))
    assert other.get("/api/v1/integrations/suggestions").get_json()["items"] == []
    assert other.post(f"/api/v1/integrations/suggestions/{group['id']}/confirm").status_code == 404

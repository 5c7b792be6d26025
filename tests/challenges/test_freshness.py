"""Standings freshness: a fold that moves a challenge's aggregate marks it moved, and the heartbeat
recomputes it within MOVED_AFTER rather than SNAPSHOT; a standing nothing moved waits out its lifetime.
The tap itself does nothing more (the fold, after it, marks the challenge)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from backend.challenges import standing
from backend.extensions import db
from tests.boards.conftest import check_in

WED = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


def refresh(moment):
    with at(moment):
        count = standing.refresh_running(moment)
        db.session.commit()
        return count


def test_a_moved_standing_is_recomputed_within_seconds_and_an_unmoved_one_is_left(
    boss, person, north, south, call, login_as, monkeypatch
):
    monkeypatch.setattr(standing, "SNAPSHOT", timedelta(seconds=30))
    ruben, sam = person("Ruben", north), person("Sam", south)
    body = {
        "kind": "team",
        "title": "Bel-week",
        "starts_on": "2026-11-18",
        "ends_on": "2026-11-24",
        "behaviour_ids": [call.id],
        "team_ids": [north.id, south.id],
    }
    with at(WED):
        response = login_as(boss).post("/api/v1/challenges", json=body)
        assert response.status_code == 201, response.get_json()
        challenge = response.get_json()
    assert refresh(WED + timedelta(seconds=8)) == 0  # stored when it was made; nothing moved since

    with at(WED + timedelta(seconds=9)):
        check_in(login_as(ruben), call)  # the heartbeat's fold marks the challenge moved
    assert refresh(WED + timedelta(seconds=10)) == 1
    with at(WED + timedelta(seconds=10)):
        shown = login_as(sam).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert [(t["name"], t["score"]) for t in shown["teams"]] == [("Noord", 100.0), ("Zuid", None)]

    with at(WED + timedelta(seconds=11)):
        check_in(login_as(sam), call)
    assert refresh(WED + timedelta(seconds=12)) == 0  # moved, but computed less than MOVED_AFTER ago
    assert refresh(WED + timedelta(seconds=15)) == 1
    with at(WED + timedelta(seconds=15)):
        shown = login_as(ruben).get(f"/api/v1/challenges/{challenge['id']}").get_json()
    assert [t["score"] for t in shown["teams"]] == [100.0, 100.0]
    assert refresh(WED + timedelta(seconds=25)) == 0

"""What a challenge standing request costs (issue 17: within 4× the trivial endpoint at 10,000 people).

A warm request reads a few small rows (the session, the challenge, the organisation, my teams, the
behaviours) and the standing the worker kept by its digest: never check-ins (but for the probe for taps
not yet folded in), never the challenge's aggregate, never the stored document of every participant again
while its numbers did not change. The heartbeat that recomputes equal numbers writes only the instant.
The teams are dumped as stored (fields.Rows), which must equal marshmallow's full dump.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from marshmallow import fields

from backend.challenges import schemas, service, standing
from backend.challenges.models import Challenge
from backend.extensions import db
from tests.boards.conftest import check_in

WED = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
MOST_QUERIES = 7  # session and me, the pending-tap probe, challenge, organisation, my teams, creator, behaviours


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def kept(monkeypatch):
    """The standings cache and the snapshot as in production (the package's conftest turns them off)."""
    from backend.boards import standings

    monkeypatch.setattr(standings, "CACHE_SECONDS", 15.0)
    monkeypatch.setattr(standing, "SNAPSHOT", timedelta(seconds=30))
    standings._cache.clear()
    yield
    standings._cache.clear()


def create(api, **fields_):
    body = {
        "kind": "team",
        "title": "Bel-week",
        "starts_on": "2026-11-18",
        "ends_on": "2026-11-24",
        **fields_,
    }
    response = api.post("/api/v1/challenges", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def refresh(moment):
    with at(moment):
        count = standing.refresh_running(moment)
        db.session.commit()
        return count


def stored(challenge_id):
    db.session.expire_all()
    row = db.session.get(Challenge, challenge_id)
    return row.standing_digest, row.standing_at


def test_a_warm_standing_request_reads_a_few_small_rows_and_never_the_document_again(
    kept, boss, person, north, south, call, login_as, count_queries
):
    ruben, sam = person("Ruben", north), person("Sam", south)
    for n in range(6):
        person(f"Rep {n}", north if n % 2 else south)
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
        check_in(login_as(ruben), call)
    path = f"/api/v1/challenges/{challenge['id']}"
    assert refresh(WED + timedelta(seconds=10)) == 1
    digest, _instant = stored(challenge["id"])
    with at(WED + timedelta(seconds=11)):
        api = login_as(sam)
        first = api.get(path).get_json()  # this worker reads the document once
        with count_queries() as counted:
            again = api.get(path).get_json()
    assert again == first, first
    assert [(t["name"], t["score"]) for t in again["teams"]] == [("Noord", 100.0), ("Zuid", None)]
    statements = [" ".join(s.split()) for s in counted.statements]
    assert not [s for s in statements if "FROM check_in" in s and "pending_fold" not in s], "no check-ins"
    assert not [s for s in statements if "challenge_score" in s], "not the challenge's aggregate"
    assert not [s for s in statements if "challenge.standing," in s or "challenge.standing AS" in s], "kept"
    assert len(statements) <= MOST_QUERIES, "\n".join(s[:150] for s in statements)

    # The heartbeat recomputes the same numbers: only the instant moves; the worker keeps its document.
    assert refresh(WED + timedelta(seconds=30)) == 1
    same, instant = stored(challenge["id"])
    assert same == digest and instant == WED + timedelta(seconds=30)
    with at(WED + timedelta(seconds=31)), count_queries() as counted:
        assert api.get(path).get_json()["teams"] == first["teams"]
    assert not [s for s in counted.statements if "challenge.standing," in s or "challenge.standing AS" in s]

    # A tap moves it: a new digest, and the next request reads the new numbers.
    with at(WED + timedelta(seconds=32)):
        check_in(api, call)
    assert refresh(WED + timedelta(seconds=40)) == 1
    moved, _instant = stored(challenge["id"])
    assert moved != digest
    with at(WED + timedelta(seconds=41)):
        body = api.get(path).get_json()
    assert [(t["name"], t["score"]) for t in body["teams"]] == [("Noord", 100.0), ("Zuid", 100.0)]
    assert body["me"]["done"] == 1


def test_a_request_computes_the_standing_only_when_the_heartbeat_has_stopped(
    kept, boss, person, north, south, call, login_as, count_queries
):
    ruben = person("Ruben", north)
    person("Sam", south)
    with at(WED):
        challenge = create(login_as(boss), behaviour_ids=[call.id], team_ids=[north.id, south.id])
    path = f"/api/v1/challenges/{challenge['id']}"
    assert stored(challenge["id"])[1] == WED  # stored when it was made (no heartbeat since)
    late = WED + standing.SNAPSHOT * standing.SERVED
    for moment, computes in ((late - timedelta(seconds=1), False), (late, True)):
        with at(moment):
            api = login_as(ruben)
            with count_queries() as counted:
                assert api.get(path).status_code == 200
        assert any("challenge_score" in s for s in counted.statements) == computes, moment


class _FullTogether(schemas.ChallengeTogether):
    contributions = fields.List(fields.Nested(schemas.ChallengeContribution))


class _Full(schemas.Challenge):
    """The same response dumped field by field, as before fields.Rows."""

    teams = fields.List(fields.Nested(schemas.ChallengeTeam))
    together = fields.Nested(_FullTogether, allow_none=True)


@pytest.mark.parametrize("kind", ["team", "together"])
def test_the_rows_dumped_as_stored_equal_the_full_dump(kind, boss, person, north, south, call, login_as, app):
    ruben = person("Ruben", north)
    person("Sam", south)
    extra = {"target": 10} if kind == "together" else {}
    with at(WED):
        challenge = create(login_as(boss), kind=kind, behaviour_ids=[call.id], team_ids=[north.id, south.id], **extra)
        check_in(login_as(ruben), call)
    with at(WED + timedelta(hours=1)), app.test_request_context():
        shown = service.view(ruben, db.session.get(Challenge, challenge["id"]))
        assert shown.teams or shown.together
        assert schemas.Challenge().dump(shown) == _Full().dump(shown)

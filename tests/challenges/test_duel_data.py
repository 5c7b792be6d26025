"""Duels and data rights: a person's own export (JSON and the zip's CSV) holds their duels as shown to them; the
organisation export holds the duels both agreed to show (none in a `private` organisation, none of another
organisation); erasing a person takes their duels and the colleague's news naming them.

Every instant is fixed (time_machine).
"""

# ruff: noqa: F811  (the push fixtures, imported, are the parameters of the tests)
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import time_machine

from backend.accounts.models import Visibility
from backend.challenges import duel_ending
from backend.challenges.models import Duel
from backend.push.models import PushEvent
from tests.boards.conftest import LONG_AGO, check_in
from tests.push.conftest import (  # noqa: F401  (push fixtures)
    add_device,
    config_overrides,
    push_sender,
    push_service,
    sleeps,
    vapid_public_key,
)

TUE = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Amsterdam: the invitations
WED = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
END = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # Tuesday 24 November ends at midnight in Amsterdam


def at(moment):
    return time_machine.travel(moment, tick=False)


def invite(api, opponent, share=False):
    body = {"opponent_id": opponent.id, "starts_on": "2026-11-18", "ends_on": "2026-11-24", "share": share}
    response = api.post("/api/v1/duels", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer(api, duel, accept=True, share=False):
    response = api.post(f"/api/v1/duels/{duel['id']}/answer", json={"accept": accept, "share": share})
    assert response.status_code == 200, response.get_json()


def my_duels(api):
    return json.loads(api.get("/api/v1/me/export").data)["data"]["duels"]


def organisation_duels(api):
    response = api.post("/api/v1/admin/export")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert "duels.csv" in archive.namelist()
    return json.loads(archive.read("duels.json"))


def _setup(person, north, south, call, login_as, make_org, make_team, make_behaviour, make_user):
    ruben, sam, lotte = person("Ruben", north), person("Sam", south), person("Lotte", north)
    elsewhere = make_org("Elders BV")
    team = make_team("Elders", organisation=elsewhere)
    other_call = make_behaviour([team], name="Gebeld", cadence="weekdays", organisation=elsewhere)
    eva, piet = (make_user(organisation=elsewhere, team=team, name=n, created_at=LONG_AGO) for n in ("Eva", "Piet"))
    with at(TUE):
        shown = invite(login_as(ruben), sam, share=True)
        answer(login_as(sam), shown, share=True)
        declined = invite(login_as(ruben), lotte)
        answer(login_as(lotte), declined, accept=False)
        theirs = invite(login_as(eva), piet, share=True)
        answer(login_as(piet), theirs, share=True)
    for day in range(3):  # Ruben 3 of 5 weekdays, Sam 1 of 5
        with at(WED + day * DAY):
            check_in(login_as(ruben), call)
            check_in(login_as(eva), other_call)
    with at(WED):
        check_in(login_as(sam), call)
    return ruben, sam, lotte, eva, shown, declined, theirs


def test_each_one_exports_their_duels_as_shown_to_them_in_json_and_csv(
    db, person, north, south, call, login_as, make_org, make_team, make_behaviour, make_user
):
    ruben, sam, lotte, eva, shown, declined, theirs = _setup(
        person, north, south, call, login_as, make_org, make_team, make_behaviour, make_user
    )
    with at(WED + DAY):
        running = my_duels(login_as(sam))
    assert [(d["opponent"], d["status"], d["my_check_ins"], d["outcome"]) for d in running] == [
        ("Ruben", "running", 1, None)
    ]
    with at(END + DAY):
        rubens = my_duels(login_as(ruben))
        sams = my_duels(login_as(sam))
        lottes = my_duels(login_as(lotte))
        zipped = zipfile.ZipFile(io.BytesIO(login_as(ruben).get("/api/v1/me/export?format=zip").data))
    won = {
        "id": shown["id"],
        "role": "challenger",
        "opponent": "Sam",
        "starts_on": "2026-11-18",
        "ends_on": "2026-11-24",
        "behaviours": "all",
        "status": "closed",
        "my_consistency": 60.0,
        "my_check_ins": 3,
        "opponent_consistency": 20.0,
        "opponent_check_ins": 1,
        "outcome": "won",
        "i_agreed_to_show": True,
        "shown_to_colleagues": True,
    }
    assert [{k: d[k] for k in won} for d in rubens] == [
        won,
        {
            **won,
            "id": declined["id"],
            "opponent": "Lotte",
            "status": "declined",
            "my_consistency": None,
            "my_check_ins": None,
            "opponent_consistency": None,
            "opponent_check_ins": None,
            "outcome": None,
            "i_agreed_to_show": False,
            "shown_to_colleagues": False,
        },
    ]
    assert [(d["role"], d["opponent"], d["my_consistency"], d["opponent_consistency"], d["outcome"]) for d in sams] == [
        ("opponent", "Ruben", 20.0, 60.0, "other_won")
    ]
    assert [(d["opponent"], d["status"]) for d in lottes] == [("Ruben", "declined")]
    rows = list(csv.DictReader(io.StringIO(zipped.read("duels.csv").decode("utf-8-sig"))))
    assert [(r["opponent"], r["status"], r["my_consistency"], r["outcome"]) for r in rows] == [
        ("Sam", "closed", "60.0", "won"),
        ("Lotte", "declined", "", ""),
    ]
    assert all("Eva" not in json.dumps(d) for d in rubens + sams + lottes)  # another organisation's duel


def test_the_organisation_export_holds_only_duels_both_show_of_its_own_and_none_when_private(
    db, org, admin, person, north, south, call, login_as, make_org, make_team, make_behaviour, make_user
):
    ruben, sam, lotte, eva, shown, declined, theirs = _setup(
        person, north, south, call, login_as, make_org, make_team, make_behaviour, make_user
    )
    with at(END + DAY):
        rows = organisation_duels(login_as(admin))
    assert rows == [
        {
            "id": shown["id"],
            "challenger_id": ruben.id,
            "opponent_id": sam.id,
            "starts_on": "2026-11-18",
            "ends_on": "2026-11-24",
            "behaviours": "all",
            "status": "closed",
            "challenger_consistency": 60.0,
            "opponent_consistency": 20.0,
            "winner_id": ruben.id,
            "tie": False,
        }
    ]
    org.visibility = Visibility.PRIVATE
    db.session.commit()
    with at(END + DAY):
        assert organisation_duels(login_as(admin)) == []  # in a private organisation a duel is the two's alone


def test_erasing_a_person_takes_their_duels_and_the_news_that_names_them(
    app,
    db,
    org,
    admin,
    add_device,
    push_service,
    push_sender,
    person,
    north,
    south,
    call,
    login_as,
    make_org,
    make_team,
    make_behaviour,
    make_user,
):
    ruben, sam, lotte, eva, shown, declined, theirs = _setup(
        person, north, south, call, login_as, make_org, make_team, make_behaviour, make_user
    )
    add_device(ruben)  # so the result waits in his outbox for his morning (it names Sam)
    with at(END + timedelta(seconds=2)):
        assert duel_ending.end_due(END + timedelta(seconds=2)) == [shown["id"], theirs["id"]]
    naming_sam = [e for e in db.session.query(PushEvent).filter_by(user_id=ruben.id, kind="duel")]
    assert [e.data["person"] for e in naming_sam if e.data["what"] == "result"] == ["Sam"]

    with at(END + timedelta(hours=1)):
        assert login_as(admin).post(f"/api/v1/admin/people/{sam.id}/erase").status_code == 204
        db.session.expire_all()
        assert [d["opponent"] for d in my_duels(login_as(ruben))] == ["Lotte"]
        assert organisation_duels(login_as(admin)) == []
    assert db.session.query(Duel).filter((Duel.challenger_id == sam.id) | (Duel.opponent_id == sam.id)).count() == 0
    assert [e.data.get("person") for e in db.session.query(PushEvent).filter_by(user_id=ruben.id, kind="duel")] == []
    # The other organisation's duel and Lotte's declined one stay.
    assert db.session.query(Duel).filter_by(id=theirs["id"]).count() == 1
    assert db.session.query(Duel).filter_by(id=declined["id"]).count() == 1

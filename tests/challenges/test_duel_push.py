# ruff: noqa: F811  (the push fixtures, imported, are the parameters of the tests)
"""Duel news by push: the invited one hears of the invitation (with a link to answer), the inviter of the answer,
both of the result when the duel ends by itself (the heartbeat, exactly once even with two schedulers), each in
their own 09:00–21:00 and time zone, held by quiet hours, never for who switched duels off. The result never
shames, and a tie is said as a tie.

Every instant is fixed (time_machine); challenges send the signals, push listens (push/events.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from backend.challenges import duel_ending
from backend.extensions import db as _db
from backend.push import scheduler
from backend.push.models import PushEvent
from tests.boards.conftest import check_in
from tests.push.conftest import (  # noqa: F401  (push fixtures)
    add_device,
    concurrently,
    config_overrides,
    push_sender,
    push_service,
    sleeps,
    vapid_public_key,
)

TUE = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Amsterdam, 04:00 in New York: the invitation
WED = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # 16:00 in Amsterdam, 10:00 in New York
DAY = timedelta(days=1)
END = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # Tuesday 24 November ends at midnight in Amsterdam


def at(moment):
    return time_machine.travel(moment, tick=False)


def tick(app, moment):
    queue = scheduler.ThreadQueue(app, workers=2, now=moment)
    try:
        with at(moment):
            return scheduler.run_once(queue, moment)
    finally:
        queue.close()


def news(push_service, device):
    return [
        (m.json["title"], m.json["body"], m.json["url"])
        for m in push_service.messages_for(device)
        if m.json["url"].startswith("/challenges#duels")
    ]


def invite(api, opponent, **fields):
    body = {"opponent_id": opponent.id, "starts_on": "2026-11-18", "ends_on": "2026-11-24", **fields}
    response = api.post("/api/v1/duels", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer(api, duel, accept=True):
    response = api.post(f"/api/v1/duels/{duel['id']}/answer", json={"accept": accept})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def end_duels(moment):
    with at(moment):
        return duel_ending.end_due(moment)


def test_invitation_answer_and_result_reach_each_once_in_their_own_daytime_even_with_two_schedulers(
    app, db, person, north, south, call, login_as, add_device, push_service, push_sender, concurrently
):
    ruben = person("Ruben", north)  # Amsterdam, Dutch
    sam = person("Sam", south, time_zone="America/New_York", locale="en")
    ruben_phone, sam_phone = add_device(ruben), add_device(sam)
    with at(TUE):
        duel = invite(login_as(ruben), sam)
    tick(app, TUE + timedelta(minutes=1))  # 04:01 in New York: the invitation waits for Sam's morning
    tick(app, TUE.replace(hour=13, minute=59))
    assert news(push_service, sam_phone) == []
    tick(app, TUE.replace(hour=14))  # 09:00 in New York
    assert news(push_service, sam_phone) == [
        ("Duel", "Ruben invites you to a duel from 18 Nov to 24 Nov. Will you take it on?", "/challenges#duels")
    ]

    with at(TUE.replace(hour=14, minute=5)):  # 15:05 in Amsterdam: Ruben hears at once
        answer(login_as(sam), duel)
    tick(app, TUE.replace(hour=14, minute=6))
    assert news(push_service, ruben_phone) == [
        ("Duel", "Sam gaat het duel aan, van 18 nov tot en met 24 nov. Veel plezier!", "/challenges#duels")
    ]

    for day in range(3):  # Ruben: Wednesday to Friday, 3 of 5 weekdays; Sam: Wednesday, 1 of 5
        with at(WED + day * DAY):
            check_in(login_as(ruben), call)
    with at(WED):
        check_in(login_as(sam), call)

    assert end_duels(END - timedelta(seconds=1)) == []  # not before its end
    with at(END + timedelta(seconds=5)):
        results, errors = concurrently(lambda: duel_ending.end_due(END + timedelta(seconds=5)))
    assert errors == [] and sorted(results) == [[], [duel["id"]]]
    assert end_duels(END + timedelta(minutes=1)) == []
    _db.session.expire_all()
    results_told = [
        e.user_id for e in _db.session.query(PushEvent).filter_by(kind="duel") if e.data["what"] == "result"
    ]
    assert sorted(results_told) == sorted([ruben.id, sam.id])  # once each

    tick(app, END + timedelta(minutes=2))  # 18:02 in New York, 00:02 in Amsterdam
    assert news(push_service, sam_phone)[-1] == (
        "Duel",
        "Duel with Ruben ended: Ruben reached 60%, you 20%. What can you repeat?",
        "/challenges#duels",
    )
    assert len(news(push_service, ruben_phone)) == 1
    tick(app, datetime(2026, 11, 25, 7, 59, tzinfo=UTC))
    assert len(news(push_service, ruben_phone)) == 1
    tick(app, datetime(2026, 11, 25, 8, 0, tzinfo=UTC))  # 09:00 in Amsterdam
    assert news(push_service, ruben_phone)[-1][1] == (
        "Duel met Sam afgelopen: jij kwam op 60%, Sam op 20%. Gewonnen, mooi ritme!"
    )
    tick(app, datetime(2026, 11, 25, 15, 0, tzinfo=UTC))
    assert len(news(push_service, ruben_phone)) == len(news(push_service, sam_phone)) == 2  # each told once

    # What the result said is what the duel shows.
    with at(END + DAY):
        shown = login_as(sam).get(f"/api/v1/duels/{duel['id']}").get_json()
    assert shown["status"] == "closed" and shown["winner_id"] == ruben.id


def test_two_answers_at_once_answer_once_and_tell_once(app, db, person, north, south, call, login_as, concurrently):
    from backend.accounts.models import User
    from backend.challenges import duels

    ruben, sam = person("Ruben", north), person("Sam", south)
    with at(TUE):
        duel = invite(login_as(ruben), sam)
    told = []

    def listen(sender, accepted, **_kw):
        told.append((sender.id, accepted))

    from backend import signals

    signals.duel_answered.connect(listen, weak=False)
    try:

        def tap():
            duels.answer(_db.session.get(User, sam.id), duel["id"], accept=True)
            _db.session.commit()
            return "answered"

        with at(TUE + timedelta(hours=1)):
            results, errors = concurrently(tap)
    finally:
        signals.duel_answered.disconnect(listen)
    assert results == ["answered"] and [getattr(e, "code", repr(e)) for e in errors] == ["duel_answered"]
    assert told == [(duel["id"], True)]


def test_a_tie_is_said_as_a_tie_a_decline_kindly_quiet_hours_hold_it_and_the_switch_turns_it_off(
    app, db, person, north, south, call, login_as, add_device, push_service, push_sender
):
    ruben, lotte = person("Ruben", north), person("Lotte", north)
    sam = person("Sam", south, time_zone="America/New_York", locale="en")
    ruben_phone, sam_phone, lotte_phone = add_device(ruben), add_device(sam), add_device(lotte)
    with at(TUE):
        off = login_as(sam).put("/api/v1/push/settings", json={"events": {"duel": False}})
        assert off.status_code == 200 and off.get_json()["events"]["duel"] is False
        assert off.get_json()["events"]["challenge_result"] is True
        quiet = login_as(ruben).put("/api/v1/push/settings", json={"quiet_start": "08:00", "quiet_end": "10:00"})
        assert quiet.status_code == 200 and quiet.get_json()["events"]["duel"] is True
        with_sam, with_lotte = invite(login_as(ruben), sam), invite(login_as(ruben), lotte)
        answer(login_as(lotte), with_lotte, accept=False)
    tick(app, TUE + timedelta(minutes=1))
    assert news(push_service, ruben_phone) == [
        ("Duel", "Lotte doet deze keer niet mee aan het duel.", "/challenges#duels")
    ]
    assert news(push_service, lotte_phone)[0][1].startswith("Ruben nodigt je uit voor een duel van 18 nov tot en met")
    with at(TUE.replace(hour=15)):
        answer(login_as(sam), with_sam)
    tick(app, TUE.replace(hour=15, minute=1))
    assert (
        news(push_service, ruben_phone)[-1][1] == "Sam gaat het duel aan, van 18 nov tot en met 24 nov. Veel plezier!"
    )
    for day in range(3):
        with at(WED + day * DAY):
            check_in(login_as(ruben), call)
            check_in(login_as(sam), call)
    assert end_duels(END + timedelta(seconds=3)) == [with_sam["id"]]
    tick(app, datetime(2026, 11, 25, 8, 0, tzinfo=UTC))  # 09:00 in Amsterdam: Ruben's quiet hours
    assert len(news(push_service, ruben_phone)) == 2
    tick(app, datetime(2026, 11, 25, 9, 1, tzinfo=UTC))  # 10:01: the quiet hours are over
    assert news(push_service, ruben_phone)[-1][1] == "Duel met Sam afgelopen: jullie kwamen allebei op 60%. Gelijkspel!"
    tick(app, datetime(2026, 11, 25, 15, 0, tzinfo=UTC))
    assert news(push_service, sam_phone) == []  # switched off: no invitation, no result
    assert news(push_service, lotte_phone)[1:] == []


def test_the_result_waits_for_the_morning_in_summer_time_after_the_clocks_moved(
    app, db, person, north, call, login_as, add_device, push_service, push_sender
):
    """A duel over the night the clocks go forward: it ends at midnight summer time (22:00 UTC), and the result
    is told at 09:00 summer time, 07:00 UTC, not at the winter 08:00."""
    ruben, lotte = person("Ruben", north), person("Lotte", north)
    ruben_phone = add_device(ruben)
    monday = datetime(2027, 3, 22, 9, 0, tzinfo=UTC)
    with at(monday):
        duel = invite(login_as(ruben), lotte, starts_on="2027-03-23", ends_on="2027-03-29")
        answer(login_as(lotte), duel)
    end = datetime(2027, 3, 29, 22, 0, tzinfo=UTC)
    assert end_duels(end - timedelta(seconds=1)) == []
    assert end_duels(end) == [duel["id"]]
    tick(app, end.replace(day=30, hour=6, minute=59))
    assert [body for _t, body, _u in news(push_service, ruben_phone)][1:] == []
    tick(app, end.replace(day=30, hour=7, minute=0))
    assert news(push_service, ruben_phone)[-1][1] == "Duel met Lotte afgelopen. Bekijk de uitslag."


def test_an_invitation_taken_back_before_the_morning_is_never_told(
    app, db, person, north, south, call, login_as, add_device, push_service, push_sender
):
    ruben = person("Ruben", north)
    sam = person("Sam", south, time_zone="America/New_York", locale="en")
    sam_phone = add_device(sam)
    with at(TUE):  # 04:00 in New York: the invitation waits for 09:00 there
        duel = invite(login_as(ruben), sam)
        assert login_as(ruben).post(f"/api/v1/duels/{duel['id']}/withdraw").status_code == 200
    tick(app, TUE.replace(hour=14))
    assert news(push_service, sam_phone) == []


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_duel_text_exists_in_both_languages(locale):
    from backend.i18n import MESSAGES

    for key in (
        "push_duel_title",
        "push_duel_invited",
        "push_duel_accepted",
        "push_duel_declined",
        "push_duel_result_won",
        "push_duel_result_other_won",
        "push_duel_result_tie",
        "push_duel_result_plain",
        "push_duel_many",
        "push_held_duel_one",
        "push_held_duel_many",
    ):
        assert MESSAGES[key][locale]

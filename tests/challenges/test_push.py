# ruff: noqa: F811  (the push fixtures, imported, are the parameters of the tests)
"""Challenge news by push: the start, halfway, the last day and the result reach each participant once,
in their own daytime and time zone, only if they want it (a switch per kind), held by quiet hours; two
heartbeats tell a milestone once; a heartbeat that was down tells only the latest milestone.

Every instant is fixed (time_machine); challenges send the signals, push listens (push/events.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from backend import signals
from backend.challenges import closing, milestones
from backend.push import scheduler, service
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

TUE = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)  # the day before: the challenge is made
START = datetime(2026, 11, 17, 23, 0, tzinfo=UTC)  # Wednesday 18 November, midnight in Amsterdam
END = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # Tuesday 24 November ends at midnight in Amsterdam
HALFWAY = START + (END - START) / 2  # Saturday 21 November 12:00 in Amsterdam


def at(moment):
    return time_machine.travel(moment, tick=False)


def heartbeat(moment):
    with at(moment):
        return milestones.announce_due(moment)


def tick(app, moment):
    queue = scheduler.ThreadQueue(app, workers=2, now=moment)
    try:
        with at(moment):
            return scheduler.run_once(queue, moment)
    finally:
        queue.close()


def news(push_service, device):
    return [
        (m.json["title"], m.json["body"]) for m in push_service.messages_for(device) if m.json["url"] == "/challenges"
    ]


@pytest.fixture
def told():
    sent = []

    def listen(challenge, milestone, **_kw):
        sent.append((challenge.id, milestone))

    signals.challenge_milestone.connect(listen, weak=False)
    yield sent
    signals.challenge_milestone.disconnect(listen)


@pytest.fixture
def week(boss, north, south, call, login_as):
    def make(**fields):
        with at(TUE):
            body = {
                "kind": "team",
                "title": "Bel-week",
                "starts_on": "2026-11-18",
                "ends_on": "2026-11-24",
                "behaviour_ids": [call.id],
                "team_ids": [north.id, south.id],
                **fields,
            }
            response = login_as(boss).post("/api/v1/challenges", json=body)
            assert response.status_code == 201, response.get_json()
            return response.get_json()

    return make


def test_start_halfway_last_day_and_result_reach_each_participant_once_in_their_own_daytime(
    app, db, boss, person, north, south, call, login_as, add_device, push_service, push_sender, week, told
):
    ruben = person("Ruben", north)  # Amsterdam
    sam = person("Sam", south, time_zone="America/New_York", locale="en")
    ruben_phone, sam_phone, boss_phone = add_device(ruben), add_device(sam), add_device(boss)
    challenge = week()

    # Midnight in Amsterdam, 18:00 in New York: Sam hears at once, Ruben in his morning.
    assert heartbeat(START) == 1 and heartbeat(START + timedelta(seconds=2)) == 0
    tick(app, START + timedelta(minutes=1))
    assert news(push_service, ruben_phone) == []
    assert news(push_service, sam_phone) == [
        ("Challenge started", "Bel-week has started. Every check-in counts from now on.")
    ]
    tick(app, datetime(2026, 11, 18, 7, 59, tzinfo=UTC))
    assert news(push_service, ruben_phone) == []
    tick(app, datetime(2026, 11, 18, 8, 0, tzinfo=UTC))  # 09:00 in Amsterdam
    assert news(push_service, ruben_phone) == [
        ("Uitdaging begonnen", "Bel-week is begonnen. Vanaf nu telt elke check-in mee.")
    ]

    with at(HALFWAY - timedelta(hours=1)):
        check_in(login_as(ruben), call)
    assert heartbeat(HALFWAY - timedelta(seconds=1)) == 0
    assert heartbeat(HALFWAY) == 1  # Saturday noon in Amsterdam, 06:00 in New York
    tick(app, HALFWAY + timedelta(seconds=30))
    assert news(push_service, ruben_phone)[-1][0] == "Halverwege"
    assert len(news(push_service, sam_phone)) == 1
    tick(app, HALFWAY + timedelta(hours=3, seconds=30))  # 09:00 in New York
    assert news(push_service, sam_phone)[-1] == ("Halfway there", "Bel-week is halfway. See how your team is doing.")

    # A day before the end: Monday 18:00 in New York (told at once), midnight in Amsterdam (told at 09:00).
    last_day = END - timedelta(days=1)
    assert heartbeat(last_day) == 1
    tick(app, last_day + timedelta(seconds=30))
    assert news(push_service, sam_phone)[-1][0] == "Last day"
    assert news(push_service, ruben_phone)[-1][0] == "Halverwege"
    tick(app, datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    assert news(push_service, ruben_phone)[-1] == (
        "Laatste dag",
        "Nog één dag voor Bel-week. Elke check-in telt nog mee.",
    )
    assert heartbeat(END - timedelta(minutes=30)) == 0  # the frozen last hour tells nothing new

    with at(END + timedelta(seconds=1)):
        assert closing.close_due() == [challenge["id"]]
    tick(app, END + timedelta(minutes=1))  # 19:00 in New York, midnight in Amsterdam
    assert news(push_service, sam_phone)[-1] == ("Result", "Noord won Bel-week. See how your team did.")
    tick(app, datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    assert news(push_service, ruben_phone)[-1] == (
        "Uitslag",
        "Noord heeft Bel-week gewonnen. Jullie ritme maakte het verschil!",
    )

    tick(app, datetime(2026, 11, 25, 15, 0, tzinfo=UTC))
    assert len(news(push_service, ruben_phone)) == len(news(push_service, sam_phone)) == 4  # each once
    assert news(push_service, boss_phone) == []  # a manager organises, does not take part
    assert told == [(challenge["id"], m) for m in ("start", "halfway", "last_day")]


def test_a_heartbeat_that_was_down_tells_only_the_latest_milestone_and_a_cancelled_challenge_nothing(
    app, db, boss, person, north, login_as, week, told
):
    person("Ruben", north)
    running, cancelled = week(), week(title="Afgelast")
    with at(TUE):
        assert (
            login_as(boss).post(f"/api/v1/challenges/{cancelled['id']}/cancel", json={"reason": "Te druk"}).status_code
            == 200
        )
    assert heartbeat(HALFWAY + timedelta(hours=1)) == 1
    assert heartbeat(HALFWAY + timedelta(hours=2)) == 0
    assert told == [(running["id"], "halfway")]


def test_two_heartbeats_at_once_tell_a_milestone_once(app, db, person, north, week, told, concurrently):
    person("Ruben", north)
    challenge = week()

    def beat():
        with at(START + timedelta(seconds=5)):
            return milestones.announce_due(START + timedelta(seconds=5))

    results, errors = concurrently(beat)
    assert errors == [] and sorted(results) == [0, 1]
    assert told == [(challenge["id"], "start")]


def test_each_kind_of_challenge_news_can_be_switched_off_and_quiet_hours_hold_it(
    app, db, person, north, login_as, add_device, push_service, push_sender, week
):
    ruben, lotte = person("Ruben", north), person("Lotte", north)
    ruben_phone, lotte_phone = add_device(ruben), add_device(lotte)
    with at(TUE):
        off = login_as(ruben).put("/api/v1/push/settings", json={"events": {"challenge_start": False}})
        assert off.status_code == 200 and off.get_json()["events"]["challenge_start"] is False
        assert off.get_json()["events"]["challenge_result"] is True
        quiet = login_as(lotte).put("/api/v1/push/settings", json={"quiet_start": "08:00", "quiet_end": "10:00"})
        assert quiet.status_code == 200
    week()
    heartbeat(START)
    tick(app, datetime(2026, 11, 18, 8, 0, tzinfo=UTC))  # 09:00 in Amsterdam: Lotte's quiet hours
    assert news(push_service, ruben_phone) == news(push_service, lotte_phone) == []
    tick(app, datetime(2026, 11, 18, 9, 1, tzinfo=UTC))
    assert news(push_service, ruben_phone) == []  # switched off
    assert [t for t, _ in news(push_service, lotte_phone)] == ["Uitdaging begonnen"]  # held, then told
    assert service.DEEP_LINKS["challenge_start"] == "/challenges"


def test_personal_best_result_celebrates_who_beat_it_and_never_tells_anyone_they_were_last(
    app, db, person, north, call, login_as, add_device, push_service, push_sender, week
):
    ruben, lotte = person("Ruben", north), person("Lotte", north)
    ruben_phone, lotte_phone = add_device(ruben), add_device(lotte)
    challenge = week(kind="personal_best", team_ids=[north.id], title="Eigen record")
    for day in range(5):
        with at(START + timedelta(days=day, hours=10)):
            check_in(login_as(ruben), call)
    with at(END + timedelta(seconds=1)):
        assert closing.close_due() == [challenge["id"]]
    tick(app, datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    assert news(push_service, ruben_phone)[-1] == (
        "Uitslag",
        "Je hebt je persoonlijk record verbeterd in Eigen record. Gefeliciteerd!",
    )
    assert news(push_service, lotte_phone)[-1] == ("Uitslag", "Eigen record is afgelopen. Bekijk de uitslag.")

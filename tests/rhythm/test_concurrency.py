"""Taps that arrive at the same moment: every one is stored once, none fails."""

import threading
from datetime import UTC, datetime

import time_machine

from backend.rhythm.models import CheckIn, RhythmState
from tests.rhythm.conftest import new_client_id

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def _tap_together(clients_and_payloads):
    barrier = threading.Barrier(len(clients_and_payloads))
    statuses = [None] * len(clients_and_payloads)

    def tap(index, api, payload):
        barrier.wait()
        statuses[index] = api.post("/api/v1/checkins", json=payload).status_code

    threads = [
        threading.Thread(target=tap, args=(n, api, payload)) for n, (api, payload) in enumerate(clients_and_payloads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@time_machine.travel(NOW, tick=False)
def test_two_behaviours_checked_in_at_the_same_moment_both_succeed(login_as, rep, make_behaviour, sales, db):
    behaviours = [make_behaviour([sales], name=f"Gedrag {n}") for n in range(4)]
    phones = [login_as(rep) for _ in behaviours]
    for phone in phones:
        phone.csrf_token()
    statuses = _tap_together(
        [
            (phone, {"behaviour_id": b.id, "client_id": new_client_id()})
            for phone, b in zip(phones, behaviours, strict=True)
        ]
    )
    assert statuses == [201] * len(behaviours)
    db.session.expire_all()
    assert db.session.query(CheckIn).filter_by(user_id=rep.id).count() == len(behaviours)
    assert db.session.query(RhythmState).filter_by(user_id=rep.id).count() == len(behaviours)


@time_machine.travel(NOW, tick=False)
def test_the_same_tap_sent_twice_at_once_is_stored_once(login_as, rep, make_behaviour, sales, db):
    behaviour = make_behaviour([sales])
    payload = {"behaviour_id": behaviour.id, "client_id": new_client_id()}
    phones = [login_as(rep), login_as(rep)]
    for phone in phones:
        phone.csrf_token()
    statuses = _tap_together([(phone, payload) for phone in phones])
    assert sorted(statuses) == [200, 201]
    db.session.expire_all()
    assert db.session.query(CheckIn).filter_by(user_id=rep.id).count() == 1

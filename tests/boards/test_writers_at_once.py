"""Writers that move several people's board aggregates at the same moment (issue 21 item 17).

On PostgreSQL two wins crediting each other used to lock the same board rows in opposite orders
and one of them died in a deadlock (500, the win lost). Every writer now takes the organisation's
aggregate lock first (backend/locks.py), and a request that still loses a deadlock is re-run
(backend/transactions.py). Each test sends its writes through two app instances on one database,
as two servers do, and checks that every request was answered, every write stored once, and the
board aggregates equal a rebuild from scratch.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from backend.badges.models import Badge, BadgeAward
from backend.boards.aggregates import rebuild_aggregates
from backend.boards.models import BoardDay, BoardTeamTotal, BoardTotal
from backend.rhythm import fold
from backend.rhythm.models import CheckIn
from backend.wins.models import Applause, Win
from tests.conftest import ApiClient, _testing_config
from tests.rhythm.conftest import new_client_id

ROUNDS = 6


@pytest.fixture
def second_app(database_url, app, mailbox):
    """Another server on the same database (its own engine and connection pool)."""
    from backend import create_app
    from backend.extensions import db

    other = create_app(_testing_config(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=mailbox.port))
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def servers(app, second_app):
    """servers(user, n) → a client signed in as the user on server n % 2."""

    def sign_in(user, n: int) -> ApiClient:
        api = ApiClient((app, second_app)[n % 2].test_client())
        api.login(user)
        api.csrf_token()
        return api

    return sign_in


def at_once(calls) -> list:
    """Run the calls in threads released by one barrier; their answers (or the exception) in order."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            answers[index] = call()
        except Exception as error:  # noqa: BLE001  (the test shows it)
            answers[index] = error

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return answers


def statuses(answers) -> Counter:
    return Counter(getattr(answer, "status_code", repr(answer)) for answer in answers)


def folding(app):
    """A call that folds every pending tap in on its own app context, as the scheduler's heartbeat does."""

    def fold_in():
        from backend.extensions import db

        with app.app_context():
            try:
                return fold.fold_everything()
            finally:
                db.session.remove()

    return fold_in


def aggregates(db, organisation_id) -> dict:
    """Every board aggregate row of the organisation, as comparable values."""
    db.session.expire_all()
    days = {
        (r.user_id, r.day): (round(r.points, 6), round(r.bonus_points, 6), r.checkins, r.customer_facing)
        for r in db.session.scalars(select(BoardDay).where(BoardDay.organisation_id == organisation_id))
    }
    totals = {
        (r.user_id, r.period, r.starts_on): (round(r.points, 6), r.checkins, r.customer_facing)
        for r in db.session.scalars(select(BoardTotal).where(BoardTotal.organisation_id == organisation_id))
    }
    teams = {
        (r.team_id, r.period, r.starts_on): round(r.points, 6)
        for r in db.session.scalars(select(BoardTeamTotal).where(BoardTeamTotal.organisation_id == organisation_id))
        if r.points
    }
    return {"days": days, "totals": totals, "teams": teams}


def assert_boards_equal_a_rebuild(db, organisation_id) -> dict:
    fold.fold_everything()
    kept = aggregates(db, organisation_id)
    rebuild_aggregates(organisation_id)
    db.session.flush()
    rebuilt = aggregates(db, organisation_id)
    db.session.rollback()
    assert kept == rebuilt
    return kept


def bonus_of(kept: dict) -> dict[int, float]:
    per_person: dict[int, float] = Counter()
    for (user_id, _day), (_points, bonus, _checkins, _facing) in kept["days"].items():
        per_person[user_id] += bonus
    return dict(per_person)


@pytest.fixture
def reps(member):
    return [member(f"Rep {n}") for n in range(6)]


def test_wins_crediting_each_other_at_the_same_moment_are_all_stored_once(reps, servers, db, org):
    """Pairs of reps of one team log wins at once, each crediting the other (and a third colleague)."""
    phones = [servers(rep, n) for n, rep in enumerate(reps)]
    sent = []
    for _round in range(ROUNDS):
        calls = []
        for n, phone in enumerate(phones):
            partner, third = reps[n ^ 1], reps[(n + 2) % len(reps)]
            body = {"client_id": new_client_id(), "text": "Offerte getekend", "credited_ids": [partner.id, third.id]}
            sent.append(body["client_id"])
            calls.append(lambda phone=phone, body=body: phone.post("/api/v1/wins", json=body))
        answers = at_once(calls)
        assert statuses(answers) == {201: len(phones)}, [getattr(a, "get_json", lambda a=a: a)() for a in answers]
    db.session.expire_all()
    stored = Counter(db.session.scalars(select(Win.client_id)))
    assert stored == Counter(sent)
    kept = assert_boards_equal_a_rebuild(db, org.id)
    # Each rep authored ROUNDS wins and was credited in 2 × ROUNDS: win_points (10) for each.
    assert bonus_of(kept) == {rep.id: 10.0 * 3 * ROUNDS for rep in reps}


def test_taps_folding_undos_confirmations_and_wins_at_once(reps, manager, servers, app, visit, crm, db, org):
    """New wins crediting colleagues, a manager confirming earlier ones, taps, undos of folded taps and
    the fold itself, all at the same moment."""
    phones = [servers(rep, n) for n, rep in enumerate(reps)]
    boss = servers(manager, 1)
    for phone in phones:  # a tap each, folded in, so that undoing it takes points back from the boards
        tap = phone.post("/api/v1/checkins", json={"behaviour_id": crm.id, "client_id": new_client_id()})
        assert tap.status_code == 201
    fold.fold_everything()
    db.session.commit()
    tapped = {rep.id: db.session.scalar(select(CheckIn.id).where(CheckIn.user_id == rep.id)) for rep in reps}
    earlier = []
    for n, phone in enumerate(phones):
        body = {"client_id": new_client_id(), "text": "Klant verlengd", "credited_ids": [reps[n ^ 1].id]}
        response = phone.post("/api/v1/wins", json=body)
        assert response.status_code == 201
        earlier.append(response.get_json()["id"])
    calls = []
    for n, (phone, rep) in enumerate(zip(phones, reps, strict=True)):
        body = {"client_id": new_client_id(), "text": "Upsell", "credited_ids": [reps[(n + 1) % len(reps)].id]}
        calls.append(lambda phone=phone, body=body: phone.post("/api/v1/wins", json=body))
        tap = {"behaviour_id": visit.id, "client_id": new_client_id()}
        calls.append(lambda phone=phone, tap=tap: phone.post("/api/v1/checkins", json=tap))
        calls.append(lambda phone=phone, checkin=tapped[rep.id]: phone.delete(f"/api/v1/checkins/{checkin}"))
    calls.extend(lambda win_id=win_id: boss.post(f"/api/v1/wins/{win_id}/confirm") for win_id in earlier)
    calls.extend([folding(app)] * 2)
    answers = at_once(calls)
    http = [answer for answer in answers if not isinstance(answer, int)]
    assert all(getattr(a, "status_code", 500) < 300 for a in http), statuses(http)
    kept = assert_boards_equal_a_rebuild(db, org.id)
    # Each rep: an earlier win of their own and one crediting them (10 each), both confirmed (+10 each),
    # and a new win of their own and one crediting them (10 each).
    assert bonus_of(kept) == {rep.id: 60.0 for rep in reps}
    for rep in reps:  # the undone tap went, the new one stayed
        assert {(points, checkins) for points, _bonus, checkins, _facing in _days_of(kept, rep.id)} == {
            (60.0 + visit.points, 1)
        }
    assert db.session.query(Win).count() == 2 * len(reps)


def _days_of(kept: dict, user_id: int) -> list:
    return [value for (person, _day), value in kept["days"].items() if person == user_id]


def test_a_confirmation_sent_twice_at_once_gives_the_bonus_once(reps, manager, servers, db, org):
    win = servers(reps[0], 0).post(
        "/api/v1/wins", json={"client_id": new_client_id(), "text": "Grote deal", "credited_ids": [reps[1].id]}
    )
    win_id = win.get_json()["id"]
    managers = [servers(manager, n) for n in range(4)]
    answers = at_once([lambda api=api: api.post(f"/api/v1/wins/{win_id}/confirm") for api in managers])
    assert statuses(answers) == {200: 4}
    kept = assert_boards_equal_a_rebuild(db, org.id)
    assert bonus_of(kept) == {reps[0].id: 20.0, reps[1].id: 20.0}


def test_applause_bursts_and_awards_while_wins_credit_the_same_person(reps, manager, servers, db, org):
    """Colleagues applaud one win, credit its author in new wins, and a manager gives badges, at once;
    automatic badges for applause and credits are earned in the middle of it, exactly once."""
    star = reps[0]
    first = servers(reps[1], 0).post(
        "/api/v1/wins", json={"client_id": new_client_id(), "text": "Grote deal", "credited_ids": [star.id]}
    )
    win_id = first.get_json()["id"]
    star_win = servers(star, 1).post("/api/v1/wins", json={"client_id": new_client_id(), "text": "Eigen deal"})
    star_win_id = star_win.get_json()["id"]
    badges = [
        Badge(organisation_id=org.id, name_nl=name, name_en=name, emoji="⭐", kind=kind, **criterion)
        for name, kind, criterion in [
            ("Opvolger", "manual", {}),
            ("Applaus", "automatic", {"criterion": "applause", "threshold": 3}),
            ("Teamspeler", "automatic", {"criterion": "credited_wins", "threshold": 3}),
        ]
    ]
    db.session.add_all(badges)
    db.session.commit()
    boss = servers(manager, 1)
    calls = []
    for n, rep in enumerate(reps[1:], start=1):
        phone = servers(rep, n)
        calls.append(lambda phone=phone: phone.post(f"/api/v1/wins/{star_win_id}/applause"))
        body = {"client_id": new_client_id(), "text": "Samen binnengehaald", "credited_ids": [star.id]}
        calls.append(lambda phone=phone, body=body: phone.post("/api/v1/wins", json=body))
        if rep.id != reps[1].id:  # not on one's own win
            calls.append(lambda phone=phone: phone.post(f"/api/v1/wins/{win_id}/applause"))
    for n in range(3):
        award = {"badge_id": badges[0].id, "user_id": star.id, "reason": f"Opvolging binnen 24 uur ({n})"}
        calls.append(lambda award=award: boss.post("/api/v1/awards", json=award))
    answers = at_once(calls)
    assert all(getattr(a, "status_code", 500) < 300 for a in answers), statuses(answers)
    db.session.expire_all()
    assert db.session.query(Applause).filter_by(win_id=star_win_id).count() == len(reps) - 1
    awards = Counter(db.session.scalars(select(BadgeAward.badge_id).where(BadgeAward.user_id == star.id)))
    assert awards == {badges[0].id: 3, badges[1].id: 1, badges[2].id: 1}
    kept = assert_boards_equal_a_rebuild(db, org.id)
    # Their own win, the first win crediting them, and one from each colleague: 10 each.
    assert bonus_of(kept)[star.id] == 10.0 * (2 + len(reps) - 1)


def test_an_import_settles_while_wins_taps_and_folds_move_the_same_people(
    reps, make_user, team, servers, app, visit, crm, db, org
):
    """An admin imports history for everyone while they log wins crediting each other and tap."""
    admin = make_user(role="admin", team=team, name="Anouk")
    importer = servers(admin, 0)
    today = date.fromisoformat(importer.get("/api/v1/today").get_json()["date"])
    lines = ["email,behaviour,date"] + [
        f"{rep.email},{behaviour.name_nl},{today - timedelta(days=d)}"
        for rep in reps
        for behaviour in (visit, crm)
        for d in range(2, 30)
    ]
    phones = [servers(rep, n) for n, rep in enumerate(reps)]
    calls = [
        lambda: importer.post(
            "/api/v1/imports/checkins", json=None, data="\n".join(lines).encode(), content_type="text/csv"
        )
    ]
    for n, phone in enumerate(phones):
        body = {"client_id": new_client_id(), "text": "Offerte getekend", "credited_ids": [reps[n ^ 1].id]}
        calls.append(lambda phone=phone, body=body: phone.post("/api/v1/wins", json=body))
        tap = {"behaviour_id": crm.id, "client_id": new_client_id()}
        calls.append(lambda phone=phone, tap=tap: phone.post("/api/v1/checkins", json=tap))
    calls.extend([folding(app)] * 2)
    answers = at_once(calls)
    http = [answer for answer in answers if not isinstance(answer, int)]
    assert all(getattr(a, "status_code", 500) < 300 for a in http), [
        (a.status_code, a.get_json()) if hasattr(a, "status_code") else a for a in http
    ]
    assert answers[0].get_json()["imported"] == len(lines) - 1
    kept = assert_boards_equal_a_rebuild(db, org.id)
    assert bonus_of(kept) == {rep.id: 20.0 for rep in reps}
    for rep in reps:
        checkins = sum(checkins for _points, _bonus, checkins, _facing in _days_of(kept, rep.id))
        assert checkins == 2 * 28 + 1

"""wins/read.py: what badges and the feed read of wins, credits and applause."""

from datetime import timedelta

import pytest

from backend.errors import NotFound
from backend.timeutil import utcnow
from backend.wins import read
from tests.wins.conftest import log_win


def test_people_on_a_win_and_a_persons_wins_and_counts(world, login_as, db):
    finance, rep = world["finance"], world["rep"]
    win_id = log_win(login_as(finance), credited_ids=[rep.id]).get_json()["id"]
    log_win(login_as(rep), text="Eigen succes")
    login_as(rep).post(f"/api/v1/wins/{win_id}/confirm")
    login_as(world["lotte"]).post(f"/api/v1/wins/{win_id}/applause")
    db.session.expire_all()
    assert read.people_on_win(world["manager"], win_id) == {finance.id, rep.id}
    with pytest.raises(NotFound):
        read.people_on_win(world["stranger"], win_id)
    assert [w.text for w in read.wins_of(rep.id, limit=50)] == ["Eigen succes", "Factuurprobleem binnen 2 uur opgelost"]
    assert [read.count(rep.id, what) for what in ("wins", "credited_wins", "confirmed_wins")] == [1, 1, 1]
    assert read.applause_received(finance.id, []) == 1 and read.applause_received(rep.id, []) == 0
    assert set(db.session.scalars(read.credited_win_ids(rep.id))) == {win_id}
    since = utcnow() - timedelta(hours=1)
    assert [who for who, _at in read.applause_since([finance.id, rep.id], since)] == [finance.id]
    assert sorted(who for who, _at in read.confirmations_since([finance.id, rep.id], since)) == sorted(
        [finance.id, rep.id]
    )


def test_a_person_is_found_only_in_the_actors_organisation(world):
    assert read.person(world["rep"], world["lotte"].id).id == world["lotte"].id
    with pytest.raises(NotFound):
        read.person(world["rep"], world["stranger"].id)


def test_moderators_are_admins_and_managers_of_the_people_involved(world):
    assert read.can_moderate(world["admin"], [world["sem"]])
    assert read.can_moderate(world["manager"], [world["rep"]])
    assert not read.can_moderate(world["manager_zuid"], [world["rep"]])
    assert not read.can_moderate(world["lotte"], [world["rep"]])

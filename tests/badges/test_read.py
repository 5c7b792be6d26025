"""badges/read.py: what wins and the feed read of badge awards."""

from datetime import timedelta

import pytest

from backend.badges import read
from backend.errors import NotFound
from backend.timeutil import utcnow


def test_awards_of_a_person_by_id_and_since_a_moment(world, login_as, make_badge, db):
    body = {"badge_id": make_badge().id, "user_id": world["rep"].id, "reason": "Snel opgevolgd"}
    award_id = login_as(world["manager"]).post("/api/v1/awards", json=body).get_json()["id"]
    db.session.expire_all()
    assert read.award(world["lotte"], award_id).user_id == world["rep"].id
    with pytest.raises(NotFound):
        read.award(world["stranger"], award_id)
    assert [a.reason for a in read.awards_of(world["rep"].id)] == ["Snel opgevolgd"]
    assert read.award_recipients([world["rep"].id, world["lotte"].id]) == {award_id: world["rep"].id}
    assert [who for who, _at in read.awards_since([world["rep"].id], utcnow() - timedelta(hours=1))] == [
        world["rep"].id
    ]
    assert read.awards_since([world["rep"].id], utcnow() + timedelta(hours=1)) == []
    assert set(db.session.scalars(read.received_award_ids(world["rep"].id))) == {award_id}
    assert read.count_for(world["rep"], "applause") == 0

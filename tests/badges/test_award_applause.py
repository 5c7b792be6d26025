"""Applause for a badge award: asked of badges (badges/routes.py), kept by wins (the award_applauded signal)."""

from backend import signals
from backend.badges.models import BadgeAward
from backend.wins.models import Applause


def _award(login_as, world, make_badge, name="Snelle opvolger") -> int:
    body = {"badge_id": make_badge(name).id, "user_id": world["rep"].id, "reason": "Snel opgevolgd"}
    return login_as(world["manager"]).post("/api/v1/awards", json=body).get_json()["id"]


def test_applause_for_an_award_is_once_per_person_notifies_the_recipient_and_can_be_withdrawn(
    world, login_as, make_badge
):
    award_id = _award(login_as, world, make_badge)
    given, withdrawn = [], []
    on_given = lambda applause, **kw: given.append(kw)  # noqa: E731
    on_withdrawn = lambda _sender, **kw: withdrawn.append(kw)  # noqa: E731
    signals.applause_given.connect(on_given)
    signals.applause_withdrawn.connect(on_withdrawn)
    try:
        fan = login_as(world["lotte"])
        first = fan.post(f"/api/v1/awards/{award_id}/applause")
        second = fan.post(f"/api/v1/awards/{award_id}/applause")
        taken_back = fan.delete(f"/api/v1/awards/{award_id}/applause")
        again = fan.delete(f"/api/v1/awards/{award_id}/applause")
    finally:
        signals.applause_given.disconnect(on_given)
        signals.applause_withdrawn.disconnect(on_withdrawn)
    assert (first.status_code, second.status_code, taken_back.status_code, again.status_code) == (200, 200, 200, 200)
    assert second.get_json()["applause_count"] == 1 and second.get_json()["applauded_by_me"] is True
    assert given == [{"recipient_id": world["rep"].id, "target_kind": "award", "target_id": award_id}]
    assert taken_back.get_json()["applause_count"] == 0 and taken_back.get_json()["applauded_by_me"] is False
    assert withdrawn[0] == {"user_id": world["lotte"].id, "target_kind": "award", "target_id": award_id}
    assert login_as(world["stranger"]).delete(f"/api/v1/awards/{award_id}/applause").status_code == 404


def test_erasing_the_recipient_takes_the_applause_for_their_awards_with_them(world, login_as, make_badge, db):
    first, second = _award(login_as, world, make_badge), _award(login_as, world, make_badge, "Goed voorbereid")
    login_as(world["lotte"]).post(f"/api/v1/awards/{first}/applause")
    login_as(world["finance"]).post(f"/api/v1/awards/{second}/applause")
    assert db.session.query(Applause).count() == 2
    heard = []
    on_deleted = lambda _sender, award_ids, **_kw: heard.append(sorted(award_ids))  # noqa: E731
    signals.awards_deleted.connect(on_deleted)
    try:
        signals.personal_data_erase.send(world["rep"])
    finally:
        signals.awards_deleted.disconnect(on_deleted)
    db.session.commit()
    assert heard == [sorted([first, second])]  # wins delete their applause (the foreign key's cascade would too)
    assert db.session.query(BadgeAward).count() == 0 and db.session.query(Applause).count() == 0

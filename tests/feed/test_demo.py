"""The demo's recognition: catalogue, wins, applause, awards and a reflection; seeding twice adds nothing."""

from sqlalchemy import func, select

from backend.badges.models import Badge, BadgeAward
from backend.feed.models import FeedEvent
from backend.reflections.models import Reflection, ReflectionReply
from backend.wins.models import Applause, Win


def counts(db):
    db.session.expire_all()
    return {
        m.__name__: db.session.scalar(select(func.count()).select_from(m))
        for m in (Badge, Win, Applause, BadgeAward, FeedEvent, Reflection, ReflectionReply)
    }


def test_the_demo_celebrates_and_seeding_again_changes_nothing(app, db, new_client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    first = counts(db)
    assert first["Badge"] == 5 and first["Win"] == 5 and first["Reflection"] == 1 and first["ReflectionReply"] == 1
    assert first["BadgeAward"] >= 3 and first["Applause"] >= 8  # incl. Klantheld for the confirmed win
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert counts(db) == first
    api = new_client()
    api.login("rep@demo.test", "ritme-demo")
    kinds = {item["kind"] for item in api.get("/api/v1/feed").get_json()["items"]}
    assert {"win", "award"} <= kinds
    names = {b["name"] for b in api.get("/api/v1/badges").get_json()}
    assert {"Snelle opvolger", "Goed voorbereid", "Klantheld", "Ritmevast", "Teamspeler"} == names

"""The weekly team summary: Monday from 09:00 in the organisation's zone, per team, about the week that ended —
check-ins against the cadence (the manager's grid added up), wins, badges — once per team and week, with
names only as the visibility preset allows. Dates derive from the clock under test (tests/calendar_sweep.py)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select


@pytest.fixture
def week(org):
    """This week's Monday 09:05 in the organisation's zone (the moment the summary is due) and last Monday."""
    from backend.rhythm.read import week_start
    from backend.timeutil import local_today

    monday = week_start(local_today(org.time_zone))
    due = datetime.combine(monday, time(9, 5), tzinfo=ZoneInfo(org.time_zone)).astimezone(UTC)
    return due, monday - timedelta(days=7)


@pytest.fixture
def last_week_activity(db, org, rep, admin, sales, make_behaviour, add_checkins, log_win, week):
    """Rita checked in on three days of last week, logged a win and earned a badge in it."""
    from backend.badges.models import Badge, BadgeAward
    from backend.wins.models import Win

    _, monday = week
    rep.name = "Rita Rep"
    behaviour = make_behaviour([sales], name="Klantgesprek voorbereid")
    add_checkins(rep, behaviour, [monday, monday + timedelta(days=1), monday + timedelta(days=3)])
    wednesday = datetime.combine(monday + timedelta(days=2), time(12), tzinfo=ZoneInfo(org.time_zone))
    win = db.session.get(Win, log_win()["id"])
    win.created_at = wednesday
    log_win(text="Deze week, telt niet mee")
    badge = Badge(organisation_id=org.id, name_nl="Vaste klantcontact", emoji="🤝")
    db.session.add(badge)
    db.session.flush()
    db.session.add(BadgeAward(organisation_id=org.id, badge_id=badge.id, user_id=rep.id, created_at=wednesday))
    db.session.commit()
    return behaviour


def _deliveries(db):
    from backend.integrations.models import Delivery

    db.session.expire_all()
    return list(db.session.scalars(select(Delivery).where(Delivery.event_type == "team.summary")))


def test_monday_morning_sums_up_last_week_per_team(app, db, org, admin, sales, make_endpoint, last_week_activity, week):
    from backend.integrations import summary
    from backend.teamrhythm.service import rhythm_grid

    due, monday = week
    org.visibility = "open"
    db.session.commit()
    make_endpoint(events=["team.summary"])
    assert summary.run(due) == 1

    [delivery] = _deliveries(db)
    data = delivery.payload["data"]
    grid = rhythm_grid(admin, sales.id, monday)
    cells = [cell for member in grid.members for cell in member.cells]
    assert data["checkins"] == 3 == sum(min(c.done, c.target) for c in cells)
    assert data["expected"] == sum(c.target for c in cells) > 3
    assert (data["wins"], data["badges"]) == (1, 1)
    assert data["week"] == summary.week_label(monday)
    assert data["title"] == f"📊 Week {monday.isocalendar().week}: team {sales.name}"
    assert ["Badges voor", "Rita Rep"] in data["facts"]
    assert data["url"] == "https://ritme.example/leaderboard"


def test_once_per_team_and_week_and_only_from_monday_nine(app, db, org, make_endpoint, concurrently, week):
    from backend.integrations import summary

    due, _ = week
    make_endpoint(events=["team.summary"])
    assert summary.run(due - timedelta(minutes=10)) == 0  # 08:55: not yet
    assert summary.run(due + timedelta(days=1)) == 0  # Tuesday: the moment has passed
    results, errors = concurrently(lambda: summary.run(due), count=2)
    assert not errors
    assert summary.run(due + timedelta(hours=3)) == 0
    assert len(_deliveries(db)) == 1


def test_no_names_where_the_preset_would_not_show_them(app, db, org, make_endpoint, last_week_activity, week):
    from backend.integrations import summary

    due, _ = week
    for visibility in ("private", "teams_first"):
        org.visibility = visibility
        db.session.commit()
        endpoint = make_endpoint(events=["team.summary"], name=visibility)
        summary.run(due)
        [delivery] = [d for d in _deliveries(db) if d.endpoint_id == endpoint["id"]]
        assert "Rita" not in str(delivery.payload)
        assert delivery.payload["data"]["badges"] == 1


def test_the_summary_reaches_a_teams_channel_signed(app, db, org, make_endpoint, last_week_activity, week, receiver):
    from backend.integrations import delivery, summary

    due, _ = week
    make_endpoint(preset="teams", events=["team.summary"])
    with time_machine.travel(due, tick=True):  # the receiver checks the signature's timestamp against its clock
        summary.run()
        delivery.run_due(app)
    [got] = receiver.received
    assert got.verified_with
    card = got.json["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard" and card["body"][0]["text"].startswith("📊 Week")
    facts = {f["title"]: f["value"] for f in card["body"][2]["facts"]}
    assert facts["Klantsuccessen"] == "1"

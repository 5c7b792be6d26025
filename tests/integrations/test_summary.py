"""The weekly team summary: Monday from 09:00 in the organisation's zone, per team, about the week that ended —
check-ins against the cadence (the manager's grid added up), wins, badges, the week's customer voices (count,
average score, one quote, pinned first) — once per team and week, with names only as the visibility preset
allows. Dates derive from the clock under test (tests/calendar_sweep.py)."""

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


@pytest.fixture
def last_week_voices(db, org, rep, sales, make_team, week):
    """Sales heard three voices last week (one pinned, one whose text retention removed), one this week;
    another team heard one last week."""
    import uuid

    from backend.timeutil import utcnow
    from backend.voice.models import CustomerVoice

    _, monday = week
    other = make_team("Support")

    def said(day, score, quote, team=sales, pinned=False):
        db.session.add(
            CustomerVoice(
                organisation_id=org.id,
                author_id=rep.id,
                client_id=str(uuid.uuid4()),
                quote=quote,
                customer="Bakkerij Jansen" if quote else None,
                channel="call",
                team_id=team.id,
                score=score,
                said_on=day,
                pinned_at=utcnow() if pinned else None,
            )
        )

    said(monday + timedelta(days=4), 9, "Snel en vriendelijk geholpen")
    said(monday + timedelta(days=1), 6, "Eindelijk iemand die terugbelt, dank aan Rita", pinned=True)
    said(monday + timedelta(days=2), 10, None)  # text gone after retention: counted, scored, not quoted
    said(monday + timedelta(days=7), 2, "Deze week: telt niet mee")
    said(monday + timedelta(days=3), 8, "Over een ander team", team=other)
    db.session.commit()
    return other


def test_the_weeks_customer_voices_count_average_and_one_quote_pinned_first(
    app, db, org, rep, sales, make_endpoint, last_week_voices, week
):
    from backend.integrations import summary

    due, monday = week
    rep.name = "Rita Rep"
    org.visibility = "private"
    db.session.commit()
    make_endpoint(events=["team.summary"])
    summary.run(due)
    by_team = {d.payload["data"]["team"]["id"]: d.payload["data"] for d in _deliveries(db)}
    data = by_team[sales.id]
    assert data["voices"] == {
        "count": 3,
        "average_score": 8.3,  # (9 + 6 + 10) / 3
        "quote": {"text": "Eindelijk iemand die terugbelt, dank aan Rita", "pinned": True, "score": 6},
    }
    assert ["Stem van de klant", "3"] in data["facts"] and ["Gemiddelde score (0–10)", "8,3"] in data["facts"]
    assert data["detail"].endswith("De klant: “Eindelijk iemand die terugbelt, dank aan Rita”")
    text = str(data).replace("dank aan Rita", "")  # the sharer typed that name, in the quote
    assert "Rita Rep" not in text and "Bakkerij" not in text  # nor who shared it, nor the customer
    other = by_team[last_week_voices.id]["voices"]
    assert other == {
        "count": 1,
        "average_score": 8.0,
        "quote": {"text": "Over een ander team", "pinned": False, "score": 8},
    }


def test_a_week_without_voices_says_nothing_of_them_and_a_long_quote_is_cut(app, db, org, rep, sales, week):
    import uuid

    from backend.integrations import summary
    from backend.voice.models import CustomerVoice

    _, monday = week
    org.locale = "en"
    db.session.commit()
    data = summary.team_week_data(org, sales.id, monday)
    assert data["voices"] == {"count": 0, "average_score": None, "quote": None}
    assert not any(label.startswith("Customer voice") for label, _ in data["facts"])
    db.session.add(
        CustomerVoice(
            organisation_id=org.id,
            client_id=str(uuid.uuid4()),
            quote="Top! " * 200,
            channel="survey",
            team_id=sales.id,
            said_on=monday + timedelta(days=6),
        )
    )
    db.session.commit()
    data = summary.team_week_data(org, sales.id, monday)
    assert data["voices"]["count"] == 1 and data["voices"]["average_score"] is None
    assert len(data["voices"]["quote"]["text"]) == summary.QUOTE_MAX and data["voices"]["quote"]["text"].endswith("…")
    assert ["Customer voices", "1"] in data["facts"] and not any("score" in label for label, _ in data["facts"])


def test_the_summary_with_a_quote_is_a_valid_card_and_block_kit(
    app, db, org, rep, make_endpoint, last_week_voices, week
):
    import jsonschema_rs

    from backend.integrations import cards, summary
    from tests.integrations.test_cards import SCHEMA, _adaptive_card

    due, _ = week
    make_endpoint(events=["team.summary"])
    summary.run(due)
    for sent in _deliveries(db):
        card = _adaptive_card(cards.teams_message(sent.payload))
        jsonschema_rs.Draft6Validator(SCHEMA).validate(card)
        message = cards.slack_message(sent.payload)
        assert [b["type"] for b in message["blocks"]] == ["header", "section", "section", "actions"]
        assert "De klant: “" in message["blocks"][1]["text"]["text"]
        assert len(message["blocks"][2]["fields"]) <= 10

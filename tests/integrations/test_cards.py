"""The Teams and Slack bodies as the receiver gets them: the Teams message's Adaptive Card against the
Adaptive Card 1.5 schema (a faithful subset, tests/integrations/adaptive-card-1.5.subset.schema.json),
Slack's Block Kit within its documented limits, in the organisation's language, with a link back."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

SCHEMA = json.loads((Path(__file__).parent / "adaptive-card-1.5.subset.schema.json").read_text())
LONG = "Een heel lang verhaal over de klant <en> & zijn *wensen* " * 40


def _run(app, db):
    from backend.integrations import delivery

    delivery.run_due(app)
    db.session.expire_all()


def _adaptive_card(message: dict) -> dict:
    assert message["type"] == "message"
    [attachment] = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


@pytest.mark.parametrize(("locale", "title"), [("nl", "boekte een klantsucces"), ("en", "logged a customer win")])
def test_teams_gets_an_adaptive_card_1_5(app, db, org, make_endpoint, log_win, receiver, locale, title):
    org.locale, org.visibility = locale, "open"
    db.session.commit()
    make_endpoint(preset="teams", events=["win.logged"])
    win = log_win(text=LONG[:1000])
    _run(app, db)
    card = _adaptive_card(receiver.received[-1].json)
    jsonschema_rs.Draft6Validator(SCHEMA).validate(card)
    assert card["version"] == "1.5" and card["lang"] == locale
    assert title in card["body"][0]["text"]
    assert card["actions"][0]["url"] == f"https://ritme.example/wins#win-{win['id']}"
    assert card["actions"][0]["title"] == ("Bekijk in Ritme" if locale == "nl" else "View in Ritme")


def test_the_schema_subset_refuses_what_teams_would_refuse():
    bad = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock"}]}  # text is required
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.Draft6Validator(SCHEMA).validate(bad)
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.Draft6Validator(SCHEMA).validate({**bad, "body": [], "colour": "red"})


def test_a_badge_card_names_the_badge_with_its_emoji_and_reason(app, db, org, rep, admin, make_endpoint, receiver):
    from backend import signals
    from backend.badges.models import Badge, BadgeAward

    org.visibility = "open"
    badge = Badge(organisation_id=org.id, name_nl="Opvolgkampioen", name_en="Follow-up champion", emoji="🚀")
    db.session.add(badge)
    db.session.commit()
    make_endpoint(preset="teams", events=["badge.awarded"])
    award = BadgeAward(
        organisation_id=org.id,
        badge=badge,
        user_id=rep.id,
        awarded_by_id=admin.id,
        reason="Binnen 24 uur opgevolgd: Klantgesprek voorbereid",
    )
    db.session.add(award)
    db.session.flush()
    signals.badge_awarded.send(award, recipient_id=rep.id)
    db.session.commit()
    _run(app, db)
    card = _adaptive_card(receiver.received[-1].json)
    jsonschema_rs.Draft6Validator(SCHEMA).validate(card)
    assert card["body"][0]["text"] == f"🚀 {rep.name} kreeg de badge Opvolgkampioen"
    assert "Klantgesprek voorbereid" in card["body"][1]["text"]


def test_slack_gets_block_kit_within_its_limits(app, db, org, make_endpoint, log_win, receiver):
    make_endpoint(preset="slack", events=["win.logged"])
    log_win(text=LONG[:1000], customer="X" * 200)
    _run(app, db)
    message = receiver.received[-1].json
    assert message["text"] and len(message["text"]) <= 3000
    blocks = message["blocks"]
    assert 1 <= len(blocks) <= 50
    types = [b["type"] for b in blocks]
    assert types == ["header", "section", "section", "actions"]
    assert blocks[0]["text"]["type"] == "plain_text" and len(blocks[0]["text"]["text"]) <= 150
    assert len(blocks[1]["text"]["text"]) <= 3000
    assert "&lt;en&gt; &amp;" in blocks[1]["text"]["text"]  # Slack's control characters escaped
    assert len(blocks[2]["fields"]) <= 10 and all(len(f["text"]) <= 2000 for f in blocks[2]["fields"])
    button = blocks[3]["elements"][0]
    assert button["type"] == "button" and len(button["text"]["text"]) <= 75 and len(button["url"]) <= 3000


def test_slack_endpoints_get_one_message_per_beat_queued_not_dropped(app, db, make_endpoint, log_win, receiver):
    make_endpoint(preset="slack", events=["win.logged"])
    for n in range(3):
        log_win(text=f"Succes {n}")
    sent = []
    for _ in range(3):
        from backend.integrations import delivery

        sent.append(len(delivery.run_due(app)))
    assert sent == [1, 1, 1] and len(receiver.received) == 3

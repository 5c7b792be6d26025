"""The body each preset sends: the thin generic event as it is, a Teams Adaptive Card, or Slack Block Kit.

An event (service.compose_event) carries its words already in the organisation's language:
``data.title`` (one line), ``data.detail`` (optional), ``data.facts`` ([[label, value]]) and ``data.url``
(the item in Ritme). The presets only shape them:

* Teams — the body a Workflows flow "When a Teams webhook request is received" posts to a channel: a
  ``message`` whose one attachment is an Adaptive Card, schema 1.5.
* Slack — an incoming webhook's body: ``text`` (the notification's fallback) and Block Kit blocks within
  Slack's limits (header ≤ 150 characters, section text ≤ 3,000, button text ≤ 75, ≤ 50 blocks).
"""

from __future__ import annotations

import json

PRESETS = ("generic", "teams", "slack")
ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
ADAPTIVE_CARD_VERSION = "1.5"
SLACK_HEADER_MAX = 150
SLACK_TEXT_MAX = 3000
SLACK_BUTTON_MAX = 75
SLACK_FIELDS_MAX = 10
SLACK_FIELD_MAX = 2000


def body_for(preset: str, event: dict) -> bytes:
    """The exact bytes to send (and sign) for this preset."""
    if preset == "teams":
        shaped = teams_message(event)
    elif preset == "slack":
        shaped = slack_message(event)
    else:
        shaped = event
    return json.dumps(shaped, ensure_ascii=False, separators=(",", ":")).encode()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def teams_message(event: dict) -> dict:
    data = event["data"]
    body: list[dict] = [
        {"type": "TextBlock", "text": data["title"], "wrap": True, "weight": "Bolder", "size": "Medium"},
    ]
    if data.get("detail"):
        body.append({"type": "TextBlock", "text": data["detail"], "wrap": True})
    if data.get("facts"):
        body.append({"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in data["facts"]]})
    card = {
        "$schema": ADAPTIVE_CARD_SCHEMA,
        "type": "AdaptiveCard",
        "version": ADAPTIVE_CARD_VERSION,
        "lang": data.get("lang", "nl"),
        "fallbackText": data["title"],
        "body": body,
    }
    if data.get("url"):
        card["actions"] = [{"type": "Action.OpenUrl", "title": data["link_text"], "url": data["url"]}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


def _mrkdwn(text: str) -> str:
    """Slack's three control characters, escaped as its docs ask."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_message(event: dict) -> dict:
    data = event["data"]
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(data["title"], SLACK_HEADER_MAX), "emoji": True}}
    ]
    if data.get("detail"):
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": _cut(_mrkdwn(data["detail"]), SLACK_TEXT_MAX)}}
        )
    if data.get("facts"):
        fields = [
            {"type": "mrkdwn", "text": _cut(f"*{_mrkdwn(t)}*\n{_mrkdwn(v)}", SLACK_FIELD_MAX)}
            for t, v in data["facts"][:SLACK_FIELDS_MAX]
        ]
        blocks.append({"type": "section", "fields": fields})
    if data.get("url"):
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": _cut(data["link_text"], SLACK_BUTTON_MAX)},
                        "url": data["url"],
                    }
                ],
            }
        )
    return {"text": _cut(data["title"], SLACK_TEXT_MAX), "blocks": blocks}

"""Marshmallow schemas of push: *Args for input, plain names for output."""

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.fields import Schema
from backend.push.service import EVENT_KINDS

STRICT_BOOL = {"truthy": {True}, "falsy": {False}}
B64URL = validate.Regexp(r"^[A-Za-z0-9_-]+={0,2}$", error="Not base64url.")


class KeysArgs(Schema):
    p256dh = fields.String(required=True, validate=[validate.Length(min=80, max=100), B64URL])
    auth = fields.String(required=True, validate=[validate.Length(min=16, max=32), B64URL])


class SubscriptionArgs(Schema):
    endpoint = fields.String(required=True, validate=validate.Length(min=10, max=2048))
    keys = fields.Nested(KeysArgs, required=True)
    # The browser's expirationTime (ms since epoch) is accepted and ignored: push services
    # answer 404/410 when a subscription ends, which removes it.
    expirationTime = fields.Raw(load_default=None, allow_none=True)  # noqa: N815 (the browser's name)


class UnsubscribeArgs(Schema):
    endpoint = fields.String(required=True, validate=validate.Length(min=10, max=2048))


class Device(Schema):
    id = fields.Integer()
    push_service = fields.Function(lambda s: s.origin.split("://", 1)[-1])
    user_agent = fields.String(allow_none=True)
    created_at = fields.DateTime()
    last_sent_at = fields.DateTime(allow_none=True)


class Subscribed(Schema):
    id = fields.Integer()
    created = fields.Boolean()


class VapidPublicKey(Schema):
    public_key = fields.String()


class EventsArgs(Schema):
    badge = fields.Boolean(**STRICT_BOOL)
    applause = fields.Boolean(**STRICT_BOOL)
    win_credited = fields.Boolean(**STRICT_BOOL)
    team_goal = fields.Boolean(**STRICT_BOOL)
    reflection_reply = fields.Boolean(**STRICT_BOOL)
    challenge_start = fields.Boolean(**STRICT_BOOL)
    challenge_halfway = fields.Boolean(**STRICT_BOOL)
    challenge_last_day = fields.Boolean(**STRICT_BOOL)
    challenge_result = fields.Boolean(**STRICT_BOOL)
    duel = fields.Boolean(**STRICT_BOOL)


class SettingsArgs(Schema):
    enabled = fields.Boolean(**STRICT_BOOL)
    reminder_time = fields.Time(format="%H:%M")
    days = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=7)), validate=validate.Length(max=7)
    )
    quiet_start = fields.Time(format="%H:%M", allow_none=True)
    quiet_end = fields.Time(format="%H:%M", allow_none=True)
    streak_at_risk = fields.Boolean(**STRICT_BOOL)
    streak_time = fields.Time(format="%H:%M")
    reflection_prompt = fields.Boolean(**STRICT_BOOL)
    manager_summary = fields.Boolean(**STRICT_BOOL)
    events = fields.Nested(EventsArgs)

    @validates_schema
    def _quiet_hours_both_or_neither(self, data, **_kwargs):
        if ("quiet_start" in data) != ("quiet_end" in data):
            raise ValidationError("Give quiet_start and quiet_end together.", "quiet_end")
        if (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
            raise ValidationError("Both a time, or both null.", "quiet_end")


class Settings(Schema):
    enabled = fields.Boolean()
    reminder_time = fields.Time(format="%H:%M")
    days = fields.List(fields.Integer())
    quiet_start = fields.Time(format="%H:%M", allow_none=True)
    quiet_end = fields.Time(format="%H:%M", allow_none=True)
    streak_at_risk = fields.Boolean()
    streak_time = fields.Time(format="%H:%M")
    reflection_prompt = fields.Boolean()
    manager_summary = fields.Boolean()
    events = fields.Function(lambda s: {kind: kind not in (s.muted_events or []) for kind in EVENT_KINDS})


class TestSent(Schema):
    devices = fields.Integer()
    sent = fields.Integer()
    failed = fields.Integer()
    removed = fields.Integer()


class StatsArgs(Schema):
    days = fields.Integer(load_default=7, strict=False, validate=validate.Range(min=1, max=366))


class StatsRow(Schema):
    kind = fields.String()
    status = fields.String()
    deliveries = fields.Integer()
    sent = fields.Integer()
    failed = fields.Integer()
    removed = fields.Integer()

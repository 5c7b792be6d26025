"""Marshmallow schemas of integrations: *Args for input, plain names for output."""

from marshmallow import fields, validate

from backend.fields import Id, Schema
from backend.integrations.cards import PRESETS
from backend.integrations.service import EVENT_TYPES, PRESET_PATHS

PATH = validate.Regexp(r"^[A-Za-z0-9_.+-]{1,200}$", error="Not a field path.")


class EndpointArgs(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    url = fields.String(required=True, validate=validate.Length(min=10, max=2048))
    preset = fields.String(load_default="generic", validate=validate.OneOf(PRESETS))
    events = fields.List(fields.String(validate=validate.OneOf(EVENT_TYPES)), validate=validate.Length(max=10))
    enabled = fields.Boolean(load_default=True)


class EndpointUpdateArgs(Schema):
    name = fields.String(validate=validate.Length(min=1, max=100))
    url = fields.String(validate=validate.Length(min=10, max=2048))
    preset = fields.String(validate=validate.OneOf(PRESETS))
    events = fields.List(fields.String(validate=validate.OneOf(EVENT_TYPES)), validate=validate.Length(max=10))
    enabled = fields.Boolean()


class Endpoint(Schema):
    id = fields.Integer()
    name = fields.String()
    url = fields.String()
    preset = fields.String()
    events = fields.List(fields.String())
    enabled = fields.Boolean()
    disabled_reason = fields.String(allow_none=True)
    secret = fields.String()
    previous_secret_until = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class Delivery(Schema):
    id = fields.Integer()
    message_id = fields.String()
    event_type = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    last_status_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    last_attempt_at = fields.DateTime(allow_none=True)
    next_attempt_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)


class RuleArgs(Schema):
    event = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(
        validate=validate.OneOf(["behaviour", "outcome"]),
        metadata={
            "description": "behaviour (default): the event checks a behaviour in (or suggests it); outcome: it "
            "adds to the person's weekly figure of an outcome measure (e.g. deals won)"
        },
    )
    behaviour_id = Id(metadata={"description": "Required for kind behaviour"})
    measure_id = Id(metadata={"description": "Required for kind outcome: the measure the event adds to"})
    amount = fields.String(
        validate=validate.OneOf(["count", "value"]),
        metadata={"description": "kind outcome: count (default) adds 1 per event; value adds the field at value_path"},
    )
    value_path = fields.String(validate=PATH, metadata={"description": "kind outcome, amount value: e.g. data.value"})
    mode = fields.String(
        validate=validate.OneOf(["checkin", "suggest"]),
        metadata={"description": "checkin (default): counts at once; suggest: the rep confirms it on Today"},
    )
    when = fields.Dict(
        keys=fields.String(validate=PATH),
        values=fields.String(validate=validate.Length(max=200)),
        validate=validate.Length(max=5),
    )
    quality = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=32)),
        values=fields.String(validate=PATH),
        validate=validate.Length(max=6),
    )


class SourceArgs(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    preset = fields.String(load_default="generic", validate=validate.OneOf(sorted(PRESET_PATHS)))
    auth_mode = fields.String(validate=validate.OneOf(["token", "basic", "standard", "hubspot"]))
    secret = fields.String(validate=validate.Length(min=8, max=200))
    basic_username = fields.String(validate=validate.Length(min=1, max=100))
    event_path = fields.String(validate=PATH)
    id_path = fields.String(validate=PATH)
    owner_path = fields.String(validate=PATH)
    owner_map = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=100)),
        values=fields.Email(validate=validate.Length(max=254)),
        validate=validate.Length(max=500),
    )
    rules = fields.List(fields.Nested(RuleArgs), validate=validate.Length(max=50))
    enabled = fields.Boolean(load_default=True)


class SourceUpdateArgs(Schema):
    name = fields.String(validate=validate.Length(min=1, max=100))
    secret = fields.String(validate=validate.Length(min=8, max=200))
    basic_username = fields.String(validate=validate.Length(min=1, max=100))
    event_path = fields.String(validate=PATH)
    id_path = fields.String(validate=PATH)
    owner_path = fields.String(validate=PATH)
    owner_map = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=100)),
        values=fields.Email(validate=validate.Length(max=254)),
        validate=validate.Length(max=500),
    )
    rules = fields.List(fields.Nested(RuleArgs), validate=validate.Length(max=50))
    enabled = fields.Boolean()


class Rule(Schema):
    event = fields.String()
    kind = fields.String(dump_default="behaviour")
    behaviour_id = fields.Integer()
    measure_id = fields.Integer()
    amount = fields.String()
    value_path = fields.String()
    mode = fields.String(dump_default="checkin")
    when = fields.Dict(keys=fields.String(), values=fields.String())
    quality = fields.Dict(keys=fields.String(), values=fields.String())


class Source(Schema):
    id = fields.Integer()
    name = fields.String()
    preset = fields.String()
    auth_mode = fields.String()
    secret = fields.String(allow_none=True)
    basic_username = fields.String(allow_none=True)
    event_path = fields.String()
    id_path = fields.String()
    owner_path = fields.String()
    owner_map = fields.Dict(keys=fields.String(), values=fields.String())
    rules = fields.List(fields.Nested(Rule))
    enabled = fields.Boolean()
    url = fields.Method("_url")
    created_at = fields.DateTime()

    def _url(self, source) -> str:
        from backend.integrations.service import inbound_url

        return inbound_url(source)


class InboundEvent(Schema):
    id = fields.Integer()
    external_id = fields.String()
    event = fields.String(allow_none=True)
    outcome = fields.String()
    reason = fields.String(allow_none=True)
    user_id = fields.Integer(allow_none=True)
    behaviour_id = fields.Integer(allow_none=True)
    checkin_id = fields.Integer(allow_none=True)
    received_at = fields.DateTime()


class Received(Schema):
    status = fields.String()
    reason = fields.String()
    checkin_id = fields.Integer()
    suggestion_id = fields.Integer()


class SuggestionGroup(Schema):
    id = fields.Integer(metadata={"description": "confirm or dismiss by this id: the whole group is settled"})
    behaviour_id = fields.Integer()
    behaviour = fields.String(metadata={"description": "the behaviour's name in the person's language"})
    occurred_on = fields.Date()
    count = fields.Integer(metadata={"description": "CRM events behind it (one check-in a day)"})
    source = fields.String(metadata={"description": "the inbound source's name"})


class Suggestions(Schema):
    items = fields.List(fields.Nested(SuggestionGroup))


class SuggestionDecided(Schema):
    status = fields.String(metadata={"description": "confirmed | dismissed | already (the day had it)"})
    checkin_id = fields.Integer(allow_none=True)

"""Marshmallow schemas of customer voice: *Args for input, plain names for output.

Output that depends on who looks (can_pin, can_delete) reads the signed-in person."""

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.fields import Id, Schema
from backend.voice import service
from backend.voice.models import Channel

CHANNELS = [channel.value for channel in Channel]
SCORE_FILTERS = [*service.SCORE_BANDS, "none"]


def viewer():
    from backend.accounts.login import current_person

    return current_person()


class VoiceArgs(Schema):
    client_id = fields.UUID(required=True)
    quote = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    customer = fields.String(allow_none=True, validate=validate.Length(max=200))
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    team_id = Id(allow_none=True, metadata={"description": "The department (team) it concerns"})
    score = fields.Integer(
        allow_none=True, validate=validate.Range(min=0, max=10), metadata={"description": "NPS 0–10"}
    )
    behaviour_id = Id(allow_none=True)
    win_id = Id(allow_none=True)
    said_on = fields.Date(metadata={"description": "The day the customer said it (default: the sharer's today)"})

    @validates_schema
    def _quote_not_blank(self, data, **_kwargs):
        if "quote" in data and not data["quote"].strip():
            raise ValidationError("Say what the customer said.", "quote")


class VoiceFeedArgs(Schema):
    team_id = fields.Integer(
        validate=validate.Range(min=1, max=2**31 - 1), metadata={"description": "Only voices about this department"}
    )
    customer = fields.String(validate=validate.Length(max=200), metadata={"description": "Part of the customer's name"})
    score = fields.String(
        validate=validate.OneOf(SCORE_FILTERS),
        metadata={"description": "promoter (9–10), passive (7–8), detractor (0–6) or none (no score)"},
    )
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))


def _ref(user):
    return {"id": user.id, "name": user.name} if user is not None else None


class Voice(Schema):
    id = fields.Integer()
    client_id = fields.String()
    source = fields.String(metadata={"description": "shared (typed by someone) or import (an NPS survey row)"})
    quote = fields.String()
    customer = fields.String(allow_none=True)
    channel = fields.String()
    team = fields.Function(lambda v: {"id": v.team.id, "name": v.team.name} if v.team else None)
    score = fields.Integer(allow_none=True)
    behaviour_id = fields.Integer(allow_none=True)
    behaviour_name = fields.Function(lambda v: getattr(v, "behaviour_name", None))
    win_id = fields.Integer(allow_none=True)
    said_on = fields.Date()
    created_at = fields.DateTime()
    author = fields.Function(lambda v: _ref(v.author))
    pinned = fields.Function(lambda v: v.pinned_at is not None)
    pinned_at = fields.DateTime(allow_none=True)
    pinned_by = fields.Function(lambda v: _ref(v.pinned_by))
    can_pin = fields.Function(lambda v: service.can_pin(viewer(), v))
    can_delete = fields.Function(lambda v: service.can_delete(viewer(), v))


class WinSearchArgs(Schema):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=200),
        metadata={"description": "Part of the win's text or customer"},
    )


class WinOption(Schema):
    """A customer win a voice may be linked to (the win picker)."""

    id = fields.Integer()
    text = fields.String()
    customer = fields.String(allow_none=True)
    created_at = fields.DateTime()
    confirmed = fields.Function(lambda w: w.confirmed_at is not None)
    author = fields.Function(lambda w: _ref(w.author))


class VoicePage(Schema):
    items = fields.List(fields.Nested(Voice))
    next_offset = fields.Integer(allow_none=True)


class Customers(Schema):
    customers = fields.List(fields.String())

"""Marshmallow schemas of the office screens: *Args for input, plain names for output."""

from marshmallow import fields, validate

from backend.displays.models import DisplayMode
from backend.fields import Id, Schema

MODES = validate.OneOf([m.value for m in DisplayMode])
SLIDE_SECONDS = validate.Range(min=5, max=120)
_NAME = validate.Length(min=1, max=80)
_TEAMS = validate.Length(min=1, max=50)


class TokenArgs(Schema):
    device_code = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ApproveArgs(Schema):
    user_code = fields.String(required=True, validate=validate.Length(min=1, max=20))
    name = fields.String(required=True, validate=_NAME)
    team_ids = fields.List(Id(), required=True, validate=_TEAMS)
    mode = fields.String(load_default=DisplayMode.NORMAL.value, validate=MODES)
    slide_seconds = fields.Integer(load_default=12, strict=True, validate=SLIDE_SECONDS)


class DenyArgs(Schema):
    user_code = fields.String(required=True, validate=validate.Length(min=1, max=20))


class DisplayChangeArgs(Schema):
    name = fields.String(validate=_NAME)
    team_ids = fields.List(Id(), validate=_TEAMS)
    mode = fields.String(validate=MODES)
    slide_seconds = fields.Integer(strict=True, validate=SLIDE_SECONDS)


class Pairing(Schema):
    """RFC 8628 §3.2's device authorization response, and the QR code of its complete verification URI."""

    device_code = fields.String()
    user_code = fields.String(metadata={"description": "XXXX-XXXX, to show large"})
    verification_uri = fields.String()
    verification_uri_complete = fields.String()
    expires_in = fields.Integer()
    interval = fields.Integer()
    qr_svg = fields.String(metadata={"description": "an SVG image of verification_uri_complete as a QR code"})


class Display(Schema):
    id = fields.Integer()
    name = fields.String()
    mode = fields.String(metadata={"description": "normal | public (no names of people)"})
    team_ids = fields.List(fields.Integer())
    slide_seconds = fields.Integer()
    created_at = fields.DateTime()
    last_seen_at = fields.DateTime(allow_none=True)


class Token(Schema):
    """RFC 6749 §5.1's token response: the display's credential, handed out once."""

    access_token = fields.String()
    token_type = fields.Constant("Bearer")
    display = fields.Nested(Display)


class Slides(Schema):
    """Everything a screen's slides need, in one read (see backend/displays/slides.py)."""

    display = fields.Dict()
    organisation = fields.Dict()
    updated_at = fields.String()
    today = fields.String()
    release = fields.String()
    teams = fields.List(fields.Dict())
    celebrations = fields.List(fields.Dict())
    board = fields.List(fields.Dict(), allow_none=True)
    voices = fields.List(
        fields.Dict(),
        metadata={"description": "The week's customer voices, pinned first; no quote or customer in public mode"},
    )

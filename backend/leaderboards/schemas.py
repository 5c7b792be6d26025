"""Marshmallow schemas of the leaderboards: *Args for input, plain names for output."""

from marshmallow import Schema, fields, validate

from backend.boards.read import periods
from backend.http import MAX_ID
from backend.leaderboards.board import CONSISTENCY, PEOPLE, POINTS, TEAMS

STRICT_BOOL = {"truthy": {True}, "falsy": {False}}


class LeaderboardArgs(Schema):
    scope = fields.String(load_default=PEOPLE, validate=validate.OneOf((PEOPLE, TEAMS)))
    period = fields.String(load_default="week", validate=validate.OneOf(periods.PERIODS))
    metric = fields.String(load_default=POINTS, validate=validate.OneOf((POINTS, CONSISTENCY)))
    team_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class BoardRow(Schema):
    rank = fields.Integer(allow_none=True, metadata={"description": "ties share a rank (1, 2, 2, 4); null: not ranked"})
    value = fields.Float(allow_none=True, metadata={"description": "points, or consistency 0–100"})
    name = fields.String(allow_none=True, metadata={"description": "null when shown as 'a colleague'"})
    user_id = fields.Integer(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    anonymous = fields.Boolean()
    is_me = fields.Boolean()
    movement = fields.String(allow_none=True, metadata={"description": "up, down, same, new; null for all time"})
    previous_rank = fields.Integer(allow_none=True)
    members = fields.Integer(allow_none=True, metadata={"description": "teams: active members the value is per"})


class Leaderboard(Schema):
    scope = fields.String()
    period = fields.String()
    metric = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    visibility = fields.String()
    top_only = fields.Boolean()
    people_hidden = fields.Boolean(metadata={"description": "private preset: only the viewer's own row"})
    offset = fields.Integer()
    limit = fields.Integer()
    has_more = fields.Boolean()
    rows = fields.List(fields.Nested(BoardRow))
    me = fields.Nested(BoardRow, allow_none=True)


class BoardPreferencesArgs(Schema):
    board_opt_in = fields.Boolean(required=True, **STRICT_BOOL)


class BoardPreferences(Schema):
    board_opt_in = fields.Boolean()

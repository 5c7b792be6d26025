"""Marshmallow schemas of the boards: *Args for input, plain names for output."""

from marshmallow import fields, validate

from backend.boards.periods import GOAL_PERIODS, PERIODS
from backend.boards.service import CONSISTENCY, GOAL_KINDS, PEOPLE, POINTS, TEAMS
from backend.fields import Schema
from backend.http import MAX_ID
from backend.i18n import request_locale

STRICT_BOOL = {"truthy": {True}, "falsy": {False}}


class LeaderboardArgs(Schema):
    scope = fields.String(load_default=PEOPLE, validate=validate.OneOf((PEOPLE, TEAMS)))
    period = fields.String(load_default="week", validate=validate.OneOf(PERIODS))
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


class TeamGoalArgs(Schema):
    period = fields.String(load_default="week", validate=validate.OneOf(GOAL_PERIODS))
    kind = fields.String(required=True, validate=validate.OneOf(GOAL_KINDS))
    target = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=100_000))


class TeamGoal(Schema):
    id = fields.Function(lambda p: p.goal.id)
    team_id = fields.Function(lambda p: p.goal.team_id)
    team_name = fields.String()
    period = fields.Function(lambda p: p.goal.period)
    starts_on = fields.Function(lambda p: p.goal.starts_on.isoformat())
    ends_on = fields.Date()
    kind = fields.Function(lambda p: p.goal.kind)
    target = fields.Function(lambda p: p.goal.target)
    value = fields.Float(metadata={"description": "% of due behaviour-days done, or customer-facing check-ins"})
    done = fields.Integer()
    due = fields.Integer(allow_none=True)
    percent = fields.Integer(metadata={"description": "progress towards the target, 0–100"})
    reached = fields.Boolean(metadata={"description": "celebrate: the team made it"})
    reached_at = fields.Function(lambda p: p.goal.reached_at.isoformat() if p.goal.reached_at else None)
    finished = fields.Boolean(metadata={"description": "the period is over"})


class TeamGoalEnvelope(Schema):
    goal = fields.Nested(TeamGoal, allow_none=True)


class BoardSummary(Schema):
    goals = fields.List(fields.Nested(TeamGoal))
    visibility = fields.String()
    board_opt_in = fields.Boolean()
    top_only = fields.Boolean()


class TrendWeek(Schema):
    week_start = fields.Date()
    week = fields.String()
    checkins = fields.Integer()
    customer_facing = fields.Integer()
    share = fields.Integer(allow_none=True, metadata={"description": "% customer-facing; null without check-ins"})


class GridArgs(Schema):
    week = fields.String(load_default=None, validate=validate.Regexp(r"^\d{4}-W\d{2}$"))


class GridBehaviour(Schema):
    id = fields.Integer()
    name = fields.Function(lambda b: b.name(request_locale()))
    icon = fields.String()
    cadence = fields.String()
    times_per_week = fields.Integer(allow_none=True)
    customer_facing = fields.Boolean()


class GridCell(Schema):
    behaviour_id = fields.Integer()
    state = fields.String(metadata={"description": "done, missed, due, away or rest for the week"})
    done = fields.Integer()
    target = fields.Integer()
    days = fields.List(fields.String(), metadata={"description": "per day: done, missed, due, away, rest, future"})


class GridAway(Schema):
    date = fields.Date()
    kind = fields.String(allow_none=True, metadata={"description": "only when the person chose to say"})


class GridMember(Schema):
    user_id = fields.Integer()
    name = fields.String()
    consistency = fields.Integer(allow_none=True)
    trend = fields.List(fields.Integer(allow_none=True), metadata={"description": "consistency, last four weeks"})
    slipping = fields.Boolean(metadata={"description": "consistency fell three weeks in a row: a coaching prompt"})
    away = fields.List(fields.Nested(GridAway))
    cells = fields.List(fields.Nested(GridCell))


class TeamRef(Schema):
    id = fields.Integer()
    name = fields.String()


class RhythmGrid(Schema):
    team = fields.Nested(TeamRef)
    week = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    previous_week = fields.String()
    next_week = fields.String(allow_none=True)
    days = fields.List(fields.Date())
    behaviours = fields.List(fields.Nested(GridBehaviour))
    members = fields.List(fields.Nested(GridMember))

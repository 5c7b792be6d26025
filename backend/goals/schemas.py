"""Marshmallow schemas of the team goals: *Args for input, plain names for output."""

from marshmallow import fields, validate

from backend.boards.read import periods
from backend.fields import Schema
from backend.goals.service import GOAL_KINDS


class TeamGoalArgs(Schema):
    period = fields.String(load_default="week", validate=validate.OneOf(periods.GOAL_PERIODS))
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
    title = fields.Function(
        lambda p: p.goal.title, metadata={"description": "the standard's words, when the team agreed on it together"}
    )
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

"""Marshmallow schemas of a team's rhythm: *Args for input, plain names for output."""

from marshmallow import fields, validate

from backend.fields import Schema
from backend.i18n import request_locale


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
    crm = fields.List(
        fields.Boolean(), metadata={"description": "per day: true when a connected system (the CRM) checked it in"}
    )


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


class LeaderBehaviour(Schema):
    id = fields.Function(lambda row: row.behaviour.id)
    name = fields.Function(lambda row: row.behaviour.name(request_locale()))
    icon = fields.Function(lambda row: row.behaviour.icon)
    cadence = fields.Function(lambda row: row.behaviour.cadence)
    times_per_week = fields.Function(lambda row: row.behaviour.times_per_week)
    streak = fields.Integer()
    unit = fields.String(metadata={"description": "day or week"})
    week_done = fields.Integer(metadata={"description": "days done in the running ISO week"})
    consistency = fields.Integer()


class Leader(Schema):
    user_id = fields.Integer()
    name = fields.String()
    consistency = fields.Integer(allow_none=True)
    behaviours = fields.List(fields.Nested(LeaderBehaviour))


class LeadingByExample(Schema):
    shown = fields.Boolean(metadata={"description": "false when the organisation turned leading by example off"})
    leaders = fields.List(fields.Nested(Leader))

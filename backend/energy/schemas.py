"""Marshmallow schemas of the energy pulse: *Args for input, plain names for output.

No output schema here carries a person's id next to a level: one's own answers come back without one, and
the team view only holds aggregates."""

from marshmallow import fields, validate

from backend.energy.anonymity import MINIMUM_THRESHOLD
from backend.energy.service import FACTORS, split
from backend.fields import Schema, StrictBoolean


class EnergySettingsArgs(Schema):
    enabled = StrictBoolean()
    threshold = fields.Integer(
        validate=validate.Range(min=MINIMUM_THRESHOLD, max=1000),
        metadata={"description": "Least number of people who answered before a group is shown (5 or more)"},
    )


class EnergySettings(Schema):
    enabled = fields.Boolean()
    threshold = fields.Integer()
    minimum_threshold = fields.Function(lambda _settings: MINIMUM_THRESHOLD)


class EnergyAnswerArgs(Schema):
    level = fields.Integer(required=True, validate=validate.Range(min=1, max=5))
    gave = fields.List(
        fields.String(validate=validate.OneOf(FACTORS)), load_default=list, validate=validate.Length(max=5)
    )
    cost = fields.List(
        fields.String(validate=validate.OneOf(FACTORS)), load_default=list, validate=validate.Length(max=5)
    )


class EnergyAnswer(Schema):
    week_start = fields.Date()
    level = fields.Integer()
    gave = fields.Function(lambda answer: split(answer.gave))
    cost = fields.Function(lambda answer: split(answer.cost))


class EnergyCurrent(Schema):
    enabled = fields.Boolean()
    week_start = fields.Date()
    factors = fields.List(fields.String())
    answer = fields.Nested(EnergyAnswer, allow_none=True)


class EnergyTrend(Schema):
    weeks = fields.List(fields.Nested(EnergyAnswer))


class EnergyWeekFigure(Schema):
    week_start = fields.Date()
    shown = fields.Boolean()
    respondents = fields.Integer(allow_none=True)
    average = fields.Float(allow_none=True)
    gave = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)
    cost = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)


class EnergyGroupView(Schema):
    scope = fields.String(metadata={"description": "organisation | department | team"})
    key = fields.String()
    name = fields.String()
    kind = fields.String(allow_none=True)
    weeks = fields.List(fields.Nested(EnergyWeekFigure))


class EnergyTeamView(Schema):
    enabled = fields.Boolean()
    threshold = fields.Integer()
    weeks = fields.List(fields.Date())
    groups = fields.List(fields.Nested(EnergyGroupView))

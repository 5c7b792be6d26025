"""Marshmallow schemas of outcomes and 'Wat werkt'."""

from marshmallow import fields, validate

from backend.fields import Id, Schema
from backend.i18n import translate
from backend.outcomes import service, stats
from backend.rhythm import read as rhythm

COMBINE_DOC = "How the members' person figures make the team's week: sum (counts) or average (rates)"


class MeasureArgs(Schema):
    name_nl = fields.String(required=True, validate=validate.Length(min=1, max=120))
    name_en = fields.String(validate=validate.Length(max=120))
    combine = fields.String(validate=validate.OneOf(service.COMBINE), metadata={"description": COMBINE_DOC})


class MeasureUpdateArgs(Schema):
    name_nl = fields.String(validate=validate.Length(min=1, max=120))
    name_en = fields.String(validate=validate.Length(max=120))
    combine = fields.String(validate=validate.OneOf(service.COMBINE), metadata={"description": COMBINE_DOC})


class Measure(Schema):
    id = fields.Integer()
    name_nl = fields.String()
    name_en = fields.String()
    combine = fields.String(metadata={"description": COMBINE_DOC})


class ValueArgs(Schema):
    measure_id = Id(required=True)
    team_id = Id(required=True)
    week_start = fields.Date(required=True, metadata={"description": "The Monday of the ISO week"})
    value = fields.Float(required=True, allow_nan=False, validate=validate.Range(min=-1e9, max=1e9))


class Value(Schema):
    id = fields.Integer(allow_none=True, metadata={"description": "None for a week derived from person figures"})
    measure_id = fields.Integer()
    team_id = fields.Integer()
    week_start = fields.Date()
    value = fields.Float()
    derived = fields.Boolean(
        metadata={"description": "Made from the members' person figures (the measure's sum or average)"}
    )


class PersonValueArgs(Schema):
    measure_id = Id(required=True)
    user_id = Id(required=True)
    week_start = fields.Date(required=True, metadata={"description": "The Monday of the ISO week"})
    value = fields.Float(required=True, allow_nan=False, validate=validate.Range(min=-1e9, max=1e9))


class PersonValueSaved(Schema):
    saved = fields.Boolean()
    user_id = fields.Integer()
    measure_id = fields.Integer()
    week_start = fields.Date()


class MyValue(Schema):
    measure_id = fields.Integer()
    measure_name = fields.String()
    week_start = fields.Date()
    value = fields.Float()
    source = fields.String(metadata={"description": "manual | import | crm"})


class MyWhatWorksArgs(Schema):
    weeks = fields.Integer(
        load_default=service.DEFAULT_WINDOW,
        validate=validate.Range(min=service.MIN_WINDOW, max=service.MAX_WINDOW),
        metadata={"description": "How many complete weeks before this one to look at (12–26)"},
    )


class WhatWorksArgs(Schema):
    team_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    weeks = fields.Integer(
        load_default=service.DEFAULT_WINDOW,
        validate=validate.Range(min=service.MIN_WINDOW, max=service.MAX_WINDOW),
        metadata={"description": "How many complete weeks before this one to look at (12–26)"},
    )


class Comparison(Schema):
    weeks = fields.Integer(metadata={"description": "Weeks with both a rhythm and an outcome"})
    high_weeks = fields.Integer()
    low_weeks = fields.Integer()
    threshold = fields.Float(allow_none=True, metadata={"description": "The median weekly rhythm (0–1)"})
    high_mean = fields.Float(allow_none=True)
    low_mean = fields.Float(allow_none=True)
    difference = fields.Float(allow_none=True, metadata={"description": "high_mean - low_mean"})
    ci_low = fields.Float(allow_none=True)
    ci_high = fields.Float(allow_none=True)
    shown = fields.Boolean()
    reason = fields.String(allow_none=True, metadata={"description": "too_few_weeks | no_variation"})


class Row(Schema):
    behaviour_id = fields.Integer()
    behaviour_name = fields.String()
    outcome_kind = fields.String(
        metadata={"description": "measure (entered per team and week), voice_score or confirmed_wins"}
    )
    outcome_id = fields.Integer(allow_none=True)
    outcome_name = fields.String()
    comparison = fields.Nested(Comparison)


class WhatWorks(Schema):
    team = fields.Function(lambda w: {"id": w.team.id, "name": w.team.name} if w.team else None)
    since = fields.Date()
    until = fields.Date()
    window = fields.Integer()
    confidence = fields.Constant(stats.CONFIDENCE)
    min_weeks = fields.Constant(stats.MIN_WEEKS)
    min_per_group = fields.Constant(stats.MIN_PER_GROUP)
    caveat = fields.Function(
        lambda _w: translate("outcome_caveat"),
        metadata={"description": "Said with every answer: correlation in the team's own history, not proof"},
    )
    rows = fields.List(fields.Nested(Row))


class ValuesImportReport(rhythm.ImportReportSchema):
    updated = fields.Integer(
        metadata={"description": "Rows that replaced the figure already stored for that team, week and measure."}
    )

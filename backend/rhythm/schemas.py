"""Marshmallow schemas of the rhythm: *Args for input, plain names for output."""

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.fields import Id, Schema
from backend.http import MAX_ID
from backend.i18n import request_locale
from backend.rhythm.streaks import CADENCES, TIMES_PER_WEEK

STRICT_BOOL = {"truthy": {True}, "falsy": {False}}
AWAY_KINDS = ("leave", "sick", "holiday")


class ChecklistItem(Schema):
    key = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]{1,32}$"))
    label_nl = fields.String(required=True, validate=validate.Length(min=1, max=80))
    label_en = fields.String(load_default="", validate=validate.Length(max=80))


class BehaviourUpdateArgs(Schema):
    name_nl = fields.String(validate=validate.Length(min=1, max=80))
    name_en = fields.String(validate=validate.Length(max=80))
    description_nl = fields.String(validate=validate.Length(max=500))
    description_en = fields.String(validate=validate.Length(max=500))
    icon = fields.String(validate=validate.Length(min=1, max=16))
    points = fields.Integer(strict=True, validate=validate.Range(min=1, max=100))
    cadence = fields.String(validate=validate.OneOf(CADENCES))
    times_per_week = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=7))
    days_of_week = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=7)), validate=validate.Length(max=7)
    )
    customer_facing = fields.Boolean(**STRICT_BOOL)
    for_managers = fields.Boolean(
        **STRICT_BOOL, metadata={"description": "done by the managers of its teams (coaching), not by the members"}
    )
    checklist = fields.List(fields.Nested(ChecklistItem), validate=validate.Length(max=6))
    team_ids = fields.List(Id(), validate=validate.Length(min=1, max=200))
    archived = fields.Boolean(**STRICT_BOOL)

    @validates_schema
    def _distinct(self, data, **_kwargs):
        keys = [item["key"] for item in data.get("checklist") or []]
        if len(keys) != len(set(keys)):
            raise ValidationError("Checklist keys must be different.", "checklist")
        days = data.get("days_of_week") or []
        if len(days) != len(set(days)):
            raise ValidationError("Each day only once.", "days_of_week")
        if data.get("cadence") == TIMES_PER_WEEK and not data.get("times_per_week"):
            raise ValidationError("Required for times_per_week.", "times_per_week")


class BehaviourArgs(BehaviourUpdateArgs):
    class Meta:
        exclude = ("archived",)

    name_nl = fields.String(required=True, validate=validate.Length(min=1, max=80))
    cadence = fields.String(required=True, validate=validate.OneOf(CADENCES))
    points = fields.Integer(load_default=10, strict=True, validate=validate.Range(min=1, max=100))
    team_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=200))


def _localised_checklist(behaviour):
    locale = request_locale()
    return [
        {"key": item["key"], "label": (item.get("label_en") if locale == "en" else None) or item["label_nl"]}
        for item in behaviour.checklist or []
    ]


class Behaviour(Schema):
    id = fields.Integer()
    name = fields.Function(lambda b: b.name(request_locale()))
    description = fields.Function(lambda b: b.description(request_locale()))
    name_nl = fields.String()
    name_en = fields.String()
    description_nl = fields.String()
    description_en = fields.String()
    icon = fields.String()
    points = fields.Integer()
    cadence = fields.String()
    times_per_week = fields.Integer(allow_none=True)
    days_of_week = fields.List(fields.Integer())
    customer_facing = fields.Boolean()
    for_managers = fields.Boolean()
    checklist = fields.List(fields.Dict())
    team_ids = fields.Function(lambda b: [t.id for t in b.teams])
    archived = fields.Function(lambda b: b.archived_at is not None)


class BehaviourListArgs(Schema):
    include_archived = fields.Boolean(load_default=False)


class CheckInArgs(Schema):
    behaviour_id = Id(required=True)
    client_id = fields.UUID(required=True)
    occurred_on = fields.Date()
    recorded_at = fields.AwareDateTime()
    note = fields.String(allow_none=True, validate=validate.Length(max=500))
    quality = fields.Dict(
        keys=fields.String(validate=validate.Length(max=32)),
        values=fields.Boolean(**STRICT_BOOL),
        validate=validate.Length(max=6),
    )


class Streak(Schema):
    current = fields.Integer()
    longest = fields.Integer()
    unit = fields.String()


def streak_of(rhythm, cadence: str) -> dict:
    return {
        "current": rhythm.current,
        "longest": rhythm.longest,
        "unit": "week" if cadence == TIMES_PER_WEEK else "day",
    }


class CheckIn(Schema):
    id = fields.Integer()
    client_id = fields.String()
    behaviour_id = fields.Integer()
    occurred_on = fields.Date()
    late = fields.Boolean()
    note = fields.String(allow_none=True)
    quality = fields.Dict(allow_none=True)
    quality_score = fields.Float(allow_none=True)
    source = fields.String(metadata={"description": "app, import, or crm (checked in by a connected system)"})
    points = fields.Float()
    received_at = fields.DateTime()
    recorded_at = fields.DateTime(allow_none=True)


class CheckInRecorded(CheckIn):
    """A check-in with the behaviour's streak and consistency right after it."""

    streak = fields.Function(lambda result: streak_of(result.rhythm, result.cadence))
    consistency = fields.Function(lambda result: result.rhythm.consistency)

    def get_attribute(self, obj, attr, default):
        if attr in ("streak", "consistency"):
            return super().get_attribute(obj, attr, default)
        return super().get_attribute(obj.checkin, attr, default)


class TodayBehaviour(Schema):
    id = fields.Function(lambda item: item.behaviour.id)
    name = fields.Function(lambda item: item.behaviour.name(request_locale()))
    description = fields.Function(lambda item: item.behaviour.description(request_locale()))
    icon = fields.Function(lambda item: item.behaviour.icon)
    points = fields.Function(lambda item: item.behaviour.points)
    cadence = fields.Function(lambda item: item.behaviour.cadence)
    times_per_week = fields.Function(lambda item: item.behaviour.times_per_week)
    customer_facing = fields.Function(lambda item: item.behaviour.customer_facing)
    checklist = fields.Function(lambda item: _localised_checklist(item.behaviour))
    due_today = fields.Function(lambda item: item.rhythm.due_today)
    done_today = fields.Function(lambda item: item.checkin is not None)
    checkin = fields.Nested(CheckIn, allow_none=True)
    streak = fields.Function(lambda item: streak_of(item.rhythm, item.behaviour.cadence))
    consistency = fields.Function(lambda item: item.rhythm.consistency)
    week_done = fields.Function(lambda item: item.rhythm.week_done)
    week_target = fields.Function(lambda item: item.rhythm.week_target)


class Today(Schema):
    date = fields.Date(attribute="day")
    time_zone = fields.String()
    away = fields.Boolean()
    behaviours = fields.List(fields.Nested(TodayBehaviour), attribute="items")
    summary = fields.Function(
        lambda today: {
            "due": sum(1 for i in today.items if i.rhythm.due_today or i.checkin is not None),
            "done": sum(1 for i in today.items if i.checkin is not None),
        }
    )


class AwayArgs(Schema):
    start = fields.Date(required=True)
    end = fields.Date()
    kind = fields.String(allow_none=True, validate=validate.OneOf(AWAY_KINDS))
    user_id = Id()


class AwayListArgs(Schema):
    since = fields.Date(required=True)
    until = fields.Date(required=True)
    user_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))


class AwayDay(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    day = fields.Date()
    kind = fields.String(allow_none=True)


class HolidayArgs(Schema):
    day = fields.Date(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))


class Holiday(Schema):
    id = fields.Integer()
    day = fields.Date()
    name = fields.String()


class HistoryArgs(Schema):
    weeks = fields.Integer(load_default=12, validate=validate.Range(min=1, max=52))


class HistoryDay(Schema):
    date = fields.Date()
    state = fields.String()
    crm = fields.Boolean(metadata={"description": "present (true) when a connected system (a CRM) checked it in"})


class TrendPoint(Schema):
    week_start = fields.Date()
    consistency = fields.Integer()


class BehaviourHistory(Schema):
    id = fields.Integer()
    name = fields.String()
    icon = fields.String()
    cadence = fields.String()
    times_per_week = fields.Integer(allow_none=True)
    streak = fields.Nested(Streak)
    consistency = fields.Integer()
    days = fields.List(fields.Nested(HistoryDay))
    trend = fields.List(fields.Nested(TrendPoint))


class History(Schema):
    since = fields.Date()
    until = fields.Date()
    behaviours = fields.List(fields.Nested(BehaviourHistory))


def _checkin_dict(checkin) -> dict:
    return {
        "id": checkin.id,
        "client_id": checkin.client_id,
        "behaviour_id": checkin.behaviour_id,
        "occurred_on": checkin.occurred_on.isoformat(),
        "late": checkin.late,
        "note": checkin.note,
        "quality": checkin.quality,
        "quality_score": checkin.quality_score,
        "points": checkin.points,
        "received_at": checkin.received_at.isoformat(),
        "recorded_at": checkin.recorded_at.isoformat() if checkin.recorded_at else None,
        "source": checkin.source,
    }


def dump_today(today) -> dict:
    """What `Today().dump(today)` gives, built directly.

    Today is the screen that opens most; marshmallow's per-field machinery cost a third of the
    request. `Today` stays the documented schema, and a test holds the two to the same output.
    """
    locale = request_locale()
    behaviours = []
    done = due = 0
    for item in today.items:
        behaviour, rhythm, checkin = item.behaviour, item.rhythm, item.checkin
        done += checkin is not None
        due += rhythm.due_today or checkin is not None
        behaviours.append(
            {
                "id": behaviour.id,
                "name": behaviour.name(locale),
                "description": behaviour.description(locale),
                "icon": behaviour.icon,
                "points": behaviour.points,
                "cadence": behaviour.cadence,
                "times_per_week": behaviour.times_per_week,
                "customer_facing": behaviour.customer_facing,
                "checklist": _localised_checklist(behaviour),
                "due_today": rhythm.due_today,
                "done_today": checkin is not None,
                "checkin": _checkin_dict(checkin) if checkin is not None else None,
                "streak": streak_of(rhythm, behaviour.cadence),
                "consistency": rhythm.consistency,
                "week_done": rhythm.week_done,
                "week_target": rhythm.week_target,
            }
        )
    return {
        "date": today.day.isoformat(),
        "time_zone": today.time_zone,
        "away": today.away,
        "behaviours": behaviours,
        "summary": {"due": due, "done": done},
    }


def dump_recorded(result) -> dict:
    """What `CheckInRecorded().dump(result)` gives, built directly for the tap's hot path (tested equal)."""
    return {
        **_checkin_dict(result.checkin),
        "streak": streak_of(result.rhythm, result.cadence),
        "consistency": result.rhythm.consistency,
    }

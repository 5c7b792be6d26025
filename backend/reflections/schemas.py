"""Marshmallow schemas of the weekly reflection. The text and thread appear only for the person and
their managers; anyone else allowed to see the reflection (an admin) gets `answer: null`."""

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.fields import Schema
from backend.i18n import translate
from backend.reflections import service


def _viewer():
    from backend.accounts.login import current_person

    return current_person()


def _readable(reflection) -> bool:
    return service.can_read(_viewer(), reflection)


class AnswerArgs(Schema):
    answer = fields.String(required=True, validate=validate.Length(min=1, max=2000))

    @validates_schema
    def _not_blank(self, data, **_kwargs):
        if not data.get("answer", "").strip():
            raise ValidationError("Write an answer.", "answer")


class ReplyArgs(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=2000))

    @validates_schema
    def _not_blank(self, data, **_kwargs):
        if not data.get("text", "").strip():
            raise ValidationError("Write a reply.", "text")


class ListArgs(Schema):
    user_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    team_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class ExportArgs(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))


class Reply(Schema):
    id = fields.Integer()
    author = fields.Function(lambda m: {"id": m.author.id, "name": m.author.name} if m.author else None)
    text = fields.String()
    created_at = fields.DateTime()


def _iso_week(reflection) -> str:
    year, week, _ = reflection.week_start.isocalendar()
    return f"{year}-W{week:02d}"


class Reflection(Schema):
    id = fields.Integer()
    person = fields.Function(lambda r: {"id": r.user.id, "name": r.user.name})
    week = fields.Function(_iso_week, metadata={"description": "ISO week, e.g. 2026-W47"})
    week_start = fields.Date()
    answered = fields.Function(lambda r: bool(r.answer) or r.text_removed_at is not None)
    answer = fields.Function(
        lambda r: r.answer if _readable(r) else None,
        metadata={"description": "null for admins who are not the person's manager, and after retention"},
    )
    text_removed = fields.Function(lambda r: r.text_removed_at is not None)
    replies = fields.Function(lambda r: Reply(many=True).dump(r.replies) if _readable(r) else [])
    can_reply = fields.Function(lambda r: _readable(r))
    created_at = fields.DateTime()
    updated_at = fields.DateTime(allow_none=True)


class Current(Schema):
    open = fields.Function(lambda c: c.window.open)
    asked = fields.Boolean(metadata={"description": "true when a rep should be prompted now"})
    week = fields.Function(lambda c: c.window.iso_week)
    week_start = fields.Function(lambda c: c.window.week_start.isoformat())
    opens_at = fields.Function(lambda c: c.window.opens_at.isoformat())
    closes_at = fields.Function(lambda c: c.window.closes_at.isoformat())
    question = fields.Function(lambda _c: translate("reflection_question"))
    reflection = fields.Nested(Reflection, allow_none=True)

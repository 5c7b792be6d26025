"""Marshmallow schemas of administration: *Args for input, plain names for output."""

from marshmallow import fields, validate

from backend.accounts.models import Role, Visibility
from backend.accounts.schemas import NAME, PASSWORD, _no_control_characters, _not_blank, _storable, _time_zone
from backend.fields import Id, Schema
from backend.http import MAX_ID

ROLES = validate.OneOf([r.value for r in Role])


def QueryId(**kwargs):  # noqa: N802 (reads like a field class)
    """An id in a query string: arrives as text, so not strict like Id()."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


ORGANISATION_NAME = [validate.Length(min=1, max=120), _not_blank, _no_control_characters]


class SetupStatus(Schema):
    needed = fields.Boolean()


class SetupArgs(Schema):
    organisation_name = fields.String(required=True, validate=ORGANISATION_NAME)
    name = fields.String(required=True, validate=[NAME, _not_blank, _no_control_characters])
    email = fields.Email(required=True, validate=[validate.Length(max=254), _storable])
    password = fields.String(required=True, validate=PASSWORD)
    time_zone = fields.String(load_default="Europe/Amsterdam", validate=[validate.Length(max=64), _time_zone])
    locale = fields.String(load_default="nl", validate=validate.OneOf(["nl", "en"]))


class PeopleQueryArgs(Schema):
    q = fields.String(validate=[validate.Length(max=120), _storable])
    team_id = QueryId()
    role = fields.String(validate=ROLES)
    active = fields.Boolean()


class PersonTeam(Schema):
    id = fields.Function(lambda m: m.team.id)
    name = fields.Function(lambda m: m.team.name)
    manages = fields.Boolean()
    archived = fields.Function(lambda m: m.team.archived_at is not None)


class Person(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    role = fields.String()
    active = fields.Boolean()
    created_at = fields.DateTime()
    teams = fields.Function(
        lambda user: PersonTeam(many=True).dump(sorted(user.memberships, key=lambda m: m.team.name.lower()))
    )


class PersonUpdateArgs(Schema):
    role = fields.String(validate=ROLES)
    team_id = Id()
    active = fields.Boolean(truthy={True}, falsy={False})


class BulkInviteArgs(Schema):
    emails = fields.String(required=True, validate=[validate.Length(min=1, max=50_000), _storable])
    team_id = Id(required=True)
    role = fields.String(required=True, validate=ROLES)


class InviteProblem(Schema):
    line = fields.Integer()
    value = fields.String()
    code = fields.String()
    message = fields.String()


class BulkInviteResult(Schema):
    invited = fields.Function(lambda result: [{"id": i.id, "email": i.email} for i in result["invited"]])
    problems = fields.List(fields.Nested(InviteProblem))


class OrganisationSettings(Schema):
    id = fields.Integer()
    name = fields.String()
    time_zone = fields.String()
    locale = fields.String()
    visibility = fields.String()
    boards_top_only = fields.Boolean()
    leaders_shown = fields.Boolean(metadata={"description": "a team sees its managers' rhythm (leading by example)"})
    retention_days = fields.Integer()
    win_points = fields.Integer()
    confirmed_win_bonus = fields.Integer()


class OrganisationSettingsArgs(Schema):
    name = fields.String(validate=ORGANISATION_NAME)
    time_zone = fields.String(validate=[validate.Length(max=64), _time_zone])
    locale = fields.String(validate=validate.OneOf(["nl", "en"]))
    visibility = fields.String(validate=validate.OneOf([v.value for v in Visibility]))
    boards_top_only = fields.Boolean(truthy={True}, falsy={False})
    leaders_shown = fields.Boolean(truthy={True}, falsy={False})
    # From a month (the shortest that still lets a manager coach on last month) to ten years.
    retention_days = fields.Integer(strict=True, validate=validate.Range(min=30, max=3650))
    win_points = fields.Integer(strict=True, validate=validate.Range(min=0, max=100))
    confirmed_win_bonus = fields.Integer(strict=True, validate=validate.Range(min=0, max=100))


class HolidayLoadArgs(Schema):
    year = fields.Integer(required=True, strict=True, validate=validate.Range(min=2000, max=2100))


class LoadedHoliday(Schema):
    id = fields.Integer()
    day = fields.Date()
    name = fields.String()


class AuditQueryArgs(Schema):
    before_id = QueryId()
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class AuditActor(Schema):
    id = fields.Integer()
    name = fields.String()


class AuditEntry(Schema):
    id = fields.Integer()
    at = fields.DateTime(attribute="created_at")
    actor = fields.Nested(AuditActor, allow_none=True)
    action = fields.String()
    target_type = fields.String(allow_none=True)
    target_id = fields.Integer(allow_none=True)
    target_name = fields.String(allow_none=True)
    details = fields.Dict()


class ExportArgs(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "zip"]))


MY_EXPORT_RESPONSE = {
    "description": "All my data as an attachment: one JSON document (format=json), or a zip with a CSV per kind.",
    "content": {
        "application/json": {"schema": {"type": "object", "description": "one key per kind of data"}},
        "application/zip": {"schema": {"type": "string", "format": "binary"}},
    },
}


class PasswordConfirmArgs(Schema):
    password = fields.String(required=True, validate=[validate.Length(min=1, max=200), _storable])

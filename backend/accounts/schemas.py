"""Marshmallow schemas of accounts: *Args for input, plain names for output."""

import unicodedata

from marshmallow import ValidationError, fields, validate

from backend.accounts.models import Role, TeamKind
from backend.fields import Id, Schema
from backend.http import storable_text
from backend.timeutil import is_valid_time_zone


def _storable(value: str) -> None:
    # Bodies are refused before this (backend.http.parse_json); a query string can still carry a NUL.
    if not storable_text(value):
        raise ValidationError("Contains characters that are not allowed.")


def _no_control_characters(value: str) -> None:
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in value):
        raise ValidationError("Contains characters that are not allowed.")


PASSWORD = [validate.Length(min=10, max=200), _storable]
NAME = validate.Length(min=1, max=120)


def _time_zone(value: str) -> None:
    if not is_valid_time_zone(value):
        raise ValidationError("Not a known IANA time zone, e.g. Europe/Amsterdam.")


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("May not be empty.")


class LoginArgs(Schema):
    email = fields.Email(required=True, validate=[validate.Length(max=254), _storable])
    password = fields.String(required=True, validate=[validate.Length(min=1, max=200), _storable])


class CsrfToken(Schema):
    csrf_token = fields.String()


class ProfileArgs(Schema):
    name = fields.String(validate=[NAME, _not_blank, _no_control_characters])
    time_zone = fields.String(validate=[validate.Length(max=64), _time_zone])
    locale = fields.String(validate=validate.OneOf(["nl", "en"]))


class PasswordChangeArgs(Schema):
    current_password = fields.String(required=True, validate=[validate.Length(min=1, max=200), _storable])
    new_password = fields.String(required=True, validate=PASSWORD)


class OrganisationRef(Schema):
    id = fields.Integer()
    name = fields.String()


class MyTeam(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    manages = fields.Boolean()


class Me(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    time_zone = fields.String()
    locale = fields.String()
    organisation = fields.Nested(OrganisationRef)
    teams = fields.Method("_teams")

    def _teams(self, user):
        return [
            {"id": m.team.id, "name": m.team.name, "kind": m.team.kind, "manages": m.manages}
            for m in sorted(user.memberships, key=lambda m: m.team.name)
            if m.team.archived_at is None
        ]


class InviteArgs(Schema):
    email = fields.Email(required=True, validate=[validate.Length(max=254), _storable])
    team_id = Id(required=True)
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in Role]))


def _invite_status(invite) -> str:
    from backend.timeutil import utcnow

    if invite.accepted_at is not None:
        return "accepted"
    if invite.revoked_at is not None:
        return "revoked"
    return "expired" if invite.expires_at <= utcnow() else "open"


class Invite(Schema):
    id = fields.Integer()
    email = fields.String()
    team_id = fields.Integer()
    team_name = fields.Function(lambda invite: invite.team.name)
    role = fields.String()
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    accepted_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    status = fields.Function(_invite_status)


class InviteInfo(Schema):
    email = fields.String()
    organisation_name = fields.Function(lambda invite: invite.organisation.name)
    team_name = fields.Function(lambda invite: invite.team.name)


class InviteAcceptArgs(Schema):
    name = fields.String(required=True, validate=[NAME, _not_blank, _no_control_characters])
    password = fields.String(required=True, validate=PASSWORD)


class PasswordResetRequestArgs(Schema):
    email = fields.Email(required=True, validate=[validate.Length(max=254), _storable])


class PasswordResetArgs(Schema):
    password = fields.String(required=True, validate=PASSWORD)


TEAM_KINDS = validate.OneOf([k.value for k in TeamKind])


class TeamArgs(Schema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=80), _not_blank, _no_control_characters])
    kind = fields.String(required=True, validate=TEAM_KINDS)


class TeamUpdateArgs(Schema):
    name = fields.String(validate=[validate.Length(min=1, max=80), _not_blank, _no_control_characters])
    kind = fields.String(validate=TEAM_KINDS)
    archived = fields.Boolean(truthy={True}, falsy={False})


class TeamListArgs(Schema):
    include_archived = fields.Boolean(load_default=False)


def _present(team):
    return [m for m in team.memberships if m.user.erased_at is None]


class Team(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    member_count = fields.Function(lambda team: len(_present(team)))
    archived = fields.Function(lambda team: team.archived_at is not None)
    managers = fields.Function(
        lambda team: [{"id": m.user.id, "name": m.user.name} for m in _present(team) if m.manages]
    )


class MembershipArgs(Schema):
    manages = fields.Boolean(load_default=False, truthy={True}, falsy={False})


class Member(Schema):
    """A team member; e-mail addresses only for those who manage people (see routes)."""

    id = fields.Function(lambda m: m.user.id)
    name = fields.Function(lambda m: m.user.name)
    role = fields.Function(lambda m: m.user.role)
    manages = fields.Boolean()
    active = fields.Function(lambda m: m.user.active)


class MemberWithEmail(Member):
    email = fields.Function(lambda m: m.user.email)

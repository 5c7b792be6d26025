"""Marshmallow schemas of the thermostat: *Args for input, plain names for output.

An anonymous round's answers and confirmations carry no name and no id (service.round_view leaves them out)."""

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.fields import Id, Schema
from backend.goals.read import GOAL_KINDS
from backend.thermostat.service import ROUND_PERIODS

TEXT = validate.Length(max=1000)


class ThermostatRoundArgs(Schema):
    period = fields.String(required=True, validate=validate.OneOf(ROUND_PERIODS))
    anonymous = fields.Boolean(required=True, metadata={"description": "answers shown to the manager without names"})


class ThermostatStandardArgs(Schema):
    behaviour_id = Id(required=True, metadata={"description": "one of the team's behaviours"})
    statement = fields.String(load_default="", validate=validate.Length(max=300))
    kind = fields.String(required=True, validate=validate.OneOf(GOAL_KINDS))
    target = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=100_000))


class ThermostatAnswerArgs(ThermostatStandardArgs):
    now = fields.String(required=True, validate=TEXT, metadata={"description": "Waar staan we nu écht?"})
    ahead = fields.String(required=True, validate=TEXT, metadata={"description": "Waar willen we heen?"})
    holding = fields.String(
        required=True, validate=TEXT, metadata={"description": "Wat houdt ons vast in de waan van de dag?"}
    )

    @validates_schema
    def _not_blank(self, data, **_kwargs):
        blank = {
            name: ["Answer this question."] for name in ("now", "ahead", "holding") if not data.get(name, "x").strip()
        }
        if blank:
            raise ValidationError(blank)


class ThermostatConfirmationArgs(Schema):
    agrees = fields.Boolean(required=True, metadata={"description": "ik herken me hierin / I recognise myself in this"})
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class ThermostatStandard(Schema):
    behaviour_id = fields.Integer(allow_none=True)
    behaviour_name = fields.String(allow_none=True)
    statement = fields.String(allow_none=True)
    kind = fields.String(allow_none=True)
    target = fields.Integer(allow_none=True)


class ThermostatMyAnswer(ThermostatStandard):
    now = fields.String()
    ahead = fields.String()
    holding = fields.String()


class ThermostatSeenAnswer(ThermostatStandard):
    name = fields.String(allow_none=True, metadata={"description": "null in an anonymous round"})
    now = fields.String()
    ahead = fields.String()
    holding = fields.String()


class ThermostatSeenConfirmation(Schema):
    name = fields.String(allow_none=True, metadata={"description": "null in an anonymous round"})
    agrees = fields.Boolean()
    reason = fields.String()


class ThermostatMyConfirmation(Schema):
    agrees = fields.Boolean()
    reason = fields.String()


class ThermostatRound(Schema):
    id = fields.Function(lambda v: v.round.id)
    team_id = fields.Function(lambda v: v.round.team_id)
    team_name = fields.String()
    period = fields.Function(lambda v: v.round.period)
    anonymous = fields.Function(lambda v: v.round.anonymous)
    stage = fields.String(metadata={"description": "answering | confirming | agreed | closed"})
    opened_at = fields.Function(lambda v: v.round.opened_at.isoformat())
    answers_due = fields.Function(lambda v: v.round.answers_due.isoformat())
    answers_open = fields.Boolean()
    members = fields.Integer()
    answered = fields.Integer()
    agreed = fields.Integer()
    disagreed = fields.Integer()
    draft = fields.Function(
        lambda v: (
            {
                "behaviour_id": v.round.behaviour_id,
                "behaviour_name": v.behaviour_name,
                "statement": v.round.statement,
                "kind": v.round.kind,
                "target": v.round.target,
            }
            if v.round.drafted_at
            else None
        ),
        metadata={"description": "the manager's draft of the standard (null before it is drafted)"},
    )
    starts_on = fields.Function(lambda v: v.round.starts_on.isoformat() if v.round.starts_on else None)
    can_manage = fields.Boolean()
    is_member = fields.Boolean()
    my_answer = fields.Nested(ThermostatMyAnswer, allow_none=True)
    my_confirmation = fields.Nested(ThermostatMyConfirmation, allow_none=True)
    answers = fields.List(
        fields.Nested(ThermostatSeenAnswer), allow_none=True, metadata={"description": "managers only"}
    )
    confirmations = fields.List(
        fields.Nested(ThermostatSeenConfirmation), allow_none=True, metadata={"description": "managers only"}
    )


class ThermostatHistoryEntry(Schema):
    round_id = fields.Function(lambda e: e.round.id)
    period = fields.Function(lambda e: e.round.period)
    starts_on = fields.Function(lambda e: e.round.starts_on.isoformat())
    ends_on = fields.Date()
    statement = fields.Function(lambda e: e.round.statement)
    behaviour_name = fields.String(allow_none=True)
    kind = fields.Function(lambda e: e.round.kind)
    target = fields.Function(lambda e: e.round.target)
    anonymous = fields.Function(lambda e: e.round.anonymous)
    outcome = fields.String(metadata={"description": "met | missed | running | unknown"})
    value = fields.Float(allow_none=True)
    agreed_by = fields.List(fields.String(), allow_none=True, metadata={"description": "null in an anonymous round"})
    agreed_count = fields.Integer()


class ThermostatBehaviour(Schema):
    id = fields.Integer()
    name = fields.String()


class TeamThermostat(Schema):
    team_id = fields.Function(lambda t: t.team.id)
    team_name = fields.Function(lambda t: t.team.name)
    can_manage = fields.Boolean()
    is_member = fields.Boolean()
    current = fields.Nested(ThermostatRound, allow_none=True)
    behaviours = fields.List(fields.Nested(ThermostatBehaviour))
    history = fields.List(
        fields.Nested(ThermostatHistoryEntry), metadata={"description": "managers only (empty for members)"}
    )
    suggestion = fields.String(allow_none=True, metadata={"description": "raise_bar | talk | null"})
    talk_round_id = fields.Integer(allow_none=True, metadata={"description": "the round whose answers to talk about"})


class ThermostatTeamEntry(Schema):
    team_id = fields.Function(lambda e: e.team.id)
    team_name = fields.Function(lambda e: e.team.name)
    can_manage = fields.Boolean()
    is_member = fields.Boolean()
    round_id = fields.Function(lambda e: e.round.id if e.round else None)
    stage = fields.String(allow_none=True)
    needs_me = fields.Boolean()


class ThermostatOverview(Schema):
    teams = fields.List(fields.Nested(ThermostatTeamEntry))


class ThermostatTurn(Schema):
    round_id = fields.Integer(attribute="id")
    team_id = fields.Integer()
    team_name = fields.Function(lambda r: r.team.name)
    stage = fields.Function(lambda r: "confirming" if r.drafted_at else "answering")


class ThermostatTurns(Schema):
    turns = fields.List(fields.Nested(ThermostatTurn))

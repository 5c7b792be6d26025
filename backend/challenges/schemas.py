"""Marshmallow schemas of challenges: *Args for input, plain names for output."""

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.challenges.standing import KINDS
from backend.fields import Id, Rows, Schema
from backend.i18n import translate


class ChallengeArgs(Schema):
    kind = fields.String(load_default="team", validate=validate.OneOf(KINDS))
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    behaviour_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=20))
    team_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=200))
    target = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=1_000_000))

    @validates_schema
    def _title_not_blank(self, data, **_kwargs):
        if "title" in data and not data["title"].strip():
            raise ValidationError(translate("challenge_title_blank"), "title")
        if "starts_on" in data and "ends_on" in data and data["ends_on"] < data["starts_on"]:
            raise ValidationError(translate("challenge_ends_before_start"), "ends_on")


class CancelArgs(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=500))


class ChallengeBehaviour(Schema):
    id = fields.Integer()
    name = fields.String()
    icon = fields.String()


class ChallengeTeam(Schema):
    team_id = fields.Integer()
    name = fields.String()
    rank = fields.Integer(allow_none=True, metadata={"description": "equal score: who reached it first ranks higher"})
    score = fields.Float(allow_none=True, metadata={"description": "average consistency of the members, 0–100"})
    reached_at = fields.String(allow_none=True)
    counted = fields.Integer(metadata={"description": "members counted (not away throughout)"})
    members = fields.Integer()
    is_mine = fields.Boolean()


class ChallengeMyTeam(Schema):
    team_id = fields.Integer()
    score = fields.Float(allow_none=True)


class ChallengeMine(Schema):
    consistency = fields.Float(allow_none=True, metadata={"description": "my consistency in the challenge, 0–100"})
    done = fields.Integer()
    late = fields.Integer(metadata={"description": "of which back-filled (counted, marked late)"})
    baseline = fields.Float(allow_none=True, metadata={"description": "personal best: my previous period, 0–100"})
    beat = fields.Boolean()
    teams = fields.List(fields.Nested(ChallengeMyTeam))


class ChallengeContribution(Schema):
    team_id = fields.Integer()
    name = fields.String()
    done = fields.Integer()


class ChallengeTogether(Schema):
    total = fields.Integer()
    target = fields.Integer()
    percent = fields.Integer()
    contributions = Rows(fields.Nested(ChallengeContribution))


class ChallengeCelebrated(Schema):
    count = fields.Integer()
    names = fields.List(fields.String(), metadata={"description": "only those whose names the preset shows"})


class Challenge(Schema):
    id = fields.Function(lambda v: v.challenge.id)
    kind = fields.Function(lambda v: v.challenge.kind)
    title = fields.Function(lambda v: v.challenge.title)
    starts_on = fields.Function(lambda v: v.challenge.starts_on.isoformat())
    ends_on = fields.Function(lambda v: v.challenge.ends_on.isoformat())
    starts_at = fields.Function(lambda v: v.challenge.starts_at.isoformat())
    ends_at = fields.Function(lambda v: v.challenge.ends_at.isoformat())
    target = fields.Function(lambda v: v.challenge.target)
    team_ids = fields.Function(lambda v: list(v.challenge.team_ids))
    status = fields.String(metadata={"description": "upcoming | running | frozen | closing | closed | cancelled"})
    frozen = fields.Function(lambda v: v.status == "frozen")
    seconds_left = fields.Integer(allow_none=True)
    cancel_reason = fields.Function(lambda v: v.challenge.cancel_reason)
    behaviours = fields.List(fields.Nested(ChallengeBehaviour))
    teams = Rows(fields.Nested(ChallengeTeam))
    me = fields.Nested(ChallengeMine, allow_none=True)
    together = fields.Nested(ChallengeTogether, allow_none=True)
    celebrated = fields.Nested(ChallengeCelebrated, allow_none=True)
    people_hidden = fields.Boolean()
    can_change = fields.Boolean()
    created_by = fields.String(allow_none=True)


class ChallengeList(Schema):
    current = fields.List(fields.Nested(Challenge))
    past = fields.List(fields.Nested(Challenge))
    can_create = fields.Boolean()


class ChallengeToday(Schema):
    challenge = fields.Nested(Challenge, allow_none=True)


class ChallengeTeamOption(Schema):
    id = fields.Integer()
    name = fields.String()


class ChallengeOptions(Schema):
    teams = fields.List(fields.Nested(ChallengeTeamOption))
    behaviours = fields.List(fields.Nested(ChallengeBehaviour))
    today = fields.Date(metadata={"description": "the organisation's today: the earliest start"})


# --- duels ------------------------------------------------------------------------------------------


class DuelArgs(Schema):
    opponent_id = Id(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    share = fields.Boolean(load_default=False, metadata={"description": "I agree to show it to colleagues"})

    @validates_schema
    def _ends_after_start(self, data, **_kwargs):
        if "starts_on" in data and "ends_on" in data and data["ends_on"] < data["starts_on"]:
            raise ValidationError(translate("challenge_ends_before_start"), "ends_on")


class DuelAnswerArgs(Schema):
    accept = fields.Boolean(required=True, truthy={True}, falsy={False})
    share = fields.Boolean(load_default=False, truthy={True}, falsy={False})


class DuelShareArgs(Schema):
    share = fields.Boolean(required=True, truthy={True}, falsy={False})


class DuelPerson(Schema):
    id = fields.Integer()
    name = fields.String()


class DuelScore(Schema):
    user_id = fields.Integer()
    name = fields.String()
    consistency = fields.Float(allow_none=True, metadata={"description": "0–100 against their own cadence"})
    done = fields.Integer()


class Duel(Schema):
    id = fields.Function(lambda v: v.duel.id)
    status = fields.String(
        metadata={"description": "invited | declined | withdrawn | lapsed | upcoming | running | closed"}
    )
    role = fields.String(allow_none=True, metadata={"description": "challenger | opponent; null: a colleague's"})
    challenger = fields.Nested(DuelPerson)
    opponent = fields.Nested(DuelPerson)
    starts_on = fields.Function(lambda v: v.duel.starts_on.isoformat())
    ends_on = fields.Function(lambda v: v.duel.ends_on.isoformat())
    seconds_left = fields.Integer(allow_none=True)
    scores = fields.List(fields.Nested(DuelScore))
    winner_id = fields.Integer(allow_none=True)
    leader_id = fields.Integer(allow_none=True)
    my_share = fields.Boolean(allow_none=True)
    public = fields.Boolean(metadata={"description": "both agreed: colleagues see it"})


class DuelList(Schema):
    mine = fields.List(fields.Nested(Duel))
    public = fields.List(fields.Nested(Duel))


class DuelOptions(Schema):
    people = fields.List(fields.Nested(DuelPerson))
    can_invite = fields.Boolean()
    today = fields.Date()
    min_days = fields.Integer()
    max_days = fields.Integer()

"""Marshmallow schemas of the feed, notifications and people: *Args for input, plain names for output.

A line's win and award nest the JSON of wins and badges (their read APIs), as the signed-in person sees it.
"""

from marshmallow import fields, validate

from backend.badges.read import AwardSchema
from backend.challenges import read as challenges
from backend.feed import service
from backend.fields import Schema
from backend.i18n import request_locale
from backend.wins.read import WinSchema, person_ref


class FeedArgs(Schema):
    team_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    mine = fields.Boolean(load_default=False)
    cursor = fields.String(validate=validate.Length(max=200))
    limit = fields.Integer(load_default=service.FEED_PAGE, validate=validate.Range(min=1, max=50))


def _milestone(event):
    if event.kind != "milestone":
        return None
    behaviour = event.behaviour
    return {
        "count": event.milestone,
        "unit": event.unit,
        "behaviour": {"id": behaviour.id, "name": behaviour.name(request_locale()), "icon": behaviour.icon}
        if behaviour
        else None,
    }


def _challenge(event):
    if event.kind != "challenge" or event.challenge_id is None:
        return None
    line = challenges.result_line(event.challenge_id, event.organisation_id)
    if line is None:
        return None
    return {
        "id": line.challenge_id,
        "kind": line.kind,
        "title": line.title,
        "winner": line.winner,
        "celebrated": line.celebrated,
        "total": line.total,
        "target": line.target,
    }


class FeedItem(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "win | award | milestone | team_goal | challenge"})
    created_at = fields.DateTime()
    person = fields.Function(lambda e: person_ref(e.user))
    win = fields.Nested(WinSchema, allow_none=True)
    award = fields.Nested(AwardSchema, allow_none=True)
    milestone = fields.Function(_milestone)
    team_goal = fields.Function(
        lambda e: (
            {"team": {"id": e.team.id, "name": e.team.name}, "title": e.title}
            if e.kind == "team_goal" and e.team
            else None
        )
    )
    challenge = fields.Function(_challenge, metadata={"description": "a closed challenge's result (kind challenge)"})


class FeedPage(Schema):
    items = fields.List(fields.Nested(FeedItem))
    next_cursor = fields.String(allow_none=True, metadata={"description": "pass as ?cursor= for the next page"})


# --- notifications --------------------------------------------------------------------------


class Notification(Schema):
    id = fields.Integer()
    kind = fields.String(
        metadata={
            "description": "applause | credited | confirmed | badge | nomination | nomination_decided "
            "| reflection_reply"
        }
    )
    actor = fields.Function(lambda n: person_ref(n.actor))
    win_id = fields.Integer(allow_none=True)
    award_id = fields.Integer(allow_none=True)
    nomination_id = fields.Integer(allow_none=True)
    reflection_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    read = fields.Function(lambda n: n.read_at is not None)


class Notifications(Schema):
    unread = fields.Integer()
    items = fields.List(fields.Nested(Notification))


class UnreadCount(Schema):
    unread = fields.Integer()


# --- people ---------------------------------------------------------------------------------


class Colleague(Schema):
    id = fields.Integer()
    name = fields.String()
    role = fields.String()
    teams = fields.Function(
        lambda u: [
            {"id": m.team.id, "name": m.team.name, "kind": m.team.kind, "manages": m.manages} for m in u.memberships
        ]
    )


class StreakRecord(Schema):
    behaviour_id = fields.Integer()
    name = fields.Function(lambda s: s["name"].name(request_locale()))
    icon = fields.String()
    current = fields.Integer()
    longest = fields.Integer()
    unit = fields.String()


class Profile(Schema):
    person = fields.Function(
        lambda p: {
            "id": p.person.id,
            "name": p.person.name,
            "role": p.person.role,
            "teams": [{"id": m.team.id, "name": m.team.name} for m in p.person.memberships],
        }
    )
    badges = fields.List(fields.Nested(AwardSchema), attribute="awards")
    wins = fields.List(fields.Nested(WinSchema))
    streaks = fields.List(
        fields.Nested(StreakRecord),
        allow_none=True,
        metadata={"description": "null when the organisation keeps streaks private"},
    )
    counts = fields.Dict()


class CoveragePerson(Schema):
    id = fields.Function(lambda r: r["person"].id)
    name = fields.Function(lambda r: r["person"].name)
    role = fields.Function(lambda r: r["person"].role)
    teams = fields.List(fields.String())
    received_30 = fields.Integer()
    received_90 = fields.Integer()
    last_recognised_at = fields.DateTime(allow_none=True)


class CoverageTeam(Schema):
    id = fields.Function(lambda r: r["team"].id)
    name = fields.Function(lambda r: r["team"].name)
    kind = fields.Function(lambda r: r["team"].kind)
    members = fields.Integer()
    recognised_30 = fields.Integer()
    recognised_90 = fields.Integer()
    share_30 = fields.Float(allow_none=True)
    share_90 = fields.Float(allow_none=True)
    recognitions_90 = fields.Integer()


class Coverage(Schema):
    people = fields.List(fields.Nested(CoveragePerson))
    unrecognised_30 = fields.List(fields.Nested(CoveragePerson))
    unrecognised_90 = fields.List(fields.Nested(CoveragePerson))
    teams = fields.List(fields.Nested(CoverageTeam), metadata={"description": "least recognised first"})

"""Marshmallow schemas of recognition: *Args for input, plain names for output.

Output that depends on who looks (applauded_by_me, can_edit, can_confirm) reads the signed-in person.
"""

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.fields import Id, Schema
from backend.i18n import request_locale, translate
from backend.recognition import service
from backend.recognition.models import BadgeKind, Criterion, ImpactArea, NominationStatus
from backend.timeutil import utcnow

STRICT_BOOL = {"truthy": {True}, "falsy": {False}}
IMPACT_AREAS = [area.value for area in ImpactArea]


def _viewer():
    from backend.accounts.login import current_person

    return current_person()


class PersonRef(Schema):
    id = fields.Integer()
    name = fields.String()


def _person(user):
    return {"id": user.id, "name": user.name} if user is not None else None


def _applause_of(target) -> dict:
    viewer = _viewer()
    return {
        "applause_count": len(target.applause),
        "applauded_by_me": any(a.user_id == viewer.id for a in target.applause),
        "applauded_by": [_person(a.user) for a in target.applause],
    }


# --- wins -----------------------------------------------------------------------------------


class WinUpdateArgs(Schema):
    text = fields.String(validate=validate.Length(min=1, max=1000))
    customer = fields.String(allow_none=True, validate=validate.Length(max=200))
    impact_area = fields.String(validate=validate.OneOf(IMPACT_AREAS))
    evidence = fields.String(allow_none=True, validate=validate.Length(max=500))
    credited_ids = fields.List(Id(), validate=validate.Length(max=20))

    @validates_schema
    def _text_not_blank(self, data, **_kwargs):
        if "text" in data and not data["text"].strip():
            raise ValidationError("Say what happened.", "text")


class WinArgs(WinUpdateArgs):
    client_id = fields.UUID(required=True)
    text = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class Win(Schema):
    id = fields.Integer()
    client_id = fields.String()
    text = fields.String()
    customer = fields.String(allow_none=True)
    impact_area = fields.String()
    evidence = fields.String(allow_none=True)
    author = fields.Function(lambda w: _person(w.author), metadata={"description": "who logged it"})
    credited = fields.Function(lambda w: [_person(u) for u in w.credited])
    created_at = fields.DateTime()
    updated_at = fields.DateTime(allow_none=True)
    editable_until = fields.Function(lambda w: service.editable_until(w).isoformat())
    can_edit = fields.Function(lambda w: w.author_id == _viewer().id and utcnow() <= service.editable_until(w))
    can_hide = fields.Function(lambda w: service.can_moderate(_viewer(), [w.author, *w.credited]))
    can_confirm = fields.Function(lambda w: w.confirmed_at is None and service.can_confirm(_viewer(), w))
    hidden = fields.Boolean()
    hidden_at = fields.DateTime(allow_none=True)
    hidden_by = fields.Function(lambda w: _person(w.hidden_by))
    confirmed = fields.Function(lambda w: w.confirmed_at is not None)
    confirmed_at = fields.DateTime(allow_none=True)
    confirmed_by = fields.Function(lambda w: _person(w.confirmed_by), metadata={"description": "who confirmed"})
    applause_count = fields.Function(lambda w: len(w.applause))
    applauded_by_me = fields.Function(lambda w: _applause_of(w)["applauded_by_me"])
    applauded_by = fields.Function(lambda w: _applause_of(w)["applauded_by"])


# --- badges ---------------------------------------------------------------------------------


class BadgeUpdateArgs(Schema):
    name_nl = fields.String(validate=validate.Length(min=1, max=80))
    name_en = fields.String(validate=validate.Length(max=80))
    description_nl = fields.String(validate=validate.Length(max=500))
    description_en = fields.String(validate=validate.Length(max=500))
    emoji = fields.String(validate=validate.Length(min=1, max=16))
    kind = fields.String(validate=validate.OneOf([k.value for k in BadgeKind]))
    criterion = fields.String(allow_none=True, validate=validate.OneOf([c.value for c in Criterion]))
    threshold = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=10000))
    weeks = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=104))
    behaviour_id = Id(allow_none=True)
    archived = fields.Boolean(**STRICT_BOOL)


class BadgeArgs(BadgeUpdateArgs):
    class Meta:
        exclude = ("archived",)

    name_nl = fields.String(required=True, validate=validate.Length(min=1, max=80))
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in BadgeKind]))


class BadgeListArgs(Schema):
    include_archived = fields.Boolean(load_default=False)


def _criterion_text(badge) -> str | None:
    if badge.kind != BadgeKind.AUTOMATIC or not badge.criterion:
        return None
    key = f"criterion_{badge.criterion}"
    if badge.criterion == Criterion.STREAK and badge.weeks:
        key = "criterion_streak_weeks"
    return translate(key, n=badge.threshold or 1, weeks=badge.weeks or 1)


class Badge(Schema):
    id = fields.Integer()
    name = fields.Function(lambda b: b.name(request_locale()))
    description = fields.Function(lambda b: b.description(request_locale()))
    name_nl = fields.String()
    name_en = fields.String()
    description_nl = fields.String()
    description_en = fields.String()
    emoji = fields.String()
    kind = fields.String(metadata={"description": "manual (awarded by a manager) or automatic (by a criterion)"})
    criterion = fields.String(allow_none=True)
    threshold = fields.Integer(allow_none=True)
    weeks = fields.Integer(allow_none=True)
    behaviour_id = fields.Integer(allow_none=True)
    criterion_text = fields.Function(_criterion_text, metadata={"description": "the criterion in words"})
    archived = fields.Function(lambda b: b.archived_at is not None)


class BadgeRef(Schema):
    id = fields.Integer()
    name = fields.Function(lambda b: b.name(request_locale()))
    description = fields.Function(lambda b: b.description(request_locale()))
    emoji = fields.String()
    kind = fields.String()


def award_reason(award) -> str:
    """A manager's reason as written; an automatic award says which criterion earned it."""
    if award.auto_key is None:
        return award.reason
    return _criterion_text(award.badge) or ""


class AwardArgs(Schema):
    badge_id = Id(required=True)
    user_id = Id(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=5, max=1000))
    checkin_id = Id(allow_none=True)
    win_id = Id(allow_none=True)

    @validates_schema
    def _reason_not_blank(self, data, **_kwargs):
        if len(data.get("reason", "").strip()) < 5:
            raise ValidationError("Name the behaviour you recognise.", "reason")


class Award(Schema):
    id = fields.Integer()
    badge = fields.Nested(BadgeRef)
    user = fields.Function(lambda a: _person(a.user))
    awarded_by = fields.Function(lambda a: _person(a.awarded_by), metadata={"description": "null when automatic"})
    automatic = fields.Function(lambda a: a.auto_key is not None)
    reason = fields.Function(award_reason)
    checkin_id = fields.Integer(allow_none=True)
    win_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    applause_count = fields.Function(lambda a: len(a.applause))
    applauded_by_me = fields.Function(lambda a: _applause_of(a)["applauded_by_me"])
    applauded_by = fields.Function(lambda a: _applause_of(a)["applauded_by"])


# --- nominations ----------------------------------------------------------------------------


class NominationArgs(Schema):
    badge_id = Id(required=True)
    user_id = Id(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=5, max=1000))


class NominationListArgs(Schema):
    status = fields.String(
        load_default=NominationStatus.PENDING.value,
        validate=validate.OneOf([s.value for s in NominationStatus] + ["all"]),
    )


class DecisionArgs(Schema):
    reason = fields.String(validate=validate.Length(max=1000))


class Nomination(Schema):
    id = fields.Integer()
    badge = fields.Nested(BadgeRef)
    nominee = fields.Function(lambda n: _person(n.nominee))
    nominated_by = fields.Function(lambda n: _person(n.nominated_by))
    reason = fields.String()
    status = fields.String()
    decided_by = fields.Function(lambda n: _person(n.decided_by))
    decided_at = fields.DateTime(allow_none=True)
    award_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    can_decide = fields.Function(lambda n: n.status == "pending" and service.can_decide(_viewer(), n))


# --- feed -----------------------------------------------------------------------------------


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


class FeedItem(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": "win | award | milestone | team_goal"})
    created_at = fields.DateTime()
    person = fields.Function(lambda e: _person(e.user))
    win = fields.Nested(Win, allow_none=True)
    award = fields.Nested(Award, allow_none=True)
    milestone = fields.Function(_milestone)
    team_goal = fields.Function(
        lambda e: (
            {"team": {"id": e.team.id, "name": e.team.name}, "title": e.title}
            if e.kind == "team_goal" and e.team
            else None
        )
    )


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
    actor = fields.Function(lambda n: _person(n.actor))
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
    badges = fields.List(fields.Nested(Award), attribute="awards")
    wins = fields.List(fields.Nested(Win))
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

"""Marshmallow schemas of badges: *Args for input, plain names for output.

Output that depends on who looks (applauded_by_me, can_decide) reads the signed-in person.
"""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.badges import nominations
from backend.badges.models import BadgeKind, Criterion, NominationStatus
from backend.fields import Id
from backend.i18n import request_locale, translate
from backend.wins.read import applause_of, person_ref

STRICT_BOOL = {"truthy": {True}, "falsy": {False}}


def _viewer():
    from backend.accounts.login import current_person

    return current_person()


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
    user = fields.Function(lambda a: person_ref(a.user))
    awarded_by = fields.Function(lambda a: person_ref(a.awarded_by), metadata={"description": "null when automatic"})
    automatic = fields.Function(lambda a: a.auto_key is not None)
    reason = fields.Function(award_reason)
    checkin_id = fields.Integer(allow_none=True)
    win_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    applause_count = fields.Function(lambda a: len(a.applause))
    applauded_by_me = fields.Function(lambda a: applause_of(a)["applauded_by_me"])
    applauded_by = fields.Function(lambda a: applause_of(a)["applauded_by"])


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
    nominee = fields.Function(lambda n: person_ref(n.nominee))
    nominated_by = fields.Function(lambda n: person_ref(n.nominated_by))
    reason = fields.String()
    status = fields.String()
    decided_by = fields.Function(lambda n: person_ref(n.decided_by))
    decided_at = fields.DateTime(allow_none=True)
    award_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    can_decide = fields.Function(lambda n: n.status == "pending" and nominations.can_decide(_viewer(), n))

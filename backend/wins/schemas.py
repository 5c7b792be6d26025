"""Marshmallow schemas of wins: *Args for input, plain names for output.

Output that depends on who looks (applauded_by_me, can_edit, can_confirm) reads the signed-in person.
`person_ref` and `applause_of` also shape badge awards and the feed (through read.py).
"""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from backend.fields import Id
from backend.timeutil import utcnow
from backend.wins import service
from backend.wins.models import ImpactArea

IMPACT_AREAS = [area.value for area in ImpactArea]


def viewer():
    from backend.accounts.login import current_person

    return current_person()


def person_ref(user):
    """A person as the API names them in recognition: id and name (None stays None)."""
    return {"id": user.id, "name": user.name} if user is not None else None


def applause_of(target) -> dict:
    """A win's or badge award's applause as the signed-in person sees it."""
    me = viewer()
    return {
        "applause_count": len(target.applause),
        "applauded_by_me": any(a.user_id == me.id for a in target.applause),
        "applauded_by": [person_ref(a.user) for a in target.applause],
    }


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
    author = fields.Function(lambda w: person_ref(w.author), metadata={"description": "who logged it"})
    credited = fields.Function(lambda w: [person_ref(u) for u in w.credited])
    created_at = fields.DateTime()
    updated_at = fields.DateTime(allow_none=True)
    editable_until = fields.Function(lambda w: service.editable_until(w).isoformat())
    can_edit = fields.Function(lambda w: w.author_id == viewer().id and utcnow() <= service.editable_until(w))
    can_hide = fields.Function(lambda w: service.can_moderate(viewer(), [w.author, *w.credited]))
    can_confirm = fields.Function(lambda w: w.confirmed_at is None and service.can_confirm(viewer(), w))
    hidden = fields.Boolean()
    hidden_at = fields.DateTime(allow_none=True)
    hidden_by = fields.Function(lambda w: person_ref(w.hidden_by))
    confirmed = fields.Function(lambda w: w.confirmed_at is not None)
    confirmed_at = fields.DateTime(allow_none=True)
    confirmed_by = fields.Function(lambda w: person_ref(w.confirmed_by), metadata={"description": "who confirmed"})
    applause_count = fields.Function(lambda w: len(w.applause))
    applauded_by_me = fields.Function(lambda w: applause_of(w)["applauded_by_me"])
    applauded_by = fields.Function(lambda w: applause_of(w)["applauded_by"])

"""Marshmallow fields shared by every domain's schemas, and the Schema they all derive from."""

from datetime import date, datetime

import marshmallow
from marshmallow import ValidationError, fields, validate

from backend.http import MAX_ID
from backend.i18n import translate

# Wide enough for any date of a working life, narrow enough that no time zone moves it out of datetime's range.
FIRST_YEAR, LAST_YEAR = 1900, 2999
INT32 = validate.Range(min=-(2**31), max=2**31 - 1)


class Id(fields.Integer):
    """A database id in a body: a whole number 1 … 2**31-1 (larger would overflow PostgreSQL's integer)."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class Rows(fields.List):
    """Output only: a list of rows documented by their nested schema but dumped as they are, for long lists
    of plain dicts already in that shape (a challenge standing's teams), where marshmallow's dump of every
    field of every row cost more than the rest of the request. The rows must hold exactly the schema's
    fields in JSON types (tests/challenges/test_standing_cost.py compares it with the full dump)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else list(value)


def _plausible_date(value: date | datetime) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(translate("field_year_out_of_range", first=FIRST_YEAR, last=LAST_YEAR))


class StrictBoolean(fields.Boolean):
    """true or false and nothing else: marshmallow's own takes 0, 1, "yes" and "on" (and 0 == False in a set)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        raise self.make_error("invalid", input=value)


def _harden(field: fields.Field) -> None:
    """What every field of every request obeys, whoever declared it."""
    if isinstance(field, fields.Boolean):
        # JSON has true and false; a query string's words true/false are read as those (backend.http).
        field.__class__ = StrictBoolean
    elif isinstance(field, fields.Date | fields.DateTime):  # DateTime covers AwareDateTime and NaiveDateTime
        field.validators.append(_plausible_date)
    elif isinstance(field, fields.Integer) and not any(isinstance(v, validate.Range) for v in field.validators):
        field.validators.append(INT32)  # every integer column is 32-bit
    elif isinstance(field, fields.List):
        _harden(field.inner)
    elif isinstance(field, fields.Tuple):
        for inner in field.tuple_fields:
            _harden(inner)
    elif isinstance(field, fields.Dict):
        for inner in (field.key_field, field.value_field):
            if inner is not None:
                _harden(inner)


class Schema(marshmallow.Schema):
    """The base of every schema: strict booleans, dates a database and a time zone can hold, 32-bit integers.

    Text that no database can store (NUL, lone surrogates) and numbers too long to read are refused
    before any schema sees them, where the JSON is read (backend.http.parse_json).
    """

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        _harden(field_obj)

"""Marshmallow fields shared by every domain's schemas."""

from marshmallow import fields, validate

from backend.http import MAX_ID


class Id(fields.Integer):
    """A database id in a body: a whole number 1 … 2**31-1 (larger would overflow PostgreSQL's integer)."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)

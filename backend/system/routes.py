"""Health for load balancers and benchmarks."""

import logging

from marshmallow import fields
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from backend.errors import error_response
from backend.extensions import db
from backend.fields import Schema
from backend.system import bp

log = logging.getLogger(__name__)


class Health(Schema):
    status = fields.String()


@bp.route("/health", methods=["GET"])
@bp.response(200, Health)
def health():
    """Answer ok once the database answers."""
    try:
        db.session.execute(text("SELECT 1"))
    except OperationalError:
        log.exception("Health check: the database does not answer")
        return error_response(503, "unavailable")
    return {"status": "ok"}

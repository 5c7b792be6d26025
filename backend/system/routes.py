"""Health for load balancers and benchmarks."""

from marshmallow import Schema, fields
from sqlalchemy import text

from backend.extensions import db
from backend.system import bp


class Health(Schema):
    status = fields.String()


@bp.route("/health", methods=["GET"])
@bp.response(200, Health)
def health():
    """Answer ok once the database answers."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}

"""Health for load balancers and benchmarks."""

import logging

from marshmallow import fields
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
    """Answer ok once the database answers.

    `SELECT 1` on a pooled connection's own cursor: the ORM session's machinery (begin, execute, result,
    close at teardown) was a third of this request's time (issue 20), and checks nothing more.
    """
    try:
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT 1")
            cursor.fetchall()
            cursor.close()
        finally:
            connection.close()  # back to the pool, rolled back
    except (OperationalError, db.engine.dialect.loaded_dbapi.Error):
        log.exception("Health check: the database does not answer")
        return error_response(503, "unavailable")
    return {"status": "ok"}

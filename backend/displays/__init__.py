from backend.http import Blueprint

bp = Blueprint(
    "displays",
    __name__,
    url_prefix="/api/v1",
    description="Office screens: pairing by code (RFC 8628), their configuration, and the read-only slide feed",
)

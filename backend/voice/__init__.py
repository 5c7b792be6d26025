from backend.http import Blueprint

bp = Blueprint(
    "voice",
    __name__,
    url_prefix="/api/v1",
    description="Customer voice: what customers said, shared by anyone, for every department; NPS import",
)

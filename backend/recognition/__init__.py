from backend.http import Blueprint

bp = Blueprint(
    "recognition",
    __name__,
    url_prefix="/api/v1",
    description="Customer wins, applause, badges, nominations, the celebration feed and recognition coverage",
)

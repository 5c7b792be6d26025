from backend.http import Blueprint

bp = Blueprint(
    "boards", __name__, url_prefix="/api/v1", description="Leaderboards, team goals, customer-facing share, rhythm grid"
)

from flask_smorest import Blueprint

bp = Blueprint(
    "leaderboards", __name__, url_prefix="/api/v1", description="Leaderboards of people and teams, the board opt-in"
)

from flask_smorest import Blueprint

bp = Blueprint(
    "feed",
    __name__,
    url_prefix="/api/v1",
    description="The celebration feed, notifications, colleagues, recognition profiles and coverage",
)

from flask_smorest import Blueprint

bp = Blueprint(
    "badges",
    __name__,
    url_prefix="/api/v1",
    description="Badges: the catalogue, manual awards with a reason, automatic badges, nominations",
)

from flask_smorest import Blueprint

bp = Blueprint(
    "wins",
    __name__,
    url_prefix="/api/v1",
    description="Customer wins: credits, the 24-hour edit, hiding, confirmation, and applause for wins and badges",
)

from flask_smorest import Blueprint

bp = Blueprint(
    "teamrhythm",
    __name__,
    url_prefix="/api/v1",
    description="The manager's rhythm grid and the team's customer-facing share",
)

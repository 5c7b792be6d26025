from backend.http import Blueprint

bp = Blueprint(
    "outcomes",
    __name__,
    url_prefix="/api/v1",
    description="Outcomes per team and week, and 'Wat werkt': a team's high- and low-rhythm weeks compared on them",
)

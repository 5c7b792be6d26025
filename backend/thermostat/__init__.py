from backend.http import Blueprint

bp = Blueprint(
    "thermostat",
    __name__,
    url_prefix="/api/v1",
    description="The team's thermostat: a round of questions, a standard drafted and recognised together",
)

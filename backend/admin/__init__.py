from backend.http import Blueprint

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/api/v1",
    description="First run, people and organisation administration, audit log, data export and deletion",
)

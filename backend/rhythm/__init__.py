from backend.http import Blueprint

bp = Blueprint("rhythm", __name__, url_prefix="/api/v1", description="Behaviours, check-ins, away days and streaks")

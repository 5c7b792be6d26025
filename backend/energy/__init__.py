from backend.http import Blueprint

bp = Blueprint(
    "energy",
    __name__,
    url_prefix="/api/v1",
    description="Energy, heard without watching: a private weekly answer, shown to others only as safe team aggregates",
)

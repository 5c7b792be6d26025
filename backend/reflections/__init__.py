from backend.http import Blueprint

bp = Blueprint(
    "reflections",
    __name__,
    url_prefix="/api/v1",
    description="The weekly reflection, seen only by the rep and their managers, with a coaching thread",
)

from backend.http import Blueprint

bp = Blueprint("system", __name__, url_prefix="/api/v1", description="Health of the service")

from backend.http import Blueprint

bp = Blueprint("challenges", __name__, url_prefix="/api/v1", description="Time-boxed challenges that reward rhythm")

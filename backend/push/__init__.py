from backend.http import Blueprint

bp = Blueprint("push", __name__, url_prefix="/api/v1/push", description="Web Push: devices, reminder settings, tests")

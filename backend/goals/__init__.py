from flask_smorest import Blueprint

bp = Blueprint("goals", __name__, url_prefix="/api/v1", description="Team goals and what Today shows of the boards")

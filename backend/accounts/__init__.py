from backend.http import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Sign-in, people, teams and invites")

from backend.http import Blueprint

bp = Blueprint(
    "identity",
    __name__,
    url_prefix="/api/v1",
    description="Sign-in with the organisation's OpenID Connect provider: connection, home-realm discovery, flow",
)

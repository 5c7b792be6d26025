from backend.http import Blueprint

bp = Blueprint(
    "integrations",
    __name__,
    url_prefix="/api/v1",
    description="Koppelingen: signed webhooks out (generic, Microsoft Teams, Slack) and CRM events in",
)

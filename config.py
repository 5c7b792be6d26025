"""Configuration classes, read from environment variables (see README, "Configuration")."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("RITME_INSTANCE_DIR", BASE_DIR / "instance"))


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated on first start and kept in instance/.

    Several gunicorn workers must share it, so it lives in a file rather than in memory.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        # O_EXCL: when two workers start together, one writes and the other reads its key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
        except FileExistsError:
            pass
    return key_file.read_text().strip()


class Config:
    RITME_ENV = os.environ.get("RITME_ENV", "development")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'ritme.sqlite3'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 1024 * 1024

    # Sessions: a daily one-tap app must not ask for a password every morning,
    # so a session lives for 30 days of use (refreshed on each request).
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    # Renewed at most hourly by accounts.service.load_session instead of re-signed on every request.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_COOKIE_NAME = "ritme_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION = timedelta(days=30)

    # CSRF tokens come from GET /api/v1/auth/csrf and go back in X-CSRFToken.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_SSL_STRICT = False

    # Werkzeug's scrypt (a memory-hard KDF); tests lower the cost to stay fast.
    PASSWORD_HASH_METHOD = "scrypt:32768:8:1"

    RITME_REDIS_URL = os.environ.get("RITME_REDIS_URL")
    # Without Redis the counters live in the application's database, shared by every worker (backend/ratelimit.py).
    RATELIMIT_STORAGE_URI = os.environ.get("RITME_REDIS_URL") or "ritme-database://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("RITME_LOGIN_LIMIT_PER_ACCOUNT", "10 per 15 minutes")
    LOGIN_LIMIT_PER_IP = os.environ.get("RITME_LOGIN_LIMIT_PER_IP", "50 per 15 minutes")

    # Office screens: wrong pairing codes entered (per address and per person), screens starting to pair
    # per address, and how long each worker keeps one display configuration's slides (backend/displays/).
    DISPLAY_CODE_LIMIT = os.environ.get("RITME_DISPLAY_CODE_LIMIT", "10 per 10 minutes")
    DISPLAY_PAIRING_LIMIT = os.environ.get("RITME_DISPLAY_PAIRING_LIMIT", "60 per hour")
    DISPLAY_CACHE_SECONDS = int(os.environ.get("RITME_DISPLAY_CACHE_SECONDS", "15"))

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _flag("MAIL_USE_TLS")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Ritme <noreply@ritme.local>")
    # Links in e-mails (invites, password reset) point here.
    RITME_BASE_URL = os.environ.get("RITME_BASE_URL", "http://127.0.0.1:5000")
    # Sign-in with an OpenID provider on http://127.0.0.1 (tests, local trials); otherwise its issuer must be https.
    IDENTITY_ALLOW_HTTP_LOOPBACK = os.environ.get("RITME_IDENTITY_ALLOW_HTTP_LOOPBACK", "0") in ("1", "true", "yes")

    # Outbound webhooks (integrations): `1` also accepts http://127.0.0.1 and localhost endpoints (tests, trials).
    RITME_HOOKS_ALLOW_HTTP_LOOPBACK = os.environ.get("RITME_HOOKS_ALLOW_HTTP_LOOPBACK", "0")

    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "ritme-demo")
    # First-run setup in the browser (only while no organisation exists); otherwise `flask create-org`.
    RITME_ALLOW_SIGNUP = _flag("RITME_ALLOW_SIGNUP")
    FRONTEND_DIST = Path(os.environ.get("RITME_FRONTEND_DIST", BASE_DIR / "frontend" / "dist"))

    API_TITLE = "Ritme API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    @staticmethod
    def secret_key() -> str:
        return _secret_key()


class DevelopmentConfig(Config):
    # `make run` serves plain http on the loopback address: Secure cookies would never be sent back.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class TestingConfig(DevelopmentConfig):
    TESTING = True
    SECRET_KEY = "testing-only-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    RATELIMIT_STORAGE_URI = "ritme-database://"
    MAIL_SERVER = None
    IDENTITY_ALLOW_HTTP_LOOPBACK = True


class ProductionConfig(Config):
    pass


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}

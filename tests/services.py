"""Outside services the tests use for real (Redis), and what to do when one is missing."""

from __future__ import annotations

import os

import pytest

REDIS_URL = os.environ.get("RITME_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def require_redis() -> str:
    """The Redis URL, or skip loudly; under CI (CI=true) a missing Redis fails the run."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not reachable at {REDIS_URL}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; under CI its absence is a failure.")
        pytest.skip(f"!!! {message}: the Redis tests are SKIPPED !!!")
    return REDIS_URL

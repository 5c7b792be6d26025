"""With RITME_REDIS_URL the sign-in limit lives in Redis, shared by every worker and machine."""

import uuid

import pytest
import redis

from tests.conftest import PASSWORD
from tests.services import require_redis

PREFIX = f"ritme-test-{uuid.uuid4().hex}"


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_STORAGE_URI": require_redis(), "RATELIMIT_KEY_PREFIX": PREFIX}


def test_sign_in_attempts_are_counted_in_redis(client, make_user):
    rep = make_user()
    for _ in range(10):
        client.post("/api/v1/auth/login", json={"email": rep.email, "password": "wrong password"})
    response = client.post("/api/v1/auth/login", json={"email": rep.email, "password": PASSWORD})
    assert response.status_code == 429
    store = redis.Redis.from_url(require_redis())
    keys = [key.decode() for key in store.scan_iter(f"*{PREFIX}*")]
    try:
        assert any(rep.email in key for key in keys), keys
        assert max(int(store.get(key)) for key in keys if rep.email in key) >= 10
    finally:
        if keys:
            store.delete(*keys)

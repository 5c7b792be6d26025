"""Without Redis the sign-in limit still holds across processes: its counters live in the database.

Two real gunicorn servers on the test's database stand for the workers of `make run` (each worker is
a process of its own, with its own memory): requests alternate between them, so a counter kept in
a process's memory would see only half the attempts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import PASSWORD, _free_port

ROOT = Path(__file__).resolve().parents[2]


def _start(database_url: str, log, started: list) -> str:
    env = {key: value for key, value in os.environ.items() if key != "RITME_REDIS_URL"}
    env.update(
        RITME_ENV="development",
        RITME_INSTANCE_DIR=str(Path(log.name).parent),
        DATABASE_URL=database_url,
        SECRET_KEY="two-servers-one-secret",
        RITME_LOGIN_LIMIT_PER_ACCOUNT="10 per 15 minutes",
        RITME_LOGIN_LIMIT_PER_IP="50 per 15 minutes",
    )
    port = _free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn, fixed arguments)
        [gunicorn, "--config", "backend/serving.py", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}", "backend:create_app()"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started.append(server)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, Path(log.name).read_text()
        try:
            if requests.get(f"{base_url}/api/v1/health", timeout=5).status_code == 200:
                return base_url
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up within 60 s")


@pytest.fixture(scope="module")
def two_servers(database_url, _schema, tmp_path_factory):
    instance = tmp_path_factory.mktemp("two-servers")
    started = []
    with open(instance / "servers.log", "w") as log:
        try:
            yield [_start(database_url, log, started) for _ in range(2)]
        finally:
            for server in started:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=20)


class Device:
    """One phone (one cookie jar) whose requests alternate between the two servers."""

    def __init__(self, servers: list[str]):
        self.servers = servers
        self.session = requests.Session()
        self.sent = 0
        token = self.session.get(f"{servers[0]}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
        self.session.headers["X-CSRFToken"] = token

    def sign_in(self, email: str, password: str) -> int:
        server = self.servers[self.sent % len(self.servers)]
        self.sent += 1
        body = {"email": email, "password": password}
        return self.session.post(f"{server}/api/v1/auth/login", json=body, timeout=30).status_code


def test_the_eleventh_wrong_password_is_refused_whichever_worker_answers(two_servers, make_user):
    rep = make_user()
    device = Device(two_servers)
    assert [device.sign_in(rep.email, "wrong password!") for _ in range(10)] == [401] * 10
    assert device.sign_in(rep.email, "wrong password!") == 429
    # The account is locked on both servers, for the right password as well, from any device.
    assert [Device(two_servers).sign_in(rep.email, PASSWORD) for _ in range(2)] == [429, 429]
    other = make_user()
    assert Device(two_servers).sign_in(other.email, PASSWORD) == 200


def test_thirty_correct_sign_ins_in_a_row_all_succeed(two_servers, make_user):
    rep = make_user()
    device = Device(two_servers)
    assert [device.sign_in(rep.email, PASSWORD) for _ in range(30)] == [200] * 30
    # A few mistakes among them do not lock anyone out either.
    assert [device.sign_in(rep.email, "typo typo typo") for _ in range(3)] == [401] * 3
    assert device.sign_in(rep.email, PASSWORD) == 200

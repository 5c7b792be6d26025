"""gunicorn as `make run` serves Ritme keeps answering while browsers hold connections open that they
send nothing on (Chromium's preconnect): with sync workers each such connection held a whole worker
for 30 s."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.conftest import _free_port

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 2  # as `make run`
# Well under gunicorn's 30 s worker timeout, after which a stuck sync worker is killed and replaced.
ANSWER_WITHIN = 15


def _serve(database_url: str, instance: Path, log) -> tuple[subprocess.Popen, str]:
    env = {key: value for key, value in os.environ.items() if key != "RITME_REDIS_URL"}
    env.update(RITME_ENV="development", RITME_INSTANCE_DIR=str(instance), DATABASE_URL=database_url)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn, fixed arguments)
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "backend/serving.py"]
        + ["--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "backend:create_app()"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a busy shared machine starts it slowly
    while time.monotonic() < deadline:
        assert server.poll() is None, Path(log.name).read_text()
        try:
            if requests.get(f"{base_url}/api/v1/health", timeout=5).status_code == 200:
                return server, base_url
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up within 120 s")


def test_connections_that_send_nothing_do_not_stop_the_server(database_url, _schema, tmp_path):
    with open(tmp_path / "server.log", "w") as log:
        server, base_url = _serve(database_url, tmp_path, log)
        port = int(base_url.rsplit(":", 1)[1])
        silent = []
        try:
            # More silent connections than there are workers: each worker has accepted one or more.
            for _ in range(WORKERS * 3):
                silent.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            time.sleep(0.5)  # let the workers accept them before the real requests queue up
            for _ in range(WORKERS * 3):
                started = time.monotonic()
                answer = requests.get(f"{base_url}/api/v1/health", timeout=ANSWER_WITHIN)
                assert answer.status_code == 200
                assert time.monotonic() - started < ANSWER_WITHIN
        finally:
            for connection in silent:
                connection.close()
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        assert "WORKER TIMEOUT" not in (tmp_path / "server.log").read_text()

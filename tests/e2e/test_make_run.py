"""`make run` as a newcomer starts it: on another port, with and without the demo."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

from tests.conftest import _free_port
from tests.e2e.conftest import ROOT, SLOW_MACHINE_MS


def _start(tmp_path, demo: str) -> tuple[subprocess.Popen, int]:
    """`make run` on a free port; another process may take the port first, so try a few."""
    env = {
        **os.environ,
        "RITME_INSTANCE_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "RITME_DEMO": demo,
    }
    env.pop("RITME_BASE_URL", None)
    for _attempt in range(3):
        port = _free_port()
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}", "WORKERS=1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + 3 * SLOW_MACHINE_MS / 1000
        while time.monotonic() < deadline and process.poll() is None:
            if _serves_ritme(port):
                return process, port
            time.sleep(0.5)
        _stop(process)
    raise AssertionError("make run did not serve on any of three free ports")


def _serves_ritme(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as response:  # noqa: S310
            return response.status == 200 and b"ok" in response.read()
    except Exception:  # noqa: BLE001 (not up yet, or another server on the port)
        return False


def _stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    return output


def _environment_of_server(port: int) -> dict[str, str]:
    """The environment of the process listening on `port` (gunicorn's master), read from /proc."""
    found = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout
    pid = found.split("pid=")[1].split(",")[0]
    from pathlib import Path

    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def test_make_run_on_another_port_links_to_that_port_and_keeps_the_demo_password_to_the_demo(tmp_path):
    process, port = _start(tmp_path, demo="0")
    try:
        base_url = _environment_of_server(port)["RITME_BASE_URL"]
    finally:
        output = _stop(process)
    assert base_url == f"http://127.0.0.1:{port}"  # invite and reset links point where the app serves
    assert f"open http://127.0.0.1:{port}/setup" in output
    assert "demo password" not in output

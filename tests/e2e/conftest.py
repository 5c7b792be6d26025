"""Browser tests: the built PWA served by gunicorn, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import _free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
CHROMIUM = os.environ.get("RITME_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
# Generous bounds for anything asynchronous (service worker, queue replay, the fold): a shared, busy
# machine may be many times slower than a quiet one. Waits end as soon as their condition holds.
SLOW_MACHINE_MS = 60_000
expect.set_options(timeout=SLOW_MACHINE_MS)


def wait_until(condition, timeout: float = SLOW_MACHINE_MS / 1000, what: str = "the condition", page=None) -> None:
    """Poll `condition()` until it is true, for at most `timeout` seconds (then fail, naming `what`).

    Pass the `page` when the condition waits on Playwright itself (a route handler, an event): its
    callbacks only run while Playwright has the thread, so the poll then waits with the page.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout:.0f} s")
        if page is not None:
            page.wait_for_timeout(100)
        else:
            time.sleep(0.1)


def wait_for_js(page, expression: str, timeout: float = SLOW_MACHINE_MS / 1000) -> None:
    """Wait until a JavaScript expression holds in the page. Not page.wait_for_function: when its first
    check fails it polls with eval(), which the app's Content-Security-Policy forbids."""
    wait_until(lambda: page.evaluate(expression), timeout=timeout, what=expression, page=page)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test shows the end of the server's log: the cause is often there."""
    outcome = yield
    report = outcome.get_result()
    log = getattr(item.config, "_ritme_server_log", None)
    if report.failed and log is not None and log.exists():
        report.sections.append(("server log (last 80 lines)", "\n".join(log.read_text().splitlines()[-80:])))


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_database(tmp_path_factory) -> Path:
    """The SQLite file behind live_server, for tests that check what the server stored."""
    return tmp_path_factory.mktemp("instance") / "e2e.sqlite3"


@pytest.fixture(scope="session")
def live_server(live_database, request):
    """`make run` in miniature: migrate, seed the demo, serve with gunicorn on a free port."""
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        pytest.fail("The frontend is not built: run `npm run build` (make test does this).")
    instance = live_database.parent
    env = {
        **os.environ,
        "RITME_ENV": "development",
        "RITME_INSTANCE_DIR": str(instance),
        "DATABASE_URL": f"sqlite:///{live_database}",
        "RITME_LOGIN_LIMIT_PER_IP": "1000 per minute",
        "RITME_LOGIN_LIMIT_PER_ACCOUNT": "1000 per minute",
        # The push browser test subscribes to a push service of its own on 127.0.0.1.
        "RITME_PUSH_ALLOW_HTTP_LOOPBACK": "1",
        # The integrations browser test connects a webhook receiver of its own on 127.0.0.1.
        "RITME_HOOKS_ALLOW_HTTP_LOOPBACK": "1",
        # The sign-in browser test connects an OpenID provider of its own on 127.0.0.1 (plain http).
        "RITME_IDENTITY_ALLOW_HTTP_LOOPBACK": "1",
    }
    bin_dir = Path(sys.executable).parent
    flask = [str(bin_dir / "flask"), "--app", "backend"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*flask, "seed-demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    port = _free_port()
    log = open(instance / "server.log", "w")  # noqa: SIM115 (closed below)
    request.config._ritme_server_log = instance / "server.log"
    server = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "--config", "backend/serving.py", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "backend:create_app()"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, server)
        yield base_url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        log.close()


def _wait_until_up(base_url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SLOW_MACHINE_MS / 1000
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited while starting; see server.log")
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not come up within {SLOW_MACHINE_MS // 1000} s")


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the whole run: it refuses a second one while the first is open."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install -y chromium` (make test does this).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone-sized browser context (its own cookies, storage and service worker)."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server
    )
    context.set_default_timeout(SLOW_MACHINE_MS)
    yield context
    context.close()


@pytest.fixture
def installable_phone(playwright, live_server, tmp_path):
    """A phone with a real profile on disk: Chromium never offers to install from an incognito context."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_FLAGS,
        headless=True,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server,
    )
    context.set_default_timeout(SLOW_MACHINE_MS)
    yield context
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, email: str, password: str = "ritme-demo") -> None:
    """Sign in with a password: the e-mail first (its domain has no identity provider), then the password."""
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("form button[type=submit]").click()
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))

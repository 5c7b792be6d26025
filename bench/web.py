"""The PWA on a phone on a bad connection, measured in Chromium through the DevTools protocol (issue 20).

One command: `make bench-web` (it builds the frontend first). It migrates a throwaway SQLite database,
seeds the demo (`flask seed-demo`, as `make run`) plus one extra rep with 30 behaviours, starts
gunicorn with the `make run` settings, and drives Debian's Chromium with Playwright at 390×844,
throttled as Lighthouse's mobile profile: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up
(Network.emulateNetworkConditions) and the CPU slowed 4× (Emulation.setCPUThrottlingRate).

Each run, in a fresh browser context signed in as the demo rep (the session cookie kept, no HTTP
cache, no service worker):
- cold open: navigate to / and time until Today's check-ins are on screen (the first check-in card's
  name painted: its Element Timing entry, the attribute set as the card enters the DOM; until
  2026-12-03 the figure was the task run after the next frame, still printed beside it, which also
  counted whatever tasks ran first, such as the effects Preact runs after the paint), first
  contentful paint and largest contentful paint (a PerformanceObserver, buffered), and the JavaScript
  and CSS of that load (bytes on the wire, and gzip -6 of each body: what a compressing server or
  proxy sends);
- warm open: once the service worker controls the page, a new tab on / in the same context, timed
  the same way, and the page's cumulative layout shift in its first 3 s (side cards coming in);
- tap: a finger's tap on a check-in (touchstart, 80 ms on the glass, touchend through the DevTools
  protocol) until the pressed state is painted: pointerup's timestamp → the aria-pressed change → the
  frame presented after the event that made it (its Event Timing entry; a task posted after the next
  frame only where there is no entry, which is under 16 ms), on the rep's Today and on a Today with 30
  behaviours. Until 2026-12-03 the end was that posted task, which Chromium runs after any input and
  rendering tasks already waiting (the click that follows a tap, the next frame): it counted those too.

It prints the median and range of the runs beside each target. Not a timed test: a benchmark; the
exit status is 1 only when something could not be measured at all.

Limits: the throttling is set on the page's target; requests the service worker itself sends to the
network (a NetworkFirst refresh of the API) are not throttled by Chromium's page emulation.
"""

from __future__ import annotations

import argparse
import gzip
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_trace  # noqa: E402  (bench/web_trace.py, beside this file)

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
CHROMIUM = os.environ.get("RITME_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "ritme-demo"  # noqa: S105  (the demo seed's, on a throwaway database)
REP = "rep@demo.test"
MANY = "dertig@demo.test"  # the extra rep with 30 behaviours
MANY_BEHAVIOURS = 30

# Lighthouse's mobile profile ("Slow 4G"), as its DevTools throttling sets it.
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
CPU_SLOWDOWN = 4

# (key, label, unit, target, better): the figures and their targets from issue 20.
FIGURES = [
    ("cold_today", "cold open → Today's check-ins on screen", "ms", 2200, "≤"),
    ("cold_fcp", "cold open → first contentful paint", "ms", None, ""),
    ("cold_lcp", "cold open → largest contentful paint", "ms", 1800, "≤"),
    ("warm_today", "warm open (service worker) → check-ins", "ms", 600, "≤"),
    ("warm_shift", "warm open → layout shift in its first 3 s", "", None, ""),
    ("cold_today_task", "cold open → check-ins, task after frame", "ms", None, ""),
    ("warm_today_task", "warm open → check-ins, task after frame", "ms", None, ""),
    ("tap", "tap → pressed state painted (rep)", "ms", 50, "≤"),
    ("tap_many", f"tap → pressed state painted ({MANY_BEHAVIOURS} behaviours)", "ms", 50, "≤"),
    ("js_gzip", "first load JavaScript, gzip", "KB", 60, "≤"),
    ("css_gzip", "first load CSS, gzip", "KB", None, ""),
    ("js_wire", "first load JavaScript, on the wire", "KB", None, ""),
    ("requests", "first load requests (all)", "", None, ""),
]

# Runs in every page before its own scripts: when the first check-in card appears (and the frame
# after it), and the time from a tap's pointerup (the finger lifting, which makes the click) to the
# frame after its aria-pressed change.
PROBE = """
(() => {
  const probe = (window.__bench = { today: null, todayTask: null, taps: [], lcp: 0, shift: 0 });
  // How far the page moved under the reader without being asked (cumulative layout shift).
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) probe.shift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const afterFrame = (done) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(performance.now());
    channel.port2.postMessage(0);
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  // Today's check-ins are on screen when the frame that paints the first one's name is presented:
  // its Element Timing entry (the attribute is set as the card enters the DOM, before any paint).
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.identifier === 'bench-today' && probe.today === null) probe.today = entry.renderTime || entry.loadTime;
  }).observe({ type: 'element', buffered: true });
  const seen = () => document.querySelector('ul.checkins li.checkin, ul.checkins--quiet li.checkin');
  const watch = new MutationObserver(() => {
    const card = probe.todayTask === null && seen();
    if (card) {
      probe.todayTask = -1;
      watch.disconnect();
      (card.querySelector('.checkin__name') || card).setAttribute('elementtiming', 'bench-today');
      // Until 2026-12-03 the figure: the task after the next frame, which runs only after whatever
      // tasks wait before it (the screen's effects, run after its paint), so it counted those too.
      afterFrame((t) => (probe.todayTask = t));
    }
  });
  const start = () => watch.observe(document, { childList: true, subtree: true });
  start();
  const events = [];
  new PerformanceObserver((list) => events.push(...list.getEntries()))
    .observe({ type: 'event', durationThreshold: 16, buffered: true });
  let pressedAt = null;
  let clickAt = null;
  addEventListener('click', (event) => { clickAt = event.timeStamp; }, { capture: true });
  addEventListener('pointerup', (event) => {
    const button = event.target.closest && event.target.closest('.checkin__tap');
    if (!button) return;
    pressedAt = event.timeStamp;
    const before = button.getAttribute('aria-pressed');
    const changed = new MutationObserver(() => {
      const id = button.closest('li').dataset.behaviourId;
      const now = document.querySelector(`li[data-behaviour-id="${id}"] .checkin__tap`);
      if (now && now.getAttribute('aria-pressed') !== before) {
        changed.disconnect();
        const from = pressedAt;
        const at = performance.now();
        const dom = at - from;
        const click = clickAt === null ? null : clickAt - from;
        afterFrame((t) => setTimeout(() => {
          // The frame that showed the change: the Event Timing entry of the event whose handling made it
          // (its start is the event's timestamp, its end the next frame presented after the handling).
          // The task after the next frame (`message`) comes later whenever input or rendering tasks
          // queue before it (Chromium runs those first), so it is kept only as a fallback and a check.
          const entry = events.find((e) => e.processingStart <= at + 1 && e.processingEnd >= at - 1);
          const paint = entry ? entry.startTime + entry.duration - from : t - from;
          const part = { click, dom, event: entry ? entry.name : null, paint, message: t - from };
          (probe.parts = probe.parts || []).push(part);
          probe.taps.push(paint);
        }, 300));
      }
    });
    const watched = { attributes: true, subtree: true, childList: true, attributeFilter: ['aria-pressed'] };
    changed.observe(document.body, watched);
  }, { capture: true });
})();
"""


def say(message: str) -> None:
    print(message, flush=True)


# --- the server ----------------------------------------------------------------------------------


def environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RITME_ENV": "development",
            "RITME_INSTANCE_DIR": str(workdir / "instance"),
            "DATABASE_URL": f"sqlite:///{workdir / 'web.sqlite3'}",
            "SECRET_KEY": secrets.token_urlsafe(32),
            "RITME_LOGIN_LIMIT_PER_ACCOUNT": "1000 per minute",
            "RITME_LOGIN_LIMIT_PER_IP": "1000 per minute",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("RITME_REDIS_URL", None)
    env.pop("RITME_PROXY_COUNT", None)
    return env


def prepare_database(env: dict[str, str]) -> None:
    flask = [str(VENV_BIN / "flask"), "--app", "backend"]
    say("· migrating a fresh SQLite database and seeding the demo (as `make run`)")
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    subprocess.run([*flask, "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    say(f"· adding {MANY} with {MANY_BEHAVIOURS} behaviours in a team of their own")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from backend import create_app
    from backend.accounts.models import Membership, Organisation, Team, User
    from backend.accounts.service import hash_password
    from backend.extensions import db
    from backend.rhythm.models import Behaviour, BehaviourTeam

    app = create_app()
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).limit(1))
        long_ago = datetime.now(UTC) - timedelta(days=60)
        team = Team(organisation_id=organisation.id, name="Dertig")
        db.session.add(team)
        db.session.flush()
        user = User(
            organisation_id=organisation.id,
            email=MANY,
            name="Dertig Gedragingen",
            password_hash=hash_password(DEMO_PASSWORD),
            role="rep",
            time_zone=organisation.time_zone,
            created_at=long_ago,
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(team_id=team.id, user_id=user.id))
        for n in range(1, MANY_BEHAVIOURS + 1):
            behaviour = Behaviour(
                organisation_id=organisation.id,
                name_nl=f"Gewoonte {n}",
                name_en=f"Habit {n}",
                cadence="daily",
                starts_on=(long_ago - timedelta(days=1)).date(),
                created_at=long_ago,
            )
            db.session.add(behaviour)
            db.session.flush()
            db.session.add(BehaviourTeam(behaviour_id=behaviour.id, team_id=team.id))
        db.session.commit()
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    say(f"· starting gunicorn (2 threaded workers, as `make run`) on {HOST}:{port}")
    log = open(log_path, "wb")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603  (our own venv's gunicorn, fixed arguments)
        [
            str(VENV_BIN / "gunicorn"),
            "--config",
            "backend/serving.py",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{port}",
            "backend:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/v1/health", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass


# --- the browser ---------------------------------------------------------------------------------


def signed_in_context(browser, base_url: str, email: str):
    """A fresh phone: its own cookies, no HTTP cache, no service worker; signed in through the API."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=base_url,
        locale="nl-NL",  # a Dutch phone, as the demo rep's
        timezone_id="Europe/Amsterdam",
    )
    context.set_default_timeout(120_000)
    context.add_init_script(PROBE)
    token = context.request.get("/api/v1/auth/csrf").json()["csrf_token"]
    answer = context.request.post(
        "/api/v1/auth/login", data={"email": email, "password": DEMO_PASSWORD}, headers={"X-CSRFToken": token}
    )
    if not answer.ok:
        raise RuntimeError(f"sign-in as {email} answered {answer.status}: {answer.text()[:200]}")
    return context


def throttled_page(context):
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return page, cdp


def wait_js(page, expression: str, timeout: float = 120) -> None:
    """Poll an expression from here (the app's CSP forbids the eval that page.wait_for_function uses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            page.screenshot(path=str(Path(tempfile.gettempdir()) / "bench-web-stuck.png"))
            state = page.evaluate("JSON.stringify({url: location.href, bench: window.__bench})")
            raise RuntimeError(f"{expression} did not hold within {timeout:.0f} s: {state}")
        page.wait_for_timeout(50)


def wait_for_today(page) -> tuple[float, float]:
    """When Today's check-ins were painted (Element Timing), and the task after that frame (as before)."""
    wait_js(page, "window.__bench && window.__bench.todayTask > 0 && window.__bench.today > 0", 40)
    return page.evaluate("window.__bench.today"), page.evaluate("window.__bench.todayTask")


def open_cold(context, base_url: str) -> dict:
    page, cdp = throttled_page(context)
    sizes: dict[str, dict] = {}

    def on_response(response):
        kind = response.request.resource_type
        if response.url.startswith(base_url):
            sizes[response.url] = {"kind": kind, "response": response}

    wire: dict[str, int] = {}
    ids: dict[str, str] = {}
    cdp.on("Network.responseReceived", lambda e: ids.__setitem__(e["requestId"], e["response"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: wire.__setitem__(ids.get(e["requestId"], ""), e["encodedDataLength"]))
    page.on("response", on_response)
    page.goto("/", wait_until="commit")
    today, today_task = wait_for_today(page)
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)  # late paints still count for LCP
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0")
    lcp = page.evaluate("window.__bench.lcp")
    figures = {"cold_today": today, "cold_today_task": today_task, "cold_fcp": fcp, "cold_lcp": lcp}
    figures |= {"js_gzip": 0, "css_gzip": 0, "js_wire": 0}
    for url, seen in sizes.items():
        if seen["kind"] not in ("script", "stylesheet"):
            continue
        try:
            body = seen["response"].body()
        except Exception:  # noqa: BLE001, S112  (a body the browser no longer holds)
            continue
        key = "js" if seen["kind"] == "script" else "css"
        figures[f"{key}_gzip"] += len(gzip.compress(body, 6)) / 1024
        if key == "js":
            figures["js_wire"] += wire.get(url, len(body)) / 1024
    figures["requests"] = len(sizes)
    assets = ("script", "stylesheet")
    figures["files"] = sorted(url.rsplit("/", 1)[-1] for url, s in sizes.items() if s["kind"] in assets)
    # The worker takes charge of this page on the first install (sw.ts): wait for it and its precache.
    wait_js(page, "navigator.serviceWorker.controller !== null")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return {"page": page, "figures": figures}


def open_warm(context, trace: Path | None = None) -> tuple[object, object, tuple[float, float]]:
    page, cdp = throttled_page(context)
    if trace is not None:
        context.browser.start_tracing(page=page, path=str(trace), categories=web_trace.CATEGORIES)
    page.goto("/", wait_until="commit")
    today = wait_for_today(page)
    if trace is not None:
        page.wait_for_timeout(300)
        context.browser.stop_tracing()
    if os.environ.get("BENCH_WEB_DEBUG"):
        say(
            "    "
            + page.evaluate("""JSON.stringify({
          nav: performance.getEntriesByType('navigation').map(e => [e.workerStart, e.responseEnd, e.domInteractive]),
          res: performance.getEntriesByType('resource')
            .map(e => [e.name.split('/').pop(), Math.round(e.startTime), Math.round(e.responseEnd)]),
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
          marks: performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]),
          today: window.__bench.today, task: window.__bench.todayTask})""")
        )
    return page, cdp, today


# How long a finger rests on the glass in a quick tap (touchstart → touchend).
TAP_HOLD_MS = 80


def finger_tap(page, cdp, button) -> None:
    """A finger's tap through the DevTools protocol: down, held as a quick tap is, lifted.

    Playwright's `tap()` sends touchstart and touchend at the same instant, after adding its own
    hit-target listeners for pointerdown, pointerup and click to the page; timed from pointerup, such a
    tap also counts the page's pointerdown work (and Playwright's listeners), which on a phone happens
    while the finger still rests on the glass. `--playwright-tap` measures the old way."""
    # In the middle of the screen, clear of the bottom bar (Playwright's tap() checks what it hits; a finger does not).
    button.evaluate("b => b.scrollIntoView({ block: 'center' })")
    page.wait_for_timeout(100)
    box = button.bounding_box()
    point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    page.wait_for_timeout(TAP_HOLD_MS)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def tap_times(page, cdp, taps: int, trace: Path | None = None, playwright_tap: bool = False) -> list[float]:
    """Tap check-ins that are not done yet, one after the other, each once the last has settled."""
    results = []
    for n in range(taps):
        button = page.locator(".checkin__tap[aria-pressed=false]").first
        if button.count() == 0:
            break
        before = page.evaluate("window.__bench.taps.length")
        traced = trace is not None and n == 0
        if traced:
            page.context.browser.start_tracing(page=page, path=str(trace), categories=web_trace.CATEGORIES)
            page.wait_for_timeout(300)
        if playwright_tap:
            button.tap()
        else:
            finger_tap(page, cdp, button)
        wait_js(page, f"window.__bench.taps.length > {before}", 60)
        if traced:
            page.wait_for_timeout(300)
            page.context.browser.stop_tracing()
        results.append(page.evaluate("window.__bench.taps.at(-1)"))
        if os.environ.get("BENCH_WEB_DEBUG"):
            say(f"    {page.evaluate('JSON.stringify(window.__bench.parts.at(-1))')}")
        page.wait_for_timeout(800)
    return results


# --- main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs (default 3)")
    parser.add_argument("--taps", type=int, default=3, help="taps per run on each Today (default 3)")
    parser.add_argument(
        "--playwright-tap",
        action="store_true",
        help="tap with Playwright's tap() (touchstart and touchend at once, with its hit-target listeners), "
        "as before 2026-12-03, instead of a finger held for 80 ms",
    )
    parser.add_argument(
        "--trace",
        type=Path,
        help="write Chromium traces of run 1's warm open and first taps into this folder, and summarise them "
        "(bench/web_trace.py); traced runs are slower, so their figures are not comparable",
    )
    parser.add_argument("--url", help="measure a server that is already running (its demo seeded) instead")
    args = parser.parse_args()

    dist = ROOT / "frontend" / "dist" / "index.html"
    if not dist.exists():
        say("· building the frontend (npm run build)")
        subprocess.run(["npm", "run", "--silent", "build"], cwd=ROOT, check=True)  # noqa: S607

    from playwright.sync_api import sync_playwright

    runs: list[dict] = []
    server = None
    with tempfile.TemporaryDirectory(prefix="ritme-bench-web-") as tmp:
        workdir = Path(tmp)
        try:
            if args.url:
                base_url = args.url.rstrip("/")
            else:
                env = environment(workdir)
                prepare_database(env)
                port = free_port()
                server = start_server(env, port, workdir / "gunicorn.log")
                base_url = f"http://{HOST}:{port}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=[
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                    ],
                )
                # One unmeasured open first: gunicorn's workers and the database warm up.
                context = signed_in_context(browser, base_url, REP)
                open_cold(context, base_url)["page"].close()
                context.close()
                for run in range(1, args.runs + 1):
                    say(f"· run {run}/{args.runs}: cold open as {REP} (fresh context, session kept)")
                    context = signed_in_context(browser, base_url, REP)
                    cold = open_cold(context, base_url)
                    figures = cold["figures"]
                    cold["page"].close()
                    say(
                        f"  cold: check-ins {figures['cold_today']:.0f} ms, FCP {figures['cold_fcp']:.0f} ms, "
                        f"LCP {figures['cold_lcp']:.0f} ms, JS {figures['js_gzip']:.1f} KB gzip "
                        f"({', '.join(figures.pop('files'))})"
                    )
                    say(f"· run {run}/{args.runs}: warm open (service worker in control), then taps")
                    traces = args.trace if args.trace is not None and run == 1 else None
                    if traces is not None:
                        traces.mkdir(parents=True, exist_ok=True)
                    page, cdp, (figures["warm_today"], figures["warm_today_task"]) = open_warm(
                        context, traces and traces / "warm.json"
                    )
                    page.wait_for_timeout(3000)  # the side cards come in; then the page's layout shift
                    figures["warm_shift"] = page.evaluate("window.__bench.shift")
                    traced = traces and traces / "tap.json"
                    figures["tap"] = tap_times(page, cdp, args.taps, traced, args.playwright_tap)
                    say(f"  warm: check-ins {figures['warm_today']:.0f} ms; taps {_ms(figures['tap'])}")
                    context.close()
                    say(f"· run {run}/{args.runs}: taps on a Today with {MANY_BEHAVIOURS} behaviours")
                    context = signed_in_context(browser, base_url, MANY)
                    page, cdp = throttled_page(context)
                    page.goto("/", wait_until="commit")
                    wait_for_today(page)
                    page.wait_for_timeout(1500)
                    figures["tap_many"] = tap_times(
                        page, cdp, args.taps, traces and traces / "tap-many.json", args.playwright_tap
                    )
                    say(f"  taps {_ms(figures['tap_many'])}")
                    context.close()
                    runs.append(figures)
                browser.close()
        except KeyboardInterrupt:
            say("interrupted")
            return 130
        finally:
            if server is not None:
                stop_server(server)
    report(runs)
    if args.trace is not None:
        for name in ("warm.json", "tap.json", "tap-many.json"):
            if (args.trace / name).exists():
                say("")
                web_trace.summarise(args.trace / name)
    return 0 if runs else 1


def _ms(values: list[float]) -> str:
    return ", ".join(f"{v:.0f} ms" for v in values) or "none (nothing left to tap)"


def report(runs: list[dict]) -> None:
    say("")
    say(
        f"Ritme web benchmark — Chromium {PHONE['width']}×{PHONE['height']}, {NETWORK['latency']} ms RTT, "
        f"1.6 Mbit/s down, 750 kbit/s up, CPU {CPU_SLOWDOWN}× slower; {len(runs)} runs; {os.cpu_count()} CPUs; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    header = f"{'figure':<50}{'median':>9}{'range':>18}  {'target':<10}result"
    say(header)
    say("-" * len(header))
    for key, label, unit, target, better in FIGURES:
        values = []
        for run in runs:
            value = run.get(key)
            values.extend(value if isinstance(value, list) else [value] if value is not None else [])
        if not values:
            say(f"{label:<50}{'—':>9}")
            continue
        mid = median(values)
        digits = 2 if key == "warm_shift" else 0  # a layout shift is a score below 1
        span = f"{min(values):.{digits}f}–{max(values):.{digits}f} {unit}".rstrip()
        text = f"{label:<50}{mid:>6.{digits}f} {unit:<2}{span:>18}  "
        if target is not None:
            text += f"{better} {target} {unit:<4}{'PASS' if mid <= target else 'FAIL'}"
        say(text)
    say("-" * len(header))
    say("taps: every tap of every run; the other figures: one per run. KB = 1024 bytes.")


if __name__ == "__main__":
    sys.exit(main())

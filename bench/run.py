"""Today, check-in and office-screen throughput as a ratio to a trivial JSON endpoint, under gunicorn (issue 3).

One command: `make bench`. It builds a throwaway SQLite database in a temporary directory, seeds a
veteran rep with three years of daily history over ten behaviours and a few hundred other reps,
starts gunicorn with the `make run` settings and the scheduler beside it (which folds the check-ins
into the boards, see backend/rhythm/fold.py), and drives it from a few client processes over the
loopback address only. It prints requests per second and latency per endpoint, each as a ratio to
GET /api/v1/health (tiny JSON and SELECT 1: the trivial endpoint) measured in the same run, just
before and just after. The target is a ratio of at least 0.50 for both.

Exit status: 0 when every request was answered as expected (a ratio under target is a result,
not an error), 1 when any request failed or answered with an unexpected status.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import random
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from http.cookies import SimpleCookie
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # the load only ever goes here
WORKERS = 2  # as `make run`
TIME_ZONE = "Europe/Amsterdam"
PASSWORD = "bench-password-1"  # noqa: S105  (a throwaway database)
HISTORY_DAYS = 3 * 365
REP_HISTORY_DAYS = 28
TARGET = 0.50
STACK_TARGET = 0.60  # Ritme's /health as a share of a bare Flask app's /hello (issue 20)

# Ten behaviours in the cadences people use: (name, cadence, times_per_week, days_of_week)
BEHAVIOURS = [
    ("Klant gebeld", "daily", None, []),
    ("Offerte opgevolgd", "daily", None, []),
    ("CRM bijgewerkt", "daily", None, []),
    ("Pipeline gecheckt", "daily", None, []),
    ("Nieuwe lead benaderd", "weekdays", None, []),
    ("Demo gegeven", "weekdays", None, []),
    ("Collega geholpen", "weekdays", None, []),
    ("Klantbezoek", "times_per_week", 3, []),
    ("LinkedIn-post", "times_per_week", 2, []),
    ("Weekplanning", "days_of_week", None, [1, 3, 5]),
]


def say(message: str) -> None:
    print(message, flush=True)


# --- setup: database -----------------------------------------------------------------------------


def bench_environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RITME_ENV": "development",
            "RITME_INSTANCE_DIR": str(workdir / "instance"),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SECRET_KEY": secrets.token_urlsafe(32),
            # Only this server's sign-in limits: the setup signs in a few hundred reps from one address.
            "RITME_LOGIN_LIMIT_PER_ACCOUNT": "1000 per minute",
            "RITME_LOGIN_LIMIT_PER_IP": "100000 per minute",
            "PYTHONUNBUFFERED": "1",
        }
    )
    # In-memory rate-limit storage, as without Redis; behind no proxy.
    env.pop("RITME_REDIS_URL", None)
    env.pop("RITME_PROXY_COUNT", None)
    return env


def migrate(env: dict[str, str]) -> None:
    say("· migrating a fresh SQLite database")
    subprocess.run(  # noqa: S603  (our own venv's flask, fixed arguments)
        [str(VENV_BIN / "flask"), "--app", "backend", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def seed(env: dict[str, str], reps: int) -> dict:
    """Bulk-insert the organisation, behaviours, the veteran and the other reps; returns who is who."""
    os.environ.update(env)  # config.py reads the environment when first imported
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert, select

    from backend import create_app
    from backend.accounts.models import Membership, Organisation, Team, User
    from backend.accounts.service import hash_password
    from backend.extensions import db
    from backend.rhythm.models import Behaviour, BehaviourTeam, CheckIn
    from backend.timeutil import local_today

    app = create_app()
    rng = random.Random(3)
    with app.app_context():
        today = local_today(TIME_ZONE)
        zone = ZoneInfo(TIME_ZONE)
        started = today - timedelta(days=HISTORY_DAYS)
        long_ago = datetime.combine(started - timedelta(days=1), clock(9), zone).astimezone(UTC)

        say("· seeding the organisation, a sales team and 10 behaviours")
        organisation_id = db.session.execute(
            insert(Organisation).returning(Organisation.id), {"name": "Bench BV", "time_zone": TIME_ZONE}
        ).scalar_one()
        team_id = db.session.execute(
            insert(Team).returning(Team.id), {"organisation_id": organisation_id, "name": "Sales Bench"}
        ).scalar_one()
        for name, cadence, times, days in BEHAVIOURS:
            db.session.execute(
                insert(Behaviour),
                {
                    "organisation_id": organisation_id,
                    "name_nl": name,
                    "name_en": name,
                    "cadence": cadence,
                    "times_per_week": times,
                    "days_of_week": days,
                    "starts_on": started,
                    "created_at": long_ago,
                },
            )
        behaviours = list(db.session.scalars(select(Behaviour.id).order_by(Behaviour.id)))
        db.session.execute(insert(BehaviourTeam), [{"behaviour_id": b, "team_id": team_id} for b in behaviours])

        say(f"· seeding the veteran and {reps} other reps (one password hash, shared)")
        password_hash = hash_password(PASSWORD)
        people = [("veteran@bench.test", "Vera Veteraan")] + [
            (f"rep{n:04d}@bench.test", f"Rep {n}") for n in range(1, reps + 1)
        ]
        db.session.execute(
            insert(User),
            [
                {
                    "organisation_id": organisation_id,
                    "email": email,
                    "name": name,
                    "password_hash": password_hash,
                    "role": "rep",
                    "time_zone": TIME_ZONE,
                    "created_at": long_ago,
                }
                for email, name in people
            ],
        )
        user_ids = dict(db.session.execute(select(User.email, User.id)).all())
        db.session.execute(
            insert(Membership), [{"team_id": team_id, "user_id": user_ids[email]} for email, _ in people]
        )

        def checkins(user_id: int, first: date, last: date, keep: float):
            day = first
            while day <= last:
                received = datetime.combine(day, clock(9), zone).astimezone(UTC)
                for behaviour_id in behaviours:
                    if keep >= 1 or rng.random() < keep:
                        yield {
                            "organisation_id": organisation_id,
                            "user_id": user_id,
                            "behaviour_id": behaviour_id,
                            "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                            "occurred_on": day,
                            "time_zone": TIME_ZONE,
                            "received_at": received,
                            "late": False,
                            "source": "app",
                            "points": 10.0,
                        }
                day += timedelta(days=1)

        yesterday = today - timedelta(days=1)
        veteran_rows = list(checkins(user_ids["veteran@bench.test"], started, yesterday, 1.0))
        for n in range(0, len(veteran_rows), 2000):
            db.session.execute(insert(CheckIn), veteran_rows[n : n + 2000])
            say(f"  veteran history: {min(n + 2000, len(veteran_rows)):,}/{len(veteran_rows):,} check-ins")

        # The other reps: four recent weeks with gaps, nothing today, so every (rep, behaviour) can check in once.
        recent = today - timedelta(days=REP_HISTORY_DAYS)
        done = 0
        for n, (email, _) in enumerate(people[1:], start=1):
            rows = list(checkins(user_ids[email], recent, yesterday, 0.8))
            db.session.execute(insert(CheckIn), rows)
            done += len(rows)
            if n % 50 == 0 or n == reps:
                say(f"  other reps: {n}/{reps} ({done:,} check-ins)")
        # An office screen showing the team (backend/displays): its credential as a pairing would hand it out.
        from backend.displays.models import Display
        from backend.displays.service import TOKEN_PREFIX, _hash

        display_token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        db.session.execute(
            insert(Display),
            {
                "organisation_id": organisation_id,
                "name": "Bench screen",
                "mode": "normal",
                "team_ids": [team_id],
                "slide_seconds": 12,
                "token_hash": _hash(display_token),
            },
        )
        db.session.commit()
        db.engine.dispose()
    return {
        "display_token": display_token,
        "veteran": "veteran@bench.test",
        "veteran_checkins": len(veteran_rows),
        "reps": [email for email, _ in people[1:]],
        "behaviours": behaviours,
        "today": today,
    }


# --- setup: server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    """gunicorn exactly as `make run` starts it, in its own process group so cleanup gets every worker."""
    say(f"· starting gunicorn ({WORKERS} threaded workers, backend/serving.py) on {HOST}:{port}")
    log = open(log_path, "wb")  # noqa: SIM115
    return subprocess.Popen(  # noqa: S603  (our own venv's gunicorn, fixed arguments)
        [
            str(VENV_BIN / "gunicorn"),
            "--config",
            str(ROOT / "backend" / "serving.py"),
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{port}",
            "--access-logfile",
            "-",
            "backend:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_bare(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    """bench/bare.py, a bare Flask app, under gunicorn with the same settings as Ritme's."""
    say(f"· starting a bare Flask app (bench/bare.py) under the same gunicorn settings on {HOST}:{port}")
    log = open(log_path, "wb")  # noqa: SIM115
    return subprocess.Popen(  # noqa: S603  (our own venv's gunicorn, fixed arguments)
        [str(VENV_BIN / "gunicorn"), "--config", str(ROOT / "backend" / "serving.py"), "--workers", str(WORKERS)]
        + ["--bind", f"{HOST}:{port}"]
        + ["--access-logfile", "-", "--chdir", str(ROOT / "bench"), "bare:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_answers(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if request(http.client.HTTPConnection(HOST, port, timeout=5), "GET", path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered {path} on port {port} in time")


def measure_stack(port: int, bare_port: int, rounds: int, n: int, c: int, s: float) -> list[dict]:
    """Ritme's /health and the bare app's /hello, alternating, each run beside the other's."""
    say(f"· the request stack: Ritme's /health against a bare Flask app's /hello, {rounds} rounds")
    measure("warm-up bare", bare_port, hello_requests(300), c, s)
    measure("warm-up health", port, health_requests(300), c, s)
    results = []
    for r in range(1, rounds + 1):
        results.append(measure(f"bare r{r}", bare_port, hello_requests(n), c, s, kind="bare"))
        results.append(measure(f"health r{r}", port, health_requests(n), c, s, kind="stack"))
    results.append(measure("bare end", bare_port, hello_requests(n), c, s, kind="bare"))
    return results


def report_stack(results: list[dict], clients: int) -> None:
    for index, result in enumerate(results):
        if result["kind"] == "stack":
            result["ratio"] = result["rps"] / ((results[index - 1]["rps"] + results[index + 1]["rps"]) / 2)
    ratios = [r["ratio"] for r in results if r["kind"] == "stack"]
    bare = [r["rps"] for r in results if r["kind"] == "bare"]
    ours = [r["rps"] for r in results if r["kind"] == "stack"]
    ratio = median(ratios)
    say("")
    say(f"The request stack — gunicorn --workers {WORKERS} (gthread), access log on, {clients} client processes")
    bare_runs, our_runs = ", ".join(f"{x:.0f}" for x in bare), ", ".join(f"{x:.0f}" for x in ours)
    say(f"GET /hello, bare Flask (bench/bare.py)  {median(bare):8.1f} req/s  (runs: {bare_runs})")
    say(f"GET /api/v1/health, Ritme              {median(ours):8.1f} req/s  (runs: {our_runs})")
    say(
        f"ratio Ritme /health ÷ bare /hello: {ratio:.2f} ({min(ratios):.2f}–{max(ratios):.2f})  "
        f"target ≥ {STACK_TARGET:.2f}  {'PASS' if ratio >= STACK_TARGET else 'FAIL'}"
    )


def start_scheduler(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """The background process `make run` starts beside gunicorn: it folds check-ins into the boards."""
    say("· starting the scheduler beside it, as `make run` does (folds check-ins into the boards)")
    log = open(log_path, "ab")  # noqa: SIM115
    return subprocess.Popen(  # noqa: S603  (our own venv's flask, fixed arguments)
        [str(VENV_BIN / "flask"), "--app", "backend", "push-scheduler", "--queue", "threads"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def pending_fold(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return connection.execute("SELECT count(*) FROM check_in WHERE pending_fold").fetchone()[0]


def wait_folded(database: Path, timeout: float = 60) -> tuple[int, float]:
    """How many check-ins were still pending right after the load, and how long the fold took to catch up."""
    started = time.monotonic()
    pending = pending_fold(database)
    while pending_fold(database) and time.monotonic() - started < timeout:
        time.sleep(0.1)
    return pending, time.monotonic() - started


def boards_agree(database: Path, day: date) -> tuple[int, int]:
    """Check-ins made today, and check-ins the boards count for today: the same when every tap folded in once."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        made = connection.execute("SELECT count(*) FROM check_in WHERE occurred_on = ?", (day.isoformat(),))
        counted = connection.execute(
            "SELECT coalesce(sum(checkins), 0) FROM board_day WHERE day = ?", (day.isoformat(),)
        )
        return made.fetchone()[0], counted.fetchone()[0]


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


def wait_healthy(port: int, server: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}):\n{log_path.read_text()[-3000:]}")
        try:
            status, _, _ = request(http.client.HTTPConnection(HOST, port, timeout=5), "GET", "/api/v1/health")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /api/v1/health in time")


# --- HTTP ----------------------------------------------------------------------------------------


def request(connection, method, path, body=None, headers=None):
    headers = dict(headers or {})
    if body is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    return response.status, data, cookies


class Browser:
    """One signed-in device: its session cookie and CSRF token, prepared before any timing."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookie = None
        self.csrf = None

    def call(self, method, path, payload=None, expect=200):
        headers = {}
        if self.cookie:
            headers["Cookie"] = f"ritme_session={self.cookie}"
        if self.csrf and method != "GET":
            headers["X-CSRFToken"] = self.csrf
        body = json.dumps(payload).encode() if payload is not None else None
        status, data, cookies = request(self.connection, method, path, body, headers)
        if "ritme_session" in cookies:
            self.cookie = cookies["ritme_session"].value
        if status != expect:
            raise RuntimeError(f"{method} {path} answered {status}, not {expect}: {data[:300]!r}")
        return json.loads(data) if data else None

    def sign_in(self, email: str) -> dict:
        self.csrf = self.call("GET", "/api/v1/auth/csrf")["csrf_token"]
        self.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
        self.csrf = self.call("GET", "/api/v1/auth/csrf")["csrf_token"]
        return {"Cookie": f"ritme_session={self.cookie}", "X-CSRFToken": self.csrf}


def sign_in_and_warm(port: int, email: str) -> dict:
    browser = Browser(port)
    headers = browser.sign_in(email)
    browser.call("GET", "/api/v1/today")  # settles this person's streak checkpoints up to yesterday
    browser.connection.close()
    return headers


# --- load ----------------------------------------------------------------------------------------


def client(port, requests, seconds, barrier, results):
    """One client process: a connection, its share of requests in order, until done or out of time."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    latencies, failures, first_failure = [], 0, None
    barrier.wait()
    started = time.monotonic()
    deadline = started + seconds
    cpu = time.process_time()
    for method, path, body, headers, expect in requests:
        if time.monotonic() >= deadline:
            break
        sent = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            status, data = None, repr(error).encode()
        latencies.append(time.perf_counter() - sent)
        if status != expect:
            failures += 1
            first_failure = first_failure or f"{method} {path} → {status}: {data[:200]!r}"
    finished = time.monotonic()
    results.put((started, finished, latencies, failures, first_failure, time.process_time() - cpu))


def measure(name, port, requests, clients, seconds, kind="warm-up") -> dict:
    """Run `requests` (split round-robin over the clients) and sum up throughput and latency."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(clients + 1)
    results = context.Queue()
    shares = [requests[n::clients] for n in range(clients)]
    processes = [context.Process(target=client, args=(port, share, seconds, barrier, results)) for share in shares]
    for process in processes:
        process.start()
    barrier.wait()
    outcomes = [results.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join()
    started = min(o[0] for o in outcomes)
    finished = max(o[1] for o in outcomes)
    latencies = sorted(latency for o in outcomes for latency in o[2])
    failures = sum(o[3] for o in outcomes)
    client_cpu = sum(o[5] for o in outcomes)
    result = {
        "name": name,
        "kind": kind,
        "latencies": latencies,
        "count": len(latencies),
        "failures": failures,
        "first_failure": next((o[4] for o in outcomes if o[4]), None),
        "rps": len(latencies) / (finished - started),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "client_cpu_share": client_cpu / (finished - started) / (os.cpu_count() or 1),
    }
    say(
        f"  {name:<34} {result['count']:>5} requests  {result['rps']:7.1f} req/s  "
        f"p50 {result['p50'] * 1000:6.1f} ms  p95 {result['p95'] * 1000:6.1f} ms"
        + (f"  {failures} FAILED, first: {result['first_failure']}" if failures else "")
    )
    return result


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, round(pct / 100 * len(values)) - 1))]


def health_requests(count):
    return [("GET", "/api/v1/health", None, {}, 200)] * count


def hello_requests(count):
    return [("GET", "/hello", None, {}, 200)] * count


@contextlib.contextmanager
def profiling(directory: Path | None, name: str, server_pid: int):
    """Sample the gunicorn workers with py-spy while the block runs (a flame graph and collapsed stacks)."""
    if directory is None:
        yield
        return
    py_spy = shutil.which("py-spy", path=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if py_spy is None:
        raise RuntimeError("--profile needs py-spy: .venv/bin/pip install py-spy")
    directory.mkdir(parents=True, exist_ok=True)
    output = directory / f"{name}.txt"
    recorder = subprocess.Popen(  # noqa: S603  (py-spy on our own server, fixed arguments)
        [py_spy, "record", "--pid", str(server_pid), "--subprocesses", "--nonblocking"]
        + ["--format", "raw", "--output", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)  # let py-spy attach before the load starts
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=60)
        say(f"  collapsed stacks (speedscope or flamegraph.pl open them): {output}")


# --- main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of baseline/Today/baseline/check-ins (5)")
    parser.add_argument("--requests", type=int, default=1000, help="requests per run (default 1000)")
    parser.add_argument("--seconds", type=float, default=5, help="time cap per run (default 5)")
    parser.add_argument("--clients", type=int, default=4, help="client processes, one connection each (default 4)")
    parser.add_argument("--reps", type=int, help="reps that check in (default: enough for every check-in run)")
    parser.add_argument(
        "--stack-only",
        action="store_true",
        help="only the request stack: Ritme's /health against a bare Flask app (no seeding, no Today or check-ins)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="afterwards, sample the workers with py-spy (pip install py-spy) per endpoint into DIR/<endpoint>.txt",
    )
    args = parser.parse_args()
    warmup_checkins = 100
    # Every check-in needs its own (rep, behaviour) pair for today.
    pairs_needed = warmup_checkins + (args.rounds + bool(args.profile)) * args.requests
    args.reps = args.reps or -(-pairs_needed // len(BEHAVIOURS))
    if args.reps * len(BEHAVIOURS) < pairs_needed:
        parser.error(f"--reps too small: {pairs_needed} check-ins need {-(-pairs_needed // len(BEHAVIOURS))} reps")

    results: list[dict] = []
    stack: list[dict] = []
    server = scheduler = bare = None
    with tempfile.TemporaryDirectory(prefix="ritme-bench-") as tmp:
        workdir = Path(tmp)
        log_path = workdir / "gunicorn.log"
        try:
            env = bench_environment(workdir)
            migrate(env)
            if args.stack_only:
                port, bare_port = free_port(), free_port()
                server = start_server(env, port, log_path)
                wait_healthy(port, server, log_path)
                bare = start_bare(env, bare_port, workdir / "bare.log")
                wait_answers(bare_port, "/hello")
                n, s, c = args.requests, args.seconds, args.clients
                stack = measure_stack(port, bare_port, args.rounds, n, c, s)
                report_stack(stack, c)
                return 1 if any(r["failures"] for r in stack) else 0
            world = seed(env, args.reps)
            port = free_port()
            server = start_server(env, port, log_path)
            wait_healthy(port, server, log_path)
            scheduler = start_scheduler(env, workdir / "scheduler.log")

            say(f"· signing in the veteran and {len(world['reps'])} reps, warming their Today (settles streaks)")
            veteran = sign_in_and_warm(port, world["veteran"])
            rep_headers = {}
            with ThreadPoolExecutor(max_workers=4) as pool:
                signed_in = pool.map(lambda e: sign_in_and_warm(port, e), world["reps"])
                for n, (email, headers) in enumerate(zip(world["reps"], signed_in, strict=True), start=1):
                    rep_headers[email] = headers
                    if n % 40 == 0 or n == len(world["reps"]):
                        say(f"  signed in {n}/{len(world['reps'])}")

            # Every check-in a different (rep, behaviour) pair for today, in a shuffled order.
            pairs = [(email, b) for email in world["reps"] for b in world["behaviours"]]
            random.Random(7).shuffle(pairs)
            checkins = [
                (
                    "POST",
                    "/api/v1/checkins",
                    json.dumps({"behaviour_id": b, "client_id": str(uuid.uuid4())}).encode(),
                    {**rep_headers[email], "Content-Type": "application/json"},
                    201,
                )
                for email, b in pairs
            ]
            today = [("GET", "/api/v1/today", None, {"Cookie": veteran["Cookie"]}, 200)]
            screen = {"Authorization": f"Bearer {world['display_token']}"}
            display = [("GET", "/api/v1/display/feed", None, screen, 200)]

            n, s, c, rounds = args.requests, args.seconds, args.clients, args.rounds
            say(f"· warming up ({c} client processes)")
            measure("warm-up health", port, health_requests(300), c, s)
            measure("warm-up today", port, today * 200, c, s)
            measure("warm-up checkins", port, checkins[:warmup_checkins], c, s)
            measure("warm-up display", port, display * 100, c, s)
            checkins = checkins[warmup_checkins:]

            # Baseline, Today, baseline, check-ins, baseline, … : each run is compared with the
            # baseline runs right before and after it, so drift on a shared machine cancels out.
            say(f"· measuring {rounds} rounds: up to {n} requests or {s:g} s per run")
            for r in range(1, rounds + 1):
                results.append(measure(f"health r{r}", port, health_requests(n), c, s, kind="health"))
                results.append(measure(f"today r{r}", port, today * n, c, s, kind="today"))
                results.append(measure(f"health r{r}b", port, health_requests(n), c, s, kind="health"))
                share, checkins = checkins[:n], checkins[n:]
                results.append(measure(f"checkins r{r}", port, share, c, s, kind="checkins"))
                results.append(measure(f"health r{r}c", port, health_requests(n), c, s, kind="health"))
                results.append(measure(f"display r{r}", port, display * n, c, s, kind="display"))
            results.append(measure("health end", port, health_requests(n), c, s, kind="health"))
            database = workdir / "bench.sqlite3"
            pending, lag = wait_folded(database)
            made, counted = boards_agree(database, world["today"])
            report(results, world, c)
            say(
                f"fold: {pending} check-ins still pending after the last run, folded into the boards "
                f"{lag:.1f} s later by the scheduler; boards count {counted} of the {made} check-ins made today"
                + ("" if made == counted else "  MISMATCH")
            )
            if made != counted:
                results[-1]["failures"] += 1
            bare_port = free_port()
            bare = start_bare(env, bare_port, workdir / "bare.log")
            wait_answers(bare_port, "/hello")
            stack = measure_stack(port, bare_port, rounds, n, c, s)
            report_stack(stack, c)
            if args.profile:
                say(f"· profiling the workers with py-spy (runs not counted above) into {args.profile}")
                for name, work in (("health", health_requests(n)), ("today", today * n), ("checkins", checkins[:n])):
                    with profiling(args.profile, name, server.pid):
                        measure(f"profiled {name}", port, work, c, s)
        except KeyboardInterrupt:
            say("interrupted")
            return 130
        finally:
            if server is not None:
                stop_server(server)
            if scheduler is not None:
                stop_server(scheduler)
            if bare is not None:
                stop_server(bare)
    failures = sum(r["failures"] for r in results + stack)
    return 1 if failures else 0


def report(results: list[dict], world: dict, clients: int) -> None:
    for index, result in enumerate(results):
        if result["kind"] != "health":
            around = (results[index - 1]["rps"] + results[index + 1]["rps"]) / 2
            result["ratio"] = result["rps"] / around
    rows = [
        ("GET /api/v1/health  (baseline)", "health"),
        ("GET /api/v1/today   (veteran)", "today"),
        ("POST /api/v1/checkins", "checkins"),
        ("GET /api/v1/display/feed (screen)", "display"),
    ]
    say("")
    say(
        f"Ritme benchmark — gunicorn --workers {WORKERS} (gthread) on {HOST}, SQLite, {clients} client processes, "
        f"{os.cpu_count()} CPUs, day {world['today']}"
    )
    say(
        f"veteran: {world['veteran_checkins']:,} check-ins over {len(BEHAVIOURS)} behaviours since "
        f"{world['today'] - timedelta(days=HISTORY_DAYS)}; {len(world['reps'])} reps check in for today, "
        "each request a different (rep, behaviour)"
    )
    say('baseline, the trivial JSON endpoint: GET /api/v1/health ({"status": "ok"} after SELECT 1)')
    say("")
    header = (
        f"{'endpoint':<33}{'runs':>5}{'requests':>9}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}"
        f"{'ratio':>7}{'(range)':>13}  target  result"
    )
    say(header)
    say("-" * len(header))
    for label, kind in rows:
        runs = [r for r in results if r["kind"] == kind]
        latencies = sorted(latency for r in runs for latency in r["latencies"])
        line = (
            f"{label:<33}{len(runs):>5}{len(latencies):>9}{median([r['rps'] for r in runs]):>9.1f}"
            f"{percentile(latencies, 50) * 1000:>8.1f}{percentile(latencies, 95) * 1000:>8.1f}"
        )
        if kind != "health":
            ratios = [r["ratio"] for r in runs]
            ratio = median(ratios)
            span = f"({min(ratios):.2f}–{max(ratios):.2f})"
            line += f"{ratio:>7.2f}{span:>13}  ≥ {TARGET:.2f}  {'PASS' if ratio >= TARGET else 'FAIL'}"
        failures = sum(r["failures"] for r in runs)
        if failures:
            line += f"  {failures} FAILED"
        say(line)
    say("-" * len(header))
    rates = [r["rps"] for r in results if r["kind"] == "health"]
    say(
        "req/s and ratio are medians over the runs; a run's ratio is its req/s ÷ the mean of the baseline "
        "runs right before and after it."
    )
    say(
        f"baseline runs: {', '.join(f'{rate:.0f}' for rate in rates)} req/s "
        f"(spread {(max(rates) - min(rates)) / median(rates):.0%}: noise on this machine); "
        f"client processes took {max(r['client_cpu_share'] for r in results):.0%} of the CPUs at most"
    )
    for r in results:
        if r["failures"]:
            say(f"ERROR: {r['name']}: {r['failures']} unexpected answers, first: {r['first_failure']}")


if __name__ == "__main__":
    sys.exit(main())

"""Where the request stack's fixed cost goes (issue 20): Ritme's `GET /api/v1/health` against bench/bare.py.

`bench/run.py --stack-only` measures the ratio over HTTP under gunicorn, which on a shared machine moves
by ±0.1 between runs. This measures the same two requests in-process, through each app's WSGI callable
(no server, no sockets), so the parts can be told apart:

    .venv/bin/python bench/stack_profile.py             # µs per request, and per part of Ritme's stack
    .venv/bin/python bench/stack_profile.py --cprofile  # the functions that cost most (cProfile)
    .venv/bin/python bench/stack_profile.py --callgrind # instructions per request under valgrind (noise-free)

Per part: each request hook, the session's open and save, the view and the app's layers around Flask
are wrapped in a timer; what no timer covers is Flask and Werkzeug themselves (routing, the contexts,
the response object). Times are this thread's CPU time (time.thread_time), so what the machine gives
to other work meanwhile does not count; the timers' own cost is taken off Flask's share, which calls
them, and what a timer counts of itself inside its part is measured on a no-op and taken off each part.
Still, on a busy shared machine caches are shared: compare figures taken side by side, or use
`--callgrind`, which runs this script under
`valgrind --tool=callgrind` twice with different request counts, so start-up cancels out (slow: Ritme's
start-up is ≈ 13 G instructions under valgrind, 10–30 minutes a run on a busy machine).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from functools import wraps
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

# What `bench/run.py`'s clients send (http.client): a GET with Host and Accept-Encoding, no cookie.
PATHS = {"ritme": "/api/v1/health", "bare": "/hello"}
# CPU time of this thread: time spent waiting for a core on a shared machine is left out.
CLOCK = time.thread_time


def environment(workdir: Path) -> None:
    """Ritme as `bench/run.py` starts it: development settings, a throwaway SQLite file, memory limits."""
    os.environ.update(
        {
            "RITME_ENV": "development",
            "RITME_INSTANCE_DIR": str(workdir / "instance"),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SECRET_KEY": secrets.token_urlsafe(32),
        }
    )
    os.environ.pop("RITME_REDIS_URL", None)
    os.environ.pop("RITME_PROXY_COUNT", None)


def load_app(which: str):
    import logging

    if which == "bare":
        sys.path.insert(0, str(HERE))
        from bare import app
    else:
        sys.path.insert(0, str(ROOT))
        from backend import create_app

        app = create_app()
    logging.disable(logging.INFO)  # the app's start-up lines, not per request
    return app


def requester(app, path: str):
    """A function that sends one GET through the app's WSGI callable and reads the whole body."""
    from werkzeug.test import EnvironBuilder

    template = EnvironBuilder(
        path=path,
        base_url="http://127.0.0.1:8000",
        headers={"Accept-Encoding": "identity"},
        environ_base={"REMOTE_ADDR": "127.0.0.1", "SERVER_SOFTWARE": "gunicorn/23.0.0"},
    ).get_environ()
    statuses: list[str] = []

    def start_response(status, _headers, _exc_info=None):
        statuses.append(status)

    def one() -> None:
        environ = dict(template)
        environ["wsgi.input"] = io.BytesIO(b"")
        body = app(environ, start_response)
        try:
            b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        if statuses.pop() != "200 OK":
            raise SystemExit(f"{path} did not answer 200")

    return one


def per_request_us(one, count: int) -> float:
    started = CLOCK()
    for _ in range(count):
        one()
    return (CLOCK() - started) / count * 1e6


def best_of(one, count: int, repeats: int) -> float:
    return min(per_request_us(one, count) for _ in range(repeats))


# --- per part --------------------------------------------------------------------------------------


class Parts:
    """Timers around the named parts of a request; nested timers are subtracted from their parent."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list] = []

    def wrap(self, label: str, function):
        @wraps(function)
        def timed(*args, **kwargs):
            frame = [label, 0.0]
            self._stack.append(frame)
            started = CLOCK()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = CLOCK() - started
                self._stack.pop()
                self.spent[label] += elapsed - frame[1]
                self.calls[label] += 1
                if self._stack:
                    self._stack[-1][1] += elapsed

        return timed

    def reset(self) -> None:
        self.spent.clear()
        self.calls.clear()

    def own_cost(self, rounds: int = 20000) -> float:
        """What a timer counts of itself inside its part (its clock read), in seconds per call."""
        noop = self.wrap("calibration", lambda: None)
        best = float("inf")
        for _ in range(5):
            self.reset()
            for _ in range(rounds):
                noop()
            best = min(best, self.spent["calibration"] / rounds)
        self.reset()
        return best


def _name(function) -> str:
    inner = getattr(function, "func", function)  # functools.partial (Flask-Limiter's header hook)
    owner = getattr(inner, "__self__", None)
    name = getattr(inner, "__qualname__", repr(inner)).replace("<locals>.", "")
    if owner is not None:
        name = f"{type(owner).__name__}.{inner.__name__}"
    return name


def instrument(app, endpoint: str | None) -> Parts:
    parts = Parts()
    for kind, table in (
        ("before_request", app.before_request_funcs),
        ("after_request", app.after_request_funcs),
        ("teardown_request", app.teardown_request_funcs),
    ):
        for blueprint, functions in table.items():
            functions[:] = [parts.wrap(f"{kind}: {_name(f)}", f) for f in functions]
            del blueprint
    app.teardown_appcontext_funcs[:] = [
        parts.wrap(f"teardown_appcontext: {_name(f)}", f) for f in app.teardown_appcontext_funcs
    ]
    interface = app.session_interface
    interface.open_session = parts.wrap("session: open (read the cookie)", interface.open_session)
    interface.save_session = parts.wrap("session: save (sign a cookie)", interface.save_session)
    if endpoint:
        app.view_functions[endpoint] = parts.wrap("view (with its decorators)", app.view_functions[endpoint])
    from flask import Flask

    if type(app).dispatch_request is not Flask.dispatch_request:  # Ritme's retrying dispatch
        app.dispatch_request = parts.wrap("dispatch: the retry wrapper", app.dispatch_request)
    app.ensure_sync = parts.wrap("Flask.ensure_sync (is it a coroutine?)", app.ensure_sync)
    app.make_response = parts.wrap("Flask.make_response", app.make_response)
    flask_label = "Flask and Werkzeug (no timer of their own: routing, contexts, response)"
    if hasattr(app.wsgi_app, "__func__"):  # Flask's own wsgi_app: no layer around it
        app.wsgi_app = parts.wrap(flask_label, app.wsgi_app)
    else:
        middleware = app.wsgi_app
        middleware.wsgi_app = parts.wrap(flask_label, middleware.wsgi_app)
        app.wsgi_app = parts.wrap(f"WSGI layer: {type(middleware).__name__}", middleware)
    return parts


def part_table(which: str, count: int, repeats: int) -> tuple[float, list[tuple[str, float]]]:
    app = load_app(which)
    endpoint = "system.health" if which == "ritme" else "hello"
    plain = requester(app, PATHS[which])
    for _ in range(300):
        plain()
    total = best_of(plain, count, repeats)
    parts = instrument(app, endpoint)
    one = requester(app, PATHS[which])
    for _ in range(300):
        one()
    own_cost = parts.own_cost()
    best: dict[str, float] | None = None
    best_total = float("inf")
    for _ in range(repeats):
        parts.reset()
        measured = per_request_us(one, count)
        if measured < best_total:
            best_total = measured
            best = {
                label: (spent - parts.calls[label] * own_cost) / count * 1e6 for label, spent in parts.spent.items()
            }
    assert best is not None
    # A timer's own cost lands in its caller's share, mostly Flask's (which calls the hooks): taken off there.
    flask_label = next(label for label in best if label.startswith("Flask and Werkzeug"))
    best[flask_label] -= best_total - total
    rows = sorted(best.items(), key=lambda row: -row[1])
    rows.append(("this script: environ, start_response, body read", total - sum(best.values())))
    return total, rows


def print_parts(count: int, repeats: int) -> None:
    bare_total, bare_rows = part_table("bare", count, repeats)
    ritme_total, ritme_rows = part_table("ritme", count, repeats)
    print(f"in-process, best of {repeats} × {count} requests (µs of CPU per request)")
    print(f"  bare Flask GET /hello        {bare_total:7.1f} µs")
    print(f"  Ritme GET /api/v1/health     {ritme_total:7.1f} µs   ratio {bare_total / ritme_total:.2f}")
    print("")
    print(f"{'part of Ritme /health':<70}{'µs':>8}{'share':>8}")
    for label, spent in ritme_rows:
        print(f"{label:<70}{spent:8.1f}{spent / ritme_total:8.0%}")
    print(f"{'total':<70}{ritme_total:8.1f}")
    print("")
    print(f"{'part of bare Flask /hello':<70}{'µs':>8}{'share':>8}")
    for label, spent in bare_rows:
        print(f"{label:<70}{spent:8.1f}{spent / bare_total:8.0%}")
    print(f"{'total':<70}{bare_total:8.1f}")


# --- cProfile ----------------------------------------------------------------------------------------


def print_cprofile(which: str, count: int, limit: int) -> None:
    app = load_app(which)
    one = requester(app, PATHS[which])
    for _ in range(300):
        one()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(count):
        one()
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)


# --- callgrind ---------------------------------------------------------------------------------------


def loop(which: str, count: int) -> None:
    app = load_app(which)
    one = requester(app, PATHS[which])
    for _ in range(count):
        one()


def instructions(which: str, count: int, workdir: Path) -> int:
    out = workdir / f"callgrind.{which}.{count}"
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        sys.executable,
        str(Path(__file__).resolve()),
        "--loop",
        which,
        "--requests",
        str(count),
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)  # noqa: S603
    match = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode or not match:
        raise SystemExit(f"valgrind failed:\n{run.stderr[-2000:]}")
    return int(match.group(1))


def print_callgrind(low: int, high: int, workdir: Path) -> None:
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    print(f"callgrind: instructions per request, ({high} requests − {low} requests) ÷ {high - low}")
    figures = {}
    for which in ("bare", "ritme"):
        figures[which] = (instructions(which, high, workdir) - instructions(which, low, workdir)) / (high - low)
        print(f"  {which:<6} {PATHS[which]:<18} {figures[which] / 1e6:6.3f} M instructions")
    print(f"  ratio bare ÷ Ritme (the app's part only, no server): {figures['bare'] / figures['ritme']:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000, help="requests per measurement (default 3000)")
    parser.add_argument("--repeats", type=int, default=5, help="measurements; the best counts (default 5)")
    parser.add_argument("--cprofile", choices=("ritme", "bare"), nargs="?", const="ritme", help="profile one app")
    parser.add_argument("--limit", type=int, default=30, help="cProfile: rows per table (default 30)")
    parser.add_argument("--callgrind", action="store_true", help="instructions per request under valgrind")
    parser.add_argument("--loop", choices=("ritme", "bare"), help=argparse.SUPPRESS)  # what --callgrind runs
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # the libraries' deprecation notes at import, not this measurement

    with tempfile.TemporaryDirectory(prefix="ritme-stack-") as tmp:
        workdir = Path(tmp)
        if not args.loop:
            environment(workdir)
        if args.loop:
            loop(args.loop, args.requests)
        elif args.callgrind:
            print_callgrind(200, 200 + min(args.requests, 1000), workdir)
        elif args.cprofile:
            print_cprofile(args.cprofile, args.requests, args.limit)
        else:
            print_parts(args.requests, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())

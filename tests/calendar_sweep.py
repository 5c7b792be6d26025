"""Run the date-sensitive tests with the clock at each day of one week, around midnight and on DST days.

`make test` runs this after the main suites; it fails if any moment fails. Each moment runs the
non-browser tests in a process of its own with RITME_TEST_CLOCK set (tests/conftest.py moves every
test there, ticking). Browser tests run against a live server and take their dates from the server.

The week is ISO week 53 of 2026 (28 December to 3 January): it also crosses a year, a month and the
rare 53rd week. Times are Europe/Amsterdam, where the demo and most tests live.

    python tests/calendar_sweep.py [--jobs N] [pytest args…]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

MOMENTS = {
    "Monday 00:30": datetime(2026, 12, 28, 0, 30, tzinfo=AMSTERDAM),
    "Tuesday 16:29": datetime(2026, 12, 29, 16, 29, tzinfo=AMSTERDAM),
    "Wednesday 23:59": datetime(2026, 12, 30, 23, 59, tzinfo=AMSTERDAM),
    "Thursday 00:30 (new year's eve)": datetime(2026, 12, 31, 0, 30, tzinfo=AMSTERDAM),
    "Friday 16:29 (new year's day)": datetime(2027, 1, 1, 16, 29, tzinfo=AMSTERDAM),
    "Saturday 23:59": datetime(2027, 1, 2, 23, 59, tzinfo=AMSTERDAM),
    "Sunday 12:00": datetime(2027, 1, 3, 12, 0, tzinfo=AMSTERDAM),
    "DST spring forward, 03:30 just after": datetime(2027, 3, 28, 3, 30, tzinfo=AMSTERDAM),
    "DST fall back, 02:30 the second time": datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMSTERDAM),
}

# The tests that work with days, weeks, streaks, periods and schedules. The rest (sign-in, migrations,
# the write queue, the hot path's statements, bad input) never read the calendar, and the browser tests
# run against a live server; leaving them out keeps the sweep to a few minutes.
DATE_SENSITIVE = [
    "tests/rhythm",
    "tests/boards",
    "tests/leaderboards",
    "tests/goals",
    "tests/teamrhythm",
    "tests/recognition",
    "tests/wins",
    "tests/badges",
    "tests/feed",
    "tests/reflections",
    "tests/push",
    "tests/integrations/test_summary.py",
    "tests/integrations/test_suggestions.py",
    "tests/admin/test_retention.py",
    "tests/admin/test_export.py",
    "tests/demo",
    "tests/energy",
]


def run(name: str, moment: datetime, extra: list[str]) -> tuple[str, int, float, str]:
    with tempfile.TemporaryDirectory(prefix="ritme-sweep-") as instance:
        env = {
            **os.environ,
            "RITME_TEST_DB": "sqlite",
            "RITME_TEST_CLOCK": moment.isoformat(),
            "RITME_INSTANCE_DIR": instance,
        }
        paths = [path for path in DATE_SENSITIVE if (ROOT / path).exists()]
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not e2e", *paths, *extra],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return name, result.returncode, time.monotonic() - started, result.stdout + result.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="moments run at once (default 2)")
    args, extra = parser.parse_known_args()
    print(f"== Calendar sweep: {len(MOMENTS)} moments, {args.jobs} at a time ==", flush=True)
    failed = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run, name, moment, extra) for name, moment in MOMENTS.items()]
        for done, future in enumerate(futures, start=1):
            name, code, seconds, output = future.result()
            summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
            moment = MOMENTS[name].isoformat()
            print(f"[{done}/{len(MOMENTS)}] {name} ({moment}): {summary} in {seconds:.0f} s", flush=True)
            if code != 0:
                failed.append(name)
                print(output[-20000:], flush=True)
    if failed:
        print(f"!!! The calendar sweep FAILED at: {', '.join(failed)}", flush=True)
        return 1
    print("The calendar sweep passed at every moment.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

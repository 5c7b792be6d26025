"""Leaderboard cost at scale, as ratios to a trivial JSON endpoint, on SQLite and PostgreSQL (issue 4).

One command: `make bench-boards` (or `.venv/bin/python bench/boards.py`). Per database it builds a
throwaway organisation of 10,000 people in 200 teams, first with 100,000 check-ins and then with
1,000,000 (tenfold), bulk-inserted straight into check_in and into the board aggregates (as
`rebuild_aggregates` would leave them, computed here in bulk). After each size it starts gunicorn
(2 threaded workers, as `make run`), signs a rep in and measures every board request and
GET /api/v1/health (tiny JSON after SELECT 1) in the same run, from 4 client processes.

Target (issue 4): each board request's p95 within 4× the health endpoint's p95, on SQLite and
PostgreSQL, and not growing when the check-ins grow tenfold. The same for a running team challenge of
all 200 teams (issue 17): its standing reads the challenge's own aggregate (one row per person), the
memberships and away days, never check-ins, and is stored on the challenge by the scheduler's heartbeat
(here `flask challenges refresh --every 2` beside gunicorn), so a request reads one stored document,
which each worker keeps by its digest until the numbers change (challenges/standing.py).

Seeding 1M check-ins takes minutes: `--only challenge --sizes 1000000 --keep DIR` measures one line at
one size, keeps the seeded databases in DIR (and the PostgreSQL database) and measures them again on a
later run the same day; the health baseline is measured in every run.

Boards are served as in production: each worker keeps the ordered standings for
RITME_BOARD_CACHE_SECONDS (15 s), and reads the viewer's own row fresh on every request. So a
worker rebuilds each board at most every 15 s, whatever the rate of check-ins. `--cache-seconds 0`
measures every board cold: one read of the board's aggregate rows (10,000 people), never of
check-ins. FAIL is a result; the exit status is 1
only when a request failed. The PostgreSQL part needs a server at RITME_TEST_POSTGRES_ADMIN
(default postgresql://postgres@127.0.0.1:5432/postgres); it creates and drops its own database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402  (after the path is set)
    Browser,
    bench_environment,
    free_port,
    measure,
    percentile,
    say,
    start_server,
    stop_server,
    wait_healthy,
)

PEOPLE = 10_000
TEAMS = 200
SMALL, LARGE = 100_000, 1_000_000
TARGET = 4.0
TIME_ZONE = "Europe/Amsterdam"
PASSWORD = "bench-password-1"  # noqa: S105  (a throwaway database)
BEHAVIOURS = [
    ("Klant gebeld", True),
    ("Offerte opgevolgd", True),
    ("CRM bijgewerkt", False),
    ("Demo", True),
    ("Plan", False),
]
BOARDS = [
    ("people · points · week", "/api/v1/leaderboards?scope=people&metric=points&period=week"),
    ("people · points · quarter", "/api/v1/leaderboards?scope=people&metric=points&period=quarter"),
    ("people · points · all", "/api/v1/leaderboards?scope=people&metric=points&period=all"),
    ("people · consistency", "/api/v1/leaderboards?scope=people&metric=consistency&period=week"),
    ("people · one team · week", "/api/v1/leaderboards?scope=people&metric=points&period=week&team_id={team}"),
    ("teams · points · week", "/api/v1/leaderboards?scope=teams&metric=points&period=week"),
    ("teams · consistency", "/api/v1/leaderboards?scope=teams&metric=consistency&period=week"),
    ("team goal summary", "/api/v1/boards/summary"),
    ("challenge standing", "/api/v1/challenges/{challenge}"),
]


def app_for(url: str):
    from backend import create_app
    from config import CONFIGS

    return create_app(type("BenchConfig", (CONFIGS["development"],), {"SQLALCHEMY_DATABASE_URI": url}))


class World:
    """The organisation, and what has been generated so far (check-in slots per person, aggregates)."""

    def __init__(self, url: str):
        self.url = url
        self.rng = random.Random(4)
        self.today = datetime.now(UTC).astimezone().date()
        self.organisation_id = None
        self.user_ids: list[int] = []
        self.team_ids: list[int] = []
        self.behaviours: list[tuple[int, bool]] = []
        self.taken: dict[tuple[int, int, date], float] = {}
        self.checkins = 0
        self.viewer = None
        self.challenge_id = None

    KEPT = ("url", "organisation_id", "user_ids", "team_ids", "checkins", "viewer", "challenge_id")

    def save(self, path: Path) -> None:
        """What a later run needs to measure this seeded database again (`--keep`)."""
        path.write_text(json.dumps({k: getattr(self, k) for k in self.KEPT} | {"today": self.today.isoformat()}))

    @classmethod
    def load(cls, path: Path) -> World | None:
        """A world seeded earlier today (its aggregates are relative to its day), or None."""
        if not path.exists():
            return None
        kept = json.loads(path.read_text())
        if kept.get("today") != datetime.now(UTC).astimezone().date().isoformat():
            return None
        world = cls(kept["url"])
        for k in cls.KEPT:
            setattr(world, k, kept[k])
        return world


def insert_chunks(db, model, rows, label, chunk=20_000):
    from sqlalchemy import insert

    started = time.monotonic()
    for n in range(0, len(rows), chunk):
        db.session.execute(insert(model), rows[n : n + chunk])
        done = min(n + chunk, len(rows))
        if done == len(rows) or (n // chunk) % 10 == 9:
            say(f"    {label}: {done:,}/{len(rows):,} ({time.monotonic() - started:.0f} s)")


def seed_people(world: World) -> None:
    from sqlalchemy import insert, select

    from backend.accounts.models import Membership, Organisation, Team, User
    from backend.accounts.service import hash_password
    from backend.extensions import db
    from backend.rhythm.models import Behaviour, BehaviourTeam

    app = app_for(world.url)
    with app.app_context():
        db.create_all()
        say(f"  · {PEOPLE:,} people in {TEAMS} teams, {len(BEHAVIOURS)} behaviours")
        world.organisation_id = db.session.execute(
            insert(Organisation).returning(Organisation.id),
            {"name": "Bench BV", "time_zone": TIME_ZONE, "visibility": "open"},
        ).scalar_one()
        db.session.execute(
            insert(Team), [{"organisation_id": world.organisation_id, "name": f"Team {n:03d}"} for n in range(TEAMS)]
        )
        world.team_ids = list(db.session.scalars(select(Team.id).order_by(Team.id)))
        long_ago = datetime(2024, 1, 1, tzinfo=UTC)
        for name, facing in BEHAVIOURS:
            db.session.execute(
                insert(Behaviour),
                {
                    "organisation_id": world.organisation_id,
                    "name_nl": name,
                    "name_en": name,
                    "cadence": "weekdays",
                    "customer_facing": facing,
                    "starts_on": date(2024, 1, 1),
                    "created_at": long_ago,
                },
            )
        world.behaviours = [tuple(r) for r in db.session.execute(select(Behaviour.id, Behaviour.customer_facing))]
        db.session.execute(
            insert(BehaviourTeam),
            [{"behaviour_id": b, "team_id": t} for b, _ in world.behaviours for t in world.team_ids],
        )
        password_hash = hash_password(PASSWORD)
        insert_chunks(
            db,
            User,
            [
                {
                    "organisation_id": world.organisation_id,
                    "email": f"rep{n:05d}@bench.test",
                    "name": f"Rep {n:05d}",
                    "password_hash": password_hash,
                    "role": "rep",
                    "time_zone": TIME_ZONE,
                    "created_at": long_ago,
                }
                for n in range(PEOPLE)
            ],
            "people",
        )
        world.user_ids = list(db.session.scalars(select(User.id).order_by(User.id)))
        insert_chunks(
            db,
            Membership,
            [{"team_id": world.team_ids[n % TEAMS], "user_id": u} for n, u in enumerate(world.user_ids)],
            "memberships",
        )
        seed_challenge(world, db)
        db.session.commit()
        world.viewer = "rep04321@bench.test"
        db.engine.dispose()


def seed_challenge(world: World, db) -> None:
    """A running team challenge of all 200 teams on two behaviours, with its aggregate as the fold leaves it."""
    from sqlalchemy import insert

    from backend.challenges.models import Challenge, ChallengeScore

    now = datetime.now(UTC)
    start = world.today - timedelta(days=3)
    world.challenge_id = db.session.execute(
        insert(Challenge).returning(Challenge.id),
        {
            "organisation_id": world.organisation_id,
            "kind": "team",
            "title": "Bench challenge",
            "starts_on": start,
            "ends_on": start + timedelta(days=13),
            "starts_at": now - timedelta(days=3),
            "ends_at": now + timedelta(days=10),
            "behaviour_ids": [b for b, _ in world.behaviours[:2]],
            "team_ids": world.team_ids,
            "created_at": now - timedelta(days=4),
            "updated_at": now - timedelta(days=4),
        },
    ).scalar_one()
    rng = world.rng
    insert_chunks(
        db,
        ChallengeScore,
        [
            {
                "challenge_id": world.challenge_id,
                "organisation_id": world.organisation_id,
                "user_id": u,
                "done": (done := rng.randint(0, 6)),
                "late": rng.randint(0, min(1, done)),
                "last_at": now - timedelta(minutes=rng.randint(1, 4000)),
                "last_day": world.today,
                "last_day_done": rng.randint(0, 2),
                "after_done": 0,
                "after_late": 0,
            }
            for u in world.user_ids
        ],
        "challenge scores",
    )


def add_checkins(world: World, total: int) -> None:
    """Grow the history to `total` check-ins: new ones go further back in time, then rebuild the aggregates."""
    from sqlalchemy import delete

    from backend.boards import periods
    from backend.boards.models import BoardDay, BoardStanding, BoardTeamTotal, BoardTotal, ConsistencyWeek
    from backend.extensions import db
    from backend.rhythm.models import CheckIn

    app = app_for(world.url)
    rng = world.rng
    per_person = (total - world.checkins) // len(world.user_ids)
    say(f"  · adding {per_person * len(world.user_ids):,} check-ins ({per_person} per person), then the aggregates")
    # Recent weeks first; a tenfold history reaches further back (weekdays only, as the cadence asks).
    horizon = max(28, per_person * 2 + len(world.taken) // len(world.user_ids) * 2)
    days = [d for d in (world.today - timedelta(days=n) for n in range(horizon)) if d.isoweekday() <= 5]
    rows = []
    for user_id in world.user_ids:
        added = 0
        while added < per_person:
            day = days[min(len(days) - 1, int(rng.expovariate(1 / (len(days) / 3))))]
            behaviour_id, _facing = world.behaviours[rng.randrange(len(world.behaviours))]
            key = (user_id, behaviour_id, day)
            if key in world.taken:
                continue
            points = float(rng.choice((5, 7.5, 10, 10, 10)))
            world.taken[key] = points
            added += 1
            rows.append(
                {
                    "organisation_id": world.organisation_id,
                    "user_id": user_id,
                    "behaviour_id": behaviour_id,
                    "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "occurred_on": day,
                    "time_zone": TIME_ZONE,
                    "late": False,
                    "source": "import",
                    "points": points,
                }
            )
    with app.app_context():
        insert_chunks(db, CheckIn, rows, "check-ins", chunk=50_000)
        world.checkins += len(rows)
        rows.clear()
        facing = dict(world.behaviours)
        day_totals: dict[tuple[int, date], list] = defaultdict(lambda: [0.0, 0, 0])
        for (user_id, behaviour_id, day), points in world.taken.items():
            total_row = day_totals[(user_id, day)]
            total_row[0] += points
            total_row[1] += 1
            total_row[2] += int(facing[behaviour_id])
        for model in (BoardDay, BoardTotal, BoardTeamTotal, BoardStanding, ConsistencyWeek):
            db.session.execute(delete(model))
        org = world.organisation_id
        insert_chunks(
            db,
            BoardDay,
            [
                {
                    "organisation_id": org,
                    "user_id": u,
                    "day": d,
                    "points": p,
                    "bonus_points": 0.0,
                    "checkins": c,
                    "customer_facing": f,
                }
                for (u, d), (p, c, f) in day_totals.items()
            ],
            "board days",
            chunk=50_000,
        )
        totals: dict[tuple[int, str, date], list] = defaultdict(lambda: [0.0, 0, 0])
        for (u, d), (p, c, f) in day_totals.items():
            for period, start in periods.starts_for(d).items():
                row = totals[(u, period, start)]
                row[0] += p
                row[1] += c
                row[2] += f
        insert_chunks(
            db,
            BoardTotal,
            [
                {
                    "organisation_id": org,
                    "user_id": u,
                    "period": period,
                    "starts_on": start,
                    "points": p,
                    "checkins": c,
                    "customer_facing": f,
                }
                for (u, period, start), (p, c, f) in totals.items()
            ],
            "period totals",
            chunk=50_000,
        )
        team_of = {u: world.team_ids[n % TEAMS] for n, u in enumerate(world.user_ids)}
        team_totals: dict[tuple[int, str, date], float] = defaultdict(float)
        for (u, period, start), (p, _c, _f) in totals.items():
            team_totals[(team_of[u], period, start)] += p
        insert_chunks(
            db,
            BoardTeamTotal,
            [
                {"organisation_id": org, "team_id": t, "period": period, "starts_on": start, "points": p}
                for (t, period, start), p in team_totals.items()
            ],
            "team totals",
        )
        this_week = periods.week_start(world.today)
        standings, weeks = [], []
        for u in world.user_ids:
            value = rng.randint(20, 95)
            standings.append({"organisation_id": org, "user_id": u, "consistency": value, "computed_on": world.today})
            for back in range(4):
                weeks.append(
                    {
                        "organisation_id": org,
                        "user_id": u,
                        "week_start": this_week - timedelta(weeks=back),
                        "consistency": max(0, value + rng.randint(-8, 8)),
                    }
                )
        insert_chunks(db, BoardStanding, standings, "standings")
        insert_chunks(db, ConsistencyWeek, weeks, "weekly consistency")
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))  # fresh statistics, as a database that grew slowly has
        db.session.commit()
        db.engine.dispose()


def chosen_boards(only: str | None) -> list[tuple[str, str]]:
    """The board lines to measure: all, or those whose name holds one of the comma-separated words."""
    if not only:
        return BOARDS
    words = [w.strip() for w in only.split(",") if w.strip()]
    return [(name, path) for name, path in BOARDS if any(w in name for w in words)]


def run_requests(
    world: World, env: dict, workdir: Path, seconds: float, count: int, clients: int, boards=BOARDS, rounds: int = 2
) -> list[dict]:
    port = free_port()
    log_path = workdir / f"gunicorn-{port}.log"
    server = start_server(env, port, log_path)
    # The scheduler's heartbeat keeps a running challenge's standing fresh; only that part of it runs
    # here (the whole scheduler would also start the nightly settle of 10,000 people mid-measurement).
    refresher = subprocess.Popen(  # noqa: S603  (our own venv's flask, fixed arguments)
        [str(Path(sys.executable).parent / "flask"), "--app", "backend", "challenges", "refresh", "--every", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_healthy(port, server, log_path, timeout=240)  # a busy shared machine starts it slowly
        browser = Browser(port)
        browser.csrf = browser.call("GET", "/api/v1/auth/csrf")["csrf_token"]
        browser.call("POST", "/api/v1/auth/login", {"email": world.viewer, "password": PASSWORD})
        headers = {"Cookie": f"ritme_session={browser.cookie}"}
        team = world.team_ids[4321 % TEAMS]
        results = []
        health = [("GET", "/api/v1/health", None, {}, 200)] * count
        for name, path in [("health (baseline)", "/api/v1/health"), *boards]:
            path = path.format(team=team, challenge=world.challenge_id)
            measure(name, port, [("GET", path, None, headers, 200)] * min(count, 200), clients, 2)  # warm-up
        for _round in range(rounds):
            results.append(measure("health (baseline)", port, health, clients, seconds, kind="baseline"))
            for name, path in boards:
                path = path.format(team=team, challenge=world.challenge_id)
                results.append(
                    measure(name, port, [("GET", path, None, headers, 200)] * count, clients, seconds, "board")
                )
        results.append(measure("health (baseline)", port, health, clients, seconds, kind="baseline"))
        return results
    finally:
        os.killpg(refresher.pid, signal.SIGTERM)
        refresher.wait(timeout=30)
        stop_server(server)


def summarise(label: str, results: list[dict], boards=BOARDS) -> list[tuple]:
    baseline = sorted(lat for r in results if r["kind"] == "baseline" for lat in r["latencies"])
    base_p50, base_p95 = percentile(baseline, 50), percentile(baseline, 95)
    lines = [(label, "health (baseline)", base_p50, base_p95, 1.0, 1.0, "")]
    for name, _ in boards:
        latencies = sorted(lat for r in results if r["name"] == name for lat in r["latencies"])
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        ratio = p95 / base_p95
        lines.append((label, name, p50, p95, p50 / base_p50, ratio, "ok" if ratio <= TARGET else "FAIL"))
    return lines


def bench_database(kind: str, workdir: Path, args) -> tuple[list[tuple], int]:
    from tests import databases

    pg_name = None
    kept_path = Path(args.keep) / f"{kind}.json" if args.keep else None
    world = World.load(kept_path) if kept_path else None
    if world is not None:
        say(f"== {kind} (the database seeded earlier today, {kept_path}) ==")
        url = world.url
    elif kind == "sqlite":
        url = f"sqlite:///{(Path(args.keep) if args.keep else workdir) / 'boards.sqlite3'}"
        if args.keep:
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        if not databases.postgres_available():
            say(f"!!! PostgreSQL is not reachable at {databases.POSTGRES_ADMIN_URL}: skipped")
            return [], 0
        pg_name, url = databases.create_postgres_database()
    env = bench_environment(workdir)
    env["DATABASE_URL"] = url
    env["RITME_BOARD_CACHE_SECONDS"] = args.cache_seconds
    boards = chosen_boards(args.only)
    sizes = [int(n) for n in args.sizes.split(",")]
    failures = 0
    lines = []
    try:
        if world is None:
            say(f"== {kind} ==")
            world = World(url)
            seed_people(world)
        for size in sizes:
            if world.checkins < size:
                add_checkins(world, size)
                if kept_path and size == sizes[-1]:
                    world.save(kept_path)
                    pg_name = None  # kept for the next run
            say(f"  · measuring with {world.checkins:,} check-ins")
            results = run_requests(world, env, workdir, args.seconds, args.requests, args.clients, boards, args.rounds)
            failures += sum(r["failures"] for r in results)
            lines += summarise(f"{kind} {world.checkins // 1000:,}k", results, boards)
    finally:
        if pg_name:
            databases.drop_postgres_database(pg_name)
    return lines, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement (default 3)")
    parser.add_argument("--requests", type=int, default=600, help="at most, per measurement (default 600)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--cache-seconds",
        default="15",
        help="RITME_BOARD_CACHE_SECONDS for the server (default 15, as in production; 0 measures every board cold)",
    )
    parser.add_argument(
        "--only",
        help="measure only the board lines whose name holds one of these comma-separated "
        "words (e.g. `challenge`); the health baseline is always measured in the same run",
    )
    parser.add_argument(
        "--sizes",
        default=f"{SMALL},{LARGE}",
        help=f"check-in counts to measure at (default {SMALL},{LARGE})",
    )
    parser.add_argument("--rounds", type=int, default=2, help="rounds of every line per size (default 2)")
    parser.add_argument(
        "--keep",
        help="a directory: keep the seeded databases there (SQLite file, PostgreSQL database left in place) and "
        "measure them again on a later run the same day instead of seeding again; drop them by hand",
    )
    args = parser.parse_args()
    # Ctrl-C or a kill still stops gunicorn and drops the throwaway databases (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix="ritme-bench-boards-"))
    os.environ["RITME_INSTANCE_DIR"] = str(workdir / "instance")
    started = time.monotonic()
    lines, failures = [], 0
    try:
        for kind in args.databases.split(","):
            found, failed = bench_database(kind.strip(), workdir, args)
            lines += found
            failures += failed
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    say("")
    say(
        f"{'run':<14} {'request':<28} {'p50 ms':>7} {'p95 ms':>7} {'p50 ×':>6} {'p95 ×':>6}  target p95 ≤ {TARGET:.0f}×"
    )
    for label, name, p50, p95, r50, r95, verdict in lines:
        say(f"{label:<14} {name:<28} {p50 * 1000:7.1f} {p95 * 1000:7.1f} {r50:6.2f} {r95:6.2f}  {verdict}")
    say(
        f"\n{len(lines)} lines in {time.monotonic() - started:.0f} s; ratios are to GET /api/v1/health in the same run."
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""gunicorn's settings for Ritme: `gunicorn --config backend/serving.py …` in `make run`, the browser
tests and the benchmarks, so that what is tested and measured is what is served.

Threaded workers (gthread), not gunicorn's default sync ones. A sync worker reads a request with a
blocking recv(), so a connection that a browser opens ahead of need and sends nothing on (Chromium's
preconnect does this) holds the whole worker until gunicorn's 30 s timeout kills it. With two sync
workers, two such connections stopped Ritme for every phone for 30 s (the browser test run of
2026-12-03 05:35 UTC: both workers "WORKER TIMEOUT … no URI read"). A gthread worker (gunicorn 27)
gives a new connection to a thread for at most 5 s to start its request, then parks it in a selector;
the other threads serve meanwhile, and the heartbeat runs on the main thread.

Two threads per worker: enough that a silent connection never stops a worker; more cost throughput
on two cores (each worker's threads share one interpreter lock, and a busy worker still accepts):
`make bench` on 2026-12-03 measured GET /today at 383 req/s with 4 threads against 559–724 with 2 and
668 with sync workers, within this machine's noise (baselines spreading 80 %).

Several threads in one worker are safe here: each request has its own app context and ORM session,
SQLite writers queue on flock() of a file each connection opens itself (backend/sqlite_writers.py,
which holds between threads as between processes), and the per-worker caches either rebuild the same
value when two threads race or take a lock (boards/standings.py).
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("RITME_THREADS", "2"))

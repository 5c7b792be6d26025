"""`flask --app backend push-scheduler | push-worker | push-stats`."""

from __future__ import annotations

import logging
import signal

import click
from flask import current_app
from flask.cli import with_appcontext

from backend.push import scheduler, service


@click.command("push-scheduler")
@click.option("--once", is_flag=True, help="One tick, then exit (for cron or a check).")
@click.option(
    "--queue",
    "kind",
    type=click.Choice(["auto", "threads", "redis"]),
    default="auto",
    show_default=True,
    help="Where jobs run: threads in this process, RQ on Redis, or Redis when RITME_REDIS_URL is set.",
)
@click.option("--workers", default=16, show_default=True, help="Sending threads (threads queue).")
@with_appcontext
def push_scheduler_command(once: bool, kind: str, workers: int):
    """Wake every minute and send the reminders and notifications that are due.

    Without RITME_REDIS_URL the jobs run in this process; with it they go to RQ for push-worker.
    """
    app = current_app._get_current_object()
    if kind == "redis" and not app.config.get("RITME_REDIS_URL"):
        raise click.ClickException("--queue redis needs RITME_REDIS_URL.")
    queue = scheduler.ThreadQueue(app, workers) if kind == "threads" else scheduler.queue_for(app, workers)
    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))
    where = "Redis (RQ)" if isinstance(queue, scheduler.RedisQueue) else f"{workers} threads in this process"
    click.echo(f"Push scheduler: jobs run on {where}.")
    try:
        if once:
            click.echo(f"{scheduler.run_once(queue)} job(s) handed out.")
        else:
            scheduler.run_forever(queue, stop=lambda: bool(stopping))
    finally:
        queue.close()


@click.command("push-worker")
@click.option("--burst", is_flag=True, help="Run what is queued, then exit.")
@with_appcontext
def push_worker_command(burst: bool):
    """Run push jobs from Redis (needs RITME_REDIS_URL); start as many as you like."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    app = current_app._get_current_object()
    url = app.config.get("RITME_REDIS_URL")
    if not url:
        raise click.ClickException("RITME_REDIS_URL is not set: the push scheduler runs jobs itself then.")
    connection = Redis.from_url(url)
    queue = Queue(app.config.get("RITME_PUSH_QUEUE", "ritme-push"), connection=connection)
    logging.getLogger("rq.worker").setLevel(logging.WARNING)
    # SimpleWorker runs jobs in this process: the sender's open connections and signed VAPID
    # headers survive from one job to the next (a forking worker would start cold every job).
    SimpleWorker([queue], connection=connection).work(burst=burst, with_scheduler=False)


@click.command("push-stats")
@click.option("--days", default=7, show_default=True)
@with_appcontext
def push_stats_command(days: int):
    """Delivery outcomes per kind over the last days: deliveries, messages sent, failed, removed."""
    rows = service.stats(days=days)
    if not rows:
        click.echo(f"No push deliveries in the last {days} day(s).")
        return
    click.echo(f"{'kind':<18}{'status':<12}{'deliveries':>11}{'sent':>8}{'failed':>8}{'removed':>9}")
    for row in rows:
        click.echo(
            f"{row['kind']:<18}{row['status']:<12}{row['deliveries']:>11}{row['sent']:>8}"
            f"{row['failed']:>8}{row['removed']:>9}"
        )

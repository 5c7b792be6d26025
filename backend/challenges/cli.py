"""Challenge commands: close what has ended (the scheduler's heartbeat does this every few seconds)."""

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from backend.challenges import closing


@click.group("challenges")
def challenges_command():
    """Time-boxed challenges."""


@challenges_command.command("close")
@click.option("--at", "at", help="close as of this ISO instant (default: now), e.g. 2026-11-25T00:00:00+01:00")
@with_appcontext
def close_command(at):
    """Close every challenge that has ended, exactly once; prints the ids closed."""
    now = datetime.fromisoformat(at).astimezone(UTC) if at else None
    closed = closing.close_due(now)
    click.echo(f"closed {len(closed)} challenge(s){': ' + ', '.join(map(str, closed)) if closed else ''}")


@challenges_command.command("refresh")
@click.option("--every", type=float, default=0.0, help="repeat every N seconds until stopped (0: once)")
@with_appcontext
def refresh_command(every):
    """Compute and store the standing of every running challenge (what the scheduler's heartbeat does)."""
    import time

    from backend.challenges import standing
    from backend.extensions import db
    from backend.timeutil import utcnow

    while True:
        count = standing.refresh_running(utcnow())
        db.session.commit()
        db.session.remove()
        if not every:
            click.echo(f"refreshed {count} challenge(s)")
            return
        time.sleep(every)

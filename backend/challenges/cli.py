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

"""`flask --app backend seed-demo`."""

import click
from flask import current_app
from flask.cli import with_appcontext

from backend.demo.seed import DEMO_ORGANISATION, PEOPLE, seed_demo
from backend.extensions import db


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Create the demo organisation "Demo BV" (idempotent)."""
    password = current_app.config["DEMO_PASSWORD"]
    seed_demo(password, progress=lambda step: click.echo(f"  seeding {step} …"))
    db.session.commit()
    click.echo(f"{DEMO_ORGANISATION} is ready. Sign in with any of these, password '{password}':")
    for email, _name, role, team, _manages in PEOPLE[:4] + [p for p in PEOPLE if p[0] == "finance@demo.test"]:
        click.echo(f"  {email:<24} {role.value:<8} {team or ''}")

"""`flask --app backend seed-demo`."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from backend.accounts.models import Organisation
from backend.demo.seed import DEMO_ORGANISATION, PEOPLE, seed_demo
from backend.extensions import db


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database holds no organisation yet.")
@with_appcontext
def seed_demo_command(if_empty: bool):
    """Create the demo organisation "Demo BV" (idempotent)."""
    if if_empty and db.session.scalar(select(Organisation.id).limit(1)) is not None:
        click.echo("The database already holds data; not seeding the demo.")
        return
    password = current_app.config["DEMO_PASSWORD"]
    seed_demo(password, progress=lambda step: click.echo(f"  seeding {step} …"))
    db.session.commit()
    click.echo(f"{DEMO_ORGANISATION} is ready. Sign in with any of these, password '{password}':")
    for email, _name, role, team, _manages in PEOPLE[:4] + [p for p in PEOPLE if p[0] == "finance@demo.test"]:
        click.echo(f"  {email:<24} {role.value:<8} {team or ''}")

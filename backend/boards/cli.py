"""Board commands: rebuild the aggregates after a bulk insert, settle consistency and team goals nightly."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from backend.accounts.models import Organisation
from backend.boards import aggregates
from backend.extensions import db
from backend.goals.service import settle_goals


@click.group("boards")
def boards_command():
    """Leaderboard aggregates."""


def _organisations(organisation_id):
    query = select(Organisation.id).order_by(Organisation.id)
    if organisation_id:
        query = query.where(Organisation.id == organisation_id)
    return list(db.session.scalars(query))


@boards_command.command("rebuild")
@click.option("--organisation", "organisation_id", type=int, help="one organisation (default: all)")
@with_appcontext
def rebuild(organisation_id):
    """Recompute the board aggregates from the check-ins."""
    for org_id in _organisations(organisation_id):
        people = aggregates.rebuild_aggregates(org_id, progress=click.echo)
        db.session.commit()
        click.echo(f"organisation {org_id}: {people} people rebuilt")


@boards_command.command("settle")
@click.option("--organisation", "organisation_id", type=int, help="one organisation (default: all)")
@with_appcontext
def settle(organisation_id):
    """Bring consistency up to today and settle ended team goals (run nightly, e.g. 00:30)."""
    for org_id in _organisations(organisation_id):
        people = aggregates.settle_standings(org_id, progress=click.echo)
        settle_goals(org_id)
        db.session.commit()
        click.echo(f"organisation {org_id}: {people} people settled")

"""`flask --app backend create-org …` and `flask --app backend retention`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from backend.admin import retention, service
from backend.errors import DomainError
from backend.extensions import db
from backend.timeutil import is_valid_time_zone


def _time_zone(_ctx, _param, value: str) -> str:
    if not is_valid_time_zone(value):
        raise click.BadParameter("not a known IANA time zone, e.g. Europe/Amsterdam")
    return value


def _password(_ctx, _param, value: str | None) -> str | None:
    if value is not None and not 10 <= len(value) <= 200:
        raise click.BadParameter("use 10 to 200 characters")
    return value


@click.command("create-org")
@click.option("--name", required=True, help="The organisation's name.")
@click.option("--admin-email", required=True, help="E-mail address of its first admin.")
@click.option("--admin-name", default=None, help="The admin's name (default: the part of the address before @).")
@click.option(
    "--admin-password",
    default=None,
    callback=_password,
    help="Without it, a single-use link to choose a password is printed (valid 7 days).",
)
@click.option("--timezone", "time_zone", default="Europe/Amsterdam", show_default=True, callback=_time_zone)
@click.option("--locale", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@with_appcontext
def create_org_command(name, admin_email, admin_name, admin_password, time_zone, locale):
    """Create an organisation with its first admin."""
    if not name.strip():
        raise click.BadParameter("may not be empty", param_hint="--name")
    if "@" not in admin_email or len(admin_email) > 254:
        raise click.BadParameter("not an e-mail address", param_hint="--admin-email")
    try:
        organisation, admin, link = service.create_organisation(
            name, admin_email, admin_name=admin_name, admin_password=admin_password, time_zone=time_zone, locale=locale
        )
    except DomainError as error:
        db.session.rollback()
        message = f"{admin_email} is already in use." if error.code == "email_taken" else error.code
        raise click.ClickException(message) from error
    db.session.commit()
    click.echo(f"Created organisation {organisation.name!r} (id {organisation.id}) with admin {admin.email}.")
    if link:
        click.echo(f"Choose the admin's password with this link (valid 7 days, usable once):\n  {link}")


@click.command("retention")
@with_appcontext
def retention_command():
    """Delete check-in notes and reflection texts older than each organisation's retention period."""
    results = retention.run_retention()
    db.session.commit()
    for result in results:
        click.echo(
            f"organisation {result.organisation_id}: cut-off {result.cutoff:%Y-%m-%d %H:%M} UTC, "
            f"{result.notes_cleared} check-in note(s) cleared"
        )

"""`flask --app backend import-checkins FILE --organisation "Demo BV" [--strict]`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from backend.accounts.models import Organisation, Role, User
from backend.extensions import db
from backend.rhythm import imports

SHOWN_ERRORS = 50


def _organisation(value: str) -> Organisation:
    """By id, or by name (case-insensitive); a name several organisations share must be given as id."""
    if value.strip().isdigit():
        organisation = db.session.get(Organisation, int(value))
        if organisation is not None:
            return organisation
    matches = list(
        db.session.scalars(select(Organisation).where(func.lower(Organisation.name) == value.strip().lower()))
    )
    if not matches:
        raise click.ClickException(f"No organisation named or numbered {value!r}.")
    if len(matches) > 1:
        ids = ", ".join(str(o.id) for o in matches)
        raise click.ClickException(f"Several organisations are called {value!r} (ids {ids}); give the id.")
    return matches[0]


def _first_admin(organisation: Organisation) -> User:
    admin = db.session.scalar(
        select(User)
        .where(User.organisation_id == organisation.id, User.role == Role.ADMIN.value)
        .order_by(User.active.desc(), User.id)
        .limit(1)
    )
    if admin is None:
        raise click.ClickException(f"{organisation.name} has no admin to import as.")
    return admin


@click.command("import-checkins")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", "organisation_ref", required=True, help="The organisation's name or id.")
@click.option("--strict", is_flag=True, help="Import nothing when any row is bad.")
@with_appcontext
def import_checkins_command(file: Path, organisation_ref: str, strict: bool):
    """Import historical check-ins from a CSV file: email,behaviour,date[,note].

    Every row is validated first; bad rows are listed with their line and reason. Valid rows go
    in (with --strict: only when no row is bad). Importing the same file again adds nothing.
    """
    organisation = _organisation(organisation_ref)
    admin = _first_admin(organisation)
    try:
        rows = imports.parse_csv(file.read_bytes(), admin.locale)
        with click.progressbar(length=len(rows), label=f"Importing {len(rows)} rows", show_pos=True) as bar:
            report = imports.import_checkins(admin, strict=strict, progress=bar.update, rows=rows)
    except imports.ImportFileError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    if report.rejected:
        db.session.rollback()
    else:
        db.session.commit()

    for error in report.errors[:SHOWN_ERRORS]:
        click.echo(f"  line {error.line}: {error.reason}")
    if report.invalid > SHOWN_ERRORS:
        click.echo(f"  … and {report.invalid - SHOWN_ERRORS} more bad rows")
    if report.rejected:
        click.echo(f"Nothing imported: {report.invalid} invalid rows and --strict.")
    click.echo(
        f"{organisation.name}: imported {report.imported}, skipped (already there) {report.skipped_existing}, "
        f"invalid {report.invalid}, rows {report.rows}."
    )
    if report.rejected:
        raise click.exceptions.Exit(1)

"""HTTP for outcomes and 'Wat werkt': thin views, rules in service.py, statistics in stats.py."""

from flask_login import login_required

from backend.accounts.login import current_person
from backend.i18n import request_locale
from backend.outcomes import bp, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)


@bp.route("/outcomes/measures", methods=["GET"])
@login_required
@bp.response(200, schemas.Measure(many=True))
def list_measures():
    """The outcomes the organisation tracks per team and week."""
    return service.list_measures(current_person())


@bp.route("/outcomes/measures", methods=["POST"])
@login_required
@bp.arguments(schemas.MeasureArgs)
@bp.response(201, schemas.Measure)
def create_measure(args):
    """Name a new outcome (admins)."""
    return service.create_measure(current_person(), args)


@bp.route("/outcomes/values", methods=["PUT"])
@login_required
@bp.arguments(schemas.ValueArgs)
@bp.response(200, schemas.Value)
def record_value(args):
    """A team's figure for one week (the team's managers, admins); entering it again replaces it."""
    return service.record_value(current_person(), args)


@bp.route("/outcomes/values/<id:team_id>", methods=["GET"])
@login_required
@bp.response(200, schemas.Value(many=True))
def team_values(team_id):
    """A team's figures (its members, managers, admins)."""
    return service.values_of(current_person(), team_id)


@bp.route("/outcomes/what-works", methods=["GET"])
@login_required
@bp.arguments(schemas.WhatWorksArgs, location="query")
@bp.response(200, schemas.WhatWorks)
def what_works(args):
    """Per behaviour: the team's high- vs low-rhythm weeks on each outcome, with a 95 % interval (team only)."""
    return service.what_works(current_person(), args["team_id"], args["weeks"], locale=request_locale())

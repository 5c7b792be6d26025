"""HTTP for integrations: thin views, rules in service.py, inbound.py and delivery.py."""

from flask import request
from flask_login import login_required

from backend.accounts.login import current_person
from backend.errors import error_response
from backend.extensions import csrf, db, limiter
from backend.http import accepts_uploads, parse_json
from backend.integrations import bp, inbound, receivers, schemas, service, suggestions  # noqa: F401  (receivers)

# --- outbound endpoints (Beheer → Koppelingen) -------------------------------------------------


@bp.route("/integrations/endpoints", methods=["GET"])
@login_required
@bp.response(200, schemas.Endpoint(many=True))
def list_endpoints():
    """The organisation's webhook endpoints (admins)."""
    return service.list_endpoints(current_person())


@bp.route("/integrations/endpoints", methods=["POST"])
@login_required
@bp.arguments(schemas.EndpointArgs)
@bp.response(201, schemas.Endpoint)
def create_endpoint(args):
    """Add a webhook endpoint: a URL (https on a public host), its events, generic/Teams/Slack."""
    return service.create_endpoint(current_person(), args)


@bp.route("/integrations/endpoints/<id:endpoint_id>", methods=["PATCH"])
@login_required
@bp.arguments(schemas.EndpointUpdateArgs)
@bp.response(200, schemas.Endpoint)
def update_endpoint(args, endpoint_id):
    """Change an endpoint; switching it on again after a 410 is allowed."""
    return service.update_endpoint(current_person(), endpoint_id, args)


@bp.route("/integrations/endpoints/<id:endpoint_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def delete_endpoint(endpoint_id):
    """Remove an endpoint and its delivery log."""
    service.delete_endpoint(current_person(), endpoint_id)


@bp.route("/integrations/endpoints/<id:endpoint_id>/rotate-secret", methods=["POST"])
@login_required
@bp.response(200, schemas.Endpoint)
def rotate_secret(endpoint_id):
    """A new signing secret; the old one stays valid for 24 hours beside it."""
    return service.rotate_secret(current_person(), endpoint_id)


@bp.route("/integrations/endpoints/<id:endpoint_id>/deliveries", methods=["GET"])
@login_required
@bp.response(200, schemas.Delivery(many=True))
def deliveries(endpoint_id):
    """The endpoint's delivery log, newest first (the last 50)."""
    return service.deliveries(current_person(), endpoint_id)


@bp.route("/integrations/endpoints/<id:endpoint_id>/test", methods=["POST"])
@login_required
@limiter.limit("10 per minute")
@bp.response(200, schemas.Delivery)
def send_test(endpoint_id):
    """Send a test event now; the answer is in the delivery returned (and the log)."""
    return service.send_test(current_person(), endpoint_id)


@bp.route("/integrations/deliveries/<id:delivery_id>/resend", methods=["POST"])
@login_required
@bp.response(200, schemas.Delivery)
def send_again(delivery_id):
    """Send a delivery again (the scheduler sends it within seconds)."""
    return service.send_again(current_person(), delivery_id)


# --- inbound sources --------------------------------------------------------------------------


@bp.route("/integrations/sources", methods=["GET"])
@login_required
@bp.response(200, schemas.Source(many=True))
def list_sources():
    """The organisation's inbound sources with their secret URLs (admins)."""
    return service.list_sources(current_person())


@bp.route("/integrations/sources", methods=["POST"])
@login_required
@bp.arguments(schemas.SourceArgs)
@bp.response(201, schemas.Source)
def create_source(args):
    """Add an inbound source (generic, HubSpot workflow, Pipedrive v2) with its mapping rules."""
    return service.create_source(current_person(), args)


@bp.route("/integrations/sources/<id:source_id>", methods=["PATCH"])
@login_required
@bp.arguments(schemas.SourceUpdateArgs)
@bp.response(200, schemas.Source)
def update_source(args, source_id):
    """Change a source's rules, paths, people or secret."""
    return service.update_source(current_person(), source_id, args)


@bp.route("/integrations/sources/<id:source_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def delete_source(source_id):
    """Remove a source; its URL stops working at once."""
    service.delete_source(current_person(), source_id)


@bp.route("/integrations/sources/<id:source_id>/events", methods=["GET"])
@login_required
@bp.response(200, schemas.InboundEvent(many=True))
def source_log(source_id):
    """What the source sent and what became of it, newest first (the last 50)."""
    return service.source_log(current_person(), source_id)


def _source_key() -> str:
    return "hook:" + str((request.view_args or {}).get("token", ""))[:64]


# --- suggestions the rep confirms (Today) ------------------------------------------------------


@bp.route("/integrations/suggestions", methods=["GET"])
@login_required
@bp.response(200, schemas.Suggestions)
def list_suggestions():
    """The signed-in person's open CRM suggestions of today and yesterday, one per behaviour and day."""
    return {"items": suggestions.open_groups(current_person())}


@bp.route("/integrations/suggestions/<id:suggestion_id>/confirm", methods=["POST"])
@login_required
@bp.response(200, schemas.SuggestionDecided)
def confirm_suggestion(suggestion_id):
    """Check the suggested behaviour in (as a tap, marked crm); settles the suggestion's group."""
    return suggestions.confirm(current_person(), suggestion_id)


@bp.route("/integrations/suggestions/<id:suggestion_id>/dismiss", methods=["POST"])
@login_required
@bp.response(200, schemas.SuggestionDecided)
def dismiss_suggestion(suggestion_id):
    """Not this one: the suggestion's group is dismissed, nothing is checked in."""
    return suggestions.dismiss(current_person(), suggestion_id)


@bp.route("/hooks/in/<token>", methods=["POST"])
@csrf.exempt
@accepts_uploads  # read raw: the signature is over the exact bytes
@limiter.limit("120 per minute", key_func=_source_key)
@bp.response(200, schemas.Received)
@bp.alt_response(400, description="Not an event Ritme can read (logged)")
@bp.alt_response(401, description="Refused: the signature or password did not match (logged)")
def receive(token):
    """An event from a connected system (CRM): checks in the mapped behaviour of the event's owner."""
    source = inbound.source_for(token)
    if source is None:
        return error_response(404, "not_found")
    raw = request.get_data(cache=True)
    if len(raw) > inbound.MAX_BODY:
        inbound.log_refusal(source, "refused", "body_too_large")
        return _kept(error_response(413, "hook_body_too_large"))
    headers = {k.lower(): v for k, v in request.headers.items()}
    if not inbound.authentic(source, request.method, request.url, headers, raw, inbound.now()):
        inbound.log_refusal(source, "refused", "authentication_failed")
        response = _kept(error_response(401, "hook_auth_failed"))
        if source.auth_mode == "basic":
            response.headers["WWW-Authenticate"] = 'Basic realm="ritme"'
        return response
    try:
        body = parse_json(raw)
    except Exception:
        body = None
    outcome = inbound.receive(source, body)
    if outcome.status >= 400:
        return _kept(error_response(outcome.status, "bad_request", fields={"body": [outcome.reason or ""]}))
    return outcome.body()


def _kept(response):
    """A refusal is answered 4xx but its log line is kept (the request's commit skips 4xx answers)."""
    db.session.commit()
    return response

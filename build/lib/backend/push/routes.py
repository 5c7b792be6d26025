"""HTTP for push: thin views, rules in service.py."""

from flask import request
from flask_login import login_required

from backend.accounts.login import current_person
from backend.extensions import limiter
from backend.push import bp, events, schemas, service  # noqa: F401  (events connects the signal receivers)


@bp.route("/vapid-public-key", methods=["GET"])
@bp.response(200, schemas.VapidPublicKey)
def vapid_public_key():
    """The server's VAPID public key, for PushManager.subscribe()'s applicationServerKey."""
    return {"public_key": service.vapid_key().public_key}


@bp.route("/subscriptions", methods=["GET"])
@login_required
@bp.response(200, schemas.Device(many=True))
def list_devices():
    """My devices that receive notifications."""
    return service.list_devices(current_person())


@bp.route("/subscriptions", methods=["POST"])
@login_required
@bp.arguments(schemas.SubscriptionArgs)
@bp.response(201, schemas.Subscribed)
@bp.alt_response(200, schema=schemas.Subscribed, description="The same endpoint again: updated")
def subscribe(args):
    """Save this browser's push subscription (the same endpoint again updates it)."""
    subscription, created = service.subscribe(current_person(), args, request.headers.get("User-Agent"))
    return {"id": subscription.id, "created": created}, 201 if created else 200


@bp.route("/subscriptions", methods=["DELETE"])
@login_required
@bp.arguments(schemas.UnsubscribeArgs)
@bp.response(204)
def unsubscribe(args):
    """Forget this browser's subscription."""
    service.unsubscribe(current_person(), args["endpoint"])


@bp.route("/subscriptions/<id:subscription_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def remove_device(subscription_id):
    """Remove one of my devices."""
    service.remove_device(current_person(), subscription_id)


@bp.route("/settings", methods=["GET"])
@login_required
@bp.response(200, schemas.Settings)
def get_settings():
    """My reminder settings (the defaults until I change them)."""
    return service.settings_for(current_person())


@bp.route("/settings", methods=["PUT"])
@login_required
@bp.arguments(schemas.SettingsArgs)
@bp.response(200, schemas.Settings)
def put_settings(args):
    """Change my reminder settings; fields left out stay as they are."""
    return service.update_settings(current_person(), args)


@bp.route("/test", methods=["POST"])
@login_required
@limiter.limit("10 per minute")
@bp.response(200, schemas.TestSent)
def send_test():
    """Send a test notification to all my devices now."""
    return service.send_test(current_person())


@bp.route("/stats", methods=["GET"])
@login_required
@bp.arguments(schemas.StatsArgs, location="query")
@bp.response(200, schemas.StatsRow(many=True))
def delivery_stats(args):
    """Delivery outcomes of my organisation per kind (admins)."""
    return service.stats_for(current_person(), args["days"])

"""HTTP for the office screens: thin views, rules in service.py, the slides in slides.py.

The screen's own calls (`/display/...`) carry no session and no CSRF token: starting a pairing and
polling for its credential need none (RFC 8628), and the feed takes only the display's bearer
credential. Everything under `/displays` is for signed-in admins and managers (Beheer → Schermen).
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from flask import current_app, request
from flask_login import current_user, login_required

from backend.accounts.login import current_person
from backend.displays import bp, schemas, service, slides
from backend.errors import error_response
from backend.extensions import csrf, limiter


def _code_limits():
    return current_app.config["DISPLAY_CODE_LIMIT"]


def _code_refused(response) -> bool:
    """Only wrong codes count: a manager pairing ten screens in a row is not guessing."""
    return response.status_code == 404


def _person_key() -> str:
    return f"display-code:{current_user.get_id() if current_user.is_authenticated else '-'}"


def _qr_svg(text: str) -> str:
    """The QR code as SVG (qrcode's path image: one <path>, no Pillow needed)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


# --- the screen -------------------------------------------------------------------------------


@bp.route("/display/pairing", methods=["POST"])
@csrf.exempt
@limiter.limit(lambda: current_app.config["DISPLAY_PAIRING_LIMIT"], scope="display-pairing")
@bp.response(201, schemas.Pairing)
def start_pairing():
    """Start pairing a screen (RFC 8628 §3.1): a device code to poll with and a user code to show."""
    pairing = service.start_pairing()
    uri = request.url_root.rstrip("/") + "/admin/screens"
    complete = f"{uri}?code={pairing.user_code}"
    return {
        "device_code": pairing.device_code,
        "user_code": pairing.user_code,
        "verification_uri": uri,
        "verification_uri_complete": complete,
        "expires_in": pairing.expires_in,
        "interval": pairing.interval,
        "qr_svg": _qr_svg(complete),
    }


@bp.route("/display/token", methods=["POST"])
@csrf.exempt
@bp.arguments(schemas.TokenArgs)
@bp.response(200, schemas.Token)
def token(args):
    """Poll for the display's credential (RFC 8628 §3.4–3.5): authorization_pending until the code is entered."""
    try:
        return service.poll(args["device_code"])
    except service.GrantError as refused:
        return error_response(400, refused.code, message=refused.message, **refused.extra)


@bp.route("/display/feed", methods=["GET"])
@bp.response(200, schemas.Slides)
def feed():
    """Everything the screen's slides show, in one read (only with the display's bearer credential)."""
    return slides.slides(service.authenticate(request.headers.get("Authorization")))


# --- Beheer → Schermen ------------------------------------------------------------------------


@bp.route("/displays", methods=["GET"])
@login_required
@bp.response(200, schemas.Display(many=True))
def displays():
    """The organisation's paired screens (admins, managers)."""
    return service.displays(current_person())


@bp.route("/displays", methods=["POST"])
@login_required
@limiter.limit(_code_limits, scope="display-code-ip", deduct_when=_code_refused)
@limiter.limit(_code_limits, key_func=_person_key, scope="display-code-person", deduct_when=_code_refused)
@bp.arguments(schemas.ApproveArgs)
@bp.response(201, schemas.Display)
def approve(args):
    """Enter the code a screen shows and choose what it shows: the screen starts on its next poll."""
    return service.approve(current_person(), **args)


@bp.route("/displays/deny", methods=["POST"])
@login_required
@limiter.limit(_code_limits, scope="display-code-ip", deduct_when=_code_refused)
@bp.arguments(schemas.DenyArgs)
@bp.response(204)
def deny(args):
    """Refuse a code: the screen that shows it is told access_denied."""
    service.deny(current_person(), args["user_code"])


@bp.route("/displays/<id:display_id>", methods=["PATCH"])
@login_required
@bp.arguments(schemas.DisplayChangeArgs)
@bp.response(200, schemas.Display)
def change(args, display_id):
    """Rename a screen or change its teams, mode or seconds per slide."""
    return service.change(current_person(), display_id, **args)


@bp.route("/displays/<id:display_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def revoke(display_id):
    """Revoke a screen: its credential stops working; it shows a new pairing code within a minute."""
    service.revoke(current_person(), display_id)

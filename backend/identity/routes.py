"""HTTP for identity: thin views, rules in service.py.

The flow: POST /auth/sso/discover (does this address's domain have a provider?), POST /auth/sso/start (the
provider's URL; the browser goes there), GET /auth/sso/callback (the provider sends the browser back: signed
in and on to the app, or back to the sign-in screen with `?sso_error=<reason>`)."""

import json
from urllib.parse import quote

from flask import current_app, redirect, request, session
from flask_login import login_required

from backend.accounts.login import current_person, sign_in
from backend.accounts.schemas import Me
from backend.extensions import limiter
from backend.identity import bp, passkeys, receivers, schemas, service  # noqa: F401  (receivers: signal listeners)

_BROWSER_STATE = "identity_state"
_TEST_RUN = "identity_test_run"
_TEST_PAGE = "/admin/organisation"


def _ip_limits():
    return current_app.config["LOGIN_LIMIT_PER_IP"]


@bp.route("/identity/provider", methods=["GET"])
@login_required
@bp.response(200, schemas.Provider)
def get_provider():
    """The organisation's OpenID Connect provider (admins); never its client secret."""
    return service.get_provider(current_person())


@bp.route("/identity/provider", methods=["PUT"])
@login_required
@bp.arguments(schemas.ProviderArgs)
@bp.response(200, schemas.Provider)
def put_provider(args):
    """Connect or change the organisation's provider (admins); its discovery document must answer."""
    return service.save_provider(current_person(), args)


@bp.route("/identity/provider/policy", methods=["PUT"])
@login_required
@bp.arguments(schemas.PolicyArgs)
@bp.response(200, schemas.Provider)
def put_policy(args):
    """Require the provider for everyone but one break-glass admin (admins); passwords refused for the others."""
    return service.save_policy(current_person(), args)


@bp.route("/identity/provider", methods=["DELETE"])
@login_required
@bp.response(204)
def delete_provider():
    """Disconnect the provider (admins); people sign in with a password again (or a reset link)."""
    service.remove_provider(current_person())


@bp.route("/identity/provider/test", methods=["POST"])
@login_required
@bp.response(200, schemas.Started)
def test_provider():
    """Begin a real sign-in at the provider to test the connection (admins): its outcome is shown, not applied."""
    url, state = service.begin_test(current_person(), request.host_url)
    session[_BROWSER_STATE] = state
    session[_TEST_RUN] = True
    return {"redirect_url": url}


@bp.route("/auth/sso/discover", methods=["POST"])
@bp.arguments(schemas.EmailArgs)
@bp.response(200, schemas.Discovery)
def discover(args):
    """Home-realm discovery: whether this address signs in at its organisation's provider or with a password."""
    provider = service.provider_for_email(args["email"])
    if provider is None:
        return {"method": "password", "provider_name": None}
    return {"method": "provider", "provider_name": service.display_name(provider)}


@bp.route("/auth/sso/invites/<token>", methods=["GET"])
@bp.response(200, schemas.InviteSignIn)
def invite_sign_in(token):
    """How the invite page lets the invitee in: at the organisation's provider (required or not), or a password."""
    return service.invite_sign_in(token)


def _started(response) -> bool:
    return response.status_code < 400


@bp.route("/auth/sso/start", methods=["POST"])
@limiter.limit(_ip_limits, scope="sso-start-ip", deduct_when=_started)
@bp.arguments(schemas.EmailArgs)
@bp.response(200, schemas.Started)
def start(args):
    """Begin a sign-in at the provider covering this address (code flow with PKCE, state and nonce)."""
    url, state = service.begin(args["email"], request.host_url)
    session[_BROWSER_STATE] = state
    session.pop(_TEST_RUN, None)
    return {"redirect_url": url}


@bp.route("/auth/sso/callback", methods=["GET"])
@bp.arguments(schemas.CallbackArgs, location="query")
@bp.response(302)
def callback(args):
    """Where the provider sends the browser back: signed in, or to the sign-in screen with the reason."""
    browser_state = session.pop(_BROWSER_STATE, None)
    testing = session.pop(_TEST_RUN, False)
    try:
        finished = service.finish(args, browser_state, request.host_url)
    except service.SignInRefused as refused:
        if testing:
            return redirect(f"{_TEST_PAGE}?sso_test={quote(refused.reason)}", 302)
        return redirect(f"/login?sso_error={quote(refused.reason)}", 302)
    if finished.person is None:  # an admin's test run: say what would have happened
        email = quote(finished.email or "")
        return redirect(f"{_TEST_PAGE}?sso_test=ok_{finished.test_outcome}&sso_test_email={email}", 302)
    sign_in(finished.person)
    return redirect("/", 302)


# --- passkeys ----------------------------------------------------------------------------------


@bp.route("/me/passkeys", methods=["GET"])
@login_required
@bp.response(200, schemas.Passkey(many=True))
def list_passkeys():
    """One's own passkeys."""
    return passkeys.list_passkeys(current_person())


@bp.route("/me/passkeys/options", methods=["POST"])
@login_required
@bp.response(200, schemas.Options)
def passkey_registration_options():
    """Begin adding a passkey: the options for navigator.credentials.create()."""
    return {"options": json.loads(passkeys.registration_options(current_person()))}


@bp.route("/me/passkeys", methods=["POST"])
@login_required
@bp.arguments(schemas.PasskeyArgs)
@bp.response(201, schemas.Passkey)
def add_passkey(args):
    """Add the passkey the browser created (verified with py_webauthn)."""
    return passkeys.register(current_person(), args["credential"], args.get("name"))


@bp.route("/me/passkeys/<id:passkey_id>", methods=["DELETE"])
@login_required
@bp.response(204)
def delete_passkey(passkey_id):
    """Remove one of one's own passkeys."""
    passkeys.remove(current_person(), passkey_id)


@bp.route("/auth/passkey/options", methods=["POST"])
@bp.response(200, schemas.Options)
def passkey_sign_in_options():
    """Begin signing in with a passkey: the options for navigator.credentials.get() (discoverable)."""
    return {"options": json.loads(passkeys.sign_in_options())}


def _refused(response) -> bool:
    return response.status_code == 401


@bp.route("/auth/passkey", methods=["POST"])
@limiter.limit(_ip_limits, scope="passkey-ip", deduct_when=_refused)
@bp.arguments(schemas.PasskeySignInArgs)
@bp.response(200, Me)
def passkey_sign_in(args):
    """Sign in with a passkey's assertion; starts a server-side session."""
    person = passkeys.authenticate(args["credential"])
    sign_in(person)
    return person

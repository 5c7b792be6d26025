"""Passkeys (WebAuthn) on py_webauthn: registration under Ik, the list, removal, and sign-in with one tap.

The relying party is the host the app is served from (its name without port, e.g. ritme.example.nl); the
origin is the scheme, host and port the browser sees. The challenge of a ceremony lives in the signed
session cookie and is used once. Sign-in asks for a discoverable credential (no e-mail first); the counter
must go up whenever the authenticator keeps one (py_webauthn refuses a reused or lower one), and a
deactivated person is refused like on every other route.
"""

from __future__ import annotations

import base64
import logging

from flask import request, session
from sqlalchemy import select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from backend.accounts.models import User
from backend.audit import record_audit
from backend.errors import DomainError, NotFound
from backend.extensions import db
from backend.identity.models import Passkey
from backend.timeutil import utcnow

log = logging.getLogger(__name__)
_REGISTER, _SIGN_IN = "passkey_register_challenge", "passkey_sign_in_challenge"
RP_NAME = "Ritme"


def _rp_id() -> str:
    return request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host


def _origin() -> str:
    return request.host_url.rstrip("/")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _user_handle(person: User) -> bytes:
    return f"ritme-user-{person.id}".encode()


def list_passkeys(person: User) -> list[Passkey]:
    return list(db.session.scalars(select(Passkey).where(Passkey.user_id == person.id).order_by(Passkey.id)))


def registration_options(person: User) -> str:
    options = generate_registration_options(
        rp_id=_rp_id(),
        rp_name=RP_NAME,
        user_id=_user_handle(person),
        user_name=person.email,
        user_display_name=person.name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.PREFERRED
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=p.credential_id) for p in list_passkeys(person)],
    )
    session[_REGISTER] = _b64(options.challenge)
    return options_to_json(options)


def register(person: User, credential: dict, name: str | None) -> Passkey:
    challenge = session.pop(_REGISTER, None)
    if not challenge:
        raise DomainError("passkey_refused", 400)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=_rp_id(),
            expected_origin=_origin(),
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        log.info("passkey registration refused: %s", exc)
        raise DomainError("passkey_refused", 400) from exc
    passkey = Passkey(
        user_id=person.id,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=(name or "").strip()[:80] or "Passkey",
    )
    db.session.add(passkey)
    db.session.flush()
    record_audit(person, "identity.passkey_added", target=person, details={"name": passkey.name})
    return passkey


def remove(person: User, passkey_id: int) -> None:
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != person.id:
        raise NotFound()
    record_audit(person, "identity.passkey_removed", target=person, details={"name": passkey.name})
    db.session.delete(passkey)
    db.session.flush()


def sign_in_options() -> str:
    options = generate_authentication_options(rp_id=_rp_id(), user_verification=UserVerificationRequirement.PREFERRED)
    session[_SIGN_IN] = _b64(options.challenge)
    return options_to_json(options)


def authenticate(credential: dict) -> User:
    """The person this assertion proves, or 401 passkey_refused (nothing else is said: no account probing)."""
    challenge = session.pop(_SIGN_IN, None)
    refused = DomainError("passkey_refused", 401)
    try:
        raw_id = base64url_to_bytes(credential["rawId"])
    except (KeyError, TypeError, ValueError):
        raise refused from None
    passkey = db.session.scalar(select(Passkey).where(Passkey.credential_id == raw_id)) if challenge else None
    if passkey is None:
        raise refused
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=_rp_id(),
            expected_origin=_origin(),
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        log.info("passkey sign-in refused: %s", exc)
        raise refused from exc
    person = db.session.get(User, passkey.user_id)
    if not person.active:
        raise refused
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    db.session.flush()
    return person

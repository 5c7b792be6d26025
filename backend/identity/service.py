"""The rules of signing in with the organisation's OpenID Connect provider.

- An admin connects one provider per organisation; the domains it covers are unique over the installation,
  so an e-mail address leads to at most one organisation's provider (home-realm discovery).
- A person is linked to the provider's subject (`sub`). An existing person of the provider's organisation is
  linked on their first sign-in only when the provider asserts the same, verified, e-mail address in a covered
  domain; someone with an open invite becomes the person the invite names (role and team, no password: that
  is how an invite is accepted when the organisation requires its provider); other unknown people are refused
  (they need an invite) or created as staff without a team, as the admin chose. Deactivated people and people
  of another organisation are refused. Refusals store nothing but the audit entry that says why.

Functions flush rather than commit; the request commits once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from flask import g
from sqlalchemy import delete, select

from backend.accounts import service as accounts
from backend.accounts.models import Organisation, Role, User
from backend.accounts.service import normalise_email, token_hash
from backend.audit import record_audit
from backend.errors import DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.identity import crypto, oidc
from backend.identity.models import (
    IdentityDomain,
    IdentityLink,
    IdentityProvider,
    ProviderKind,
    SignInAttempt,
    UnknownPeople,
)
from backend.timeutil import utcnow

log = logging.getLogger(__name__)
ATTEMPT_VALIDITY = timedelta(minutes=10)
PURPOSE_SIGN_IN, PURPOSE_TEST = "sign_in", "test"
CALLBACK_PATH = "/api/v1/auth/sso/callback"


class SignInRefused(Exception):
    """The sign-in ends on the sign-in screen with the message for `reason` (frontend i18n: identity.refused.*)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


# --- the connection (admins) ------------------------------------------------------------------


def _ensure_admin(actor: User) -> None:
    if not actor.is_admin:
        raise Forbidden()


def provider_of(organisation_id: int) -> IdentityProvider | None:
    return db.session.scalar(select(IdentityProvider).where(IdentityProvider.organisation_id == organisation_id))


def get_provider(actor: User) -> IdentityProvider:
    _ensure_admin(actor)
    provider = provider_of(actor.organisation_id)
    if provider is None:
        raise NotFound("identity_not_connected")
    return provider


def display_name(provider: IdentityProvider) -> str:
    if provider.kind == ProviderKind.ENTRA:
        return "Microsoft"
    if provider.kind == ProviderKind.GOOGLE:
        return "Google"
    return urlsplit(provider.issuer).hostname or provider.issuer


def _issuer_for(args: dict) -> str:
    kind = args["kind"]
    if kind == ProviderKind.ENTRA:
        if not args.get("tenant_id"):
            raise DomainError("validation_failed", 422, fields={"tenant_id": [translate("identity_tenant_required")]})
        return oidc.entra_issuer(args["tenant_id"])
    if kind == ProviderKind.GOOGLE:
        return oidc.GOOGLE_ISSUER
    if not args.get("issuer"):
        raise DomainError("validation_failed", 422, fields={"issuer": [translate("identity_issuer_required")]})
    return args["issuer"].strip()  # exactly as the provider names itself (discovery must agree)


# push's address check says why (push/read.py); what the admin reads under the issuer field.
ISSUER_REFUSALS = {
    "push_endpoint_invalid": "identity_issuer_https",
    "push_endpoint_not_https": "identity_issuer_https",
    "push_endpoint_unresolvable": "identity_issuer_unresolvable",
    "push_endpoint_private": "identity_issuer_private",
}


def save_provider(actor: User, args: dict) -> IdentityProvider:
    """Connect or change the organisation's provider; its discovery document must answer first."""
    _ensure_admin(actor)
    issuer = _issuer_for(args)
    try:
        oidc.check_address(issuer)
    except oidc.AddressRefused as refused:
        message = ISSUER_REFUSALS.get(refused.code, "identity_issuer_https")
        text = translate(message)
        raise DomainError("identity_issuer_refused", 422, fields={"issuer": [text]}, message=text) from None
    provider = provider_of(actor.organisation_id)
    if provider is None and not args.get("client_secret"):
        raise DomainError("validation_failed", 422, fields={"client_secret": [translate("identity_secret_required")]})
    domains = sorted({d.strip().lower().lstrip("@") for d in args["domains"]})
    taken = db.session.scalars(
        select(IdentityDomain.domain)
        .join(IdentityProvider)
        .where(IdentityDomain.domain.in_(domains), IdentityProvider.organisation_id != actor.organisation_id)
    ).all()
    if taken:
        raise DomainError(
            "identity_domain_taken", 409, fields={"domains": [translate("identity_domain_taken", domain=taken[0])]}
        )
    try:
        oidc.discover(issuer, fresh=True)
    except oidc.ProviderUnreachable as exc:
        log.info("identity: discovery of %s failed: %s", issuer, exc)
        raise DomainError(
            "identity_discovery_failed", 422, fields={"issuer": [translate("identity_discovery_failed")]}
        ) from exc

    created = provider is None
    if created:
        provider = IdentityProvider(organisation_id=actor.organisation_id)
        db.session.add(provider)
    before = {"issuer": provider.issuer, "client_id": provider.client_id}
    before["domains"] = [d.domain for d in provider.domains]
    provider.kind = args["kind"]
    provider.tenant_id = args.get("tenant_id") if args["kind"] == ProviderKind.ENTRA else None
    if not created and provider.issuer != issuer:
        # Another provider's subjects mean other people: links to the old one must not carry over.
        db.session.execute(delete(IdentityLink).where(IdentityLink.provider_id == provider.id))
    provider.issuer = issuer
    provider.client_id = args["client_id"].strip()
    if args.get("client_secret"):
        provider.client_secret_encrypted = crypto.encrypt(args["client_secret"])
    provider.unknown_people = args.get("unknown_people", UnknownPeople.REFUSE.value)
    provider.updated_at = utcnow()
    current = {d.domain: d for d in provider.domains}
    for domain in set(current) - set(domains):
        provider.domains.remove(current[domain])
    for domain in set(domains) - set(current):
        provider.domains.append(IdentityDomain(domain=domain))
    db.session.flush()
    details = {
        "issuer": issuer,
        "client_id": provider.client_id,
        "domains": domains,
        "unknown_people": provider.unknown_people,
        "secret_changed": bool(args.get("client_secret")),
    }
    if not created:
        details["before"] = before
    record_audit(actor, "identity.connected" if created else "identity.changed", details=details)
    return provider


def save_policy(actor: User, args: dict) -> IdentityProvider:
    """Require the provider for everyone but one break-glass admin (an active admin of this organisation), or not."""
    provider = get_provider(actor)
    break_glass_id = args.get("break_glass_user_id")
    if break_glass_id is not None:
        person = db.session.get(User, break_glass_id)
        same_organisation = person is not None and person.organisation_id == actor.organisation_id
        if not same_organisation or not person.active or not person.is_admin:
            raise DomainError(
                "validation_failed", 422, fields={"break_glass_user_id": [translate("identity_break_glass_not_admin")]}
            )
    elif args["require_provider"]:
        raise DomainError(
            "validation_failed", 422, fields={"break_glass_user_id": [translate("identity_break_glass_required")]}
        )
    before = {"require_provider": provider.require_provider, "break_glass_user_id": provider.break_glass_user_id}
    provider.require_provider = args["require_provider"]
    provider.break_glass_user_id = break_glass_id
    provider.updated_at = utcnow()
    db.session.flush()
    after = {"require_provider": provider.require_provider, "break_glass_user_id": provider.break_glass_user_id}
    record_audit(actor, "identity.policy_changed", details={**after, "before": before})
    return provider


def break_glass_candidates(provider: IdentityProvider) -> list[dict]:
    """The organisation's active admins, and whether each can sign in with a password at all."""
    admins = db.session.scalars(
        select(User)
        .where(User.organisation_id == provider.organisation_id, User.role == Role.ADMIN.value, User.active.is_(True))
        .order_by(User.name, User.id)
    )
    return [{"id": a.id, "name": a.name, "has_password": bool(a.password_hash)} for a in admins]


def remove_provider(actor: User) -> None:
    provider = get_provider(actor)
    record_audit(actor, "identity.disconnected", details={"issuer": provider.issuer})
    db.session.delete(provider)
    db.session.flush()


# --- home-realm discovery and the flow --------------------------------------------------------


def _domain_of(email: str) -> str:
    return normalise_email(email).rpartition("@")[2]


def provider_for_email(email: str) -> IdentityProvider | None:
    """The provider covering this address's domain, if any (one at most: domains are unique)."""
    return db.session.scalar(
        select(IdentityProvider).join(IdentityDomain).where(IdentityDomain.domain == _domain_of(email))
    )


def redirect_uri(host_url: str) -> str:
    return host_url.rstrip("/") + CALLBACK_PATH


def begin(email: str, host_url: str) -> tuple[str, str]:
    """Start a sign-in at the provider for this address: (the authorization URL, the state for the browser)."""
    provider = provider_for_email(email)
    if provider is None:
        raise NotFound("identity_no_provider")
    return _authorize(provider, host_url, normalise_email(email), PURPOSE_SIGN_IN)


def begin_test(actor: User, host_url: str) -> tuple[str, str]:
    """An admin's test of the connection: a real sign-in at the provider whose outcome is shown, not applied."""
    return _authorize(get_provider(actor), host_url, None, PURPOSE_TEST)


def _authorize(provider: IdentityProvider, host_url: str, login_hint: str | None, purpose: str) -> tuple[str, str]:
    # Attempts older than a day are of no use to anyone: gone with the next one.
    db.session.execute(delete(SignInAttempt).where(SignInAttempt.created_at < utcnow() - timedelta(days=1)))
    try:
        metadata = oidc.discover(provider.issuer)
    except oidc.ProviderUnreachable as exc:
        log.warning("identity: provider %s unreachable: %s", provider.issuer, exc)
        raise DomainError("identity_provider_unreachable", 502) from exc
    auth = oidc.authorization(metadata, provider.client_id, redirect_uri(host_url), login_hint)
    db.session.add(
        SignInAttempt(
            state_hash=token_hash(auth.state),
            provider=provider,
            nonce=auth.nonce,
            code_verifier=auth.code_verifier,
            purpose=purpose,
        )
    )
    db.session.flush()
    return auth.url, auth.state


def _refuse(provider: IdentityProvider | None, reason: str, detail: str = "", **audit) -> SignInRefused:
    if g.get("identity_test_run"):
        audit["test"] = True
    if provider is not None:
        record_audit(
            None,
            "identity.sign_in_refused",
            details={"reason": reason, **({"detail": detail[:300]} if detail else {}), **audit},
            organisation_id=provider.organisation_id,
        )
    log.info("identity: sign-in refused (%s) %s", reason, detail)
    return SignInRefused(reason, detail)


def _claim_attempt(state: str | None, browser_state: str | None) -> SignInAttempt:
    """The attempt this state names, used now: only once, within 10 minutes, from the browser that began it."""
    if not state or not browser_state or state != browser_state:
        raise _refuse(None, "state_invalid", "state missing or not this browser's")
    attempt = db.session.scalar(select(SignInAttempt).where(SignInAttempt.state_hash == token_hash(state)))
    if attempt is None or attempt.used_at is not None or utcnow() - attempt.created_at > ATTEMPT_VALIDITY:
        raise _refuse(attempt.provider if attempt else None, "state_invalid", "state unknown, used or expired")
    attempt.used_at = utcnow()
    db.session.flush()
    return attempt


@dataclass(frozen=True)
class Finished:
    """A sign-in that held up: the person to sign in, or for an admin's test run what would have happened."""

    person: User | None
    # signed_in (already linked), linked (would link), invited (would accept an invite), created (would create)
    test_outcome: str | None = None
    email: str | None = None


def finish(args: dict, browser_state: str | None, host_url: str) -> Finished:
    """Complete the sign-in the provider sent back, or SignInRefused. A test run (begun by an admin under
    Beheer → Organisatie → Inloggen) checks everything the same way but signs nobody in and stores nothing."""
    attempt = _claim_attempt(args.get("state"), browser_state)
    provider = attempt.provider
    g.identity_test_run = attempt.purpose == PURPOSE_TEST
    if args.get("iss") and args["iss"] != provider.issuer:  # RFC 9207: an answer from another provider
        raise _refuse(provider, "token_invalid", f"iss parameter {args['iss']!r}")
    if args.get("error") or not args.get("code"):
        raise _refuse(provider, "provider_error", str(args.get("error") or "no code"))
    secret = crypto.decrypt(provider.client_secret_encrypted)
    if secret is None:
        raise _refuse(provider, "provider_unreachable", "client secret unreadable: SECRET_KEY changed?")
    try:
        metadata = oidc.discover(provider.issuer)
        token = oidc.exchange_code(
            metadata, provider.client_id, secret, args["code"], redirect_uri(host_url), attempt.code_verifier
        )
        claims = oidc.verify_id_token(metadata, provider.client_id, token["id_token"], attempt.nonce)
        claims = oidc.with_userinfo(metadata, claims, token.get("access_token"))
    except oidc.ProviderUnreachable as exc:
        raise _refuse(provider, "provider_unreachable", str(exc)) from exc
    except oidc.TokenRejected as exc:
        raise _refuse(provider, "token_invalid", str(exc)) from exc
    if attempt.purpose == PURPOSE_TEST:
        outcome = person_for_claims(provider, claims, dry_run=True)
        record_audit(
            None,
            "identity.tested",
            details={"outcome": outcome, "subject": str(claims["sub"]), "email": claims.get("email")},
            organisation_id=provider.organisation_id,
        )
        return Finished(None, outcome, claims.get("email"))
    return Finished(person_for_claims(provider, claims))


def _email_verified(provider: IdentityProvider, claims: dict) -> bool:
    """The provider vouches for the address: `email_verified`, or on Microsoft Entra ID (whose ID tokens carry no
    email_verified) the optional claim `xms_edov`, "the e-mail domain's owner is verified" (see docs/identity.md)."""
    if claims.get("email_verified") is True:
        return True
    return provider.kind == ProviderKind.ENTRA and claims.get("xms_edov") in (True, "1", "true")


def person_for_claims(provider: IdentityProvider, claims: dict, dry_run: bool = False):
    """The person a verified ID token names in the provider's organisation: linked, linked now, invited (an open
    invite of this address completed), created, or refused.
    A dry run writes nothing and answers what would happen: signed_in, linked, invited or created."""
    subject = str(claims["sub"])
    link = db.session.scalar(
        select(IdentityLink).where(IdentityLink.provider_id == provider.id, IdentityLink.subject == subject)
    )
    if link is not None:
        person = db.session.get(User, link.user_id)
        if person.organisation_id != provider.organisation_id:  # cannot happen by construction; never cross
            raise _refuse(provider, "other_organisation", subject=subject)
        if not person.active:
            raise _refuse(provider, "deactivated", subject=subject, user_id=person.id)
        if dry_run:
            return "signed_in"
        link.last_sign_in_at = utcnow()
        return person

    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise _refuse(provider, "email_missing", subject=subject)
    email = normalise_email(email)
    if not _email_verified(provider, claims):
        raise _refuse(provider, "email_unverified", subject=subject, email=email)
    if _domain_of(email) not in {d.domain for d in provider.domains}:
        raise _refuse(provider, "domain_not_covered", subject=subject, email=email)

    person = db.session.scalar(select(User).where(User.email == email))
    if person is not None and person.organisation_id != provider.organisation_id:
        raise _refuse(provider, "other_organisation", subject=subject, email=email)
    if person is not None and not person.active:
        raise _refuse(provider, "deactivated", subject=subject, user_id=person.id)
    if person is not None and db.session.scalar(
        select(IdentityLink.id).where(IdentityLink.provider_id == provider.id, IdentityLink.user_id == person.id)
    ):
        raise _refuse(provider, "linked_to_other_subject", subject=subject, user_id=person.id)
    created = person is None
    invite = accounts.open_invite_for(email, provider.organisation_id) if created else None
    if created and invite is None and provider.unknown_people != UnknownPeople.CREATE_STAFF:
        raise _refuse(provider, "unknown_person", subject=subject, email=email)
    if dry_run:
        return "linked" if not created else "invited" if invite is not None else "created"
    name = claims.get("name") if isinstance(claims.get("name"), str) and claims["name"].strip() else email
    if invite is not None:
        person = accounts.accept_invite_without_password(invite, name.strip()[:120])
    elif created:
        organisation = db.session.get(Organisation, provider.organisation_id)
        person = User(
            organisation_id=provider.organisation_id,
            email=email,
            name=name.strip()[:120],
            role=Role.STAFF.value,
            password_hash=None,
            time_zone=organisation.time_zone,
            locale=organisation.locale,
        )
        db.session.add(person)
        db.session.flush()
    db.session.add(IdentityLink(provider_id=provider.id, user_id=person.id, subject=subject, last_sign_in_at=utcnow()))
    db.session.flush()
    details = {"subject": subject, "email": email}
    if invite is not None:
        action, details["invite_id"] = "identity.invite_accepted", invite.id
    else:
        action = "identity.person_created" if created else "identity.linked"
    record_audit(None, action, target=person, details=details, organisation_id=provider.organisation_id)
    return person


# --- the invite page --------------------------------------------------------------------------


def invite_sign_in(raw_token: str) -> dict:
    """How the invite page lets this invitee in: `provider` (their domain signs in at the organisation's provider:
    the first sign-in there completes the invite), `password` (choose one), or `unavailable` (the organisation
    requires its provider but it does not cover this address: only an admin can help). `required`: no password."""
    invite = accounts.find_open_invite(raw_token)
    provider = provider_of(invite.organisation_id)
    covered = provider is not None and _domain_of(invite.email) in {d.domain for d in provider.domains}
    required = provider is not None and provider.require_provider
    method = "provider" if covered else "unavailable" if required else "password"
    return {
        "method": method,
        "provider_name": display_name(provider) if covered else None,
        "required": required,
        "email": invite.email,
    }

"""What identity hears from other domains: a password sign-in or an invite accepted with a password (refused when the
organisation requires its provider), an admin stepping down (refused for the break-glass admin then), and data
rights. A person's export lists their links to the provider and their passkeys (never a key); erasure removes both,
so nothing of theirs can sign in again."""

from __future__ import annotations

from sqlalchemy import delete, select

from backend import signals
from backend.accounts.models import User
from backend.errors import DomainError
from backend.extensions import db
from backend.i18n import translate
from backend.identity import service
from backend.identity.models import IdentityLink, IdentityProvider, Passkey


def _required_provider(organisation_id: int) -> IdentityProvider | None:
    provider = db.session.scalar(select(IdentityProvider).where(IdentityProvider.organisation_id == organisation_id))
    return provider if provider is not None and provider.require_provider else None


@signals.password_sign_in.connect
def refuse_password_when_provider_required(user: User, accepting_invite: bool = False, **_kwargs) -> None:
    """Passwords stay for the break-glass admin only (while an admin); passkeys are not refused
    (phishing-resistant). An invitee completes the invite at the provider instead (service.person_for_claims)."""
    provider = _required_provider(user.organisation_id)
    if provider is None:
        return
    if accepting_invite:
        raise DomainError("provider_required", 403, message=translate("identity_invite_password_refused"))
    if user.id is not None and provider.break_glass_user_id == user.id and user.is_admin:
        return
    raise DomainError("provider_required", 403, message=translate("identity_provider_required"))


@signals.invite_sign_in_method.connect
def invite_signs_in_at_the_provider(invite, **_kwargs) -> str | None:
    """The invite mail names the provider when the invitee's address is one the organisation's provider covers."""
    provider = service.provider_of(invite.organisation_id)
    covering = service.provider_for_email(invite.email)
    if provider is None or covering is None or covering.id != provider.id:
        return None
    return service.display_name(provider)


@signals.admin_stepping_down.connect
def keep_the_break_glass_admin(user: User, **_kwargs) -> None:
    """While the provider is required the break-glass admin is the only way in with a password (the provider
    down): they stay an active admin until another is chosen."""
    provider = _required_provider(user.organisation_id)
    if provider is not None and provider.break_glass_user_id == user.id:
        raise DomainError("break_glass_admin", 409, message=translate("identity_break_glass_leaving", name=user.name))


@signals.personal_data_export.connect
def export_personal_data(user: User, **_kwargs) -> dict:
    links = db.session.execute(
        select(IdentityLink, IdentityProvider.issuer)
        .join(IdentityProvider, IdentityProvider.id == IdentityLink.provider_id)
        .where(IdentityLink.user_id == user.id)
    ).all()
    passkeys = db.session.scalars(select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)).all()
    return {
        "identity_links": [
            {
                "issuer": issuer,
                "subject": link.subject,
                "created_at": link.created_at,
                "last_sign_in_at": link.last_sign_in_at,
            }
            for link, issuer in links
        ],
        "passkeys": [{"name": p.name, "created_at": p.created_at, "last_used_at": p.last_used_at} for p in passkeys],
    }


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    db.session.execute(delete(IdentityLink).where(IdentityLink.user_id == user.id))
    db.session.execute(delete(Passkey).where(Passkey.user_id == user.id))

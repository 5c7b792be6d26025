"""What identity hears from other domains: a password sign-in (refused when the organisation requires its provider),
and data rights. A person's export lists their links to the provider
and their passkeys (never a key); erasure removes both, so nothing of theirs can sign in again."""

from __future__ import annotations

from sqlalchemy import delete, select

from backend import signals
from backend.accounts.models import User
from backend.errors import DomainError
from backend.extensions import db
from backend.i18n import translate
from backend.identity.models import IdentityLink, IdentityProvider, Passkey


@signals.password_sign_in.connect
def refuse_password_when_provider_required(user: User, **_kwargs) -> None:
    """Passwords stay for the break-glass admin only; passkeys are not refused (phishing-resistant)."""
    provider = db.session.scalar(
        select(IdentityProvider).where(IdentityProvider.organisation_id == user.organisation_id)
    )
    if provider is None or not provider.require_provider or provider.break_glass_user_id == user.id:
        return
    raise DomainError("provider_required", 403, message=translate("identity_provider_required"))


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

"""An organisation's OpenID Connect provider, the e-mail domains it covers, who is linked to which
subject, and the sign-ins under way (state, nonce and PKCE verifier, each used once)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db
from backend.timeutil import UTCDateTime, utcnow


class ProviderKind(enum.StrEnum):
    GENERIC = "generic"
    ENTRA = "entra"  # Microsoft Entra ID: the issuer follows from the tenant id
    GOOGLE = "google"  # Google Workspace


class UnknownPeople(enum.StrEnum):
    REFUSE = "refuse"  # they need an invite (the default)
    CREATE_STAFF = "create_staff"  # created on first sign-in as staff without a team


class IdentityProvider(db.Model):
    """One per organisation. The client secret is kept encrypted (identity/secrets.py), never answered."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default=ProviderKind.GENERIC.value)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    client_secret_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    unknown_people: Mapped[str] = mapped_column(String(16), default=UnknownPeople.REFUSE.value)
    # Everyone of the organisation signs in at the provider (or with a passkey), except the break-glass admin,
    # who may still use a password when the provider is down (identity/receivers.py refuses the others).
    require_provider: Mapped[bool] = mapped_column(default=False)
    break_glass_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    domains: Mapped[list[IdentityDomain]] = relationship(
        back_populates="provider", cascade="all, delete-orphan", order_by="IdentityDomain.domain"
    )


class IdentityDomain(db.Model):
    """An e-mail domain a provider covers: unique over the installation, so one domain leads to one organisation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("identity_provider.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)

    provider: Mapped[IdentityProvider] = relationship(back_populates="domains")


class IdentityLink(db.Model):
    """A person is the provider's subject (`sub`), never just an e-mail address."""

    __table_args__ = (UniqueConstraint("provider_id", "subject"), UniqueConstraint("provider_id", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("identity_provider.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignInAttempt(db.Model):
    """A sign-in sent to the provider: its state (hashed), nonce and PKCE verifier; answered at most once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("identity_provider.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(64))
    code_verifier: Mapped[str] = mapped_column(String(128))
    purpose: Mapped[str] = mapped_column(String(16), default="sign_in")  # or "test": an admin's test run
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    provider: Mapped[IdentityProvider] = relationship()


class Passkey(db.Model):
    """A WebAuthn credential (passkey or security key) a person registered under Ik; signs them in with one tap."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # COSE, as py_webauthn verified it
    sign_count: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

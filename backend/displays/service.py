"""The rules of office screens: pairing (RFC 8628), approving a code, configuring and revoking a screen.

Pairing: `start_pairing` hands the screen a device code (kept secret by the screen) and a user code
(shown large, 8 letters from an alphabet without vowels or look-alikes); `poll` answers the screen
the way RFC 8628 §3.5 says (authorization_pending, slow_down, expired_token, access_denied) and,
once a person approved the code (`approve`), hands out the display's credential exactly once.
The credential reads `GET /display/feed` and nothing else: it is checked there only (`authenticate`),
never by Flask-Login, so it cannot become a person's session. Functions flush, never commit.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update

from backend.accounts.models import Role, Team, User
from backend.displays.models import Display, DisplayMode, DisplayPairing, PairingStatus
from backend.errors import DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.timeutil import utcnow

# RFC 8628 §6.1: consonants only (no words), no look-alikes (no A/E/I/O/U/Y, no digits): 20^8 ≈ 2.6e10 codes.
USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
USER_CODE_LENGTH = 8
PAIRING_LIFETIME = timedelta(minutes=10)
POLL_INTERVAL = 5  # seconds
SLOW_DOWN_STEP = 5  # RFC 8628 §3.5: the interval grows by 5 s on each slow_down
TOKEN_PREFIX = "rds_"  # noqa: S105 (a prefix, not a secret); "Ritme display secret": recognisable in logs and secret scanners
SEEN_EVERY = timedelta(minutes=5)  # last_seen_at is written at most this often (a read should not write)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_user_code(text: str) -> str:
    """What a person types ("bcdf ghjk", "BCDF-GHJK") as stored: 8 capitals, no separators."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_user_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# --- the screen's side ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pairing:
    device_code: str
    user_code: str  # XXXX-XXXX
    expires_in: int
    interval: int


def start_pairing() -> Pairing:
    """A new device code and user code for a screen (RFC 8628 §3.2); nothing about the screen is known yet."""
    now = utcnow()
    # Codes nobody entered leave no trace for long: a day after they expired they go.
    db.session.execute(delete(DisplayPairing).where(DisplayPairing.expires_at < now - timedelta(days=1)))
    device_code = secrets.token_urlsafe(32)
    pending = set(
        db.session.scalars(
            select(DisplayPairing.user_code).where(
                DisplayPairing.status == PairingStatus.PENDING.value, DisplayPairing.expires_at > now
            )
        )
    )
    while True:
        user_code = "".join(secrets.choice(USER_CODE_ALPHABET) for _ in range(USER_CODE_LENGTH))
        if user_code not in pending:
            break
    db.session.add(
        DisplayPairing(
            device_code_hash=_hash(device_code),
            user_code=user_code,
            interval=POLL_INTERVAL,
            created_at=now,
            expires_at=now + PAIRING_LIFETIME,
        )
    )
    db.session.flush()
    return Pairing(device_code, format_user_code(user_code), int(PAIRING_LIFETIME.total_seconds()), POLL_INTERVAL)


class GrantError(DomainError):
    """An RFC 8628 §3.5 answer to a poll: 400 with the error code the screen acts on."""

    def __init__(self, code: str, **fields):
        super().__init__(code, 400, message=translate(code))
        self.extra = fields


@dataclass(frozen=True)
class Credential:
    access_token: str
    display: Display


def poll(device_code: str) -> Credential:
    """The screen asks whether its code was entered (RFC 8628 §3.4): the credential once, else why not."""
    pairing = db.session.scalar(select(DisplayPairing).where(DisplayPairing.device_code_hash == _hash(device_code)))
    if pairing is None or pairing.status == PairingStatus.USED.value:
        raise GrantError("invalid_grant")
    now = utcnow()
    if pairing.status == PairingStatus.DENIED.value:
        raise GrantError("access_denied")
    if now >= pairing.expires_at:
        raise GrantError("expired_token")
    if pairing.status == PairingStatus.PENDING.value:
        too_soon = pairing.last_polled_at is not None and now - pairing.last_polled_at < timedelta(
            seconds=pairing.interval - 1  # a second's slack for timers and networks
        )
        interval = pairing.interval + (SLOW_DOWN_STEP if too_soon else 0)
        _record_poll(pairing.id, now, interval)
        if too_soon:
            raise GrantError("slow_down", interval=interval)
        raise GrantError("authorization_pending")
    # Approved: exactly one poll turns it into the credential, also when two polls race.
    claimed = db.session.execute(
        update(DisplayPairing)
        .where(DisplayPairing.id == pairing.id, DisplayPairing.status == PairingStatus.APPROVED.value)
        .values(status=PairingStatus.USED.value, last_polled_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise GrantError("invalid_grant")
    display = db.session.get(Display, pairing.display_id)
    if display is None or display.revoked_at is not None:
        raise GrantError("access_denied")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    display.token_hash = _hash(token)
    display.last_seen_at = now
    db.session.flush()
    return Credential(token, display)


def _record_poll(pairing_id: int, now, interval: int) -> None:
    """A poll answered 400 still records when it came and the interval it was given: in its own
    transaction, since the request that answers 400 rolls its own work back."""
    with db.engine.begin() as connection:
        connection.execute(
            update(DisplayPairing.__table__)
            .where(DisplayPairing.__table__.c.id == pairing_id)
            .values(last_polled_at=now, interval=interval)
        )


def authenticate(authorization: str | None) -> Display:
    """The display of a `Bearer rds_…` credential; 401 for anything else, a revoked one included."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.startswith(TOKEN_PREFIX):
        raise DomainError("display_unauthorized", 401)
    display = db.session.scalar(select(Display).where(Display.token_hash == _hash(token.strip())))
    if display is None or display.revoked_at is not None:
        raise DomainError("display_unauthorized", 401)
    now = utcnow()
    if display.last_seen_at is None or now - display.last_seen_at > SEEN_EVERY:
        display.last_seen_at = now
    return display


# --- the person's side (Beheer → Schermen) ----------------------------------------------------


def _ensure_may_manage_screens(actor: User) -> None:
    if actor.role not in (Role.ADMIN, Role.MANAGER):
        raise Forbidden()


def _teams(actor: User, team_ids: list[int]) -> list[int]:
    """The teams a screen may show: of the actor's organisation, not archived; a manager only their own."""
    wanted = sorted(set(team_ids))
    teams = list(
        db.session.scalars(
            select(Team).where(
                Team.id.in_(wanted), Team.organisation_id == actor.organisation_id, Team.archived_at.is_(None)
            )
        )
    )
    if len(teams) != len(wanted):
        raise DomainError("validation_failed", 422, fields={"team_ids": [translate("display_unknown_team")]})
    if actor.role != Role.ADMIN and not set(wanted) <= actor.managed_team_ids():
        raise DomainError("validation_failed", 422, fields={"team_ids": [translate("display_not_your_team")]})
    return wanted


def _pending(user_code: str) -> DisplayPairing:
    """A code that is waiting to be entered; 404 for a wrong, used, refused or expired one (no difference told)."""
    code = normalise_user_code(user_code)
    pairing = db.session.scalar(
        select(DisplayPairing)
        .where(
            DisplayPairing.user_code == code,
            DisplayPairing.status == PairingStatus.PENDING.value,
            DisplayPairing.expires_at > utcnow(),
        )
        .order_by(DisplayPairing.id.desc())
        .limit(1)
    )
    if pairing is None:
        raise NotFound("display_code_unknown")
    return pairing


def approve(actor: User, user_code: str, name: str, team_ids: list[int], mode: str, slide_seconds: int) -> Display:
    """Enter a screen's code: the screen becomes a display of the actor's organisation with this configuration."""
    _ensure_may_manage_screens(actor)
    pairing = _pending(user_code)
    display = Display(
        organisation_id=actor.organisation_id,
        name=name.strip(),
        mode=DisplayMode(mode).value,
        team_ids=_teams(actor, team_ids),
        slide_seconds=slide_seconds,
        created_by_id=actor.id,
    )
    db.session.add(display)
    db.session.flush()
    claimed = db.session.execute(
        update(DisplayPairing)
        .where(DisplayPairing.id == pairing.id, DisplayPairing.status == PairingStatus.PENDING.value)
        .values(status=PairingStatus.APPROVED.value, organisation_id=actor.organisation_id, display_id=display.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # someone else entered it a moment earlier
        raise NotFound("display_code_unknown")
    return display


def deny(actor: User, user_code: str) -> None:
    """Refuse a code shown on a screen one does not recognise: the screen is told access_denied."""
    _ensure_may_manage_screens(actor)
    pairing = _pending(user_code)
    pairing.status = PairingStatus.DENIED.value
    db.session.flush()


def displays(actor: User) -> list[Display]:
    """The organisation's screens that are not revoked, newest first."""
    _ensure_may_manage_screens(actor)
    return list(
        db.session.scalars(
            select(Display)
            .where(Display.organisation_id == actor.organisation_id, Display.revoked_at.is_(None))
            .order_by(Display.created_at.desc(), Display.id.desc())
        )
    )


def _display(actor: User, display_id: int) -> Display:
    _ensure_may_manage_screens(actor)
    display = db.session.get(Display, display_id)
    if display is None or display.organisation_id != actor.organisation_id or display.revoked_at is not None:
        raise NotFound()
    if actor.role != Role.ADMIN and not set(display.team_ids) <= actor.managed_team_ids():
        raise Forbidden()
    return display


def change(actor: User, display_id: int, **changes) -> Display:
    """Rename a screen, or change its teams, mode or seconds per slide."""
    display = _display(actor, display_id)
    if "team_ids" in changes:
        display.team_ids = _teams(actor, changes.pop("team_ids"))
    if "name" in changes:
        display.name = changes.pop("name").strip()
    if "mode" in changes:
        display.mode = DisplayMode(changes.pop("mode")).value
    if "slide_seconds" in changes:
        display.slide_seconds = changes.pop("slide_seconds")
    db.session.flush()
    return display


def revoke(actor: User, display_id: int) -> None:
    """One click: the credential stops working at once; the screen shows its pairing code on its next poll."""
    display = _display(actor, display_id)
    display.revoked_at = utcnow()
    display.token_hash = None
    db.session.flush()

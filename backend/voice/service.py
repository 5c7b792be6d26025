"""The rules of customer voice: share (idempotent by client_id), the feed with its filters, pin, delete.

Functions take the acting person, flush and never commit (the request commits once). Other domains are
read through their read.py only: a linked behaviour (rhythm) and a linked win (wins) must be the actor's
organisation's, and a win one the actor may see.

Who may do what:
- anyone signed in shares a voice and reads the whole organisation's feed (the customer's voice is for every
  department);
- the author deletes their own voice; an admin deletes any;
- admins pin any voice; a manager pins a voice that concerns a team they manage, or no team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from backend.accounts.models import Role, Team, User
from backend.audit import record_audit
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.rhythm import read as rhythm
from backend.timeutil import local_today, utcnow
from backend.voice.models import CustomerVoice, Source
from backend.wins import read as wins

PAGE = 30
WIN_OPTIONS = 20
LOADS = (selectinload(CustomerVoice.author), selectinload(CustomerVoice.team), selectinload(CustomerVoice.pinned_by))
SCORE_BANDS = {"promoter": (9, 10), "passive": (7, 8), "detractor": (0, 6)}  # NPS's own bands


def _invalid(field: str, key: str, **params) -> DomainError:
    return DomainError("validation_failed", 422, fields={field: [translate(key, **params)]})


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


@dataclass(frozen=True)
class VoiceResult:
    voice: CustomerVoice
    created: bool


def _team_of_organisation(actor: User, team_id: int | None) -> int | None:
    if team_id is None:
        return None
    team = db.session.get(Team, team_id)
    if team is None or team.organisation_id != actor.organisation_id:
        raise _invalid("team_id", "voice_unknown_team")
    return team.id


def _checked_links(actor: User, args: dict) -> tuple[int | None, int | None]:
    behaviour_id, win_id = args.get("behaviour_id"), args.get("win_id")
    if behaviour_id is not None and not rhythm.behaviour_in_organisation(behaviour_id, actor.organisation_id):
        raise _invalid("behaviour_id", "voice_unknown_behaviour")
    if win_id is not None:
        try:
            wins.people_on_win(actor, win_id)  # a win of the organisation the actor may see
        except NotFound:
            raise _invalid("win_id", "voice_unknown_win") from None
    return behaviour_id, win_id


def win_options(actor: User, text: str) -> list:
    """The wins a voice may be linked to (wins' read API decides which the actor may see)."""
    return wins.search(actor, text, limit=WIN_OPTIONS)


def _same(voice: CustomerVoice, args: dict, said_on: date) -> bool:
    return (
        voice.quote == args["quote"].strip()
        and voice.customer == _clean(args.get("customer"))
        and voice.channel == args["channel"]
        and voice.team_id == args.get("team_id")
        and voice.score == args.get("score")
        and voice.behaviour_id == args.get("behaviour_id")
        and voice.win_id == args.get("win_id")
        and voice.said_on == said_on
    )


def _by_client_id(organisation_id: int, client_id: str) -> CustomerVoice | None:
    return db.session.scalar(
        select(CustomerVoice).where(
            CustomerVoice.organisation_id == organisation_id, CustomerVoice.client_id == client_id
        )
    )


def _replayed(actor: User, stored: CustomerVoice, args: dict, said_on: date) -> VoiceResult:
    if stored.author_id != actor.id or not _same(stored, args, said_on):
        raise Conflict("client_id_reused")
    return VoiceResult(stored, False)


def share(actor: User, args: dict, now: datetime | None = None) -> VoiceResult:
    """Share what a customer said; replaying the same client_id answers the stored voice (another payload: 409)."""
    now = now or utcnow()
    client_id = str(args["client_id"])
    today = local_today(actor.time_zone, now)
    said_on = args.get("said_on") or today
    if said_on > today:
        raise _invalid("said_on", "voice_future_day")
    stored = _by_client_id(actor.organisation_id, client_id)
    if stored is not None:
        return _replayed(actor, stored, args, said_on)
    team_id = _team_of_organisation(actor, args.get("team_id"))
    behaviour_id, win_id = _checked_links(actor, args)
    voice = CustomerVoice(
        organisation_id=actor.organisation_id,
        author_id=actor.id,
        client_id=client_id,
        source=Source.SHARED.value,
        quote=args["quote"].strip(),
        customer=_clean(args.get("customer")),
        channel=args["channel"],
        team_id=team_id,
        score=args.get("score"),
        behaviour_id=behaviour_id,
        win_id=win_id,
        said_on=said_on,
        created_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(voice)
            db.session.flush()
    except IntegrityError:
        # The same write arrived twice at once (a retry racing the original); the database kept one.
        stored = _by_client_id(actor.organisation_id, client_id)
        if stored is None:
            raise
        return _replayed(actor, stored, args, said_on)
    return VoiceResult(voice, True)


def _load(actor: User, voice_id: int) -> CustomerVoice:
    voice = db.session.get(CustomerVoice, voice_id)
    if voice is None or voice.organisation_id != actor.organisation_id:
        raise NotFound()
    return voice


def get(actor: User, voice_id: int) -> CustomerVoice:
    return _load(actor, voice_id)


# --- the feed -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    items: list[CustomerVoice]
    next_offset: int | None
    behaviour_names: dict[int, str]


def feed(
    actor: User,
    team_id: int | None = None,
    customer: str | None = None,
    score: str | None = None,
    offset: int = 0,
    limit: int = PAGE,
    locale: str = "nl",
) -> Feed:
    """The organisation's voices, pinned first, then the newest; filtered by department (team), customer
    (a part of its name, any case) and score band (promoter 9–10, passive 7–8, detractor 0–6, none)."""
    query = select(CustomerVoice).where(
        CustomerVoice.organisation_id == actor.organisation_id, CustomerVoice.quote.is_not(None)
    )
    if team_id is not None:
        query = query.where(CustomerVoice.team_id == team_id)
    if customer:
        needle = customer.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(CustomerVoice.customer).like(f"%{needle}%", escape="\\"))
    if score == "none":
        query = query.where(CustomerVoice.score.is_(None))
    elif score in SCORE_BANDS:
        low, high = SCORE_BANDS[score]
        query = query.where(CustomerVoice.score.between(low, high))
    rows = list(
        db.session.scalars(
            query.options(
                selectinload(CustomerVoice.author),
                selectinload(CustomerVoice.team),
                selectinload(CustomerVoice.pinned_by),
            )
            .order_by(
                CustomerVoice.pinned_at.is_(None),
                CustomerVoice.pinned_at.desc(),
                CustomerVoice.said_on.desc(),
                CustomerVoice.created_at.desc(),
                CustomerVoice.id.desc(),
            )
            .offset(offset)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    items = rows[:limit]
    names = rhythm.behaviour_names({v.behaviour_id for v in items if v.behaviour_id}, locale)
    return Feed(items, offset + limit if more else None, names)


def customers(actor: User) -> list[str]:
    """The customers named in the organisation's voices, for the filter's suggestions."""
    return list(
        db.session.scalars(
            select(CustomerVoice.customer)
            .where(CustomerVoice.organisation_id == actor.organisation_id, CustomerVoice.customer.is_not(None))
            .group_by(CustomerVoice.customer)
            .order_by(func.lower(CustomerVoice.customer))
            .limit(500)
        )
    )


# --- pin and delete -----------------------------------------------------------------------------


def can_pin(actor: User, voice: CustomerVoice) -> bool:
    if actor.is_admin:
        return True
    if actor.role != Role.MANAGER:
        return False
    return voice.team_id is None or voice.team_id in actor.managed_team_ids()


def can_delete(actor: User, voice: CustomerVoice) -> bool:
    return actor.is_admin or (voice.author_id is not None and voice.author_id == actor.id)


def set_pinned(actor: User, voice_id: int, pinned: bool, now: datetime | None = None) -> CustomerVoice:
    voice = _load(actor, voice_id)
    if not can_pin(actor, voice):
        raise Forbidden()
    if pinned and voice.pinned_at is None:
        voice.pinned_at, voice.pinned_by_id = now or utcnow(), actor.id
        record_audit(actor, "voice_pinned", voice, {"team_id": voice.team_id})
    elif not pinned and voice.pinned_at is not None:
        voice.pinned_at, voice.pinned_by_id = None, None
        record_audit(actor, "voice_unpinned", voice, {"team_id": voice.team_id})
    db.session.flush()
    return voice


def delete(actor: User, voice_id: int) -> None:
    voice = _load(actor, voice_id)
    if not can_delete(actor, voice):
        raise Forbidden()
    if voice.author_id != actor.id:
        record_audit(actor, "voice_deleted", voice, {"author_id": voice.author_id})
    db.session.delete(voice)
    db.session.flush()


def may_import(actor: User) -> bool:
    return actor.is_admin or actor.role == Role.MANAGER


def ensure_may_import(actor: User) -> None:
    if not may_import(actor):
        raise Forbidden()

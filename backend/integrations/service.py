"""The integrations' rules: endpoints and their secrets, which events go where, the delivery log,
inbound sources. Admins only, within their organisation."""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from backend.accounts.models import Organisation, Team, User, Visibility
from backend.audit import record_audit
from backend.challenges import read as challenges
from backend.errors import DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.integrations import delivery as sending
from backend.integrations import texts  # noqa: F401  (registers the texts)
from backend.integrations.models import Delivery, Endpoint, InboundEvent, InboundSource, Suggestion
from backend.leaderboards import read as leaderboards
from backend.outcomes import read as outcomes
from backend.push import read as push
from backend.rhythm import read as rhythm
from backend.timeutil import utcnow

EVENT_TYPES = (
    "badge.awarded",
    "win.logged",
    "win.confirmed",
    "goal.reached",
    "streak.milestone",
    "challenge.result",
    "team.summary",
)
TEST_EVENT = "ritme.test"
ROTATION_OVERLAP = timedelta(hours=24)  # the old secret stays valid this long after a rotation
STREAK_MILESTONES = (7, 30, 100, 365)
NAMES_MAX = 5  # names in one message at most (badge earners of a week, who beat their personal best)
LOG_LIMIT = 50
URL_CODES = {
    "push_endpoint_invalid": "hook_url_invalid",
    "push_endpoint_not_https": "hook_url_not_https",
    "push_endpoint_unresolvable": "hook_url_unresolvable",
    "push_endpoint_private": "hook_url_private",
}


def _admin(actor: User) -> None:
    if not actor.is_admin:
        raise Forbidden()


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _checked_url(url: str) -> str:
    try:
        push.public_origin(url, sending.allow_loopback())
    except push.UrlRefused as refused:
        raise DomainError("validation_failed", 422, fields={"url": [translate(URL_CODES[refused.code])]}) from None
    return url


# --- endpoints --------------------------------------------------------------------------------


def list_endpoints(actor: User) -> list[Endpoint]:
    _admin(actor)
    return list(
        db.session.scalars(
            select(Endpoint).where(Endpoint.organisation_id == actor.organisation_id).order_by(Endpoint.id)
        )
    )


def get_endpoint(actor: User, endpoint_id: int) -> Endpoint:
    _admin(actor)
    endpoint = db.session.get(Endpoint, endpoint_id)
    if endpoint is None or endpoint.organisation_id != actor.organisation_id:
        raise NotFound()
    return endpoint


def create_endpoint(actor: User, args: dict) -> Endpoint:
    _admin(actor)
    endpoint = Endpoint(
        organisation_id=actor.organisation_id,
        name=args["name"],
        url=_checked_url(args["url"]),
        preset=args.get("preset", "generic"),
        events=sorted(set(args.get("events") or EVENT_TYPES)),
        enabled=args.get("enabled", True),
        secret=new_secret(),
        created_by_id=actor.id,
    )
    db.session.add(endpoint)
    db.session.flush()
    record_audit(actor, "webhook_endpoint_created", endpoint, {"preset": endpoint.preset})
    return endpoint


def update_endpoint(actor: User, endpoint_id: int, changes: dict) -> Endpoint:
    endpoint = get_endpoint(actor, endpoint_id)
    if "url" in changes:
        endpoint.url = _checked_url(changes["url"])
    for key in ("name", "preset"):
        if key in changes:
            setattr(endpoint, key, changes[key])
    if "events" in changes:
        endpoint.events = sorted(set(changes["events"]))
    if "enabled" in changes:
        endpoint.enabled = changes["enabled"]
        endpoint.disabled_reason = None if changes["enabled"] else "admin"
    record_audit(actor, "webhook_endpoint_changed", endpoint, {"fields": sorted(changes)})
    return endpoint


def delete_endpoint(actor: User, endpoint_id: int) -> None:
    endpoint = get_endpoint(actor, endpoint_id)
    record_audit(actor, "webhook_endpoint_deleted", endpoint)
    db.session.delete(endpoint)


def rotate_secret(actor: User, endpoint_id: int, now: datetime | None = None) -> Endpoint:
    """A new secret signs from now on; the old one keeps signing alongside for ROTATION_OVERLAP."""
    now = now or utcnow()
    endpoint = get_endpoint(actor, endpoint_id)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = now + ROTATION_OVERLAP
    endpoint.secret = new_secret()
    record_audit(actor, "webhook_secret_rotated", endpoint)
    return endpoint


def deliveries(actor: User, endpoint_id: int, limit: int = LOG_LIMIT) -> list[Delivery]:
    endpoint = get_endpoint(actor, endpoint_id)
    return list(
        db.session.scalars(
            select(Delivery)
            .where(Delivery.endpoint_id == endpoint.id)
            .order_by(Delivery.created_at.desc(), Delivery.id.desc())
            .limit(limit)
        )
    )


def send_test(actor: User, endpoint_id: int, now: datetime | None = None) -> Delivery:
    """A test event to this endpoint now (also when it is switched off); its answer is in the log."""
    now = now or utcnow()
    endpoint = get_endpoint(actor, endpoint_id)
    organisation = db.session.get(Organisation, actor.organisation_id)
    lang = organisation.locale
    event = _event(
        TEST_EVENT, now, {"title": translate("hook_test_title", lang), "url": link("/admin/integrations")}, lang
    )
    delivery = _new_delivery(endpoint, f"test:{uuid.uuid4().hex}", event, now)
    db.session.flush()
    sending.send_now(delivery, now)
    return delivery


def send_again(actor: User, delivery_id: int, now: datetime | None = None) -> Delivery:
    """Any delivery again, due at once, with its webhook-id unchanged (the same event: a receiver that
    deduplicates on the id and already has it may ignore it)."""
    _admin(actor)
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None or delivery.organisation_id != actor.organisation_id:
        raise NotFound()
    delivery.status = "pending"
    delivery.attempts = 0
    delivery.next_attempt_at = now or utcnow()
    delivery.claimed_until = None
    return delivery


# --- events: what happened becomes one delivery per endpoint that wants it ---------------------


def link(path: str) -> str:
    return current_app.config.get("RITME_BASE_URL", "").rstrip("/") + path


def _event(event_type: str, now: datetime, data: dict, lang: str) -> dict:
    data = {**data, "lang": lang, "link_text": translate("hook_open", lang)}
    return {"type": event_type, "timestamp": now.isoformat().replace("+00:00", "Z"), "data": data}


def _new_delivery(endpoint: Endpoint, key: str, event: dict, now: datetime) -> Delivery:
    delivery = Delivery(
        organisation_id=endpoint.organisation_id,
        endpoint=endpoint,
        endpoint_id=endpoint.id,
        message_id=f"msg_{uuid.uuid4().hex}",
        event_key=key[:80],
        event_type=event["type"],
        payload=event,
        status="pending",
        next_attempt_at=now,
        created_at=now,
    )
    db.session.add(delivery)
    return delivery


def enqueue(organisation_id: int, event_type: str, ref: object, build, now: datetime | None = None) -> int:
    """One delivery per enabled endpoint of the organisation that wants this event, once per (endpoint,
    event): the same event noticed twice adds nothing. `build(organisation)` makes the event's data.
    Runs in the sender's transaction (flushes, never commits); returns how many were added."""
    endpoints = [
        e
        for e in db.session.scalars(
            select(Endpoint).where(Endpoint.organisation_id == organisation_id, Endpoint.enabled.is_(True))
        )
        if event_type in (e.events or [])
    ]
    if not endpoints:
        return 0
    key = f"{event_type}:{ref}"
    known = set(
        db.session.scalars(
            select(Delivery.endpoint_id).where(
                Delivery.endpoint_id.in_([e.id for e in endpoints]), Delivery.event_key == key
            )
        )
    )
    todo = [e for e in endpoints if e.id not in known]
    if not todo:
        return 0
    now = now or utcnow()
    organisation = db.session.get(Organisation, organisation_id)
    event = _event(event_type, now, build(organisation), organisation.locale)
    for endpoint in todo:
        _new_delivery(endpoint, key, event, now)
    db.session.flush()
    return len(todo)


def _who(organisation: Organisation, user_id: int | None) -> str:
    name = leaderboards.public_name(organisation, db.session.get(User, user_id) if user_id else None)
    return name or translate("hook_badge_anonymous", organisation.locale)


def badge_data(award, organisation: Organisation) -> dict:
    lang = organisation.locale
    badge = award.badge
    name = (badge.name_en if lang == "en" and badge.name_en else badge.name_nl) or ""
    data = {
        "title": translate(
            "hook_badge_title", lang, emoji=badge.emoji or "🏅", person=_who(organisation, award.user_id), badge=name
        ),
        "badge": {"name": name, "emoji": badge.emoji},
        "url": link(f"/wins#award-{award.id}"),
    }
    if award.reason:
        data["detail"] = translate("hook_badge_reason", lang, reason=award.reason[:500])
    return data


def win_data(win, organisation: Organisation, confirmed: bool = False) -> dict:
    lang = organisation.locale
    key = "hook_win_confirmed_title" if confirmed else "hook_win_title"
    data = {
        "title": translate(key, lang, person=_who(organisation, win.author_id)),
        "url": link(f"/wins#win-{win.id}"),
    }
    if not confirmed:
        data["detail"] = (win.text or "")[:500]
        if win.customer:
            data["facts"] = [[translate("hook_customer", lang), win.customer[:200]]]
    return data


def goal_data(team_id: int, organisation: Organisation) -> dict:
    team = db.session.get(Team, team_id)
    return {
        "title": translate("hook_goal_title", organisation.locale, team=team.name if team else ""),
        "url": link("/leaderboard"),
    }


def streak_data(user_id: int, behaviour, count: int, organisation: Organisation) -> dict:
    lang = organisation.locale
    name = (behaviour.name_en if lang == "en" and behaviour.name_en else behaviour.name_nl) if behaviour else ""
    return {
        "title": translate("hook_streak_title", lang, person=_who(organisation, user_id), count=count, behaviour=name),
        "url": link("/leaderboard"),
    }


def challenge_data(challenge_id: int, organisation: Organisation) -> dict:
    """A closed challenge's result as the feed tells it: the winning team (never the rest of the order, so
    no team is shown last), how far the organisation got together, or how many beat their personal best —
    named only in an open organisation, and only those (nobody learns from a channel who did not)."""
    lang = organisation.locale
    line = challenges.result_line(challenge_id, organisation.id)
    if line is None:
        return {"title": translate("hook_challenge_title", lang, title=""), "url": link("/challenges")}
    outcomes = challenges.outcomes(challenge_id, organisation.id)
    data: dict = {
        "title": translate("hook_challenge_title", lang, title=line.title),
        "url": link("/challenges"),
        "challenge": {"id": line.challenge_id, "kind": line.kind, "title": line.title},
        "participants": len(outcomes),
    }
    if line.kind == "team":
        data["winner"] = line.winner
        data["detail"] = (
            translate("hook_challenge_winner", lang, team=line.winner)
            if line.winner
            else translate("hook_challenge_no_winner", lang)
        )
    elif line.kind == "together":
        data.update(total=line.total, target=line.target)
        share = round(100 * line.total / line.target) if line.target else None
        data["detail"] = translate(
            "hook_challenge_together", lang, total=line.total, target=line.target or 0, share=share or 0
        )
    else:
        data["celebrated"] = line.celebrated
        data["detail"] = translate("hook_challenge_beat", lang, count=line.celebrated, participants=len(outcomes))
        if organisation.visibility == Visibility.OPEN:
            named = sorted(
                name
                for user_id, outcome in outcomes.items()
                if outcome == "beat" and (name := leaderboards.public_name(organisation, db.session.get(User, user_id)))
            )
            if named:
                data["facts"] = [[translate("hook_challenge_beat_names", lang), ", ".join(named[:NAMES_MAX])]]
    return data


# --- inbound sources ---------------------------------------------------------------------------

PRESET_PATHS = {
    # HubSpot: a deal workflow's "Send a webhook" action with a customised request body of the deal's
    # properties under their internal names (flat); the stage the deal entered is the event, the deal id and
    # that stage its id (a deal enters a stage once), the deal owner's id the person (owner_map: id → e-mail).
    "hubspot": {"event_path": "dealstage", "id_path": "hs_object_id+dealstage", "owner_path": "hubspot_owner_id"},
    # Pipedrive webhooks v2: {"meta": {...}, "data": {...}, "previous": {...}}. The event is action.entity
    # (create.activity, change.deal); its id the object, action and the event's timestamp (a retry repeats them,
    # meta.attempt grows); the owner is a Pipedrive user id (owner_map).
    "pipedrive": {
        "event_path": "meta.action+meta.entity",
        "id_path": "meta.entity+meta.entity_id+meta.action+meta.timestamp",
        "owner_path": "data.owner_id",
    },
    "generic": {"event_path": "event", "id_path": "id", "owner_path": "owner_email"},
}
AUTH_FOR_PRESET = {"hubspot": "hubspot", "pipedrive": "basic", "generic": "token"}


def list_sources(actor: User) -> list[InboundSource]:
    _admin(actor)
    return list(
        db.session.scalars(
            select(InboundSource)
            .where(InboundSource.organisation_id == actor.organisation_id)
            .order_by(InboundSource.id)
        )
    )


def get_source(actor: User, source_id: int) -> InboundSource:
    _admin(actor)
    source = db.session.get(InboundSource, source_id)
    if source is None or source.organisation_id != actor.organisation_id:
        raise NotFound()
    return source


def _rule_problem(actor: User, rule: dict) -> str | None:
    """Why a rule cannot be kept (a text key), or None. An outcome rule names a measure of the organisation
    (and, adding the deal's value, the field holding it); a behaviour rule a behaviour."""
    if rule.get("kind") == "outcome":
        if not rule.get("measure_id"):
            return "hook_outcome_needs_measure"
        if not outcomes.measure_in(actor.organisation_id, rule["measure_id"]):
            return "hook_unknown_measure"
        if rule.get("amount") == "value" and not rule.get("value_path"):
            return "hook_outcome_needs_value_path"
        return None
    if not rule.get("behaviour_id"):
        return "hook_needs_behaviour"
    if rhythm.behaviour_in(actor.organisation_id, rule["behaviour_id"]) is None:
        return "hook_unknown_behaviour"
    return None


def _check_rules(actor: User, rules: list[dict]) -> list[dict]:
    for index, rule in enumerate(rules):
        problem = _rule_problem(actor, rule)
        if problem:
            raise DomainError("validation_failed", 422, fields={"rules": {str(index): [translate(problem)]}})
    return [dict(rule) for rule in rules]


def create_source(actor: User, args: dict) -> InboundSource:
    _admin(actor)
    preset = args.get("preset", "generic")
    paths = {**PRESET_PATHS[preset], **{k: args[k] for k in ("event_path", "id_path", "owner_path") if k in args}}
    auth_mode = args.get("auth_mode") or AUTH_FOR_PRESET[preset]
    secret = args.get("secret")
    if auth_mode == "standard" and not secret:
        secret = new_secret()
    if auth_mode == "basic" and not secret:
        secret = secrets.token_urlsafe(18)
    if auth_mode == "hubspot" and not secret:
        raise DomainError("validation_failed", 422, fields={"secret": [translate("hook_secret_needed")]})
    source = InboundSource(
        organisation_id=actor.organisation_id,
        name=args["name"],
        token=secrets.token_urlsafe(24),
        preset=preset,
        auth_mode=auth_mode,
        secret=secret,
        basic_username=args.get("basic_username") or ("ritme" if auth_mode == "basic" else None),
        owner_map={str(k): v for k, v in (args.get("owner_map") or {}).items()},
        rules=_check_rules(actor, args.get("rules") or []),
        enabled=args.get("enabled", True),
        **paths,
    )
    db.session.add(source)
    db.session.flush()
    record_audit(actor, "inbound_source_created", source, {"preset": preset, "auth_mode": auth_mode})
    return source


def update_source(actor: User, source_id: int, changes: dict) -> InboundSource:
    source = get_source(actor, source_id)
    if "rules" in changes:
        source.rules = _check_rules(actor, changes["rules"])
    if "owner_map" in changes:
        source.owner_map = {str(k): v for k, v in changes["owner_map"].items()}
    for key in ("name", "event_path", "id_path", "owner_path", "enabled", "secret", "basic_username"):
        if key in changes:
            setattr(source, key, changes[key])
    record_audit(actor, "inbound_source_changed", source, {"fields": sorted(changes)})
    return source


def delete_source(actor: User, source_id: int) -> None:
    source = get_source(actor, source_id)
    record_audit(actor, "inbound_source_deleted", source)
    db.session.delete(source)


def source_log(actor: User, source_id: int, limit: int = LOG_LIMIT) -> list[InboundEvent]:
    source = get_source(actor, source_id)
    return list(
        db.session.scalars(
            select(InboundEvent)
            .where(InboundEvent.source_id == source.id)
            .order_by(InboundEvent.received_at.desc(), InboundEvent.id.desc())
            .limit(limit)
        )
    )


LOG_DAYS = 30  # delivery and inbound logs are for troubleshooting: a month is kept


def prune(organisation_id: int, now: datetime | None = None) -> dict[str, int]:
    """Nightly (the retention signal): finished deliveries and inbound log lines older than LOG_DAYS go
    (an unknown person's address in a log line with them). Pending deliveries stay."""
    cutoff = (now or utcnow()) - timedelta(days=LOG_DAYS)
    deliveries_gone = db.session.execute(
        delete(Delivery)
        .where(
            Delivery.organisation_id == organisation_id,
            Delivery.status != "pending",
            Delivery.created_at < cutoff,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    sources = select(InboundSource.id).where(InboundSource.organisation_id == organisation_id)
    events_gone = db.session.execute(
        delete(InboundEvent)
        .where(InboundEvent.source_id.in_(sources), InboundEvent.received_at < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
    suggestions_gone = db.session.execute(
        delete(Suggestion)
        .where(Suggestion.organisation_id == organisation_id, Suggestion.created_at < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
    return {"webhook_deliveries": deliveries_gone, "inbound_events": events_gone, "crm_suggestions": suggestions_gone}


def inbound_url(source: InboundSource) -> str:
    return link(f"/api/v1/hooks/in/{source.token}")

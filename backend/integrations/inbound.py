"""CRM events in: authenticate a source's request, read its event, map it to a behaviour and a person,
and check in through rhythm's signal (rhythm writes its own tables) — once per external id.

Authentication per source (``auth_mode``):

* ``token`` — the secret URL alone;
* ``basic`` — HTTP Basic with the source's username and password, as Pipedrive sends it;
* ``standard`` — Standard Webhooks signatures, checked by the reference ``standardwebhooks`` library;
* ``hubspot`` — HubSpot's v3 signature: base64(HMAC-SHA256(secret, method + URI + body + timestamp)),
  with ``X-HubSpot-Request-Timestamp`` (ms) no older than five minutes.

A rule of ``"kind": "outcome"`` checks nothing in either: each matching event adds 1 (or, with ``"amount":
"value"``, the number at ``value_path``, e.g. a Pipedrive deal's ``data.value``) to the person's figure of
the rule's outcome measure for the event's week, through outcomes' signal (outcome_event) — once per event id.

A rule with ``"mode": "suggest"`` checks nothing in: the event becomes a suggestion the rep confirms or
dismisses on Today (suggestions.py); confirming checks in through the same signal.

What the sender is told: a refused signature 401; a body that is not an object or lacks its id or
event 400 (HubSpot and Pipedrive stop retrying on a 4xx); a duplicate, an unmapped event or an unknown
person 200 — accepted and logged with the reason, nothing written — so they are not retried for days.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from backend import signals
from backend.accounts.models import User
from backend.errors import DomainError
from backend.extensions import db
from backend.integrations import suggestions
from backend.integrations.models import InboundEvent, InboundSource
from backend.rhythm import read as rhythm
from backend.timeutil import local_today, utcnow

MAX_BODY = 64 * 1024
MAX_AMOUNT = 1e9  # as an outcome figure entered by hand
HUBSPOT_MAX_AGE_MS = 5 * 60 * 1000
CLIENT_ID_NAMESPACE = uuid.UUID("5b0c7f0e-3c52-4c1e-9a53-0d4c2f6b9e11")


@dataclass(frozen=True)
class Outcome:
    status: int
    outcome: str
    reason: str | None = None
    checkin_id: int | None = None
    suggestion_id: int | None = None

    def body(self) -> dict:
        answer = {"status": self.outcome}
        if self.reason:
            answer["reason"] = self.reason
        if self.checkin_id is not None:
            answer["checkin_id"] = self.checkin_id
        if self.suggestion_id is not None:
            answer["suggestion_id"] = self.suggestion_id
        return answer


def source_for(token: str) -> InboundSource | None:
    source = db.session.scalar(select(InboundSource).where(InboundSource.token == token))
    return source if source is not None and source.enabled else None


# --- authentication -----------------------------------------------------------------------------


def authentic(
    source: InboundSource, method: str, url: str, headers: dict[str, str], body: bytes, now: datetime
) -> bool:
    mode = source.auth_mode
    if mode == "token":
        return True
    if mode == "basic":
        expected = f"{source.basic_username or ''}:{source.secret or ''}".encode()
        given = headers.get("authorization", "")
        if not given.lower().startswith("basic "):
            return False
        try:
            decoded = base64.b64decode(given[6:].strip(), validate=True)
        except ValueError:
            return False
        return hmac.compare_digest(decoded, expected)
    if mode == "standard":
        try:
            Webhook(source.secret or "").verify(body, headers)
        except (WebhookVerificationError, ValueError, RuntimeError):
            return False
        return True
    if mode == "hubspot":
        return hubspot_valid(source.secret or "", method, url, headers, body, now)
    return False


def hubspot_signature(secret: str, method: str, url: str, body: bytes, timestamp: str) -> str:
    message = method.encode() + url.encode() + body + timestamp.encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def hubspot_valid(secret: str, method: str, url: str, headers: dict[str, str], body: bytes, now: datetime) -> bool:
    signature = headers.get("x-hubspot-signature-v3", "")
    timestamp = headers.get("x-hubspot-request-timestamp", "")
    if not signature or not timestamp.isdigit():
        return False
    if abs(now.timestamp() * 1000 - int(timestamp)) > HUBSPOT_MAX_AGE_MS:
        return False
    return hmac.compare_digest(hubspot_signature(secret, method, url, body, timestamp), signature)


# --- reading the event ------------------------------------------------------------------------


def value_at(body: dict, path: str):
    """A dotted path into the body (`meta.entity`); `a+b` joins several with '.'; None when absent."""
    if "+" in path:
        parts = [value_at(body, p) for p in path.split("+")]
        return None if any(p is None for p in parts) else ".".join(str(p) for p in parts)
    node = body
    for key in path.split("."):
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
        if isinstance(node, dict) and set(node) == {"value"} | ({"versions"} & set(node)):
            node = node["value"]  # HubSpot's {"value": …} property shape
    return node


def _matches(rule: dict, event: str, body: dict) -> bool:
    if str(rule.get("event", "")) != event:
        return False
    return all(str(value_at(body, path)) == str(expected) for path, expected in (rule.get("when") or {}).items())


def _quality(rule: dict, body: dict) -> dict | None:
    checklist = rule.get("quality") or {}
    if not checklist:
        return None
    return {item: value_at(body, path) not in (None, "", False, 0) for item, path in checklist.items()}


def _person(source: InboundSource, owner) -> User | None:
    if owner is None:
        return None
    email = str(owner) if "@" in str(owner) else (source.owner_map or {}).get(str(owner))
    if not email:
        return None
    return db.session.scalar(
        select(User).where(
            User.organisation_id == source.organisation_id,
            func.lower(User.email) == email.strip().lower(),
            User.active.is_(True),
        )
    )


def _log(source: InboundSource, external_id: str, event: str | None, outcome: str, reason: str | None = None, **extra):
    db.session.add(
        InboundEvent(
            source_id=source.id,
            external_id=external_id[:200],
            event=(event or None) and str(event)[:200],
            outcome=outcome,
            reason=reason,
            received_at=utcnow(),
            **extra,
        )
    )


def log_refusal(source: InboundSource, outcome: str, reason: str) -> None:
    """A request that was not read (bad signature, too large): logged under an id of its own."""
    _log(source, f"{outcome}:{uuid.uuid4().hex}", None, outcome, reason)


def receive(source: InboundSource, body) -> Outcome:
    """One authenticated request's JSON body: check in, or say why not. Flushes; the request commits."""
    if not isinstance(body, dict):
        log_refusal(source, "malformed", "body_not_object")
        return Outcome(400, "malformed", "body_not_object")
    external = value_at(body, source.id_path)
    event = value_at(body, source.event_path)
    if external is None or event is None:
        reason = "missing_id" if external is None else "missing_event"
        log_refusal(source, "malformed", reason)
        return Outcome(400, "malformed", reason)
    external_id, event = str(external), str(event)
    if db.session.scalar(
        select(InboundEvent.id).where(
            InboundEvent.source_id == source.id, InboundEvent.external_id == external_id[:200]
        )
    ):
        return Outcome(200, "duplicate")
    rule = next((r for r in source.rules or [] if _matches(r, event, body)), None)
    if rule is None:
        _log(source, external_id, event, "unmapped", "no_rule_for_event")
        return Outcome(200, "unmapped", "no_rule_for_event")
    owner = value_at(body, source.owner_path)
    person = _person(source, owner)
    if person is None:
        _log(source, external_id, event, "unknown_person", f"owner_not_found:{str(owner)[:100]}")
        return Outcome(200, "unknown_person", "owner_not_found")
    if rule.get("kind") == "outcome":
        return _add_outcome(source, person, rule, external_id, event, body)
    client_id = str(uuid.uuid5(CLIENT_ID_NAMESPACE, f"{source.id}:{external_id}"))
    if rule.get("mode") == "suggest":
        return _suggest(source, person, rule, external_id, event, body, client_id)
    try:
        answers = signals.external_checkin.send(
            None,
            user_id=person.id,
            behaviour_id=int(rule["behaviour_id"]),
            client_id=client_id,
            source="crm",
            quality=_quality(rule, body),
        )
    except DomainError as refused:
        reason = refused.code
        if refused.fields:
            reason = f"{reason}:{','.join(str(v) for v in _flat(refused.fields))}"[:200]
        _log(source, external_id, event, "refused", reason, user_id=person.id, behaviour_id=int(rule["behaviour_id"]))
        return Outcome(200, "refused", refused.code)
    checkin_id = answers[0][1]["checkin_id"]
    _log(
        source,
        external_id,
        event,
        "checked_in",
        None,
        user_id=person.id,
        behaviour_id=int(rule["behaviour_id"]),
        checkin_id=checkin_id,
    )
    return Outcome(200, "checked_in", None, checkin_id)


def _suggest(source, person: User, rule: dict, external_id: str, event: str, body: dict, client_id: str) -> Outcome:
    """The rule asks the rep first: a suggestion on their Today, unless the day has the behaviour already."""
    behaviour_id = int(rule["behaviour_id"])
    day = local_today(person.time_zone)
    if (person.id, behaviour_id, day) in rhythm.done_days([person.id], [behaviour_id], day, day):
        _log(source, external_id, event, "refused", "already_checked_in", user_id=person.id, behaviour_id=behaviour_id)
        return Outcome(200, "refused", "already_checked_in")
    suggestion = suggestions.add(source, person, behaviour_id, client_id, event, _quality(rule, body), day)
    _log(source, external_id, event, "suggested", None, user_id=person.id, behaviour_id=behaviour_id)
    return Outcome(200, "suggested", None, None, suggestion.id)


def _amount(rule: dict, body: dict) -> float | None:
    if rule.get("amount") != "value":
        return 1.0
    raw = value_at(body, rule.get("value_path") or "")
    if isinstance(raw, bool) or raw is None:
        return None
    try:
        amount = float(str(raw).strip())
    except ValueError:
        return None
    return amount if math.isfinite(amount) and abs(amount) <= MAX_AMOUNT else None


def _add_outcome(source, person: User, rule: dict, external_id: str, event: str, body: dict) -> Outcome:
    """The event adds to the person's weekly figure of the rule's measure (outcomes writes it, by signal). The
    event's row is logged in the same transaction: a replay finds it and is a duplicate, nothing added twice."""
    amount = _amount(rule, body)
    if amount is None:
        _log(source, external_id, event, "refused", "no_value", user_id=person.id)
        return Outcome(200, "refused", "no_value")
    try:
        signals.outcome_event.send(
            None,
            organisation_id=source.organisation_id,
            user_id=person.id,
            measure_id=int(rule["measure_id"]),
            amount=amount,
            at=now(),
        )
    except DomainError as refused:
        _log(source, external_id, event, "refused", refused.code, user_id=person.id)
        return Outcome(200, "refused", refused.code)
    _log(source, external_id, event, "counted", None, user_id=person.id)
    return Outcome(200, "counted")


def _flat(fields) -> list:
    if isinstance(fields, dict):
        return [item for value in fields.values() for item in _flat(value)]
    if isinstance(fields, list):
        return [item for value in fields for item in _flat(value)]
    return [fields]


def now() -> datetime:
    return utcnow().astimezone(UTC)

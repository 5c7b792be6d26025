"""CRM events in: recorded payloads in HubSpot's and Pipedrive's documented shapes (payloads/), signed the
way each vendor documents; replays, bad signatures, unknown people, unmapped events, oversized bodies and a
flood from one source. Check-ins arrive through rhythm (its signal), marked with their source."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from standardwebhooks import Webhook

PAYLOADS = Path(__file__).parent / "payloads"
BANT = [{"key": k, "label_nl": k} for k in ("budget", "authority", "need", "timing")]


def payload(name: str) -> dict:
    return json.loads((PAYLOADS / name).read_text())


@pytest.fixture
def meeting(make_behaviour, sales):
    return make_behaviour([sales], name="Klantgesprek voorbereid")


@pytest.fixture
def bant(make_behaviour, sales):
    return make_behaviour([sales], name="Gekwalificeerde afspraak (BANT)", checklist=BANT)


@pytest.fixture
def make_source(admin_api):
    def make(**body):
        response = admin_api.post("/api/v1/integrations/sources", json={"name": "CRM", **body})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


def _path(source) -> str:
    return "/api/v1/hooks/in/" + source["url"].rsplit("/", 1)[1]


def _post(new_client, source, body: bytes | dict, headers=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    api = new_client()
    return api.raw.post(_path(source), data=raw, headers={"Content-Type": "application/json", **(headers or {})})


def _checkins(db, user):
    from backend.rhythm.models import CheckIn

    db.session.expire_all()
    return list(db.session.scalars(select(CheckIn).where(CheckIn.user_id == user.id)))


def _log(admin_api, source):
    return admin_api.get(f"/api/v1/integrations/sources/{source['id']}/events").get_json()


def _basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_pipedrive_v2_activity_checks_in_once_with_basic_auth(
    app, db, new_client, admin_api, rep, meeting, make_source
):
    source = make_source(
        preset="pipedrive",
        owner_map={"18487521": rep.email},
        rules=[{"event": "create.activity", "when": {"data.type": "meeting"}, "behaviour_id": meeting.id}],
    )
    assert source["auth_mode"] == "basic" and source["basic_username"] == "ritme"
    auth = _basic("ritme", source["secret"])
    body = payload("pipedrive_v2_activity_created.json")
    first = _post(new_client, source, body, auth)
    assert first.status_code == 200 and first.get_json()["status"] == "checked_in"
    [checkin] = _checkins(db, rep)
    assert (checkin.behaviour_id, checkin.source) == (meeting.id, "crm")
    # Pipedrive retries the same event (attempt 2): one check-in still.
    body["meta"]["attempt"] = 2
    again = _post(new_client, source, body, auth)
    assert again.status_code == 200 and again.get_json()["status"] == "duplicate"
    assert len(_checkins(db, rep)) == 1
    # A wrong password is refused and logged; nothing checked in.
    wrong = _post(new_client, source, body, _basic("ritme", "not-the-password"))
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"].startswith("Basic")
    assert [e["outcome"] for e in _log(admin_api, source)] == ["refused", "checked_in"]
    assert _log(admin_api, source)[0]["reason"] == "authentication_failed"


def test_pipedrive_deal_stage_fills_the_bant_checklist(app, db, new_client, rep, bant, make_source):
    fields = payload("pipedrive_v2_deal_stage_changed.json")["data"]["custom_fields"]
    keys = list(fields)
    source = make_source(
        preset="pipedrive",
        owner_map={"18487521": rep.email},
        rules=[
            {
                "event": "change.deal",
                "when": {"data.stage_id": "3", "previous.stage_id": "2"},
                "behaviour_id": bant.id,
                "quality": {
                    name: f"data.custom_fields.{key}.value"
                    for name, key in zip(["budget", "authority", "need", "timing"], keys, strict=True)
                },
            }
        ],
    )
    body = payload("pipedrive_v2_deal_stage_changed.json")
    body["data"]["custom_fields"][keys[3]]["value"] = None  # timing not filled in
    response = _post(new_client, source, body, _basic("ritme", source["secret"]))
    assert response.get_json()["status"] == "checked_in", response.get_json()
    [checkin] = _checkins(db, rep)
    assert checkin.quality == {"budget": True, "authority": True, "need": True, "timing": False}
    assert checkin.quality_score == 0.75


def _hubspot_headers(secret: str, url: str, raw: bytes, at_ms: int) -> dict:
    message = b"POST" + url.encode() + raw + str(at_ms).encode()
    signature = base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()
    return {"X-HubSpot-Signature-v3": signature, "X-HubSpot-Request-Timestamp": str(at_ms)}


def test_hubspot_workflow_webhook_with_a_v3_signature(app, db, new_client, admin_api, rep, bant, make_source):
    source = make_source(
        preset="hubspot",
        secret="hubspot-client-secret-1234",
        owner_map={"51234567": rep.email},
        rules=[
            {
                "event": "qualifiedtobuy",
                "behaviour_id": bant.id,
                "quality": {
                    "budget": "budget_confirmed",
                    "authority": "decision_maker_known",
                    "need": "need_described",
                    "timing": "timeline",
                },
            }
        ],
    )
    assert source["auth_mode"] == "hubspot"
    raw = json.dumps(payload("hubspot_deal_workflow.json")).encode()
    url = "http://localhost" + _path(source)  # the URI HubSpot called, as the test client's host sees it
    now_ms = int(time.time() * 1000)
    # A stale signature (six minutes old) and a tampered body are refused.
    stale = _post(new_client, source, raw, _hubspot_headers(source["secret"], url, raw, now_ms - 6 * 60 * 1000))
    assert stale.status_code == 401
    tampered = _post(
        new_client, source, raw.replace(b"12500", b"99999"), _hubspot_headers(source["secret"], url, raw, now_ms)
    )
    assert tampered.status_code == 401
    good = _post(new_client, source, raw, _hubspot_headers(source["secret"], url, raw, now_ms))
    assert good.status_code == 200 and good.get_json()["status"] == "checked_in", good.get_json()
    [checkin] = _checkins(db, rep)
    assert checkin.quality == {"budget": True, "authority": True, "need": True, "timing": True}
    assert [e["outcome"] for e in _log(admin_api, source)] == ["checked_in", "refused", "refused"]


def test_generic_source_signed_per_standard_webhooks(app, db, new_client, rep, meeting, make_source):
    source = make_source(auth_mode="standard", rules=[{"event": "meeting.logged", "behaviour_id": meeting.id}])
    assert source["secret"].startswith("whsec_")
    raw = json.dumps(payload("generic.json")).encode()
    message_id = f"msg_{uuid.uuid4().hex}"
    headers = {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(time.time())),
        "webhook-signature": Webhook(source["secret"]).sign(message_id, datetime.now(UTC), raw.decode()),
    }
    assert _post(new_client, source, raw, {**headers, "webhook-signature": "v1,Zm9v"}).status_code == 401
    response = _post(new_client, source, raw, headers)
    assert response.get_json()["status"] == "checked_in"
    assert [c.source for c in _checkins(db, rep)] == ["crm"]


def test_unknown_people_unmapped_events_and_malformed_bodies_are_logged_not_written(
    app, db, new_client, admin_api, rep, meeting, make_source
):
    source = make_source(rules=[{"event": "meeting.logged", "behaviour_id": meeting.id}])
    body = payload("generic.json")
    stranger = _post(new_client, source, {**body, "id": "e1", "owner_email": "nobody@example.test"})
    assert (stranger.status_code, stranger.get_json()["status"]) == (200, "unknown_person")
    unmapped = _post(new_client, source, {**body, "id": "e2", "event": "call.logged"})
    assert (unmapped.status_code, unmapped.get_json()["status"]) == (200, "unmapped")
    no_id = _post(new_client, source, {"event": "meeting.logged"})
    assert no_id.status_code == 400
    not_object = _post(new_client, source, [1, 2, 3])
    assert not_object.status_code == 400
    too_big = _post(new_client, source, {**body, "id": "e3", "subject": "x" * 70_000})
    assert too_big.status_code == 413
    assert _checkins(db, rep) == []
    log = _log(admin_api, source)
    assert [(e["outcome"], e["reason"]) for e in log] == [
        ("refused", "body_too_large"),
        ("malformed", "body_not_object"),
        ("malformed", "missing_id"),
        ("unmapped", "no_rule_for_event"),
        ("unknown_person", "owner_not_found:nobody@example.test"),
    ]


def test_a_second_event_for_a_behaviour_done_today_is_refused_by_rhythm_and_logged(
    app, db, new_client, admin_api, rep, meeting, make_source
):
    source = make_source(rules=[{"event": "meeting.logged", "behaviour_id": meeting.id}])
    body = payload("generic.json")
    assert _post(new_client, source, body).get_json()["status"] == "checked_in"
    second = _post(new_client, source, {**body, "id": "another-meeting"})
    assert (second.status_code, second.get_json()["status"]) == (200, "refused")
    assert _log(admin_api, source)[0]["reason"] == "already_checked_in"
    assert len(_checkins(db, rep)) == 1


def test_a_crm_check_in_can_be_undone_like_any(app, db, new_client, login_as, rep, meeting, make_source):
    source = make_source(rules=[{"event": "meeting.logged", "behaviour_id": meeting.id}])
    checkin_id = _post(new_client, source, payload("generic.json")).get_json()["checkin_id"]
    assert login_as(rep).delete(f"/api/v1/checkins/{checkin_id}").status_code == 204
    assert _checkins(db, rep) == []


def test_a_flood_from_one_source_is_limited_and_taps_go_on(app, db, new_client, login_as, rep, meeting, make_source):
    source = make_source(rules=[{"event": "nothing", "behaviour_id": meeting.id}])
    statuses = [
        _post(new_client, source, {"id": f"f{n}", "event": "x", "owner_email": rep.email}).status_code
        for n in range(125)
    ]
    assert statuses[:120] == [200] * 120 and set(statuses[120:]) == {429}
    tap = login_as(rep).post("/api/v1/checkins", json={"behaviour_id": meeting.id, "client_id": str(uuid.uuid4())})
    assert tap.status_code == 201


def test_unknown_tokens_and_other_organisations(app, new_client, login_as, make_user, make_org, meeting, make_source):
    source = make_source(rules=[{"event": "meeting.logged", "behaviour_id": meeting.id}])
    assert new_client().raw.post("/api/v1/hooks/in/not-a-token", json={}).status_code == 404
    other = login_as(make_user(role="admin", organisation=make_org("Ander BV")))
    assert other.get(f"/api/v1/integrations/sources/{source['id']}/events").status_code == 404
    # A rule naming another organisation's behaviour is refused.
    response = other.post(
        "/api/v1/integrations/sources", json={"name": "x", "rules": [{"event": "a", "behaviour_id": meeting.id}]}
    )
    assert response.status_code == 422


def test_a_hubspot_source_needs_the_app_secret(admin_api):
    response = admin_api.post("/api/v1/integrations/sources", json={"name": "HubSpot", "preset": "hubspot"})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["secret"] == ["Vul het client secret van je HubSpot-app in."]

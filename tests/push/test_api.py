"""The push API: VAPID key, subscriptions (validated, SSRF-safe, several devices), settings, test, stats."""

import base64
import os
import socket

import pytest
from sqlalchemy import func, select

from backend.push import sender
from backend.push.models import PushSubscription
from tests.conftest import error_code


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def browser(push_service, vapid_public_key):
    """What PushManager.subscribe() would hand the page."""
    return lambda: push_service.subscribe(vapid_public_key).info()


def count_subscriptions(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(PushSubscription))


def test_vapid_public_key_is_made_once_and_kept(client, db):
    first = client.get("/api/v1/push/vapid-public-key").get_json()["public_key"]
    second = client.get("/api/v1/push/vapid-public-key").get_json()["public_key"]
    assert first == second
    raw = base64.urlsafe_b64decode(first + "==")
    assert len(raw) == 65 and raw[0] == 4  # an uncompressed P-256 point: applicationServerKey


def test_subscribing_twice_with_the_same_endpoint_updates_instead_of_duplicating(login_as, rep, db, browser):
    api = login_as(rep)
    info = browser()
    assert api.post("/api/v1/push/subscriptions", json=info).status_code == 201
    info["keys"]["auth"] = b64(os.urandom(16))  # the browser rotated its keys
    again = api.post("/api/v1/push/subscriptions", json=info)
    assert again.status_code == 200 and again.get_json()["created"] is False
    assert count_subscriptions(db) == 1
    assert db.session.scalar(select(PushSubscription.auth)) == info["keys"]["auth"]


def test_a_person_can_have_several_devices_and_remove_one(login_as, rep, db, browser):
    api = login_as(rep)
    phone, laptop = browser(), browser()
    api.post("/api/v1/push/subscriptions", json=phone)
    api.post("/api/v1/push/subscriptions", json=laptop)
    devices = api.get("/api/v1/push/subscriptions").get_json()
    assert len(devices) == 2 and devices[0]["push_service"].startswith("127.0.0.1:")
    assert api.delete("/api/v1/push/subscriptions", json={"endpoint": phone["endpoint"]}).status_code == 204
    assert api.delete("/api/v1/push/subscriptions", json={"endpoint": phone["endpoint"]}).status_code == 204
    assert [d["id"] for d in api.get("/api/v1/push/subscriptions").get_json()] == [devices[1]["id"]]


def test_someone_elses_device_answers_404(login_as, rep, make_user, make_org, db, browser):
    api = login_as(rep)
    api.post("/api/v1/push/subscriptions", json=browser())
    [device] = api.get("/api/v1/push/subscriptions").get_json()
    stranger = login_as(make_user(organisation=make_org()))
    assert stranger.delete(f"/api/v1/push/subscriptions/{device['id']}").status_code == 404
    assert count_subscriptions(db) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"p256dh": b64(b"\x04" + os.urandom(63))}, "keys.p256dh"),  # 64 bytes
        ({"p256dh": b64(b"\x04" + b"\x01" * 64)}, "keys.p256dh"),  # 65 bytes, not on the curve
        ({"p256dh": b64(b"\x02" + os.urandom(64))}, "keys.p256dh"),  # not uncompressed
        ({"auth": b64(os.urandom(15))}, "keys.auth"),
        ({"auth": "not base64!!!!!!!!!!"}, "auth"),
    ],
)
def test_keys_must_be_a_p256_point_and_a_16_byte_secret(login_as, rep, db, browser, error_code_of, change, field):
    info = browser()
    info["keys"].update(change)
    response = login_as(rep).post("/api/v1/push/subscriptions", json=info)
    assert response.status_code == 422, response.get_json()
    assert field in str(response.get_json()["error"]["fields"])
    assert count_subscriptions(db) == 0


@pytest.fixture
def error_code_of():
    return error_code


@pytest.fixture
def fake_dns(monkeypatch):
    """Names and the addresses they resolve to (the sandbox has no DNS)."""
    table = {}

    def resolve(host, port, type=0):  # noqa: A002 (getaddrinfo's name)
        if host not in table:
            raise socket.gaierror("unknown host")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in table[host]]

    monkeypatch.setattr(sender, "resolve", resolve)
    return table


@pytest.mark.parametrize(
    ("endpoint", "addresses", "code"),
    [
        ("http://fcm.googleapis.com/fcm/send/abc", ["142.250.0.1"], "push_endpoint_not_https"),
        ("https://intranet.example/push/abc", ["10.0.0.7"], "push_endpoint_private"),
        ("https://rebind.example/push/abc", ["142.250.0.1", "127.0.0.1"], "push_endpoint_private"),
        ("https://metadata.example/push/abc", ["169.254.169.254"], "push_endpoint_private"),
        ("https://cgnat.example/push/abc", ["100.64.0.1"], "push_endpoint_private"),
        ("https://nowhere.example/push/abc", None, "push_endpoint_unresolvable"),
        ("https://user:pw@fcm.googleapis.com/push/abc", ["142.250.0.1"], "push_endpoint_invalid"),
        ("ftp://fcm.googleapis.com/push/abc", ["142.250.0.1"], "push_endpoint_invalid"),
        ("http://10.0.0.1:8080/push/abc", ["10.0.0.1"], "push_endpoint_not_https"),
    ],
)
def test_endpoints_must_be_https_on_a_public_host(login_as, rep, db, browser, fake_dns, endpoint, addresses, code):
    host = endpoint.split("@")[-1].split("//")[-1].split("/")[0].split(":")[0]
    if addresses:
        fake_dns[host] = addresses
    info = browser()
    info["endpoint"] = endpoint
    response = login_as(rep).post("/api/v1/push/subscriptions", json=info)
    assert response.status_code == 422
    from backend.i18n import translate

    assert response.get_json()["error"]["fields"]["endpoint"] == [translate(code, "nl")]
    assert count_subscriptions(db) == 0


def test_a_public_push_service_is_accepted(login_as, rep, db, browser, fake_dns):
    fake_dns["fcm.googleapis.com"] = ["142.250.179.170"]
    info = browser()
    info["endpoint"] = "https://fcm.googleapis.com/fcm/send/dGhpcyBpcyBhIHRva2Vu"
    assert login_as(rep).post("/api/v1/push/subscriptions", json=info).status_code == 201


class TestWithoutTheLoopbackFlag:
    @pytest.fixture
    def config_overrides(self):
        return {"RITME_PUSH_ALLOW_HTTP_LOOPBACK": "0"}

    def test_loopback_endpoints_are_refused(self, login_as, rep, db, browser):
        response = login_as(rep).post("/api/v1/push/subscriptions", json=browser())
        assert response.status_code == 422
        assert "endpoint" in response.get_json()["error"]["fields"]


def test_the_loopback_flag_admits_127_0_0_1_and_localhost_only(login_as, rep, db, browser, fake_dns):
    api = login_as(rep)
    info = browser()
    for endpoint, status in [
        ("http://localhost:8080/push/x1", 201),
        ("http://127.0.0.1:9/push/x2", 201),
        ("http://127.0.0.2:9/push/x3", 422),
        ("http://[::1]:9/push/x4", 422),
    ]:
        info["endpoint"] = endpoint
        assert api.post("/api/v1/push/subscriptions", json=info).status_code == status, endpoint


def test_subscribing_needs_a_signed_in_person(client, browser):
    assert client.post("/api/v1/push/subscriptions", json=browser()).status_code == 401


def test_test_notification_goes_to_every_device_each_time_it_is_asked(login_as, rep, db, push_service, browser):
    api = login_as(rep)
    for _ in range(2):
        api.post("/api/v1/push/subscriptions", json=browser())
    first = api.post("/api/v1/push/test")
    assert first.status_code == 200
    assert first.get_json() == {"devices": 2, "sent": 2, "failed": 0, "removed": 0}
    assert api.post("/api/v1/push/test").get_json()["sent"] == 2  # never deduplicated
    assert len(push_service.received) == 4
    assert push_service.received[0].json["title"] == "Testmelding van Ritme"


def test_test_notification_without_devices_says_none_were_tried(login_as, rep, push_sender):
    assert login_as(rep).post("/api/v1/push/test").get_json()["devices"] == 0


def test_settings_have_defaults_and_keep_what_is_changed(login_as, rep):
    api = login_as(rep)
    defaults = api.get("/api/v1/push/settings").get_json()
    assert defaults["reminder_time"] == "16:30" and defaults["days"] == [1, 2, 3, 4, 5]
    assert defaults["streak_time"] == "20:00" and defaults["quiet_start"] is None
    assert all(defaults["events"].values())
    changed = api.put(
        "/api/v1/push/settings",
        json={
            "reminder_time": "09:15",
            "days": [5, 1, 1],
            "quiet_start": "22:00",
            "quiet_end": "07:00",
            "events": {"applause": False},
        },
    ).get_json()
    assert changed["reminder_time"] == "09:15" and changed["days"] == [1, 5]
    assert changed["events"]["applause"] is False and changed["events"]["badge"] is True
    assert api.get("/api/v1/push/settings").get_json() == changed


@pytest.mark.parametrize(
    "body",
    [
        {"reminder_time": "25:00"},
        {"days": [0]},
        {"days": [8]},
        {"quiet_start": "22:00"},
        {"quiet_start": "22:00", "quiet_end": None},
        {"enabled": "yes"},
        {"events": {"spam": True}},
        {"unknown": 1},
    ],
)
def test_bad_settings_are_refused_and_change_nothing(login_as, rep, body):
    api = login_as(rep)
    response = api.put("/api/v1/push/settings", json=body)
    assert response.status_code == 422, body
    assert api.get("/api/v1/push/settings").get_json()["reminder_time"] == "16:30"


def test_delivery_stats_are_for_admins_of_the_organisation(login_as, rep, make_user, db, push_service, browser):
    api = login_as(rep)
    api.post("/api/v1/push/subscriptions", json=browser())
    api.post("/api/v1/push/test")
    assert api.get("/api/v1/push/stats").status_code == 403
    admin = login_as(make_user(role="admin"))
    [row] = admin.get("/api/v1/push/stats").get_json()
    assert row == {"kind": "test", "status": "sent", "deliveries": 1, "sent": 1, "failed": 0, "removed": 0}


def test_test_notification_does_not_keep_the_person_waiting_on_retries(
    login_as, rep, db, push_service, vapid_public_key, sleeps
):
    api = login_as(rep)
    busy, fine = push_service.subscribe(vapid_public_key), push_service.subscribe(vapid_public_key)
    for device in (busy, fine):
        api.post("/api/v1/push/subscriptions", json=device.info())
    push_service.answer(busy, 429, retry_after="30")

    answer = api.post("/api/v1/push/test").get_json()

    assert answer == {"devices": 2, "sent": 1, "failed": 1, "removed": 0}
    assert sleeps == []

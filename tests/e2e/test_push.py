"""Reminders in a phone browser: turned on only after a tap, subscribed with the server's VAPID key,
and the service worker showing what a push brings (delivered through the DevTools protocol).

Needs the push tables in the migrations (live_server migrates the database).
"""

import json
import os
import time
import urllib.request

import pytest

from tests.e2e.conftest import SLOW_MACHINE_MS, screenshot, sign_in
from tests.push.push_service import PushService

# The local push service listens on http://127.0.0.1, which only this flag lets the server use. It
# is read when live_server starts gunicorn; collection happens before that.
os.environ.setdefault("RITME_PUSH_ALLOW_HTTP_LOOPBACK", "1")

# Headless Chromium cannot reach a real push service (FCM), so PushManager.subscribe() is stood in
# for: it records the applicationServerKey the page passes and answers a subscription whose keys
# the test's own push service holds — so what the server sends is really decrypted. Everything
# else (permission, the page's calls, the service worker's handlers) is the real thing.
STAND_IN = """
(() => {
  const info = %s;
  let current = null;
  window.__ritme = { permissionAsked: 0, subscribeKey: null };
  const ask = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = (...args) => { window.__ritme.permissionAsked += 1; return ask(...args); };
  PushManager.prototype.getSubscription = async function () { return current; };
  PushManager.prototype.subscribe = async function (options) {
    const key = options.applicationServerKey;
    window.__ritme.subscribeKey = Array.from(new Uint8Array(key.buffer ?? key));
    current = { endpoint: info.endpoint, options, toJSON: () => info,
                unsubscribe: async () => { current = null; return true; } };
    return current;
  };
})();
"""


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service


def vapid_key(live_server) -> str:
    with urllib.request.urlopen(f"{live_server}/api/v1/push/vapid-public-key", timeout=5) as response:  # noqa: S310
        return json.load(response)["public_key"]


def b64url_bytes(value: str) -> list[int]:
    import base64

    return list(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))


def deliver_to_worker(phone, page, live_server, payload: bytes) -> list[dict]:
    """Hand a push message to the service worker as the browser would, and read what it shows."""
    cdp = phone.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    # The page's worker must be registered before DevTools can report it; on a busy machine that takes time.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + SLOW_MACHINE_MS / 1000
    while not [r for r in registrations if not r.get("isDeleted")] and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    [registration] = [r for r in registrations if not r.get("isDeleted")]
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server, "registrationId": registration["registrationId"], "data": payload.decode()},
    )
    # The worker shows the notification asynchronously: poll until it is there (bounded).
    deadline = time.monotonic() + SLOW_MACHINE_MS / 1000
    while True:
        shown = page.evaluate(
            """async () => (await (await navigator.serviceWorker.ready).getNotifications())
                 .map(n => ({ title: n.title, body: n.body, tag: n.tag, icon: n.icon, data: n.data,
                              actions: n.actions.map(a => ({ action: a.action, title: a.title })) }))"""
        )
        if shown or time.monotonic() > deadline:
            return shown
        page.wait_for_timeout(100)


ENABLE_EN = "Turn on reminders"


def test_rep_turns_on_reminders_with_a_tap_and_the_test_notification_arrives(phone, live_server, push_service):
    key = vapid_key(live_server)
    device = push_service.subscribe(key)
    phone.add_init_script(STAND_IN % json.dumps(device.info()))
    phone.grant_permissions(["notifications"], origin=live_server)
    page = phone.new_page()
    sign_in(page, "rep@demo.test")
    page.goto("/me")
    section = page.locator("section.reminders")
    section.get_by_role("button", name="Herinneringen aanzetten").wait_for()
    assert page.evaluate("window.__ritme.permissionAsked") == 0  # never asked on load
    screenshot(page, "push-off-nl")

    section.get_by_role("button", name="Herinneringen aanzetten").click()

    section.get_by_text("Herinneringen staan aan op dit apparaat.").wait_for()
    assert page.evaluate("window.__ritme.permissionAsked") == 1
    assert page.evaluate("window.__ritme.subscribeKey") == b64url_bytes(key)  # the server's VAPID key
    devices = page.evaluate("fetch('/api/v1/push/subscriptions').then(r => r.json())")
    assert push_service.origin.removeprefix("http://") in [d["push_service"] for d in devices]

    section.get_by_role("button", name="Stuur een testmelding").click()
    section.get_by_text("Verstuurd naar 1 apparaat.").wait_for()
    [message] = push_service.messages_for(device)  # decrypted with the device's private key
    assert push_service.refused == []
    screenshot(page, "push-on-nl")

    [shown] = deliver_to_worker(phone, page, live_server, message.plaintext)
    assert shown["title"] == "Testmelding van Ritme"
    assert shown["body"] == "Het werkt: zo zien je herinneringen eruit."
    assert shown["icon"].endswith("/icons/icon-192.png") and shown["data"]["url"] == "/me"

    # Challenge news: a switch per kind among the events, in Dutch and in English.
    challenge_news = ["Een uitdaging begint", "Een uitdaging is halverwege", "De laatste dag van een uitdaging"]
    for label in [*challenge_news, "De uitslag van een uitdaging"]:
        assert section.get_by_label(label).is_checked()
    section.get_by_label("De uitslag van een uitdaging").uncheck()
    # Duels: one switch for the invitation, the answer and the result.
    duels_nl = section.get_by_label("Duels: uitnodigingen, antwoorden en uitslagen")
    assert duels_nl.is_checked()
    duels_nl.uncheck()
    section.get_by_role("button", name="Opslaan").click()
    section.get_by_text("Opgeslagen").first.wait_for()
    events = page.evaluate("fetch('/api/v1/push/settings').then(r => r.json())")["events"]
    assert events["challenge_result"] is False and events["challenge_start"] is True
    assert events["duel"] is False
    section.locator("fieldset.checkbox-group").last.screenshot(
        path=str(screenshot(page, "push-challenge-switches-nl").with_name("push-duel-switch-nl.png"))
    )
    screenshot(page, "push-challenge-switches-nl")
    csrf = page.request.get(f"{live_server}/api/v1/auth/csrf").json()["csrf_token"]
    assert page.request.patch(f"{live_server}/api/v1/me", data={"locale": "en"}, headers={"X-CSRFToken": csrf}).ok
    try:
        page.reload()  # the stand-in's subscription lived in the page: this device turns it on again
        english = page.locator("section.reminders")
        english.get_by_role("button", name=ENABLE_EN).click()
        english.get_by_label("The result of a challenge").wait_for()
        assert not page.locator("section.reminders").get_by_label("The result of a challenge").is_checked()
        screenshot(page, "push-challenge-switches-en")
        page.locator("section.reminders").get_by_label("The result of a challenge").check()
        duels_en = page.locator("section.reminders").get_by_label("Duels: invitations, answers and results")
        assert not duels_en.is_checked()
        duels_en.check()
        page.locator("section.reminders fieldset.checkbox-group").last.screenshot(
            path=str(screenshot(page, "push-challenge-switches-en").with_name("push-duel-switch-en.png"))
        )
        page.locator("section.reminders").get_by_role("button", name="Save").click()
        page.locator("section.reminders").get_by_text("Saved").first.wait_for()
    finally:
        assert page.request.patch(f"{live_server}/api/v1/me", data={"locale": "nl"}, headers={"X-CSRFToken": csrf}).ok


def test_the_worker_shows_a_reminder_for_one_behaviour_with_a_check_in_button(phone, live_server):
    from backend.push.service import Notification

    phone.grant_permissions(["notifications"], origin=live_server)
    page = phone.new_page()
    sign_in(page, "lotte@demo.test")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    reminder = Notification(
        "reminder",
        "Je ritme voor vandaag",
        "Nog 1 gedrag voor vandaag: Klantgesprek voorbereid. Je reeks van 12 dagen loopt door als je het afrondt.",
        ttl=3600,
        url="/",
        topic="ritme-reminder",
        actions=[{"action": "checkin", "title": "Inchecken"}],
        data={"behaviour_id": 1, "behaviour_name": "Klantgesprek voorbereid", "time_zone": "Europe/Amsterdam"},
    )

    [shown] = deliver_to_worker(phone, page, live_server, reminder.payload())

    assert shown["title"] == "Je ritme voor vandaag"
    assert shown["body"].startswith("Nog 1 gedrag voor vandaag: Klantgesprek voorbereid.")
    assert shown["actions"] == [{"action": "checkin", "title": "Inchecken"}]
    assert shown["tag"] == "ritme-reminder" and shown["data"]["behaviour_id"] == 1

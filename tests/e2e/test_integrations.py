"""Beheer → Koppelingen on a phone: an admin connects a Teams channel (a local receiver verifying with the
reference standardwebhooks library), sends a test message that arrives as a valid Adaptive Card, reads the
delivery log, and creates a Pipedrive source whose address then checks in a recorded CRM event."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import jsonschema_rs
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, ROOT, SCREENSHOTS, screenshot, sign_in, wait_until
from tests.integrations.receiver import Receiver

HERE = Path(__file__).resolve().parents[1] / "integrations"
SCHEMA = json.loads((HERE / "adaptive-card-1.5.subset.schema.json").read_text())


def test_admin_connects_teams_and_a_crm_source(phone, live_server):
    page = phone.new_page()
    sign_in(page, "admin@demo.test")
    page.goto("/admin/integrations")
    expect(page.get_by_role("heading", name="Koppelingen", level=1)).to_be_visible()
    screenshot(page, "integrations-empty-phone-nl")
    page.screenshot(path=str(SCREENSHOTS / "integrations-top-phone-nl.png"))

    with Receiver() as receiver:
        form = page.locator("section", has=page.get_by_role("heading", name="Kanaal toevoegen"))
        form.get_by_label("Soort").select_option("teams")
        form.get_by_label("Naam").fill("Verkoop-kanaal")
        # An address inside the company network is refused with a reason, not saved.
        form.get_by_label("Webhook-adres (https)").fill("https://10.0.0.8/hook")
        form.get_by_role("button", name="Kanaal koppelen").click()
        expect(form.get_by_text("Dit adres wijst naar een intern netwerk; dat mag niet.")).to_be_visible()
        form.get_by_label("Webhook-adres (https)").fill(receiver.url)
        form.get_by_role("button", name="Kanaal koppelen").click()
        expect(page.get_by_text("Verkoop-kanaal is gekoppeld.")).to_be_visible()

        channel = page.locator("li.integration", has_text="Verkoop-kanaal")
        channel.get_by_text("Ondertekeningsgeheim").click()
        receiver.secrets.append(channel.locator("code").inner_text().strip())
        channel.get_by_role("button", name="Stuur testbericht").click()
        expect(channel.get_by_text("Testbericht afgeleverd (antwoord 200).")).to_be_visible()
        wait_until(lambda: len(receiver.received) == 1, what="the test message at the receiver")
        assert receiver.refused == []
        message = receiver.received[0].json
        card = message["attachments"][0]["content"]
        jsonschema_rs.Draft6Validator(SCHEMA).validate(card)
        assert card["body"][0]["text"].startswith("👋 Testbericht van Ritme")

        channel.get_by_role("button", name="Logboek").click()
        log = channel.get_by_role("region", name="Logboek van Verkoop-kanaal")
        expect(log.get_by_text("Afgeleverd · 200")).to_be_visible()
        screenshot(page, "integrations-channel-phone-nl")
        _view(page, "integrations-log-phone-nl", log)

    source_form = page.locator("section", has=page.get_by_role("heading", name="Bron toevoegen"))
    source_form.get_by_label("Systeem").select_option("pipedrive")
    source_form.get_by_label("Naam").fill("Pipedrive")
    expect(source_form.get_by_label("Gebeurtenis")).to_have_value("create.activity")
    behaviour = source_form.get_by_label("telt als gedrag")
    behaviour.select_option(index=1)
    behaviour_id = behaviour.input_value()
    source_form.get_by_label("Wie is wie").fill("18487521 = rep@demo.test")
    source_form.get_by_role("button", name="Bron maken").click()
    expect(page.get_by_text("Pipedrive is klaar.")).to_be_visible()

    source = page.locator("li.integration", has_text="Pipedrive (webhooks v2)")
    address = source.get_by_label("Adres voor je CRM").input_value()
    source.get_by_text("Wachtwoord (HTTP Basic)").click()
    password = source.locator("code").inner_text().strip()
    body = json.loads((HERE / "payloads" / "pipedrive_v2_activity_created.json").read_text())
    body["meta"]["timestamp"] = int(time.time())
    path = address.split("/api/v1/", 1)[1]
    request = urllib.request.Request(  # noqa: S310 (the live server on 127.0.0.1)
        f"{live_server}/api/v1/{path}",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(f"ritme:{password}".encode()).decode(),
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        received = json.loads(answer.read())
    outcome = received["status"]
    assert outcome in {"checked_in", "refused"}  # refused only if the demo rep did it by hand today

    source.get_by_role("button", name="Logboek").click()
    expected = "Ingecheckt" if outcome == "checked_in" else "Geweigerd"
    expect(source.get_by_text(expected, exact=True)).to_be_visible()
    screenshot(page, "integrations-source-phone-nl")
    _view(page, "integrations-source-log-phone-nl", source.get_by_text("Wachtwoord (HTTP Basic)"))

    # The rep's Today shows the behaviour done; a check-in from the CRM is undone like any other.
    rep = phone.browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server
    )
    try:
        rep_page = rep.new_page()
        sign_in(rep_page, "rep@demo.test")
        rep_page.goto("/")
        card = rep_page.locator(f".checkin[data-behaviour-id='{behaviour_id}']")
        expect(card).to_have_class(re.compile(r"checkin--done"))
        if outcome == "checked_in":
            expect(card.get_by_text("uit je CRM")).to_be_visible()
        rep_page.screenshot(path=str(SCREENSHOTS / "integrations-rep-today-phone-nl.png"))
        if outcome == "checked_in":
            status = rep_page.evaluate(
                """async (id) => {
                    const { csrf_token } = await (await fetch('/api/v1/auth/csrf')).json();
                    const answer = await fetch(`/api/v1/checkins/${id}`, {
                        method: 'DELETE', headers: { 'X-CSRFToken': csrf_token },
                    });
                    return answer.status;
                }""",
                received["checkin_id"],
            )
            assert status == 204
    finally:
        rep.close()

    # The same screen in English (the admin's own language; set back afterwards: the demo is shared).
    _language(page, "en")
    page.goto("/admin/integrations")
    expect(page.get_by_role("heading", name="Integrations", level=1)).to_be_visible()
    page.locator("li.integration", has_text="Verkoop-kanaal").get_by_role("button", name="Delivery log").click()
    expect(page.get_by_text("Delivered · 200")).to_be_visible()
    screenshot(page, "integrations-phone-en")
    _view(page, "integrations-form-phone-en", page.get_by_role("heading", name="Add a channel"))
    _language(page, "nl")


def _view(page, name: str, locator) -> None:
    """What the phone's screen shows (390×844) with this element near the top."""
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.evaluate("() => window.scrollBy(0, -140)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _language(page, locale: str) -> None:
    page.goto("/me")
    profile_form = page.locator("form", has=page.locator(f"label.segmented__option[lang={locale}]"))
    profile_form.locator(f"label.segmented__option[lang={locale}]").click()
    profile_form.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", locale)


def test_a_badge_a_manager_awards_arrives_on_teams_as_a_valid_adaptive_card(phone, live_server, live_database):
    """The celebration path end to end: an award in the UI becomes a delivery that the scheduler's heartbeat
    sends, signed per Standard Webhooks, whose body is an Adaptive Card the schema accepts."""
    page = phone.new_page()
    sign_in(page, "admin@demo.test")
    endpoint_id = None
    with Receiver() as receiver:
        try:
            created = _fetch(
                page,
                "POST",
                "/integrations/endpoints",
                {"name": "Badges-kanaal", "url": receiver.url, "preset": "teams", "events": ["badge.awarded"]},
            )
            assert created["status"] == 201, created
            endpoint_id = created["body"]["id"]
            receiver.secrets.append(created["body"]["secret"])

            manager = phone.browser.new_context(
                viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server
            )
            try:
                award = manager.new_page()
                sign_in(award, "manager@demo.test")
                reason = f"Bereidde elk klantgesprek voor met een agenda ({uuid.uuid4().hex[:6]})."
                award.goto("/wins")
                award.get_by_role("button", name="Badge toekennen").click()
                award.get_by_label("Badge", exact=True).select_option(label="⚡ Snelle opvolger")
                award.get_by_label("Collega", exact=True).select_option(label="Ruben Jansen")
                award.get_by_label("Reden").fill(reason)
                award.get_by_role("button", name="Toekennen", exact=True).click()
                expect(award.get_by_role("status").filter(has_text="Badge toegekend aan Ruben Jansen")).to_be_visible()
            finally:
                manager.close()

            # The live server runs no scheduler: one heartbeat's worth of sending, as `flask push-scheduler` would.
            def delivered() -> bool:
                _send_due(live_database)
                return any(reason in r.body.decode() for r in receiver.received)

            wait_until(delivered, what="the badge's delivery at the receiver")
            message = next(r for r in receiver.received if reason in r.body.decode())
            assert message.verified_with == receiver.secrets[0]  # standardwebhooks' Webhook.verify accepted it
            assert {"webhook-id", "webhook-timestamp", "webhook-signature"} <= set(message.headers)
            card = message.json["attachments"][0]["content"]
            jsonschema_rs.Draft6Validator(SCHEMA).validate(card)
            assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
            assert any(reason in block.get("text", "") for block in card["body"])
        finally:
            if endpoint_id is not None:
                assert _fetch(page, "DELETE", f"/integrations/endpoints/{endpoint_id}")["status"] == 204


def _fetch(page, method: str, path: str, body=None) -> dict:
    return page.evaluate(
        """async ([method, path, body]) => {
            const { csrf_token } = await (await fetch('/api/v1/auth/csrf')).json();
            const headers = { 'X-CSRFToken': csrf_token };
            if (body !== null) headers['Content-Type'] = 'application/json';
            const answer = await fetch('/api/v1' + path, {
                method, headers, body: body === null ? undefined : JSON.stringify(body),
            });
            return { status: answer.status, body: answer.status === 204 ? null : await answer.json() };
        }""",
        [method, path, body],
    )


def _send_due(live_database) -> None:
    env = {
        **os.environ,
        "RITME_ENV": "development",
        "RITME_INSTANCE_DIR": str(live_database.parent),
        "DATABASE_URL": f"sqlite:///{live_database}",
        "RITME_HOOKS_ALLOW_HTTP_LOOPBACK": "1",
    }
    env.pop("RITME_REDIS_URL", None)
    script = (
        "from backend import create_app\n"
        "from backend.integrations import delivery\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    delivery.run_due(app)\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)

"""CRM suggestions on a phone: an admin adds a rule in "suggest" mode to a Pipedrive source (rule editing in
Beheer → Koppelingen); two recorded Pipedrive events become one suggestion on the rep's Today ("Uit je CRM");
one tap confirms it, Today shows the behaviour done from the CRM and its streak moved, and My rhythm marks the
day. Screenshots in nl and en (RITME_SHOTS_DIR, else test-results/screenshots)."""

from __future__ import annotations

import base64
import json
import os
import re
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, SCREENSHOTS, sign_in
from tests.e2e.test_integrations import _language

HERE = Path(__file__).resolve().parents[1] / "integrations"
SHOTS = Path(os.environ.get("RITME_SHOTS_DIR") or SCREENSHOTS)


def _shot(page, name: str, locator=None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    if locator is not None:
        locator.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.evaluate("() => window.scrollBy(0, -120)")
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _api(page, method: str, path: str):
    return page.evaluate(
        """async ([method, path]) => {
            const { csrf_token } = await (await fetch('/api/v1/auth/csrf')).json();
            const answer = await fetch('/api/v1' + path, { method, headers: { 'X-CSRFToken': csrf_token } });
            return { status: answer.status, body: answer.status === 204 ? null : await answer.json() };
        }""",
        [method, path],
    )


def _post_event(live_server, address, password, entity_id):
    body = json.loads((HERE / "payloads" / "pipedrive_v2_activity_created.json").read_text())
    body["meta"]["timestamp"] = int(time.time())
    body["meta"]["entity_id"] = str(entity_id)
    request = urllib.request.Request(  # noqa: S310 (the live server on 127.0.0.1)
        f"{live_server}/api/v1/{address.split('/api/v1/', 1)[1]}",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(f"ritme:{password}".encode()).decode(),
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.loads(answer.read())


def test_a_crm_suggestion_is_confirmed_with_one_tap_on_today(phone, live_server):
    rep = phone.browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server
    )
    rep_page = rep.new_page()
    source_id = checkin_id = None
    admin = phone.new_page()
    try:
        sign_in(rep_page, "rep@demo.test")
        today = _api(rep_page, "GET", "/today")["body"]
        open_ones = [b for b in today["behaviours"] if b["due_today"] and not b["done_today"]]
        assert open_ones, "the demo rep has something open today"
        daily = [b for b in open_ones if b["cadence"] in ("daily", "weekdays")]
        behaviour = (daily or open_ones)[0]

        # The admin makes a Pipedrive source, then adds a rule that only suggests.
        sign_in(admin, "admin@demo.test")
        admin.goto("/admin/integrations")
        form = admin.locator("section", has=admin.get_by_role("heading", name="Bron toevoegen"))
        form.get_by_label("Systeem").select_option("pipedrive")
        form.get_by_label("Naam").fill("Pipedrive suggesties")
        form.get_by_label("Wie is wie").fill("18487521 = rep@demo.test")
        form.get_by_role("button", name="Bron maken").click()
        expect(admin.get_by_text("Pipedrive suggesties is klaar.")).to_be_visible()
        source = admin.locator("li.integration", has_text="Pipedrive suggesties")
        source.get_by_text("Regel toevoegen").click()
        source.get_by_label("telt als gedrag").select_option(str(behaviour["id"]))
        source.get_by_label("Hoe telt het mee?").select_option("suggest")
        source.get_by_role("button", name="Regel bewaren").click()
        expect(admin.get_by_text("Regels van Pipedrive suggesties bewaard.")).to_be_visible()
        expect(source.locator(".integration__rule", has_text="suggestie")).to_be_visible()
        _shot(admin, "crm-rule-suggest-admin-phone-nl", source)

        address = source.get_by_label("Adres voor je CRM").input_value()
        source.get_by_text("Wachtwoord (HTTP Basic)").click()
        password = source.locator("code").inner_text().strip()
        source_id = next(s["id"] for s in _api(admin, "GET", "/integrations/sources")["body"] if s["url"] == address)
        answers = [_post_event(live_server, address, password, 880000 + n) for n in (1, 2)]
        assert [a["status"] for a in answers] == ["suggested", "suggested"]

        # The rep's Today: one suggestion for two meetings, in Dutch, then in English.
        rep_page.goto("/")
        card = rep_page.locator(".crm-suggestions")
        expect(card.get_by_role("heading", name="Uit je CRM")).to_be_visible()
        expect(card.get_by_text("2 gebeurtenissen in Pipedrive suggesties")).to_be_visible()
        behaviour_card = rep_page.locator(f".checkin[data-behaviour-id='{behaviour['id']}']")
        before = int(behaviour_card.locator(".checkin__streak").get_attribute("data-streak"))
        _shot(rep_page, "crm-suggestion-today-phone-nl", card)

        _language(rep_page, "en")
        rep_page.goto("/")
        card = rep_page.locator(".crm-suggestions")
        expect(card.get_by_role("heading", name="From your CRM")).to_be_visible()
        expect(card.get_by_text("2 events in Pipedrive suggesties")).to_be_visible()
        _shot(rep_page, "crm-suggestion-today-phone-en", card)
        card.get_by_role("button", name="Confirm").click()
        expect(rep_page.locator(".crm-suggestions")).to_have_count(0)
        behaviour_card = rep_page.locator(f".checkin[data-behaviour-id='{behaviour['id']}']")
        expect(behaviour_card).to_have_class(re.compile(r"checkin--done"))
        expect(behaviour_card.get_by_text("from your CRM")).to_be_visible()
        after = int(behaviour_card.locator(".checkin__streak").get_attribute("data-streak"))
        assert after > before if daily else after >= before
        _shot(rep_page, "crm-suggestion-confirmed-phone-en", behaviour_card)

        # My rhythm marks the day the CRM checked in.
        rep_page.goto("/rhythm")
        expect(rep_page.locator(".heat__cell--crm").first).to_be_visible()
        expect(rep_page.locator(".legend__item", has_text="Checked in from your CRM")).to_be_visible()
        _shot(rep_page, "crm-mark-rhythm-phone-en", rep_page.locator(".heat__cell--crm").first)
        _language(rep_page, "nl")
        rep_page.goto("/rhythm")
        expect(rep_page.locator(".legend__item", has_text="Uit je CRM ingecheckt")).to_be_visible()
        _shot(rep_page, "crm-mark-rhythm-phone-nl", rep_page.locator(".heat__cell--crm").first)

        today = _api(rep_page, "GET", "/today")["body"]
        checkin_id = next(b["checkin"]["id"] for b in today["behaviours"] if b["id"] == behaviour["id"])
    finally:
        # The demo is shared with the other browser tests: leave it as it was.
        if checkin_id is not None:
            assert _api(rep_page, "DELETE", f"/checkins/{checkin_id}")["status"] == 204
        if source_id is not None:
            assert _api(admin, "DELETE", f"/integrations/sources/{source_id}")["status"] == 204
        rep.close()


def test_the_team_grid_marks_a_day_the_crm_checked_in(phone, live_server):
    """A CRM event that counts at once: the manager's team grid marks that cell, in words and with a dot."""
    rep = phone.browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server
    )
    rep_page = rep.new_page()
    boss = phone.browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server
    )
    manager = boss.new_page()
    admin = phone.new_page()
    source_id = checkin_id = None
    try:
        sign_in(rep_page, "rep@demo.test")
        today = _api(rep_page, "GET", "/today")["body"]
        open_ones = [b for b in today["behaviours"] if b["due_today"] and not b["done_today"]]
        assert open_ones, "the demo rep has something open today"
        behaviour = open_ones[0]

        sign_in(admin, "admin@demo.test")
        admin.goto("/admin/integrations")
        form = admin.locator("section", has=admin.get_by_role("heading", name="Bron toevoegen"))
        form.get_by_label("Systeem").select_option("pipedrive")
        form.get_by_label("Naam").fill("Pipedrive grid")
        form.get_by_label("telt als gedrag").select_option(str(behaviour["id"]))
        form.get_by_label("Wie is wie").fill("18487521 = rep@demo.test")
        form.get_by_role("button", name="Bron maken").click()
        expect(admin.get_by_text("Pipedrive grid is klaar.")).to_be_visible()
        source = admin.locator("li.integration", has_text="Pipedrive grid")
        address = source.get_by_label("Adres voor je CRM").input_value()
        source.get_by_text("Wachtwoord (HTTP Basic)").click()
        password = source.locator("code").inner_text().strip()
        source_id = next(s["id"] for s in _api(admin, "GET", "/integrations/sources")["body"] if s["url"] == address)
        answer = _post_event(live_server, address, password, 990001)
        assert answer["status"] == "checked_in", answer
        checkin_id = answer["checkin_id"]

        sign_in(manager, "manager@demo.test")
        manager.goto("/admin/team")
        cell = manager.locator(".rhythm-grid .grid-cell--crm").first
        expect(cell).to_be_visible()
        expect(cell.locator(".visually-hidden")).to_contain_text("1 uit het CRM")
        expect(manager.locator(".grid-legend", has_text="Uit het CRM ingecheckt")).to_be_visible()
        _shot(manager, "crm-mark-grid-phone-nl", manager.get_by_role("heading", name="Ritme van het team", level=2))
        _shot(manager, "crm-mark-grid-legend-phone-nl", manager.locator(".rhythm-grid tbody"))

        _language(manager, "en")
        manager.goto("/admin/team")
        cell = manager.locator(".rhythm-grid .grid-cell--crm").first
        expect(cell.locator(".visually-hidden")).to_contain_text("1 from the CRM")
        expect(manager.locator(".grid-legend", has_text="Checked in from the CRM")).to_be_visible()
        _shot(manager, "crm-mark-grid-phone-en", manager.get_by_role("heading", name="Team rhythm", level=2))
        _language(manager, "nl")
    finally:
        # The demo is shared with the other browser tests: leave it as it was.
        if checkin_id is not None:
            assert _api(rep_page, "DELETE", f"/checkins/{checkin_id}")["status"] == 204
        if source_id is not None:
            assert _api(admin, "DELETE", f"/integrations/sources/{source_id}")["status"] == 204
        rep.close()
        boss.close()

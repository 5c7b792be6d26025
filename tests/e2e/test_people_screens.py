"""The screens people use outside the rep's Today, on a 390 px phone: staff's Today, choosing in forms,
finding Beheer's parts, the first run of a new organisation, and the polish (words, numbers, focus, names).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, screenshot, sign_in
from tests.e2e.test_rhythm import _api


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


# --- 11: staff and admins --------------------------------------------------------------------


def test_staff_today_leads_with_sharing_a_win_and_the_feed(phone):
    text = f"Creditnota voor Bouwgroep Noord dezelfde dag verstuurd ({uuid.uuid4().hex[:6]})"
    page = phone.new_page()
    sign_in(page, "finance@demo.test")

    # Not a dead end: the first card says what staff can do here, then the feed.
    first_card = page.locator("main section").first
    expect(first_card.get_by_role("heading", name="Deel een klantsucces")).to_be_visible()
    expect(page.get_by_text("Nog geen gedrag voor jou")).to_have_count(0)
    expect(page.get_by_role("heading", name="Laatste successen")).to_be_visible()
    expect(page.locator(".rc-feed article").first).to_be_visible()
    expect(page.get_by_role("link", name="Alle successen bekijken")).to_be_visible()
    screenshot(page, "people-staff-today")

    # Share a win right here, crediting a colleague, by keyboard after the first tap.
    page.get_by_role("button", name="Klantsucces delen").click()
    what = page.get_by_label("Wat gebeurde er?")
    expect(what).to_be_focused()
    what.fill(text)
    # Text areas use the app's font, not the browser's monospace.
    fonts = page.evaluate(
        "() => [getComputedStyle(document.body).fontFamily,"
        " getComputedStyle(document.querySelector('textarea')).fontFamily]"
    )
    assert fonts[0] == fonts[1], fonts

    search = page.get_by_label("Collega's erbij")
    search.fill("Ruben")
    match = page.get_by_role("button", name=re.compile("Ruben Jansen"))
    expect(match).to_be_visible()
    # The hint stays readable: the suggestions sit below it, not over it.
    hint = page.get_by_text("Zoek op naam of team; zij delen in het succes.")
    assert not _overlap(hint.bounding_box(), page.locator(".rc-picker__matches").bounding_box())
    screenshot(page, "people-staff-picker")
    match.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".rc-chip", has_text="Ruben Jansen")).to_be_visible()
    # Focus goes back to the search to add the next colleague, not to the top of the page.
    expect(search).to_be_focused()

    page.get_by_role("button", name="Delen", exact=True).focus()
    page.keyboard.press("Enter")
    notice = page.locator(".notice--success", has_text="Gedeeld")
    expect(notice).to_be_visible()
    expect(notice).to_be_focused()
    expect(page.locator(".rc-feed article[data-win]").filter(has_text=text)).to_be_visible()
    screenshot(page, "people-staff-today-shared")


def test_sharing_a_win_on_the_wins_tab_keeps_focus_on_the_confirmation(phone):
    page = phone.new_page()
    sign_in(page, "finance@demo.test")
    page.goto("/wins")
    page.get_by_role("button", name="Klantsucces delen").click()
    page.get_by_label("Wat gebeurde er?").fill(f"Snelle terugbetaling geregeld ({uuid.uuid4().hex[:6]})")
    page.get_by_role("button", name="Delen", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".notice--success", has_text="Gedeeld")).to_be_focused()


# --- 12: nothing chosen for the person --------------------------------------------------------


def test_invites_awards_and_nominations_make_the_person_choose(phone, browser, live_server):
    page = phone.new_page()
    sign_in(page, "admin@demo.test")
    page.goto("/admin/people")
    page.get_by_role("button", name="Mensen uitnodigen").click()
    invite = page.locator("section", has=page.get_by_role("heading", name="Mensen uitnodigen"))
    team, role = invite.get_by_label("Team"), invite.get_by_label("Rol")
    expect(team).to_have_value("")
    expect(role).to_have_value("")
    assert team.locator("option").first.inner_text() == "Kies een team"
    assert role.locator("option").first.inner_text() == "Kies een rol"
    invite.get_by_label("E-mailadressen").fill(f"nog.niet.{uuid.uuid4().hex[:6]}@example.test")
    invite.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(invite.get_by_text("Kies een team.")).to_be_visible()
    expect(invite.get_by_text("Kies een rol.")).to_be_visible()
    expect(team).to_be_focused()
    expect(page.get_by_text("uitnodiging verstuurd")).to_have_count(0)
    screenshot(page, "people-invite-choose")

    manager = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, base_url=live_server)
    try:
        award = manager.new_page()
        sign_in(award, "manager@demo.test")
        award.goto("/wins")
        award.get_by_role("button", name="Badge toekennen").click()
        badge = award.get_by_label("Badge", exact=True)
        expect(badge).to_have_value("")
        assert badge.locator("option").first.inner_text() == "Kies een badge"
        award.get_by_role("button", name="Toekennen", exact=True).click()
        expect(award.get_by_text("Kies een badge.")).to_be_visible()
        expect(award.get_by_text("Kies een collega.")).to_be_visible()
        expect(badge).to_be_focused()
        screenshot(award, "people-award-choose")
    finally:
        manager.close()

    rep = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, base_url=live_server)
    try:
        nominate = rep.new_page()
        sign_in(nominate, "rep@demo.test")
        nominate.goto("/wins")
        nominate.get_by_role("button", name="Collega voordragen").click()
        expect(nominate.get_by_label("Badge", exact=True)).to_have_value("")
    finally:
        rep.close()


# --- 13: findability ----------------------------------------------------------------------------


def test_a_manager_finds_the_grid_and_the_behaviours_in_beheer_and_old_addresses_still_work(phone):
    page = phone.new_page()
    sign_in(page, "manager@demo.test")
    page.get_by_role("navigation").get_by_text("Ik", exact=True).click()
    page.get_by_role("link", name="Mijn teams beheren").click()
    page.wait_for_url("**/admin/team")
    tabs = page.get_by_role("navigation", name="Beheeronderdelen")
    for name in ("Mensen", "Teamritme", "Gedrag"):
        expect(tabs.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(tabs.get_by_role("link", name="Import", exact=True)).to_have_count(0)  # admins only
    page.locator(".rhythm-grid").wait_for()

    # The icon column heads have names, and the names are also written out under the grid.
    team_id = next(t["id"] for t in _api(page, "GET", "/me")[1]["teams"] if t["manages"])
    behaviours = _api(page, "GET", f"/teams/{team_id}/rhythm-grid")[1]["behaviours"]
    for behaviour in behaviours:
        expect(page.get_by_role("columnheader", name=behaviour["name"])).to_have_count(1)
        expect(page.locator(".grid-key dd", has_text=behaviour["name"])).to_be_visible()
    wrap = page.locator(".grid-wrap")
    if wrap.evaluate("(el) => el.scrollWidth > el.clientWidth + 1"):
        expect(page.get_by_text("Veeg de tabel opzij voor al het gedrag.")).to_be_visible()
        expect(wrap).to_have_attribute("tabindex", "0")
    screenshot(page, "people-manager-team-grid")

    tabs.get_by_role("link", name="Gedrag", exact=True).click()
    page.wait_for_url("**/admin/behaviours")
    page.locator(".catalogue__item").first.wait_for()

    # Accessible names contain the visible text (axe: label-content-name-mismatch).
    mismatched = page.evaluate(
        """() => [...document.querySelectorAll('main button[aria-label]')]
            .filter((b) => b.textContent.trim() && !b.getAttribute('aria-label').toLowerCase()
                .includes(b.textContent.trim().toLowerCase()))
            .map((b) => `${b.textContent.trim()} ≠ ${b.getAttribute('aria-label')}`)"""
    )
    assert mismatched == []
    first = page.locator(".catalogue__item .catalogue__name").first.inner_text().strip()
    expect(page.get_by_role("button", name=f"Bewerken: {first}")).to_be_visible()
    screenshot(page, "people-manager-behaviours")

    for old, new in (("/behaviours", "/admin/behaviours"), ("/team", "/admin/team")):
        page.goto(old)
        page.wait_for_url(f"**{new}")
    # The leaderboard's button leads to the same place.
    page.goto("/leaderboard")
    page.get_by_role("link", name="Teamoverzicht", exact=False).click()
    page.wait_for_url("**/admin/team")


def test_an_admin_downloads_the_import_template_from_beheer(phone):
    page = phone.new_page()
    sign_in(page, "admin@demo.test")
    page.goto("/import")
    page.wait_for_url("**/admin/import")
    tab = page.get_by_role("navigation", name="Beheeronderdelen").get_by_role("link", name="Import")
    expect(tab).to_have_attribute("aria-current", "page")
    with page.expect_download() as download:
        page.get_by_role("button", name="Voorbeeld-CSV downloaden").click()
    path = Path(download.value.path())
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "e-mailadres,gedrag,datum,notitie"
    assert len(lines) == 2 and lines[1].startswith("lotte@voorbeeld.nl,")
    assert download.value.suggested_filename.endswith(".csv")
    screenshot(page, "people-admin-import")


def _create_organisation(live_database, email: str, password: str) -> None:
    env = {
        **os.environ,
        "RITME_ENV": "development",
        "RITME_INSTANCE_DIR": str(live_database.parent),
        "DATABASE_URL": f"sqlite:///{live_database}",
    }
    flask = str(Path(sys.executable).parent / "flask")
    subprocess.run(
        [flask, "--app", "backend", "create-org", "--name", f"Nieuw BV {email[:6]}", "--admin-email", email,
         "--admin-password", password, "--admin-name", "Nina Nieuw"],
        env=env, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip


def test_a_new_organisation_admin_gets_a_first_run_checklist_and_a_readable_audit_log(phone, live_database):
    email = f"nina.{uuid.uuid4().hex[:6]}@example.test"
    _create_organisation(live_database, email, "een goed wachtwoord")
    page = phone.new_page()
    sign_in(page, email, "een goed wachtwoord")
    page.goto("/admin/teams")  # where /setup lands

    checklist = page.locator("section", has=page.get_by_role("heading", name="Zo zet je Ritme op"))
    expect(checklist).to_be_visible()
    expect(checklist.get_by_role("link", name="Maak een team aan")).to_be_visible()
    expect(checklist.get_by_role("link", name="Voeg het gedrag van dat team toe")).to_be_visible()
    expect(checklist.get_by_role("link", name="Nodig mensen uit")).to_be_visible()
    screenshot(page, "people-first-run")

    page.get_by_label("Naam", exact=True).fill("Operations")
    page.get_by_label("Soort").select_option("operations")
    page.get_by_role("button", name="Team aanmaken").click()
    expect(checklist.locator("[data-step=team]")).to_have_class(re.compile("first-run__step--done"))
    expect(checklist.get_by_role("link", name="Maak een team aan")).to_have_count(0)
    checklist.get_by_role("link", name="Voeg het gedrag van dat team toe").click()
    page.wait_for_url("**/admin/behaviours")
    expect(page.get_by_role("heading", name="Zo zet je Ritme op")).to_be_visible()
    screenshot(page, "people-first-run-team-done")

    # The audit log in words: no stored codes such as teams_first or operations.
    status, _ = _api(page, "PATCH", "/admin/organisation", {"visibility": "private"})
    assert status == 200
    page.goto("/admin/audit")
    log = page.locator(".admin-audit")
    expect(log).to_contain_text("soort: Operations")
    expect(log).to_contain_text("zichtbaarheid: Teams eerst → Privé")
    assert "teams_first" not in log.inner_text()
    assert "operations" not in log.inner_text()
    screenshot(page, "people-audit")


def test_the_changed_screens_fit_a_360_px_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, base_url=live_server)
    try:
        for email, paths in (
            ("finance@demo.test", ["/"]),
            ("admin@demo.test", ["/admin/team", "/admin/behaviours", "/admin/import", "/admin/audit", "/admin/people"]),
        ):
            page = context.new_page()
            sign_in(page, email)
            for path in paths:
                page.goto(path)
                page.locator("main h1").wait_for()
                page.wait_for_load_state("networkidle")
                wide = page.evaluate("() => document.documentElement.scrollWidth")
                assert wide <= 360, f"{path} is {wide} px wide for {email}"
                screenshot(page, f"people-360{path.replace('/', '-') or '-today'}")
            page.close()
            context.clear_cookies()
    finally:
        context.close()

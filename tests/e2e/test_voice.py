"""Customer voice on a phone: reached from Wins, a quote shared online and one offline (replayed once when the
connection is back), the filters, a manager's NPS import with bad lines; screenshots in Dutch and English.

The tests sign in people no other browser test writes as: support@ (Customer Service) and jeroen@ (Finance)
share, manager.zuid@ imports.
"""

from __future__ import annotations

import sqlite3
import time

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_until


def _voices(database, quote: str) -> int:
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute("SELECT count(*) FROM customer_voice WHERE quote = ?", (quote,)).fetchone()
    return count


def _open_voice(page) -> None:
    page.goto("/wins")
    page.get_by_role("link", name="Stem van de klant", exact=False).click()
    page.wait_for_url("**/voice")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stem van de klant")
    page.locator(".vc-card").first.wait_for()


def _speak_dutch_again(page) -> None:
    """Demo people are shared with other browser tests: leave them in Dutch."""
    status = page.evaluate(
        """async () => {
            const csrf = await (await fetch('/api/v1/auth/csrf')).json();
            const r = await fetch('/api/v1/me', {method: 'PATCH', headers: {'Content-Type': 'application/json',
                'X-CSRFToken': csrf.csrf_token}, body: JSON.stringify({locale: 'nl'})});
            return r.status;
        }"""
    )
    assert status == 200


def _share(page, quote: str, customer: str, score: str) -> None:
    page.get_by_role("button", name="Deel wat een klant zei").click()
    page.get_by_label("Uitspraak van de klant").fill(quote)
    page.get_by_label("Klant (organisatie)").fill(customer)
    page.get_by_label("Score", exact=True).select_option(score)
    page.get_by_role("button", name="Delen", exact=True).click()


def test_a_voice_shared_online_and_one_offline_are_each_stored_once(phone, live_database):
    page = phone.new_page()
    sign_in(page, "support@demo.test")
    _open_voice(page)
    screenshot(page, "voice-feed-nl")

    online = "Heel fijn dat jullie meteen terugbelden"
    _share(page, online, "Installatiebedrijf Kok", "9")
    expect(page.locator(".notice--success")).to_contain_text("Gedeeld")
    expect(page.locator(".vc-card", has_text=online)).to_be_visible()
    wait_until(lambda: _voices(live_database, online) == 1, what="the online voice stored")

    page.get_by_role("button", name="Deel wat een klant zei").click()
    page.get_by_label("Uitspraak van de klant").fill("…")
    screenshot(page, "voice-log-form-nl")
    page.get_by_role("button", name="Annuleren").click()

    offline = "Jullie monteur liet alles netjes achter"
    phone.set_offline(True)
    _share(page, offline, "Installatiebedrijf Kok", "8")
    expect(page.locator(".notice--success")).to_contain_text("offline")
    expect(page.locator(".vc-queued")).to_contain_text("1 uitspraak wacht")
    time.sleep(1)  # a real phone would try (and fail) to send it
    assert _voices(live_database, offline) == 0
    screenshot(page, "voice-offline-queued-nl")

    phone.set_offline(False)
    expect(page.locator(".vc-queued")).to_have_count(0)
    wait_until(lambda: _voices(live_database, offline) >= 1, what="the offline voice stored")
    expect(page.locator(".vc-card", has_text=offline)).to_be_visible()
    time.sleep(1)  # give a duplicate replay (page and worker both) every chance to show itself
    assert _voices(live_database, offline) == 1 and _voices(live_database, online) == 1


def test_the_feed_filters_by_department_customer_and_score(phone):
    page = phone.new_page()
    sign_in(page, "jeroen@demo.test")
    _open_voice(page)
    page.get_by_label("Toon afdeling").select_option(label="Finance")
    expect(page.locator(".vc-card", has_text="Bakkerij Smit")).to_be_visible()
    expect(page.locator(".vc-card", has_text="Jansen Logistiek")).to_have_count(0)
    page.get_by_label("Toon score").select_option("detractor")
    expect(page.locator(".vc-card")).to_have_count(1)
    expect(page.locator(".vc-card")).to_contain_text("Bakkerij Smit")
    page.get_by_label("Toon afdeling").select_option("")
    page.get_by_label("Toon score").select_option("")
    page.get_by_label("Zoek klant").fill("jansen")
    expect(page.locator(".vc-card")).to_have_count(1)
    expect(page.locator(".vc-card")).to_contain_text("Jansen Logistiek")


def test_a_manager_imports_nps_results_and_sees_the_bad_lines_in_english(phone, tmp_path):
    page = phone.new_page()
    sign_in(page, "manager.zuid@demo.test")
    status = page.evaluate(
        """async () => {
            const csrf = await (await fetch('/api/v1/auth/csrf')).json();
            const r = await fetch('/api/v1/me', {method: 'PATCH', headers: {'Content-Type': 'application/json',
                'X-CSRFToken': csrf.csrf_token}, body: JSON.stringify({locale: 'en'})});
            return r.status;
        }"""
    )
    assert status == 200
    page.evaluate("localStorage.setItem('ritme.locale', 'en')")
    page.goto("/voice")
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer voice")
    page.locator(".vc-card").first.wait_for()
    screenshot(page, "voice-feed-en")
    csv = tmp_path / "nps.csv"
    csv.write_text(
        "date,score,comment,customer\n2026-10-01,10,Great service from Sales Zuid,Mulder Techniek\n"
        "2026-10-02,12,Too high,X\n2026-10-03,,No score,Y\n"
    )
    page.get_by_text("Import NPS results").click()
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Import", exact=True).click()
    report = page.locator(".vc-import .report-table")
    expect(report).to_contain_text("Invalid score: 12")
    expect(report.locator("tbody tr")).to_have_count(2)
    expect(report.locator("tbody tr").first.locator("td").first).to_have_text("3")
    expect(page.locator(".vc-card", has_text="Great service from Sales Zuid")).to_be_visible()
    page.get_by_text("Import NPS results").scroll_into_view_if_needed()
    screenshot(page, "voice-nps-import-en")
    page.get_by_role("button", name="Share what a customer said").click()
    expect(page.get_by_label("What the customer said")).to_be_focused()
    screenshot(page, "voice-log-form-en")
    _speak_dutch_again(page)


def test_what_works_shows_the_demo_teams_comparison_and_takes_a_managers_figure(phone):
    page = phone.new_page()
    sign_in(page, "manager@demo.test")
    page.goto("/voice")
    page.get_by_role("link", name="Wat werkt", exact=False).click()
    page.wait_for_url("**/what-works")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat werkt")
    expect(page.locator(".notice--info")).to_contain_text("geen bewijs")
    card = page.locator(".ww-card").first
    # The demo seeds twelve weeks of what 'Wat werkt' reads: a real comparison with its interval.
    appointments = card.locator(".ww-row", has_text="Gekwalificeerde afspraken")
    expect(appointments).to_contain_text("per week in sterke t.o.v. zwakke weken")
    expect(appointments).to_contain_text("95%-interval")
    expect(appointments).to_contain_text("12 weken")
    # Too few scored voices and confirmed wins in the demo for those: the gate says so.
    expect(card.locator(".ww-row", has_text="Bevestigde klantsuccessen")).to_contain_text("Nog te weinig weken")
    page.get_by_label("Cijfer", exact=True).fill("11")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".ww-enter .notice--success")).to_be_visible()
    screenshot(page, "what-works-nl")
    page.evaluate("localStorage.setItem('ritme.locale', 'en')")
    page.evaluate(
        """async () => {
            const csrf = await (await fetch('/api/v1/auth/csrf')).json();
            await fetch('/api/v1/me', {method: 'PATCH', headers: {'Content-Type': 'application/json',
                'X-CSRFToken': csrf.csrf_token}, body: JSON.stringify({locale: 'en'})});
        }"""
    )
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("What works")
    expect(page.locator(".notice--info")).to_contain_text("not proof")
    expect(page.locator(".ww-card").first.locator(".ww-row", has_text="Qualified appointments")).to_contain_text(
        "95% interval"
    )
    expect(page.locator(".ww-card").first).to_contain_text("Confirmed customer wins")
    screenshot(page, "what-works-en")
    _speak_dutch_again(page)


def _voice_win(database, quote: str):
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT win.text FROM customer_voice JOIN win ON win.id = customer_voice.win_id WHERE quote = ?", (quote,)
        ).fetchall()


def test_a_voice_is_linked_to_a_customer_win_found_by_searching(phone, live_database):
    page = phone.new_page()
    sign_in(page, "jeroen@demo.test")
    _open_voice(page)
    quote = "Dankzij de creditnota konden we ons jaar op tijd afsluiten"
    page.get_by_role("button", name="Deel wat een klant zei").click()
    page.get_by_label("Uitspraak van de klant").fill(quote)
    page.get_by_label("Klant (organisatie)").fill("Installatietechniek Zuid")
    page.get_by_role("button", name="Koppel aan gedrag of klantsucces").click()
    # A word only the demo's win has: other browser tests log wins about credit notes of their own.
    page.get_by_label("Klantsucces", exact=True).fill("jaarafsluiting")
    results = page.get_by_role("list", name="Gevonden klantsuccessen")
    expect(results.get_by_role("button")).to_have_count(1)
    page.get_by_label("Klantsucces", exact=True).scroll_into_view_if_needed()
    screenshot(page, "voice-win-picker-nl")
    results.get_by_role("button", name="Creditnota voor Installatietechniek Zuid", exact=False).click()
    expect(page.get_by_test_id("chosen-win")).to_contain_text("Creditnota voor Installatietechniek Zuid")
    screenshot(page, "voice-win-chosen-nl")
    page.get_by_role("button", name="Delen", exact=True).click()
    expect(page.locator(".notice--success")).to_contain_text("Gedeeld")
    wait_until(lambda: len(_voice_win(live_database, quote)) == 1, what="the voice stored with its win")
    assert _voice_win(live_database, quote)[0][0].startswith("Creditnota voor Installatietechniek Zuid")

    page.evaluate("localStorage.setItem('ritme.locale', 'en')")
    page.evaluate(
        """async () => {
            const csrf = await (await fetch('/api/v1/auth/csrf')).json();
            await fetch('/api/v1/me', {method: 'PATCH', headers: {'Content-Type': 'application/json',
                'X-CSRFToken': csrf.csrf_token}, body: JSON.stringify({locale: 'en'})});
        }"""
    )
    page.reload()
    page.get_by_role("button", name="Share what a customer said").click()
    page.get_by_role("button", name="Link a behaviour or customer win").click()
    page.get_by_label("Customer win", exact=True).fill("klant")
    expect(page.get_by_role("list", name="Customer wins found").get_by_role("button").first).to_be_visible()
    page.get_by_label("Customer win", exact=True).scroll_into_view_if_needed()
    screenshot(page, "voice-win-picker-en")
    _speak_dutch_again(page)

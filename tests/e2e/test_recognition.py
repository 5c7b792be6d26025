"""Recognition in the browser on a phone: a finance colleague shares a win crediting a rep, another rep
applauds, the manager awards "Snelle opvolger" with a reason, and the feed celebrates all three."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in


def test_a_win_applause_and_a_badge_award_show_up_in_the_feed(browser, live_server):
    run = uuid.uuid4().hex[:6]
    text = f"Factuurvraag van Bouwgroep Noord binnen een uur opgelost ({run})"
    reason = f"Volgde de klant van de factuurvraag binnen een uur op en zette de afspraak vast ({run})."

    def phone():
        return browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            base_url=live_server,
        )

    # finance@ shares a win crediting the rep: Wins tab, "share", type, pick the colleague, share.
    finance = phone()
    page = finance.new_page()
    sign_in(page, "finance@demo.test")
    # The tab's name carries the unread count ("Successen, 5 ongelezen"), and Today links to all wins too.
    page.locator("nav.bottom-nav").get_by_role("link", name=re.compile("^Successen")).click()
    page.get_by_role("button", name="Klantsucces delen").click()
    page.get_by_label("Wat gebeurde er?").fill(text)
    page.get_by_label("Collega's erbij").fill("Ruben")
    page.get_by_role("button", name=re.compile("Ruben Jansen")).click()
    page.get_by_role("button", name="Delen", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Gedeeld")).to_be_visible()
    win = page.locator("article[data-win]").filter(has_text=text)
    expect(win).to_contain_text("Samen met Ruben Jansen")
    finance.close()

    # Another rep applauds.
    lotte = phone()
    page = lotte.new_page()
    sign_in(page, "lotte@demo.test")
    page.goto("/wins")
    win = page.locator("article[data-win]").filter(has_text=text)
    win.get_by_role("button", name="Applaus").click()
    expect(win.get_by_role("button", name="Geapplaudisseerd")).to_have_attribute("aria-pressed", "true")
    expect(win).to_contain_text("1 applaus")
    lotte.close()

    # The manager awards "Snelle opvolger" with a reason that names the behaviour.
    manager = phone()
    page = manager.new_page()
    sign_in(page, "manager@demo.test")
    page.goto("/wins")
    page.get_by_role("button", name="Badge toekennen").click()
    page.get_by_label("Badge", exact=True).select_option(label="⚡ Snelle opvolger")
    page.get_by_label("Collega", exact=True).select_option(label="Ruben Jansen")
    page.get_by_label("Reden").fill(reason)
    page.get_by_role("button", name="Toekennen", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Badge toegekend aan Ruben Jansen")).to_be_visible()

    # The feed shows all three: the win with its applause, and the award with its reason, newest first.
    page.reload()
    award = page.locator("article[data-award]").filter(has_text=reason).first
    expect(award).to_contain_text("Ruben Jansen kreeg de badge Snelle opvolger")
    expect(award).to_contain_text("van Martijn Bakker")
    win = page.locator("article[data-win]").filter(has_text=text)
    expect(win).to_contain_text("Lotte Smit")
    expect(win).to_contain_text("Femke Peters deelde een klantsucces")
    cards = page.locator("ol.rc-feed > li article")
    expect(cards.nth(0)).to_contain_text("Snelle opvolger")
    expect(cards.nth(1)).to_contain_text(text)
    screenshot(page, "recognition-feed")

    # The rep's profile: the badge with its reason, the win, streak records.
    page.locator("article[data-award]").filter(has_text=reason).first.get_by_role("link", name="Ruben Jansen").click()
    expect(page.get_by_role("heading", level=1, name="Ruben Jansen")).to_be_visible()
    expect(page.get_by_text(reason)).to_be_visible()
    expect(page.get_by_text(text)).to_be_visible()
    expect(page.get_by_role("heading", name="Reeksrecords")).to_be_visible()
    screenshot(page, "recognition-profile")
    manager.close()

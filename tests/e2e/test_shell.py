"""The walking skeleton in a phone browser: sign in, the shell, installable PWA, English."""

import json
import re

from playwright.sync_api import expect

from tests.e2e.conftest import SLOW_MACHINE_MS, screenshot, sign_in, wait_for_js, wait_until


def test_rep_signs_in_on_a_phone_and_sees_the_installable_shell(installable_phone):
    phone = installable_phone
    page = phone.pages[0] if phone.pages else phone.new_page()
    sign_in(page, "rep@demo.test")
    nav = page.get_by_role("navigation")
    for label in ("Vandaag", "Ranglijst", "Successen", "Ik"):
        # A tab's name may go on with its unread count ("Successen, 2 ongelezen") once that has come in.
        expect(nav.get_by_role("link", name=re.compile(rf"^{label}\b"))).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nl"

    manifest = page.evaluate("fetch('/manifest.webmanifest').then(r => r.json())")
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/" and manifest["scope"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])

    active = page.evaluate("navigator.serviceWorker.ready.then(r => r.active && r.active.scriptURL)")
    assert active.endswith("/sw.js")
    cdp = phone.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], json.dumps(errors)
    screenshot(page, "shell-today-nl")


def test_the_shell_opens_offline_once_installed(phone):
    page = phone.new_page()
    sign_in(page, "lotte@demo.test")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # let the worker take control of the page
    wait_for_js(page, "navigator.serviceWorker.controller !== null")
    page.get_by_role("navigation").wait_for()  # the controlled page has fetched (and the worker cached) /me
    phone.set_offline(True)
    page.reload()
    page.get_by_role("navigation").wait_for()
    screenshot(page, "shell-offline-nl")
    phone.set_offline(False)


def test_switching_to_english_changes_the_interface(phone):
    page = phone.new_page()
    sign_in(page, "daan@demo.test")
    page.get_by_role("navigation").get_by_text("Ik", exact=True).click()
    profile_form = page.locator("form", has=page.locator("label.segmented__option[lang=en]"))
    profile_form.locator("label.segmented__option[lang=en]").click()
    profile_form.locator("button[type=submit]").click()
    nav = page.get_by_role("navigation")
    nav.get_by_text("Today", exact=True).wait_for()
    wait_for_js(page, "document.documentElement.lang === 'en'")
    screenshot(page, "profile-en")
    page.reload()
    nav.get_by_text("Me", exact=True).wait_for()
    # daan@ is shared by the whole run (test_challenges looks for his Dutch cards): give him Dutch back.
    page.get_by_role("navigation").get_by_text("Me", exact=True).click()
    profile_form.locator("label.segmented__option[lang=nl]").click()
    profile_form.locator("button[type=submit]").click()
    nav.get_by_text("Vandaag", exact=True).wait_for()


def test_a_tap_while_the_next_screen_loads_never_lands_on_the_screen_being_left(browser, live_server):
    """Today and Wins both have "Klantsucces delen". While Wins' code is still on its way, the router keeps
    Today on view: a tap there would open Today's form, which vanishes when Wins arrives (a flaky CI run
    showed exactly that). Today is inert and busy until Wins is there; then the tap reaches Wins."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server,
        service_workers="block",  # the chunk must come over the network, where the test holds it back
    )
    context.set_default_timeout(SLOW_MACHINE_MS)
    page = context.new_page()
    held = []
    page.route(re.compile(r"/assets/WinsPage-[^/]*\.js$"), lambda route: held.append(route))
    sign_in(page, "finance@demo.test")
    page.locator("nav.bottom-nav").get_by_role("link", name=re.compile("^Successen")).click()
    wait_until(lambda: held, what="the Wins chunk to be requested", page=page)

    main = page.locator("main#main")
    expect(main).to_have_attribute("aria-busy", "true")
    assert page.evaluate("document.getElementById('main').inert") is True
    # Today's own button is still on screen, but a finger's tap on it must not open Today's form.
    box = main.get_by_role("button", name="Klantsucces delen").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_label("Wat gebeurde er?")).to_have_count(0)

    held[0].continue_()
    expect(page.get_by_role("heading", level=1, name="Successen")).to_be_visible()
    expect(main).not_to_have_attribute("aria-busy", "true")
    assert page.evaluate("document.getElementById('main').inert") is False
    page.get_by_role("button", name="Klantsucces delen").click()
    page.get_by_label("Wat gebeurde er?").fill("Factuurvraag binnen een uur opgelost")
    expect(page.get_by_label("Wat gebeurde er?")).to_have_value("Factuurvraag binnen een uur opgelost")
    context.close()

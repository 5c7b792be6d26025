"""Sign-in with the organisation's identity provider in Chromium, against a real OpenID provider.

panva's `oidc-provider` (npm) runs on 127.0.0.1 for this module (tests/identity/provider.py), with a client
registered for this live server's callback. The admin connects it under Beheer → Organisatie → Inloggen;
a person then types their e-mail on the sign-in screen, lands on the provider's own login and consent
pages, and comes back to Ritme signed in. Screenshots at 390×844 in Dutch and English.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, SLOW_MACHINE_MS, screenshot, sign_in
from tests.identity.provider import CLIENT_ID, CLIENT_SECRET, running_provider

DOMAIN = "acme.test"  # the provider's test accounts live here; the demo's people are @demo.test


@pytest.fixture(scope="module")
def provider(live_server):
    with running_provider([f"{live_server}/api/v1/auth/sso/callback"]) as running:
        yield running


def _context(browser, live_server, locale: str):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server, locale=locale
    )
    context.set_default_timeout(SLOW_MACHINE_MS)
    return context


def _at_the_provider(page, provider, login: str) -> None:
    """The provider's own pages: log in as `login` (its dev login takes any password), then consent."""
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("whatever")
    page.locator("button[type=submit]").click()
    consent = page.get_by_role("button", name="Continue")
    consent.wait_for()
    consent.click()


def test_a_person_signs_in_through_the_organisations_provider(browser, live_server, provider):
    admin_context = _context(browser, live_server, "nl-NL")
    page = admin_context.new_page()
    sign_in(page, "admin@demo.test")
    page.goto("/admin/organisation")
    card = page.locator("section", has=page.get_by_role("heading", name="Inloggen", exact=True))
    expect(card.get_by_text("Microsoft Entra ID")).to_be_visible()
    card.get_by_role("radio", name="Andere OpenID Connect-provider").check()
    card.get_by_role("textbox", name="Issuer").fill(provider.issuer)
    card.get_by_role("textbox", name="Client-ID").fill(CLIENT_ID)
    card.get_by_label("Client secret", exact=True).fill(CLIENT_SECRET)
    card.get_by_role("textbox", name="E-maildomeinen").fill(DOMAIN)
    card.get_by_role("radio", name="Aanmaken als staf").check()
    card.get_by_role("button", name="Koppelen").click()
    expect(card.get_by_text("Gekoppeld. Mensen in deze domeinen")).to_be_visible()
    expect(card.get_by_text("Gekoppeld met 127.0.0.1")).to_be_visible()
    expect(card.get_by_text(f"{live_server}/api/v1/auth/sso/callback")).to_be_visible()
    expect(card.get_by_label("Client secret", exact=True)).to_have_value("")  # never shown again
    card.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -80)")  # clear of the sticky app bar
    card.screenshot(path=str(screenshot(page, "identity-admin-nl").with_name("identity-admin-card-nl.png")))

    # The test button runs a real sign-in at the provider and says what would happen, changing nothing.
    card.get_by_role("button", name="Test een echte aanmelding").click()
    _at_the_provider(page, provider, "bram")
    page.wait_for_url("**/admin/organisation?sso_test=ok_created**")
    expect(page.get_by_text(f"Test geslaagd: bram@{DOMAIN} is nog onbekend")).to_be_visible()
    assert page.request.get(f"{live_server}/api/v1/me").json()["email"] == "admin@demo.test"

    # The same card in English (the admin's own language setting), then back to Dutch.
    headers = {"X-CSRFToken": _csrf(page, live_server)}
    assert page.request.patch(f"{live_server}/api/v1/me", data={"locale": "en"}, headers=headers).ok
    page.goto("/admin/organisation")
    card_en = page.locator("section", has=page.get_by_role("heading", name="Sign-in", exact=True))
    expect(card_en.get_by_text("Connected to 127.0.0.1")).to_be_visible()
    card_en.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -80)")
    card_en.screenshot(path=str(screenshot(page, "identity-admin-en").with_name("identity-admin-card-en.png")))
    assert page.request.patch(f"{live_server}/api/v1/me", data={"locale": "nl"}, headers=headers).ok
    admin_context.close()

    for locale, lang in (("nl-NL", "nl"), ("en-GB", "en")):
        context = _context(browser, live_server, locale)
        page = context.new_page()
        page.goto("/login")
        expect(page.locator("input[name=password]")).to_have_count(0)  # e-mail first
        screenshot(page, f"identity-login-email-{lang}")
        page.locator("input[name=email]").fill(f"newbie@{DOMAIN}")
        page.locator("form button[type=submit]").click()
        _at_the_provider(page, provider, "newbie")
        page.wait_for_url(f"{live_server}/")
        me = page.request.get(f"{live_server}/api/v1/me").json()
        assert (me["email"], me["role"], me["teams"]) == (f"newbie@{DOMAIN}", "staff", [])
        assert me["organisation"]["name"] == "Demo BV"

        # Signed out, the sign-in screen offers the provider straight away.
        page.request.post(f"{live_server}/api/v1/auth/logout", headers={"X-CSRFToken": _csrf(page, live_server)})
        page.goto("/login")
        if lang == "en":  # the app took the new person's language (the organisation's, Dutch) when signed in
            page.get_by_role("radio", name="English").check()
        shortcut = page.get_by_role(
            "button", name="Inloggen met 127.0.0.1" if lang == "nl" else "Sign in with 127.0.0.1"
        )
        expect(shortcut).to_be_visible()
        screenshot(page, f"identity-login-shortcut-{lang}")
        shortcut.click()
        # The provider remembers its own session: straight back, or through its pages once more.
        page.wait_for_url(lambda url: url.startswith(provider.issuer) or url == f"{live_server}/")
        if page.url.startswith(provider.issuer) and "/interaction/" in page.url:
            _at_the_provider(page, provider, "newbie")
        page.wait_for_url(f"{live_server}/")
        context.close()


def test_a_refused_sign_in_says_why_on_the_sign_in_screen(browser, live_server, provider):
    for locale, lang, text in (
        ("nl-NL", "nl", "De inlogdienst heeft je e-mailadres niet bevestigd."),
        ("en-GB", "en", "The sign-in service has not verified your e-mail address."),
    ):
        context = _context(browser, live_server, locale)
        page = context.new_page()
        page.goto("/login")
        page.locator("input[name=email]").fill(f"unverified@{DOMAIN}")
        page.locator("form button[type=submit]").click()
        _at_the_provider(page, provider, "unverified")
        page.wait_for_url("**/login?sso_error=email_unverified")
        expect(page.get_by_text(text)).to_be_visible()
        assert page.request.get(f"{live_server}/api/v1/me").status == 401
        screenshot(page, f"identity-login-refused-{lang}")
        context.close()


def test_an_address_without_a_provider_asks_for_the_password(browser, live_server, provider):
    context = _context(browser, live_server, "en-GB")
    page = context.new_page()
    page.goto("/login")
    page.locator("input[name=email]").fill("rep@demo.test")
    page.get_by_role("button", name="Next").click()
    password = page.locator("input[name=password]")
    expect(password).to_be_focused()
    expect(page.get_by_text("rep@demo.test")).to_be_visible()
    screenshot(page, "identity-login-password-en")
    password.fill("ritme-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/")
    context.close()


def _csrf(page, live_server) -> str:
    return page.request.get(f"{live_server}/api/v1/auth/csrf").json()["csrf_token"]


# --- passkeys, with Chromium's virtual authenticator (DevTools protocol) --------------------------


@pytest.fixture
def passkey_phone(browser, live_server):
    """A phone on http://localhost:<port> (an IP address cannot be a WebAuthn relying party) with a virtual
    platform authenticator that holds discoverable credentials and verifies the user."""
    origin = live_server.replace("127.0.0.1", "localhost")
    context = _context(browser, origin, "nl-NL")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]
    yield page, origin, cdp, authenticator
    context.close()


def _sign_out(page, origin):
    token = page.request.get(f"{origin}/api/v1/auth/csrf").json()["csrf_token"]
    assert page.request.post(f"{origin}/api/v1/auth/logout", headers={"X-CSRFToken": token}).status == 204


def _passkey_sign_in(page):
    page.goto("/login")
    page.get_by_role("button", name="Inloggen met een passkey").click()


def test_passkeys_register_sign_in_and_are_refused_once_removed(passkey_phone, live_database):
    import sqlite3

    page, origin, cdp, authenticator = passkey_phone
    sign_in(page, "manager@demo.test")
    page.goto("/me")
    card = page.locator("section", has=page.get_by_role("heading", name="Passkeys", exact=True))
    expect(card.get_by_text("Je hebt nog geen passkey.")).to_be_visible()
    card.get_by_role("textbox", name="Naam van de passkey").fill("Testtelefoon")
    card.get_by_role("button", name="Passkey toevoegen").click()
    expect(card.get_by_text("Passkey ‘Testtelefoon’ toegevoegd.")).to_be_visible()
    expect(card.get_by_role("button", name="Passkey Testtelefoon verwijderen")).to_be_visible()
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    card.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -80)")  # clear of the sticky app bar
    card.screenshot(path=str(screenshot(page, "identity-passkeys-nl").with_name("identity-passkeys-card-nl.png")))

    # One tap on the sign-in screen, no e-mail, no password.
    _sign_out(page, origin)
    _passkey_sign_in(page)
    page.wait_for_url(f"{origin}/")
    assert page.request.get(f"{origin}/api/v1/me").json()["email"] == "manager@demo.test"

    # An assertion whose counter does not go up (a cloned authenticator) is refused.
    with sqlite3.connect(live_database) as db:
        (count,) = db.execute("SELECT sign_count FROM passkey").fetchone()
        assert count >= 1  # the virtual authenticator counts its assertions
        db.execute("UPDATE passkey SET sign_count = ?", (count + 1000,))
    _sign_out(page, origin)
    _passkey_sign_in(page)
    expect(page.get_by_text("Deze passkey werd niet geaccepteerd.")).to_be_visible()
    assert page.request.get(f"{origin}/api/v1/me").status == 401
    with sqlite3.connect(live_database) as db:
        db.execute("UPDATE passkey SET sign_count = ?", (count,))

    # Removed under Ik: the device still offers it, Ritme refuses it.
    sign_in(page, "manager@demo.test")
    page.goto("/me")
    card.get_by_role("button", name="Passkey Testtelefoon verwijderen").click()
    expect(card.get_by_text("Passkey ‘Testtelefoon’ verwijderd.")).to_be_visible()
    expect(card.get_by_text("Je hebt nog geen passkey.")).to_be_visible()
    _sign_out(page, origin)
    _passkey_sign_in(page)
    expect(page.get_by_text("Deze passkey werd niet geaccepteerd.")).to_be_visible()
    assert page.request.get(f"{origin}/api/v1/me").status == 401
    screenshot(page, "identity-login-passkey-refused-nl")

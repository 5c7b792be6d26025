"""The admin's provider policy (Beheer → Organisatie → Inloggen) and an invite accepted through the provider, in
Chromium against a real OpenID provider (oidc-provider on 127.0.0.1, tests/identity/provider.py).

The admin requires the provider with herself as break-glass admin (the form warns what that means), invites a new
admin, who accepts on the invite page through the provider (no password to choose); choosing the newcomer, who has
no password, as break-glass admin shows all three warnings; the server then refuses to deactivate her. Screenshots
at 390×844 in Dutch and English. The live server is shared by the whole run: everything is undone at the end.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.test_admin import _invite_link
from tests.e2e.test_identity import _at_the_provider, _context, _csrf
from tests.identity.provider import CLIENT_ID, CLIENT_SECRET, running_provider

INVITEE = "ines@acme.test"


@pytest.fixture(scope="module")
def provider(live_server):
    with running_provider([f"{live_server}/api/v1/auth/sso/callback"]) as running:
        yield running


def _api(page, live_server, method, path, body=None):
    return page.request.fetch(
        f"{live_server}/api/v1{path}", method=method, data=body, headers={"X-CSRFToken": _csrf(page, live_server)}
    )


def _policy_form(page):
    return page.locator("form.identity-policy")


def _shot(page, form, name):
    """What a phone shows (390×844, not the full page): the form from its heading, clear of the sticky app bar."""
    path = screenshot(page, name)  # the full page first: taking it moves the scroll position
    form.evaluate("form => form.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -72)")
    page.screenshot(path=str(path))


def test_the_admin_requires_the_provider_and_an_invitee_accepts_through_it(
    browser, live_server, live_database, provider
):
    admin_context = _context(browser, live_server, "nl-NL")
    page = admin_context.new_page()
    sign_in(page, "admin@demo.test")
    me = page.request.get(f"{live_server}/api/v1/me").json()
    connected = _api(
        page,
        live_server,
        "PUT",
        "/identity/provider",
        {
            "kind": "generic",
            "issuer": provider.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "domains": ["acme.test"],
            "unknown_people": "refuse",
        },
    )
    assert connected.ok, connected.text()
    invitee_id = None
    try:
        # 1. Require the provider, herself the break-glass admin: the form says what that means before saving.
        page.goto("/admin/organisation")
        form = _policy_form(page)
        form.get_by_label("Inloggen via de provider verplichten").check()
        form.get_by_label("Noodbeheerder (mag een wachtwoord blijven gebruiken)").select_option(label=me["name"])
        warnings = form.get_by_test_id("policy-warnings")
        expect(warnings).to_contain_text(f"{me['name']} is dan de enige die nog met een wachtwoord kan inloggen")
        expect(warnings.locator(".notice")).to_have_count(1)
        _shot(page, form, "identity-policy-required-nl")
        form.get_by_role("button", name="Opslaan").click()
        expect(form.get_by_text("Opgeslagen.")).to_be_visible()

        # 2. An invite into the organisation: the invite page leads to the provider, no password to choose.
        team_id = page.request.get(f"{live_server}/api/v1/teams").json()[0]["id"]
        sent = _api(page, live_server, "POST", "/invites", {"email": INVITEE, "team_id": team_id, "role": "admin"})
        assert sent.ok, sent.text()
        link = _invite_link(live_database, INVITEE)
        for locale, lang, button in (
            ("en-GB", "en", "Continue with 127.0.0.1"),
            ("nl-NL", "nl", "Verder met 127.0.0.1"),
        ):
            invitee_context = _context(browser, live_server, locale)
            invitee = invitee_context.new_page()
            invitee.goto(link)
            go = invitee.get_by_role("button", name=button)
            expect(go).to_be_visible()
            expect(invitee.locator("input[type=password]")).to_have_count(0)
            screenshot(invitee, f"identity-invite-provider-{lang}")
            if lang == "en":
                invitee_context.close()
                continue
            go.click()
            _at_the_provider(invitee, provider, "ines")
            invitee.wait_for_url(f"{live_server}/")
            mine = invitee.request.get(f"{live_server}/api/v1/me").json()
            assert (mine["email"], mine["name"], mine["role"]) == (INVITEE, "Ines Invité", "admin")
            assert [t["id"] for t in mine["teams"]] == [team_id]
            invitee_id = mine["id"]
            invitee.goto(link)  # used: the link is dead now
            expect(invitee.get_by_role("button", name=button)).to_have_count(0)
            invitee_context.close()

        # 3. The newcomer has no password: choosing her shows every warning (in Dutch, then in English).
        page.goto("/admin/organisation")
        form = _policy_form(page)
        choice = form.get_by_label("Noodbeheerder (mag een wachtwoord blijven gebruiken)")
        choice.select_option(label="Ines Invité (nog geen wachtwoord)")
        expect(form.get_by_test_id("policy-warnings").locator(".notice")).to_have_count(3)
        expect(form.get_by_text("Ines Invité heeft nog geen wachtwoord")).to_be_visible()
        expect(form.get_by_text("Jij logt daarna zelf ook in met je werkaccount of een passkey")).to_be_visible()
        _shot(page, form, "identity-policy-warnings-nl")
        form.get_by_role("button", name="Opslaan").click()
        expect(form.get_by_text("Opgeslagen.")).to_be_visible()

        assert _api(page, live_server, "PATCH", "/me", {"locale": "en"}).ok
        page.goto("/admin/organisation")
        form = _policy_form(page)
        expect(form.get_by_label("Require signing in through the provider")).to_be_checked()
        expect(form.get_by_text("Ines Invité has no password yet")).to_be_visible()
        expect(form.get_by_text("will then be the only one who can still sign in with a password")).to_be_visible()
        _shot(page, form, "identity-policy-warnings-en")

        # 4. The server keeps the break-glass admin: no deactivating her while the provider is required.
        refused = _api(page, live_server, "PATCH", f"/admin/people/{invitee_id}", {"active": False})
        assert refused.status == 409
        assert refused.json()["error"]["code"] == "break_glass_admin"
        assert "Ines Invité is the break-glass admin" in refused.json()["error"]["message"]
    finally:
        # Undo for the rest of the run (one live server): passwords back, the provider gone, the newcomer erased.
        _api(page, live_server, "PATCH", "/me", {"locale": "nl"})
        _api(page, live_server, "PUT", "/identity/provider/policy", {"require_provider": False})
        if invitee_id is not None:
            _api(page, live_server, "POST", f"/admin/people/{invitee_id}/erase")
        _api(page, live_server, "DELETE", "/identity/provider")
        admin_context.close()

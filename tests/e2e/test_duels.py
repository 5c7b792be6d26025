"""Duels in a phone browser: a rep invites a colleague (Duels on the Challenges screen), the colleague sees
the invitation in English and accepts, both see the running duel with both scores; a third colleague sees
it only while both agree to show it.

Signs in thijs@ (Sales Zuid), fleur@ (Sales Noord, switched to English and back) and lotte@ (Sales Noord,
looking only). Nobody taps: the other browser tests' check-ins stay theirs.
"""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, screenshot, sign_in


def _phone(browser, live_server):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server
    )
    return context, context.new_page()


def _csrf(page, live_server) -> str:
    return page.request.get(f"{live_server}/api/v1/auth/csrf").json()["csrf_token"]


def _locale(page, live_server, locale: str) -> None:
    headers = {"X-CSRFToken": _csrf(page, live_server)}
    assert page.request.patch(f"{live_server}/api/v1/me", data={"locale": locale}, headers=headers).ok


def test_a_rep_invites_a_colleague_who_accepts_and_colleagues_see_it_only_while_both_agree(browser, live_server):
    # 1. Thijs invites Fleur from the Challenges screen, agreeing to show it.
    thijs_context, thijs = _phone(browser, live_server)
    sign_in(thijs, "thijs@demo.test")
    thijs.goto("/challenges")
    duels = thijs.locator("section.duels")
    duels.get_by_role("heading", name="Duels").wait_for()
    duels.get_by_role("button", name="Daag een collega uit").click()
    form = duels.locator("form.challenge-form")
    form.get_by_label("Collega", exact=True).select_option(label="Fleur de Boer")
    today = date.fromisoformat(thijs.request.get(f"{live_server}/api/v1/duels/options").json()["today"])
    form.get_by_label("Begint op").fill(today.isoformat())
    form.get_by_label("Collega's mogen dit duel zien").check()
    form.scroll_into_view_if_needed()
    screenshot(thijs, "duels-invite-nl")
    form.get_by_role("button", name="Uitnodiging sturen").click()
    thijs.get_by_text("Fleur de Boer is uitgenodigd voor een duel.").wait_for()
    card = duels.locator(".duel-card", has_text="Jij tegen Fleur de Boer")
    expect(card.locator("[data-testid=duel-status]")).to_have_text("Uitgenodigd")
    expect(card).to_contain_text("Wacht op het antwoord van Fleur de Boer.")

    # 2. Fleur (in English) sees the invitation, agrees to show it too, and accepts.
    fleur_context, fleur = _phone(browser, live_server)
    sign_in(fleur, "fleur@demo.test")
    _locale(fleur, live_server, "en")
    try:
        fleur.goto("/challenges")
        invitation = fleur.locator(".duel-card", has_text="You versus Thijs Bos")
        expect(invitation).to_contain_text("Thijs Bos challenges you to a duel.")
        invitation.get_by_label("Colleagues may see this duel").check()
        invitation.scroll_into_view_if_needed()
        screenshot(fleur, "duels-invitation-en")
        invitation.get_by_role("button", name="Accept").click()
        running = fleur.locator(".duel-card", has_text="You versus Thijs Bos")
        expect(running.locator("[data-testid=duel-status]")).to_contain_text("Running")
        expect(running.locator("[data-testid=duel-score]")).to_have_count(2)
        expect(running).to_contain_text("Visible to colleagues")
        running.scroll_into_view_if_needed()
        screenshot(fleur, "duels-running-en")

        # 3. Thijs sees it running, with both scores.
        thijs.reload()
        card = thijs.locator(".duel-card", has_text="Jij tegen Fleur de Boer")
        expect(card.locator("[data-testid=duel-status]")).to_contain_text("Loopt")
        expect(card.locator("[data-testid=duel-score]")).to_have_count(2)
        expect(card).to_contain_text("Zichtbaar voor collega's")
        card.scroll_into_view_if_needed()
        screenshot(thijs, "duels-running-nl")

        # 4. Lotte sees it among the colleagues' duels, until Fleur no longer agrees.
        lotte_context, lotte = _phone(browser, live_server)
        sign_in(lotte, "lotte@demo.test")
        lotte.goto("/challenges")
        shared = lotte.locator(".duel-card", has_text="Thijs Bos tegen Fleur de Boer")
        expect(shared).to_contain_text("Gedeeld door allebei")
        expect(shared.get_by_role("button")).to_have_count(0)  # nothing to do with another's duel
        shared.scroll_into_view_if_needed()
        screenshot(lotte, "duels-public-nl")
        fleur.reload()
        mine = fleur.locator(".duel-card", has_text="You versus Thijs Bos")
        consent = mine.get_by_label("Colleagues may see this duel")
        consent.click()  # the box follows the server's answer
        expect(mine).to_contain_text("Only for the two of you")
        expect(consent).not_to_be_checked()
        lotte.reload()
        lotte.locator("section.duels").get_by_role("heading", name="Duels").wait_for()
        expect(lotte.locator(".duel-card", has_text="Thijs Bos tegen Fleur de Boer")).to_have_count(0)
        lotte_context.close()
    finally:
        _locale(fleur, live_server, "nl")
    thijs_context.close()
    fleur_context.close()

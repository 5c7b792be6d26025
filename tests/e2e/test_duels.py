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


def _phone(browser, live_server, **options):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server, **options
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
        fleur.goto("/challenges#duels")  # where the invitation's notification leads
        invitation = fleur.locator(".duel-card", has_text="You versus Thijs Bos")
        expect(invitation).to_contain_text("Thijs Bos challenges you to a duel.")
        expect(invitation).to_be_in_viewport()
        fleur.screenshot(path=str(screenshot(fleur, "duels-invitation-en").with_name("duels-from-push-en.png")))
        invitation.get_by_label("Colleagues may see this duel").check()
        screenshot(fleur, "duels-invitation-en")
        invitation.get_by_role("button", name="Accept").click()
        running = fleur.locator(".duel-card", has_text="You versus Thijs Bos")
        expect(running.locator("[data-testid=duel-status]")).to_contain_text("Running")
        expect(running.locator("[data-testid=duel-score]")).to_have_count(2)
        expect(running).to_contain_text("Visible to colleagues")
        screenshot(fleur, "duels-running-en")

        # 3. Thijs sees it running, with both scores.
        thijs.reload()
        card = thijs.locator(".duel-card", has_text="Jij tegen Fleur de Boer")
        expect(card.locator("[data-testid=duel-status]")).to_contain_text("Loopt")
        expect(card.locator("[data-testid=duel-score]")).to_have_count(2)
        expect(card).to_contain_text("Zichtbaar voor collega's")
        screenshot(thijs, "duels-running-nl")

        # 4. Lotte sees it among the colleagues' duels, until Fleur no longer agrees.
        lotte_context, lotte = _phone(browser, live_server)
        sign_in(lotte, "lotte@demo.test")
        lotte.goto("/challenges")
        shared = lotte.locator(".duel-card", has_text="Thijs Bos tegen Fleur de Boer")
        expect(shared).to_contain_text("Gedeeld door allebei")
        expect(shared.get_by_role("button")).to_have_count(0)  # nothing to do with another's duel
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

        # 5. The result as both see it once it is over (the list answered as after the end: the result
        # itself is computed by the server, tests/challenges/test_duels.py): the winner celebrated.
        def finished(route, winner_of):
            body = route.fetch().json()
            for duel in body["mine"]:
                duel.update(status="closed", seconds_left=None, leader_id=None)
                duel["winner_id"] = winner_of(duel)
                for score, (value, done) in zip(duel["scores"], ((60.0, 3), (80.0, 4)), strict=True):
                    score.update(consistency=value, done=done)
            route.fulfill(json=body)

        # Without the service worker, which would answer the page's requests before page.route sees them.
        after_context, after = _phone(browser, live_server, service_workers="block")
        sign_in(after, "fleur@demo.test")
        after.route("**/api/v1/duels", lambda route: finished(route, lambda d: d["opponent"]["id"]))
        after.goto("/challenges")
        won = after.locator(".duel-card", has_text="You versus Thijs Bos")
        expect(won.locator("[data-testid=duel-result]")).to_have_text("🎉 You won the duel!")
        screenshot(after, "duels-result-en")
        after_context.close()
        after_context, after = _phone(browser, live_server, service_workers="block")
        sign_in(after, "thijs@demo.test")
        after.route("**/api/v1/duels", lambda route: finished(route, lambda d: d["opponent"]["id"]))
        after.goto("/challenges")
        lost = after.locator(".duel-card", has_text="Jij tegen Fleur de Boer")
        expect(lost.locator("[data-testid=duel-result]")).to_have_text("🎉 Fleur de Boer heeft het duel gewonnen!")
        screenshot(after, "duels-result-nl")
        after_context.close()
    finally:
        _locale(fleur, live_server, "nl")
    thijs_context.close()
    fleur_context.close()

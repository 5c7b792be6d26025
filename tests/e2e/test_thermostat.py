"""The team thermostat in a phone browser, nl and en: the manager of Sales Zuid opens an anonymous round,
reps answer it from Today, the manager reads the answers (no names) and drafts the standard, most of the
team recognises itself in it, and it is the team goal on Today; the manager sees it in the history.

Signs in manager.zuid@, sem@, noor@ and thijs@ (emma@ agrees through the API); everyone is left in Dutch.
Leaves Sales Zuid with this month's goal, a standard ("Elk klantgesprek binnen 24 uur opgevolgd").
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, screenshot, sign_in

STANDARD = "Elk klantgesprek binnen 24 uur opgevolgd"


def _shot(page, name: str) -> None:
    screenshot(page, f"thermostat-{name}")


def _person(browser, live_server, email: str, locale: str = "nl"):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server
    )
    page = context.new_page()
    sign_in(page, email)
    _speak(page, locale)
    return context, page


def _call(page, method: str, path: str, body: dict) -> int:
    return page.evaluate(
        """async ([method, path, body]) => {
            const csrf = await (await fetch('/api/v1/auth/csrf')).json();
            const r = await fetch('/api/v1' + path, {method, headers: {'Content-Type': 'application/json',
                'X-CSRFToken': csrf.csrf_token}, body: JSON.stringify(body)});
            return r.status;
        }""",
        [method, path, body],
    )


def _speak(page, locale: str) -> None:
    assert _call(page, "PATCH", "/me", {"locale": locale}) == 200
    page.evaluate(f"localStorage.setItem('ritme.locale', '{locale}')")


def _answer_from_today(page, card_cta: str, now: str, ahead: str, holding: str, submit: str) -> None:
    page.goto("/")
    card = page.locator(".team-round-card")
    expect(card).to_be_visible()
    card.get_by_role("link", name=card_cta).click()
    form = page.locator("form", has=page.locator("textarea[name=now]"))
    form.locator("textarea[name=now]").fill(now)
    form.locator("textarea[name=ahead]").fill(ahead)
    form.locator("textarea[name=holding]").fill(holding)
    form.locator("input[name=target]").fill("90")
    form.get_by_role("button", name=submit).click()


def test_a_team_sets_its_thermostat_together_and_the_standard_becomes_its_goal(browser, live_server):
    contexts = []
    try:
        # 1. The manager opens an anonymous monthly round (from the leaderboard, where the team goal lives).
        context, boss = _person(browser, live_server, "manager.zuid@demo.test")
        contexts.append(context)
        boss.goto("/leaderboard")
        boss.get_by_role("link", name="Teamthermostaat").click()
        expect(boss.get_by_role("heading", level=1)).to_have_text("Teamthermostaat")
        boss.get_by_label("Maand").check()
        boss.get_by_label("Anoniem").check()
        _shot(boss, "open-round-nl")
        boss.get_by_role("button", name="Ronde openen").click()
        expect(boss.get_by_test_id("round-anonymity")).to_contain_text("zonder namen")

        # 2. Two reps answer from Today, one in Dutch, one in English; they see it is anonymous first.
        context, sem = _person(browser, live_server, "sem@demo.test")
        contexts.append(context)
        sem.goto("/")
        expect(sem.locator(".team-round-card")).to_contain_text("Je team vraagt je mening")
        _shot(sem, "today-card-nl")
        _answer_from_today(
            sem,
            "Beantwoorden",
            "We blussen brandjes.",
            "Elke klant voelt zich gehoord.",
            "Interne overleggen.",
            "Antwoorden versturen",
        )
        expect(sem.get_by_text("Dank je! Je manager ziet je antwoorden zonder je naam.")).to_be_visible()
        expect(sem.get_by_test_id("round-anonymity")).to_contain_text("Anoniem")
        _shot(sem, "answered-nl")

        context, noor = _person(browser, live_server, "noor@demo.test", "en")
        contexts.append(context)
        _answer_from_today(
            noor,
            "Answer",
            "Follow-ups slip.",
            "Customers hear from us the next day.",
            "Ad-hoc requests.",
            "Send answers",
        )
        expect(noor.get_by_text("Thank you! Your manager sees your answers without your name.")).to_be_visible()
        _shot(noor, "answered-en")

        # 3. The manager reads the answers without names and drafts the standard.
        boss.reload()
        answers = boss.locator(".thermostat-answer")
        expect(answers).to_have_count(2)
        for name in ("Sem", "Noor"):
            expect(boss.locator(".thermostat")).not_to_contain_text(name)
        boss.get_by_label("In eigen woorden (optioneel)").fill(STANDARD)
        boss.locator("form", has=boss.locator("#draft-title")).locator("input[name=target]").fill("85")
        boss.get_by_role("button", name="Voorstel delen met het team").click()
        expect(boss.get_by_test_id("confirmation-count")).to_contain_text("0 herkennen zich erin")
        _shot(boss, "answers-and-draft-nl")

        # 4. The team answers the draft: one says why not, three recognise themselves in it.
        sem.goto("/thermostat")
        sem.get_by_role("button", name="Ik herken me hierin", exact=True).click()
        expect(sem.get_by_text("Je hebt gezegd: ik herken me hierin.")).to_be_visible()

        noor.goto("/")
        expect(noor.locator(".team-round-card")).to_contain_text("Do you recognise yourself in it?")
        noor.locator(".team-round-card").get_by_role("link", name="Take a look").click()
        expect(noor.locator(".thermostat-confirm")).to_contain_text(STANDARD)
        noor.get_by_role("button", name="I don't recognise myself in this").click()
        noor.get_by_label("Why not?").fill("85% is too high while we are two people short.")
        noor.get_by_role("button", name="Send", exact=True).click()
        expect(noor.get_by_text("You said you don't recognise yourself in this.")).to_be_visible()
        _shot(noor, "confirm-en")

        context, thijs = _person(browser, live_server, "thijs@demo.test")
        contexts.append(context)
        thijs.goto("/thermostat")
        _shot(thijs, "confirm-nl")
        thijs.get_by_role("button", name="Ik herken me hierin", exact=True).click()
        expect(thijs.get_by_text("Je hebt gezegd: ik herken me hierin.")).to_be_visible()

        context, emma = _person(browser, live_server, "emma@demo.test")
        contexts.append(context)
        turns = emma.evaluate("async () => (await (await fetch('/api/v1/thermostat/turns')).json()).turns")
        assert len(turns) == 1
        path = f"/thermostat/rounds/{turns[0]['round_id']}/confirmation"
        assert _call(emma, "PUT", path, {"agrees": True, "reason": ""}) == 200

        # 5. Three of four agreed: the standard is Sales Zuid's goal on Today.
        sem.goto("/")
        goal = sem.locator(".team-goal", has_text="Sales Zuid")
        expect(goal.locator(".team-goal__standard")).to_contain_text(STANDARD)
        expect(sem.locator(".team-round-card")).to_have_count(0)
        _shot(sem, "today-goal-nl")

        # 6. The manager sees it in the history (in English here), agreed by three, anonymously.
        _speak(boss, "en")
        boss.goto("/thermostat")
        expect(boss.get_by_role("heading", name="History")).to_be_visible()
        item = boss.locator(".thermostat-history__item").first
        expect(item).to_contain_text(STANDARD)
        expect(item).to_contain_text("Agreed: 3 team members (anonymous)")
        expect(boss.get_by_role("heading", name="Open a round")).to_be_visible()
        _shot(boss, "history-en")
    finally:
        for context in contexts:
            page = context.pages[0]
            _speak(page, "nl")
            context.close()

"""The energy pulse in the browser: an admin turns it on, a rep answers from Today's prompt and sees their own
trend, and a manager sees the team view — only safe aggregates of closed weeks — in Dutch and English."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from backend.energy.service import last_closed_week
from backend.timeutil import utcnow
from tests.e2e.conftest import screenshot, sign_in, wait_for_js

pytestmark = pytest.mark.e2e

SALES_ZUID_SKIPPER = "emma@demo.test"


def _set_locale(page, locale: str) -> None:
    status = page.evaluate(
        """async (locale) => {
            const csrf = await (await fetch('/api/v1/auth/csrf')).json();
            const r = await fetch('/api/v1/me', {method: 'PATCH', headers: {'Content-Type': 'application/json',
                'X-CSRFToken': csrf.csrf_token}, body: JSON.stringify({locale})});
            return r.status;
        }""",
        locale,
    )
    assert status == 200
    page.evaluate("(locale) => localStorage.setItem('ritme.locale', locale)", locale)


def _answer_past_weeks(live_database) -> None:
    """Everyone of the demo answered the last three closed weeks (one Zuid rep skipped the middle one), as
    if the pulse had been on for a while: the server freezes those weeks when the team view is first opened."""
    newest = last_closed_week(utcnow())
    weeks = [newest - timedelta(weeks=2), newest - timedelta(weeks=1), newest]
    with closing(sqlite3.connect(live_database)) as db:
        (organisation_id,) = db.execute("SELECT organisation_id FROM user WHERE email = 'admin@demo.test'").fetchone()
        people = db.execute(
            "SELECT id, email FROM user WHERE organisation_id = ? AND email LIKE '%@demo.test' ORDER BY id",
            (organisation_id,),
        ).fetchall()
        for w, week in enumerate(weeks):
            for n, (user_id, email) in enumerate(people):
                if w == 1 and email == SALES_ZUID_SKIPPER:
                    continue
                level = 1 + (n * 7 + w * 3) % 5
                db.execute(
                    "INSERT OR IGNORE INTO energy_answer (organisation_id, user_id, week_start, level, gave, cost,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        organisation_id,
                        user_id,
                        week.isoformat(),
                        level,
                        "team" if n % 2 else "customer_contact",
                        "workload,meetings" if n % 3 else "workload",
                        f"{week + timedelta(days=3)} 10:00:00.000000",
                    ),
                )
        db.commit()


def _switch(page, on: bool) -> None:
    page.goto("/admin/organisation")
    card = page.locator("section[aria-labelledby=energy-settings-heading]")
    box = card.get_by_label("Vraag iedereen wekelijks naar energie")
    box.wait_for()
    box.set_checked(on)
    card.get_by_role("button", name="Bewaar", exact=True).click()
    expect(card).to_contain_text("Bewaard.")


def test_a_rep_answers_privately_and_the_team_sees_only_safe_aggregates(browser, live_server, live_database):
    contexts = []

    def person(email):
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            base_url=live_server,
        )
        context.set_default_timeout(60_000)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, email)
        return page

    admin = person("admin@demo.test")
    _switch(admin, True)
    try:
        card = admin.locator("section[aria-labelledby=energy-settings-heading]")
        card.scroll_into_view_if_needed()
        threshold = card.get_by_label("Drempel: minimaal aantal antwoorden per groep")
        threshold.fill("4")
        expect(card).to_contain_text("De drempel is minstens 5.")
        threshold.fill("5")
        card.scroll_into_view_if_needed()
        screenshot(admin, "energy-admin-nl")
        card.get_by_role("link", name="Lees wat er wordt bewaard en wie wat ziet (privacy)").click()
        admin.wait_for_url("**/privacy?section=energy")
        expect(admin.get_by_role("heading", name="Energy", exact=True)).to_be_visible()
        _answer_past_weeks(live_database)

        page = person("rep@demo.test")
        prompt = page.locator("section.energy-prompt")
        expect(prompt).to_contain_text("Hoe is je energie deze week?")
        screenshot(page, "energy-today-prompt-nl")
        # The one weekly prompt can be switched off on Today, and on again on the energy page.
        prompt.get_by_role("button", name="Niet meer vragen op Vandaag").click()
        expect(prompt).to_have_count(0)
        page.reload()
        # The prompt's code has come (a side card of Today) and it did not even ask the server this time.
        wait_for_js(page, "performance.getEntriesByType('resource').some((e) => e.name.includes('EnergyPrompt'))")
        expect(page.locator("li.checkin").first).to_be_visible()
        expect(page.locator("section.energy-prompt")).to_have_count(0)
        assert not page.evaluate(
            "performance.getEntriesByType('resource').some((e) => e.name.includes('/api/v1/energy/current'))"
        )
        page.goto("/energy")
        ask = page.get_by_label("Vraag het me elke week op Vandaag")
        expect(ask).not_to_be_checked()
        ask.check()
        page.goto("/")
        expect(prompt).to_contain_text("Hoe is je energie deze week?")
        prompt.get_by_role("link", name="Beantwoord (privé)").click()
        page.wait_for_url("**/energy")
        expect(page.get_by_role("heading", level=1)).to_have_text("Energie")
        page.locator(".energy-answer .segmented__option", has_text="4").click()
        page.locator("fieldset", has_text="Wat gaf je energie?").get_by_label("Klantcontact").check()
        page.locator("fieldset", has_text="Wat kostte energie?").get_by_label("Overleggen").check()
        page.get_by_role("button", name="Bewaar mijn antwoord").click()
        expect(page.locator(".energy-answer")).to_contain_text("Bewaard. Je kunt het deze week nog wijzigen.")
        expect(page.get_by_role("button", name="Wijzig mijn antwoord")).to_be_visible()
        mine = page.locator("section[aria-labelledby=energy-mine]")
        expect(mine.locator(".energy-bars__row")).to_have_count(4)  # three past weeks and this one
        teams = page.locator("section[aria-labelledby=energy-teams]")
        expect(teams.locator(".energy-group", has_text="Hele organisatie")).to_contain_text("antwoorden")
        screenshot(page, "energy-page-nl")
        page.goto("/")
        page.locator(".page-head__title").wait_for()
        expect(page.locator("section.energy-prompt")).to_have_count(0)  # answered: no prompt any more

        manager = person("manager@demo.test")
        _set_locale(manager, "en")
        try:
            manager.goto("/energy")
            expect(manager.get_by_role("heading", level=1)).to_have_text("Energy")
            teams = manager.locator("section[aria-labelledby=energy-teams]")
            expect(teams.locator(".energy-group")).to_have_count(3)  # organisation, sales department, Sales Noord
            noord = teams.locator(".energy-group", has_text="Sales Noord")
            # The middle week Zuid had four answers, so Noord (five) would differ from Sales by four: hidden.
            expect(noord.locator(".energy-weeks__week--hidden")).not_to_have_count(0)
            expect(noord).to_contain_text("(5 answers)")
            mine = manager.locator("section[aria-labelledby=energy-mine]")
            expect(mine.locator(".energy-bars__row")).to_have_count(3)  # the past weeks; not yet this one
            screenshot(manager, "energy-team-view-en")
            manager.locator(".energy-answer .segmented__option", has_text="2").click()
            manager.get_by_role("button", name="Save my answer").click()
            expect(manager.locator(".energy-answer")).to_contain_text("Saved. You can still change it this week.")
            expect(mine.locator(".energy-bars__row")).to_have_count(4)
            screenshot(manager, "energy-page-en")
            _set_locale(admin, "en")
            admin.goto("/admin/organisation")
            expect(admin.get_by_label("Ask everyone about their energy once a week")).to_be_checked()
            admin.locator("section[aria-labelledby=energy-settings-heading]").scroll_into_view_if_needed()
            screenshot(admin, "energy-admin-en")
        finally:
            _set_locale(manager, "nl")
            _set_locale(admin, "nl")
    finally:
        # Demo people are shared with other browser tests: no prompt on their Today.
        _switch(admin, False)
        for context in contexts:
            context.close()

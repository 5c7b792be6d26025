"""Figures per person in the browser: a manager enters a team member's figure on 'Wat werkt' (the form says
it was saved for whom, never shows it back), the member sees it under "Mijn cijfers" on Mijn ritme, in Dutch
and English; an admin adds a CRM outcome rule (a won Pipedrive deal adds 1) in Beheer → Koppelingen.

Uses Sales Zuid and Sem, and a week long before the demo's history, so no seeded figure changes."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, screenshot, sign_in
from tests.e2e.test_outcome_import import _locale

WEEK = "2025-03-03"


def _shots(page, name: str, part) -> None:
    """The whole page, and the phone's screen with the part in question at its top (what a person sees)."""
    screenshot(page, name)
    part.evaluate("el => { el.scrollIntoView({block: 'start'}); window.scrollBy(0, -80); }")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-screen.png"))


def test_a_manager_enters_a_members_figure_and_only_the_member_sees_it(phone):
    page = phone.new_page()
    sign_in(page, "manager.zuid@demo.test")
    page.goto("/what-works")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat werkt")
    form = page.locator(".ww-enter")
    form.get_by_label("Voor").select_option(label="Sem Mulder")
    form.get_by_label("Maandag van de week").fill(WEEK)
    form.get_by_label("Cijfer").fill("7")
    form.get_by_role("button", name="Opslaan").click()
    expect(form.get_by_text("Opgeslagen voor Sem Mulder. Alleen Sem Mulder ziet dit cijfer")).to_be_visible()
    expect(form.get_by_label("Cijfer")).to_have_value("")  # the figure is not kept on screen
    _shots(page, "person-figure-entered-nl", form)
    page.context.clear_cookies()

    sem = phone.new_page()
    sign_in(sem, "sem@demo.test")
    sem.goto("/rhythm")
    mine = sem.locator(".my-outcomes")
    expect(mine.get_by_role("heading", name="Mijn cijfers")).to_be_visible()
    expect(mine).to_contain_text("Alleen jij ziet je eigen cijfers")
    expect(mine.locator(".my-outcomes__week", has_text="Week van 3 mrt")).to_contain_text("Gekwalificeerde afspraken 7")
    _shots(sem, "person-figures-mine-nl", mine)

    _locale(sem, "en")
    sem.reload()
    mine = sem.locator(".my-outcomes")
    expect(mine.get_by_role("heading", name="My figures")).to_be_visible()
    expect(mine.locator(".my-outcomes__week", has_text="Week of 3 Mar")).to_contain_text("Qualified appointments 7")
    _shots(sem, "person-figures-mine-en", mine)
    _locale(sem, "nl")


def test_an_admin_adds_a_crm_outcome_rule(phone):
    page = phone.new_page()
    sign_in(page, "admin@demo.test")
    page.goto("/admin/integrations")
    source_form = page.locator("section", has=page.get_by_role("heading", name="Bron toevoegen"))
    source_form.get_by_label("Systeem").select_option("pipedrive")
    source_form.get_by_label("Naam").fill("Pipedrive deals")
    source_form.get_by_role("button", name="Bron maken").click()
    expect(page.get_by_text("Pipedrive deals is klaar.")).to_be_visible()
    source = page.locator("li.integration", has_text="Pipedrive deals")
    source.get_by_text("Regel toevoegen").click()
    source.get_by_label("Wat doet deze gebeurtenis?").select_option("outcome")
    expect(source.get_by_label("Gebeurtenis", exact=True)).to_have_value("change.deal")
    expect(source.get_by_label("Alleen als veld")).to_have_value("data.status")
    expect(source.get_by_label("gelijk is aan")).to_have_value("won")
    source.get_by_label("telt op bij uitkomst").select_option(label="Gekwalificeerde afspraken")
    source.get_by_role("button", name="Regel bewaren").click()
    rule = "'change.deal (data.status = won)' telt +1 bij Gekwalificeerde afspraken"
    expect(source.get_by_text(rule)).to_be_visible()
    _shots(page, "crm-outcome-rule-nl", source)

    _locale(page, "en")
    page.reload()
    source = page.locator("li.integration", has_text="Pipedrive deals")
    expect(source.get_by_text("'change.deal (data.status = won)' adds 1 to Qualified appointments")).to_be_visible()
    source.get_by_text("Add a rule").click()
    source.get_by_label("What does this event do?").select_option("outcome")
    source.get_by_label("How much does it add?").select_option("value")
    expect(source.get_by_label("Field holding the value")).to_have_value("data.value")
    _shots(page, "crm-outcome-rule-en", source.locator(".integration__add-rule"))
    _locale(page, "nl")

"""Administration in a laptop browser: an admin invites two people into a new team; one accepts and lands on Today.

Needs the admin migration (audit_entry, user.erased_at): live_server builds its schema with `db upgrade`.
"""

import re
import time
import uuid

import pytest

from tests.e2e.conftest import screenshot, sign_in

LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def laptop(browser, live_server):
    context = browser.new_context(viewport=LAPTOP, base_url=live_server)
    yield context
    context.close()


def _invite_link(live_database, email: str, timeout: float = 60) -> str:
    """Without MAIL_SERVER the server logs each mail; the link is read from its log like a mailbox."""
    log = live_database.parent / "server.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text()
        match = re.search(rf"e-mail to {re.escape(email)} not sent:.*?(/invite/\S+)", text, re.DOTALL)
        if match:
            return match.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no invite for {email} in the server log")


def test_admin_invites_two_people_into_a_new_team_and_one_lands_on_today(laptop, browser, live_server, live_database):
    suffix = uuid.uuid4().hex[:6]
    team = f"Sales West {suffix}"
    emails = [f"lieke.{suffix}@example.test", f"bram.{suffix}@example.test"]

    page = laptop.new_page()
    sign_in(page, "admin@demo.test")
    page.goto("/me")
    page.get_by_role("link", name="Beheer: mensen, teams, organisatie").click()
    page.wait_for_url("**/admin/people")

    page.get_by_role("link", name="Teams", exact=True).click()
    page.get_by_label("Naam", exact=True).fill(team)
    page.get_by_label("Soort").select_option("sales")
    page.get_by_role("button", name="Team aanmaken").click()
    page.get_by_text(f"Team {team} is aangemaakt.").wait_for()
    screenshot(page, "admin-teams-laptop")

    page.get_by_role("link", name="Mensen", exact=True).click()
    page.get_by_role("button", name="Mensen uitnodigen").click()
    invite = page.locator("section", has=page.get_by_role("heading", name="Mensen uitnodigen"))
    invite.get_by_label("E-mailadressen").fill("\n".join([*emails, "geen-adres"]))
    invite.get_by_label("Team").select_option(label=team)
    invite.get_by_label("Rol").select_option("rep")
    invite.get_by_role("button", name="Uitnodigingen versturen").click()
    page.get_by_text("2 uitnodigingen verstuurd.").wait_for()
    invite.get_by_text("Regel 3").wait_for()  # the bad line is reported, not lost
    open_invites = page.locator("section", has=page.get_by_role("heading", name="Openstaande uitnodigingen"))
    for email in emails:
        open_invites.get_by_text(email).wait_for()
    screenshot(page, "admin-people-laptop")

    page.get_by_role("link", name="Organisatie", exact=True).click()
    page.get_by_label("Naam van de organisatie").wait_for()
    screenshot(page, "admin-organisation-laptop")

    # The first invited person follows the link from the mail, chooses a password and lands on Today.
    link = _invite_link(live_database, emails[0])
    phone = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server, is_mobile=True)
    try:
        newcomer = phone.new_page()
        newcomer.goto(link)
        newcomer.locator("input[name=name]").fill("Lieke de Wit")
        newcomer.locator("input[name=password]").fill("een goed wachtwoord")
        newcomer.locator("input[name=password_confirm]").fill("een goed wachtwoord")
        newcomer.locator("form button[type=submit]").click()
        newcomer.wait_for_url(f"{live_server}/")
        newcomer.get_by_role("heading", level=1).wait_for()
        assert newcomer.get_by_role("navigation").get_by_text("Vandaag", exact=True).is_visible()
        me = newcomer.evaluate("fetch('/api/v1/me').then(r => r.json())")
        assert me["email"] == emails[0] and [t["name"] for t in me["teams"]] == [team]
        screenshot(newcomer, "admin-invited-lands-on-today")
    finally:
        phone.close()

    # Back at the admin's People screen, the newcomer is a person and no longer an open invite.
    page.get_by_role("link", name="Mensen", exact=True).click()
    page.get_by_label("Zoek op naam of e-mailadres").fill("Lieke")
    page.get_by_text("Lieke de Wit").wait_for()

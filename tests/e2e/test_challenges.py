"""Challenges in a phone browser: a manager starts a team challenge, a rep of each team checks in, the
standing moves, the challenge closes (the `flask challenges close` command, as of its end) and the result
is in the feed.

Signs in manager@ (Sales Noord), daan@ (Sales Noord) and noor@ (Sales Zuid); they tap "Alle beloftes van
vandaag nagekomen", which no other browser test taps for them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, screenshot, sign_in, wait_until

PROMISES = "Alle beloftes van vandaag nagekomen"
ROOT = Path(__file__).resolve().parents[2]


def _api(page, path: str):
    return page.evaluate("async (path) => (await fetch('/api/v1' + path)).json()", path)


def _new_phone(browser, live_server):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, base_url=live_server
    )
    return context, context.new_page()


def _tap_promises(page) -> None:
    page.goto("/")
    card = page.locator(".checkin", has_text=PROMISES)
    card.locator(".checkin__tap").click()
    page.locator(".checkin", has_text=PROMISES).locator(".checkin__tap[aria-pressed=true]").wait_for()
    expect(page.locator(".checkin--pending")).to_have_count(0)


def _reload_until(page, locator, text: str, live_database: Path) -> None:
    """The standing moves when the scheduler's heartbeat stores it again (seconds after a tap); the live
    server runs no scheduler, so each look runs one heartbeat's worth (`flask challenges refresh`) first."""

    def shows() -> bool:
        _flask(live_database, "challenges", "refresh")
        page.reload()
        locator.first.wait_for()
        if text in locator.first.inner_text():
            return True
        page.wait_for_timeout(1000)
        return False

    wait_until(shows, what=f"{text!r} on the page")


def _flask(live_database: Path, *arguments: str) -> str:
    """A `flask` command against the live server's database, as the scheduler beside `make run` would run it."""
    env = {
        **os.environ,
        "RITME_ENV": "development",
        "RITME_INSTANCE_DIR": str(live_database.parent),
        "DATABASE_URL": f"sqlite:///{live_database}",
    }
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "backend"]
    done = subprocess.run([*flask, *arguments], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return done.stdout


def _close_as_of(live_database: Path, moment: datetime) -> str:
    """What the scheduler's heartbeat does at the end, run as of the challenge's end (the CLI's --at)."""
    return _flask(live_database, "challenges", "close", "--at", moment.isoformat())


def test_manager_starts_a_team_challenge_reps_check_in_the_standing_moves_and_the_result_is_in_the_feed(
    phone, browser, live_server, live_database
):
    # 1. The manager reaches Challenges from the leaderboard and starts a team challenge for both sales teams.
    manager = phone.new_page()
    sign_in(manager, "manager@demo.test")
    manager.goto("/leaderboard")
    manager.get_by_role("link", name="Uitdagingen").click()
    manager.get_by_role("heading", name="Uitdagingen", level=1).wait_for()
    manager.get_by_role("button", name="Nieuwe uitdaging").click()
    form = manager.locator("form.challenge-form")
    form.get_by_label("Naam").fill("Beloftes-week")
    expect(form.get_by_label("Begint op")).not_to_have_value("")
    form.get_by_label(PROMISES).check()
    form.get_by_label("Sales Noord").check()
    form.get_by_label("Sales Zuid").check()
    screenshot(manager, "challenges-new-form")
    form.get_by_role("button", name="Uitdaging starten").click()
    manager.get_by_text("Uitdaging ‘Beloftes-week’ staat klaar.").wait_for()
    card = manager.locator(".challenge-card", has_text="Beloftes-week")
    expect(card.locator("[data-testid=challenge-team]")).to_have_count(2)
    expect(card.locator("[data-testid=challenge-score]")).to_have_text(["–", "–"])  # nobody yet
    challenge_id = int(card.get_attribute("data-challenge-id"))

    # 2. A rep of Sales Noord checks in: Today shows the challenge in one line; Noord leads.
    daan_context, daan = _new_phone(browser, live_server)
    sign_in(daan, "daan@demo.test")
    _tap_promises(daan)
    line = daan.locator("[data-testid=challenge-line]")
    _reload_until(daan, line, "Sales Noord staat 1e met 100%", live_database)
    expect(line).to_contain_text("Beloftes-week")
    screenshot(daan, "challenges-today-line")

    card = manager.locator(".challenge-card", has_text="Beloftes-week")
    _reload_until(manager, card.locator(".challenge-standing"), "100%", live_database)
    expect(card.locator("[data-testid=challenge-team]").first).to_contain_text("Sales Noord")
    expect(card.locator("[data-testid=challenge-score]")).to_have_text(["100%", "–"])

    # 3. A rep of Sales Zuid checks in too: the standing moves (an equal score goes to who reached it first).
    noor_context, noor = _new_phone(browser, live_server)
    sign_in(noor, "noor@demo.test")
    _tap_promises(noor)
    noor.goto("/challenges")
    card = noor.locator(".challenge-card", has_text="Beloftes-week")
    _reload_until(noor, card.locator("[data-testid=challenge-me]"), "Jij: 100%", live_database)
    expect(card.locator("[data-testid=challenge-score]")).to_have_text(["100%", "100%"])
    expect(card.locator(".challenge-standing__row--mine")).to_contain_text("Sales Zuid")
    expect(card.locator("[data-testid=challenge-me]")).to_contain_text("Jij: 100% consistent · 1 check-in")
    screenshot(noor, "challenges-running-nl")

    # 4. The challenge ends: closed exactly once, as the scheduler's heartbeat would at its end.
    ends_at = datetime.fromisoformat(_api(noor, f"/challenges/{challenge_id}")["ends_at"]).astimezone(UTC)
    output = _close_as_of(live_database, ends_at + timedelta(seconds=1))
    assert f"closed 1 challenge(s): {challenge_id}" in output
    assert "closed 0 challenge(s)" in _close_as_of(live_database, ends_at + timedelta(seconds=2))

    noor.reload()
    past = noor.locator(".challenge-card", has_text="Beloftes-week")
    expect(past.locator("[data-testid=challenge-status]")).to_have_text("Afgelopen")
    screenshot(noor, "challenges-closed-nl")

    # 5. The result is announced in the feed, for everyone.
    daan.goto("/wins")
    feed_line = daan.locator("[data-testid=feed-challenge]").first
    expect(feed_line).to_contain_text("Uitdaging ‘Beloftes-week’ is afgelopen")
    expect(feed_line).to_contain_text("Sales Noord wint")
    screenshot(daan, "challenges-feed-nl")

    # 6. A challenge that has not started can be edited, and cancelled with a reason.
    today = date.fromisoformat(_api(manager, "/challenges/options")["today"])
    manager.goto("/challenges")
    # On a slow connection the manager types the dates before the form's options arrive: they stay typed.
    held = []

    def hold(route) -> None:
        held.append(route)

    phone.route("**/api/v1/challenges/options", hold)  # the context's: the service worker asks too
    manager.get_by_role("button", name="Nieuwe uitdaging").click()
    form = manager.locator("form.challenge-form")
    form.get_by_label("Naam").fill("Volgende week")
    form.get_by_label("Begint op").fill((today + timedelta(days=1)).isoformat())
    form.get_by_label("Eindigt op").fill((today + timedelta(days=7)).isoformat())
    wait_until(lambda: held, what="the form asking for its options", page=manager)
    held[0].continue_()
    phone.unroute("**/api/v1/challenges/options")
    expect(form.get_by_label(PROMISES)).to_be_visible()
    expect(form.get_by_label("Begint op")).to_have_value((today + timedelta(days=1)).isoformat())
    expect(form.get_by_label("Eindigt op")).to_have_value((today + timedelta(days=7)).isoformat())
    form.get_by_label("Persoonlijk record").check()
    form.get_by_label(PROMISES).check()
    form.get_by_role("button", name="Uitdaging starten").click()
    upcoming = manager.locator(".challenge-card", has_text="Volgende week")
    expect(upcoming.locator("[data-testid=challenge-status]")).to_have_text("Gepland")
    upcoming.get_by_role("button", name="Wijzigen").click()
    edit = manager.locator("form.challenge-form", has_text="Wijzigingen opslaan")
    edit.get_by_label("Naam").fill("Volgende week, beter")
    edit.get_by_role("button", name="Wijzigingen opslaan").click()
    upcoming = manager.locator(".challenge-card", has_text="Volgende week, beter")
    upcoming.get_by_role("button", name="Annuleren…").click()
    upcoming.get_by_label("Waarom annuleer je?").fill("Te druk met de jaarafsluiting")
    upcoming.get_by_role("button", name="Uitdaging annuleren").click()
    cancelled = manager.locator(".challenge-card", has_text="Volgende week, beter")
    expect(cancelled).to_contain_text("Geannuleerd: Te druk met de jaarafsluiting")
    screenshot(manager, "challenges-cancelled-nl")
    daan_context.close()
    noor_context.close()

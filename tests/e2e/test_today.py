"""The rep's phone, as a rep uses it (issue 21, items 6–9): Today opens offline after one visit, cards stay
under the thumb, yesterday can be checked in after all, and unread news shows on the tab and the icon.

Each test has its own demo person, untouched by the other browser tests: lotte@ only reads (offline),
emma@ taps (with manager.zuid@ adding a behaviour), sem@ back-fills, milan@ (credited by jeroen@) reads news,
manager.zuid@ taps her own coaching behaviours and leaves the app at once.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, screenshot, sign_in, wait_for_js, wait_until
from tests.e2e.test_rhythm import _api, _checkins_since, _server_day, _wait_until_sent

API_CACHE = "ritme-api-v1"  # frontend/src/worker/cache-names.ts


def _cached(page, path: str) -> bool:
    return page.evaluate(
        "async ([name, path]) => !!(await (await caches.open(name)).match(path))", [API_CACHE, f"/api/v1{path}"]
    )


def test_today_opens_offline_right_after_the_first_sign_in(phone):
    page = phone.new_page()
    sign_in(page, "lotte@demo.test")
    page.locator(".checkin").first.wait_for()
    names = page.locator(".checkin__name").all_inner_texts()
    assert names

    # No reload, no second visit: the first worker takes charge of the page that installed it, and the
    # app reads who is signed in and Today again, into the worker's cache.
    wait_for_js(page, "navigator.serviceWorker.controller !== null")
    wait_until(lambda: _cached(page, "/me") and _cached(page, "/today"), what="/me and /today in the worker's cache")

    # Close the app, lose the signal, open it again.
    page.close()
    phone.set_offline(True)
    page = phone.new_page()
    page.goto("/")
    page.locator(".checkin").first.wait_for()
    assert page.locator(".checkin__name").all_inner_texts() == names
    assert page.get_by_text("Ritme is niet bereikbaar").count() == 0
    expect(page.locator(".notice--info")).to_contain_text("offline")
    screenshot(page, "today-offline-after-first-visit")
    phone.set_offline(False)


def _progress(page) -> tuple[int, int]:
    done, due = re.search(r"(\d+) van (\d+)", page.locator("#progress-title").inner_text()).groups()
    return int(done), int(due)


def _today_read(page):
    """The next read of Today (the screen reads it again once a check-in or undo went out)."""
    return page.expect_response(lambda r: r.url.endswith("/api/v1/today") and r.request.method == "GET")


def test_cards_stay_under_the_thumb_and_undo_does_not_flicker(phone, browser, live_server, live_database):
    # A times-per-week behaviour with a quality checklist, once a week: emma's first tap meets its target.
    manager_context = browser.new_context(base_url=live_server)
    manager = manager_context.new_page()
    sign_in(manager, "manager.zuid@demo.test")
    _, me = _api(manager, "GET", "/me")
    team_id = next(team["id"] for team in me["teams"] if team["manages"])
    status, behaviour = _api(
        manager,
        "POST",
        "/behaviours",
        {
            "name_nl": "Klantcase uitgewerkt",
            "name_en": "Worked out a customer case",
            "icon": "🧩",
            "points": 10,
            "cadence": "times_per_week",
            "times_per_week": 1,
            "customer_facing": True,
            "checklist": [{"key": "budget", "label_nl": "Budget", "label_en": "Budget"}],
            "team_ids": [team_id],
        },
    )
    assert status == 201, behaviour
    manager_context.close()
    weekly = str(behaviour["id"])

    page = phone.new_page()
    sign_in(page, "emma@demo.test")
    # The worker takes charge on this first visit and Today is read again for its cache: let that settle
    # first, so the reads of Today below are the ones after each tap.
    wait_for_js(page, "navigator.serviceWorker.controller !== null")
    wait_until(lambda: _cached(page, "/today"), what="Today in the worker's cache")
    due_cards = page.locator("section[aria-labelledby=due-heading] .checkin")
    card = page.locator(f".checkin[data-behaviour-id='{weekly}']")
    card.wait_for()
    order = [c.get_attribute("data-behaviour-id") for c in due_cards.all()]
    assert weekly in order, "a behaviour due this week is on the day's list"
    done_before, due = _progress(page)

    # One tap meets the week's target: the server now says it is no longer due today…
    with _today_read(page):
        card.locator(".checkin__tap").click()
    _wait_until_sent(page)
    status, today = _api(page, "GET", "/today")
    assert next(b for b in today["behaviours"] if b["id"] == behaviour["id"])["due_today"] is False
    # …and yet, for this visit, the card stays where the thumb left it, and the count is the morning's.
    assert [c.get_attribute("data-behaviour-id") for c in due_cards.all()] == order
    expect(card.locator(".checkin__tap")).to_have_attribute("aria-pressed", "true")
    assert _progress(page) == (done_before + 1, due)
    # The reminder offer never comes while there is still something to tap.
    if done_before + 1 < due:
        assert page.locator(".reminder-offer").count() == 0
    screenshot(page, "today-card-stays-after-target")

    # Undo: record every state the card and the count pass through until the server's Today is read again.
    page.evaluate(
        """(id) => {
            window.__seen = [];
            const tap = () => document.querySelector(`.checkin[data-behaviour-id='${id}'] .checkin__tap`);
            const look = () => window.__seen.push([
                tap().getAttribute('aria-pressed'),
                document.querySelector('#progress-title').textContent,
            ]);
            const all = {subtree: true, childList: true, attributes: true, characterData: true};
            new MutationObserver(look).observe(document.querySelector('main'), all);
        }""",
        weekly,
    )
    card.locator(".checkin__tap").click()  # a tap on a done card offers Undo
    with _today_read(page):
        card.get_by_role("button", name="Ongedaan maken").click()
    _wait_until_sent(page)
    expect(card.locator(".checkin__tap")).to_have_attribute("aria-pressed", "false")
    seen = page.evaluate("window.__seen")
    pressed = [state for state, _ in seen]
    assert "false" in pressed
    assert "true" not in pressed[pressed.index("false") :], f"the card flickered back to done: {pressed}"
    dues = {int(re.search(r"van (\d+)", text).group(1)) for _, text in seen}
    assert dues == {due}, f"the day's list changed size under the thumb: {sorted(dues)}"
    assert [c.get_attribute("data-behaviour-id") for c in due_cards.all()] == order
    assert _progress(page) == (done_before, due)
    screenshot(page, "today-after-undo")


def _yesterday(page) -> str:
    return (date.fromisoformat(_server_day(page)) - timedelta(days=1)).isoformat()


def _late_checkins(database, email: str, behaviour_id: int, day: str) -> list[tuple[int, int]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT check_in.id, check_in.late FROM check_in JOIN user ON user.id = check_in.user_id"
            " WHERE user.email = ? AND check_in.behaviour_id = ? AND check_in.occurred_on = ?",
            (email, behaviour_id, day),
        ).fetchall()


def _open_yesterday(page, database, email: str, name: str) -> int:
    """Make sure `name` was not checked in yesterday (the demo's history is random): undo it if it was."""
    status, today = _api(page, "GET", "/today")
    behaviour_id = next(b["id"] for b in today["behaviours"] if b["name"] == name)
    for checkin_id, _late in _late_checkins(database, email, behaviour_id, _yesterday(page)):
        status, body = _api(page, "DELETE", f"/checkins/{checkin_id}")
        assert status == 204, body
    return behaviour_id


def test_a_rep_checks_in_yesterday_after_all_from_today_and_from_my_rhythm(phone, live_database):
    email = "sem@demo.test"
    page = phone.new_page()
    sign_in(page, email)
    yesterday = _yesterday(page)
    daily = _open_yesterday(page, live_database, email, "Alle beloftes van vandaag nagekomen")
    insight = _open_yesterday(page, live_database, email, "Klantinzicht gedeeld met een collega")
    page.reload()
    page.locator(".checkin").first.wait_for()

    # Today, at the foot of the list: "Gisteren nog iets vergeten?" (tap 1), the behaviour (tap 2).
    toggle = page.get_by_role("button", name="Gisteren nog iets vergeten?")
    toggle.click()
    item = page.locator(f".yesterday__item[data-behaviour-id='{daily}']")
    item.click()
    expect(item).to_have_attribute("aria-pressed", "true")
    expect(item).to_contain_text("Ingecheckt voor gisteren (te laat)")
    wait_until(lambda: _late_checkins(live_database, email, daily, yesterday), what="the back-filled check-in")
    assert [late for _, late in _late_checkins(live_database, email, daily, yesterday)] == [1]
    screenshot(page, "today-yesterday-backfilled")

    # My rhythm: yesterday's open square of another behaviour (tap 1), "Alsnog inchecken" (tap 2).
    page.get_by_role("link", name="Bekijk mijn ritme").click()
    page.wait_for_url("**/rhythm")
    card = page.locator(f".rhythm-card[data-behaviour-id='{insight}']")
    cell = card.locator(f"button.heat__cell[data-date='{yesterday}']")
    cell.click()
    page.get_by_text("Het telt mee voor je reeks, gemarkeerd als te laat.").wait_for()
    screenshot(page, "rhythm-backfill-confirm")
    card.screenshot(path=str(SCREENSHOTS / "rhythm-backfill-confirm-card.png"))
    card.get_by_role("button", name="Alsnog inchecken", exact=True).click()
    expect(card.locator(".backfill__done")).to_contain_text("te laat")
    wait_until(lambda: _late_checkins(live_database, email, insight, yesterday), what="the back-filled check-in")
    assert [late for _, late in _late_checkins(live_database, email, insight, yesterday)] == [1]
    expect(card.locator(f".heat__cell[data-date='{yesterday}']")).to_have_attribute("data-state", "done")
    # The daily behaviour's square of yesterday, back-filled from Today, is done here too; older days are not offered.
    from_today = page.locator(f".rhythm-card[data-behaviour-id='{daily}'] .heat__cell[data-date='{yesterday}']")
    expect(from_today).to_have_attribute("data-state", "done")
    before = (date.fromisoformat(yesterday) - timedelta(days=1)).isoformat()
    assert page.locator(f"button.heat__cell[data-date='{before}']").count() == 0
    screenshot(page, "rhythm-backfilled")


BADGE_RECORDER = """
window.__badges = [];
const record = (n) => { window.__badges.push(n); return Promise.resolve(); };
Object.defineProperty(navigator, 'setAppBadge', {configurable: true, value: (n) => record(n)});
Object.defineProperty(navigator, 'clearAppBadge', {configurable: true, value: () => record(0)});
"""


def test_unread_news_shows_on_the_tab_and_the_app_icon_until_read(phone, browser, live_server):
    page = phone.new_page()
    page.add_init_script(BADGE_RECORDER)  # the Badging API, watched: headless Chromium has no icon to show it on
    sign_in(page, "milan@demo.test")
    _api(page, "POST", "/notifications/read")  # start from nothing unread
    page.reload()
    nav = page.get_by_role("navigation")
    wins_tab = nav.get_by_role("link", name=re.compile("^Successen"))
    wins_tab.wait_for()
    expect(nav.locator(".bottom-nav__badge")).to_have_count(0)

    # jeroen@ credits milan in a customer win.
    other = browser.new_context(base_url=live_server)
    jeroen = other.new_page()
    sign_in(jeroen, "jeroen@demo.test")
    _, colleagues = _api(jeroen, "GET", "/colleagues")
    milan = next(c["id"] for c in colleagues if c["name"] == "Milan van Leeuwen")
    status, win = _api(
        jeroen,
        "POST",
        "/wins",
        {"client_id": str(uuid.uuid4()), "text": "Factuurvraag binnen een uur opgelost", "credited_ids": [milan]},
    )
    assert status == 201, win
    other.close()

    # milan moves on in the app: the tab says there is news, in words for a screen reader too, and so does the icon.
    nav.get_by_role("link", name="Ranglijst").click()
    expect(wins_tab).to_have_accessible_name(re.compile(r"^Successen\W+1 ongelezen melding"))
    expect(nav.locator(".bottom-nav__badge")).to_have_text("1")
    wait_until(lambda: page.evaluate("window.__badges").count(1) > 0, what="the app icon badge")
    screenshot(page, "nav-unread-badge")
    nav.screenshot(path=str(SCREENSHOTS / "nav-unread-badge-tabs.png"))

    # Reading: the Wins tab (tap 1) shows the news, "Alles gelezen" (tap 2) clears tab and icon.
    wins_tab.click()
    news = page.locator(".rc-news")
    expect(news).to_contain_text("Jeroen Hendriks noemde je in een klantsucces")
    screenshot(page, "wins-unread-news")
    news.get_by_role("button", name="Alles gelezen").click()
    expect(nav.locator(".bottom-nav__badge")).to_have_count(0)
    expect(wins_tab).to_have_accessible_name("Successen")
    wait_until(lambda: page.evaluate("window.__badges")[-1] == 0, what="the app icon badge cleared")
    status, unread = _api(page, "GET", "/notifications/unread")
    assert unread == {"unread": 0}


def test_a_tap_is_kept_when_the_app_is_left_right_after_it(phone, live_database):
    """The tapped card paints first and the rest of the check-in follows the frame; leaving at once (another
    page, or closing the app) must not lose the tap. manager.zuid@ taps her own coaching
    behaviours here, which no other browser test counts."""
    page = phone.new_page()
    sign_in(page, "manager.zuid@demo.test")
    page.locator(".checkin").first.wait_for()
    day = _server_day(page)
    before = _checkins_since(live_database, "manager.zuid@demo.test", day)
    assert page.locator(".checkin__tap[aria-pressed=false]").count() >= 2, "two behaviours still open today"

    # 1. Tap, and away to another page in the same moment (a full navigation: this page is unloaded).
    page.evaluate(
        """() => {
            document.querySelector('.checkin__tap[aria-pressed=false]').click();
            location.assign('/leaderboard');
        }"""
    )
    page.wait_for_url("**/leaderboard")
    wait_until(
        lambda: _checkins_since(live_database, "manager.zuid@demo.test", day) == before + 1,
        what="the tap stored although the page was left at once",
    )

    # 2. Tap, and close the app at once: the next opening sends what the closed one kept.
    page.goto("/")
    page.locator(".checkin__tap[aria-pressed=false]").first.wait_for()
    page.evaluate("() => document.querySelector('.checkin__tap[aria-pressed=false]').click()")
    page.close()
    page = phone.new_page()
    page.goto("/")
    page.locator(".checkin").first.wait_for()
    wait_until(
        lambda: _checkins_since(live_database, "manager.zuid@demo.test", day) == before + 2,
        what="the tap stored although the app was closed at once",
    )


# Before the app's own scripts: whether the splash ever showed, and whether a check-in was in the DOM from
# the app's very first render (the first time #app got children).
FIRST_RENDER_PROBE = """
(() => {
  const seen = (window.__firstRender = { splash: false, checkinsFirst: null });
  new MutationObserver(() => {
    const app = document.getElementById('app');
    if (!app || app.childElementCount === 0) return;
    if (seen.checkinsFirst === null) seen.checkinsFirst = !!app.querySelector('li.checkin');
    if (app.querySelector('.splash')) seen.splash = true;
  }).observe(document, { childList: true, subtree: true });
})();
"""


def _kept_keys(page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('ritme.kept:')).sort()")


def test_today_opens_from_what_was_kept_and_sign_out_forgets_it(phone):
    """Issue 20's warm open: the app's first render is the signed-in Today, from what the last open kept (no
    splash, no waiting for the server); signing out forgets it, so the next person on the phone never sees
    the last one's day. daan@ only reads here."""
    phone.add_init_script(FIRST_RENDER_PROBE)
    page = phone.new_page()
    sign_in(page, "daan@demo.test")
    page.locator(".checkin").first.wait_for()
    names = page.locator(".checkin__name").all_inner_texts()
    heading = page.locator("h1").inner_text()
    # The heading is kept once the phone is idle after the render.
    wait_until(
        lambda: _kept_keys(page) == ["ritme.kept:/me", "ritme.kept:/today", "ritme.kept:today-heading"],
        what="who is signed in, Today and its heading kept for the next open",
    )

    # Until when that heading holds (the next change of the day or its greeting, rhythm/heading.ts).
    holds_until = page.evaluate("JSON.parse(localStorage.getItem('ritme.kept:today-heading')).value.until")

    # Close the app and open it again: Today is there in the first render, the same as the server's.
    page.close()
    page = phone.new_page()
    page.goto("/")
    page.locator(".checkin").first.wait_for()
    assert page.evaluate("window.__firstRender") == {"splash": False, "checkinsFirst": True}
    assert page.locator(".checkin__name").all_inner_texts() == names
    if page.evaluate("Date.now()") < holds_until:  # run across 12:00, say, the greeting rightly changed
        assert page.locator("h1").inner_text() == heading
    screenshot(page, "today-warm-open-from-kept")

    # Sign out (Ik → Afmelden): nothing of daan@ is kept, and the next opening is the sign-in screen.
    page.get_by_role("link", name="Ik").click()
    page.get_by_role("button", name="Afmelden", exact=True).click()
    page.wait_for_url(re.compile(r"/login"))
    assert _kept_keys(page) == []
    page.close()
    page = phone.new_page()
    page.goto("/")
    page.locator("input[name=email]").wait_for()
    assert page.evaluate("window.__firstRender.checkinsFirst") is False
    assert page.locator("li.checkin").count() == 0

"""The behaviour rhythm in a phone browser: one-tap check-ins, offline and back, My rhythm, the editor.

Each test signs in a different demo person so the tests do not depend on each other's taps:
rep@ (the issue's scenario), noor@ with manager.zuid@ (a refusal), fleur@ with manager@ (the editor),
thijs@ (undo).
"""

from __future__ import annotations

import sqlite3
import time

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_for_js, wait_until


def _server_day(page) -> str:
    """The day the server counts the signed-in person's taps for (their time zone, the server's clock)."""
    status, today = _api(page, "GET", "/today")
    assert status == 200, today
    return today["date"]


def _checkins_since(database, email: str, day: str) -> int:
    """Check-ins stored for `day` or later: a test that runs across midnight still counts every tap."""
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM check_in JOIN user ON user.id = check_in.user_id"
            " WHERE user.email = ? AND check_in.occurred_on >= ?",
            (email, day),
        ).fetchone()
    return count


def _let_the_worker_control(page) -> None:
    """Offline reloads need the service worker in charge of the page (as after a second visit)."""
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    wait_for_js(page, "navigator.serviceWorker.controller !== null")
    page.locator(".checkin").first.wait_for()


def _api(page, method: str, path: str, body: dict | None = None):
    """Call the API from a signed-in page, CSRF token and all; returns (status, json)."""
    return page.evaluate(
        """async ([method, path, body]) => {
            const csrf = await (await fetch('/api/v1/auth/csrf')).json();
            const response = await fetch('/api/v1' + path, {
                method,
                headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf.csrf_token},
                body: body === null ? undefined : JSON.stringify(body),
            });
            const text = await response.text();
            return [response.status, text ? JSON.parse(text) : null];
        }""",
        [method, path, body],
    )


def _open_card(page, card):
    return page.locator(f".checkin[data-behaviour-id='{card.get_attribute('data-behaviour-id')}']")


def _wait_until_sent(page) -> None:
    expect(page.locator(".checkin--pending")).to_have_count(0)


def test_rep_checks_in_online_and_offline_and_the_server_holds_exactly_three(phone, live_database):
    page = phone.new_page()
    sign_in(page, "rep@demo.test")
    _let_the_worker_control(page)
    day = _server_day(page)

    def stored() -> int:
        return _checkins_since(live_database, "rep@demo.test", day)

    assert stored() == 0

    # 1. The daily behaviour: one tap, and the streak grows at once (optimistic, then confirmed).
    # The server's answer is held back until the screen has shown the tap: it shows without a round trip.
    daily = page.locator(".checkin", has_text="Alle beloftes van vandaag nagekomen")
    streak = daily.locator(".checkin__streak")
    before = int(streak.get_attribute("data-streak"))
    held = []
    page.route("**/api/v1/checkins", lambda route: held.append(route))
    daily.locator(".checkin__tap").click()
    daily.locator(".checkin__tap[aria-pressed=true]").wait_for()
    # The pressed card paints first; the streak and the undo follow in the next idle moment (at most
    # 250 ms, components/afterPaint.ts), still without the server's answer, which is held.
    expect(streak).to_have_attribute("data-streak", str(before + 1))
    expect(daily.get_by_role("button", name="Ongedaan maken")).to_be_visible()
    wait_until(lambda: held, what="the check-in request", page=page)
    for route in held:
        route.continue_()
    page.unroute("**/api/v1/checkins")
    _wait_until_sent(page)
    assert streak.get_attribute("data-streak") == str(before + 1)  # the server agrees

    # 2. A second behaviour, whichever is first still open.
    second = page.locator(".checkin:not(.checkin--done)").first
    second_id = second.get_attribute("data-behaviour-id")
    second.locator(".checkin__tap").click()
    page.locator(f".checkin[data-behaviour-id='{second_id}'].checkin--done").wait_for()
    _wait_until_sent(page)
    wait_until(lambda: stored() >= 2, what="two stored check-ins")
    assert stored() == 2
    page.reload()  # the worker caches this fresh Today for the offline visit below
    page.locator(".checkin--done").nth(1).wait_for()
    assert page.get_by_text("2 van", exact=False).first.is_visible()
    screenshot(page, "rhythm-today-online")

    # 3. Offline: the third check-in is kept on the phone and shown as pending.
    phone.set_offline(True)
    page.locator(".notice--info").wait_for()
    third = page.locator(".checkin:not(.checkin--done)").first
    third_id = third.get_attribute("data-behaviour-id")
    third.locator(".checkin__tap").click()
    pending = page.locator(f".checkin[data-behaviour-id='{third_id}'].checkin--pending")
    pending.wait_for()
    time.sleep(1)  # a real phone would try (and fail) to send it
    assert stored() == 2

    # 4. Reload while offline: Today comes from the worker's cache, merged with the queue.
    page.reload()
    pending.wait_for()
    assert pending.locator(".pending-badge").is_visible()
    assert pending.locator(".checkin__tap[aria-pressed=true]").count() == 1
    assert page.locator(".checkin--done").count() == 3
    screenshot(page, "rhythm-today-offline-pending")

    # 5. Back online: the queue goes out by itself, once.
    phone.set_offline(False)
    _wait_until_sent(page)
    wait_until(lambda: stored() >= 3, what="three stored check-ins")
    time.sleep(1)  # give a duplicate replay (page and worker both) every chance to show itself
    assert stored() == 3
    assert page.locator(".refused").count() == 0

    # 6. My rhythm: the heat map has the day of the taps done for the daily behaviour. The grid runs to
    # the end of the week, so that cell is found by its date, not by its place.
    page.get_by_role("link", name="Bekijk mijn ritme").click()
    page.wait_for_url("**/rhythm")
    card = page.locator(".rhythm-card", has_text="Alle beloftes van vandaag nagekomen")
    card.wait_for()
    cells = card.locator(".heat__cell")
    assert cells.count() == 84
    tapped = card.locator(f".heat__cell[data-date='{day}']")
    assert tapped.get_attribute("data-state") == "done"
    label = tapped.get_attribute("aria-label")
    assert label.endswith(": gedaan"), label
    assert card.get_by_role("img", name="Consistentie per week", exact=False).is_visible()
    screenshot(page, "rhythm-my-rhythm")
    assert stored() == 3


def test_a_refused_offline_check_in_stays_visible_with_the_reason(phone, browser, live_server, live_database):
    # The manager of Sales Zuid adds a behaviour that noor can check in…
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
            "name_nl": "Demo gegeven aan de beslisser",
            "name_en": "Demo given to the decision maker",
            "icon": "🖥️",
            "points": 10,
            "cadence": "daily",
            "customer_facing": True,
            "team_ids": [team_id],
        },
    )
    assert status == 201, behaviour

    page = phone.new_page()
    sign_in(page, "noor@demo.test")
    _let_the_worker_control(page)
    card = page.locator(f".checkin[data-behaviour-id='{behaviour['id']}']")
    card.wait_for()

    # …noor taps it without signal…
    phone.set_offline(True)
    card.locator(".checkin__tap").click()
    page.locator(f".checkin[data-behaviour-id='{behaviour['id']}'].checkin--pending").wait_for()

    # …and before she is back online the manager archives it.
    status, _ = _api(manager, "PATCH", f"/behaviours/{behaviour['id']}", {"archived": True})
    assert status == 200
    phone.set_offline(False)

    refused = page.locator(".refused")
    refused.wait_for()
    assert "Niet verwerkt: Demo gegeven aan de beslisser" in refused.inner_text()
    reason = refused.locator("p").nth(1).inner_text()
    assert reason.strip(), "the server's reason is shown"
    page.reload()  # kept on the device, not only in memory
    refused.wait_for()
    screenshot(page, "rhythm-today-refused")
    refused.get_by_role("button", name="Sluiten").click()
    expect(page.locator(".refused")).to_have_count(0)
    page.reload()
    page.locator(".checkin").first.wait_for()
    assert page.locator(".refused").count() == 0
    manager_context.close()


def test_a_manager_creates_a_behaviour_and_the_rep_sees_it_today(phone, browser, live_server):
    page = phone.new_page()
    sign_in(page, "manager@demo.test")
    # The behaviour editor is a tab of Beheer, which a manager reaches from Ik.
    page.get_by_role("navigation").get_by_text("Ik", exact=True).click()
    page.get_by_role("link", name="Mijn teams beheren").click()
    page.get_by_role("link", name="Gedrag", exact=True).click()
    page.wait_for_url("**/admin/behaviours")
    page.locator(".catalogue__item").first.wait_for()
    screenshot(page, "behaviours-list")

    page.get_by_role("button", name="Nieuw gedrag").click()
    page.get_by_role("button", name="Gedrag toevoegen").click()
    # Checked on the phone before anything is sent: the error sits under its field.
    assert page.locator(".field--invalid .field__error").first.inner_text() == "Vul dit veld in."

    page.get_by_label("Naam (Nederlands)").fill("Offerte binnen een dag verstuurd")
    page.get_by_label("Naam (Engels)").fill("Sent the quote within a day")
    page.get_by_label("Icoon").fill("📨")
    page.get_by_label("Punten").fill("15")
    page.get_by_label("Aantal keer per week", exact=True).check()
    page.get_by_label("Keer per week", exact=True).fill("2")
    page.get_by_role("button", name="Criterium toevoegen").click()
    # No technical key to invent: the app makes it from the criterion.
    expect(page.get_by_label("Sleutel")).to_have_count(0)
    page.get_by_label("Criterium (Nederlands)").fill("Prijs besproken")
    team = page.get_by_role("checkbox", name="Sales Noord")
    if not team.is_checked():
        team.check()
    screenshot(page, "behaviours-form")
    page.get_by_role("button", name="Gedrag toevoegen").click()
    page.get_by_text("Offerte binnen een dag verstuurd is toegevoegd.").wait_for()
    expect(page.locator(".catalogue__item", has_text="Offerte binnen een dag verstuurd")).to_be_visible()

    rep_context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server)
    rep = rep_context.new_page()
    sign_in(rep, "fleur@demo.test")
    card = rep.locator(".checkin", has_text="Offerte binnen een dag verstuurd")
    card.wait_for()
    assert "📨" in card.inner_text()
    card.get_by_role("button", name="Notitie en kwaliteit: Offerte binnen een dag verstuurd").click()
    expect(card.get_by_role("checkbox", name="Prijs besproken")).to_be_visible()
    expect(card.get_by_role("checkbox", name="Prijs besproken")).to_have_attribute("name", "prijs_besproken")
    rep_context.close()


def test_undo_takes_a_check_in_back(phone, live_database):
    page = phone.new_page()
    sign_in(page, "thijs@demo.test")
    day = _server_day(page)

    def stored() -> int:
        return _checkins_since(live_database, "thijs@demo.test", day)

    daily = page.locator(".checkin", has_text="Alle beloftes van vandaag nagekomen")
    daily.wait_for()
    streak = daily.locator(".checkin__streak")
    before = streak.get_attribute("data-streak")

    daily.locator(".checkin__tap").click()
    _wait_until_sent(page)
    wait_until(lambda: stored() >= 1, what="the stored check-in")
    assert stored() == 1

    # After the server stored it: Undo sends a DELETE.
    daily.get_by_role("button", name="Ongedaan maken").click()
    expect(daily.locator(".checkin__tap[aria-pressed=false]")).to_have_count(1)
    _wait_until_sent(page)
    wait_until(lambda: stored() == 0, what="the undone check-in to be gone")
    expect(streak).to_have_attribute("data-streak", before)

    # Tapping a done item offers Undo again instead of checking in twice.
    daily.locator(".checkin__tap").click()
    _wait_until_sent(page)
    page.reload()
    daily.locator(".checkin__tap[aria-pressed=true]").wait_for()
    assert daily.get_by_role("button", name="Ongedaan maken").count() == 0
    daily.locator(".checkin__tap").click()
    daily.get_by_role("button", name="Ongedaan maken").click()
    _wait_until_sent(page)
    wait_until(lambda: stored() == 0, what="the undone check-in to be gone")

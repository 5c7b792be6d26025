"""Boards in a phone browser: the manager sets a team goal, a rep checks in, goal and leaderboard move.

Signs in manager@ (Sales Noord) and lotte@ (a rep of Sales Noord no other browser test taps for).
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in

PROMISES = "Alle beloftes van vandaag nagekomen"  # daily, customer-facing, no checklist: one tap


def _api(page, path: str):
    return page.evaluate("async (path) => (await fetch('/api/v1' + path)).json()", path)


def _my_row(page):
    return page.locator(".board__row[data-me=true]").first


def _points(text: str) -> float:
    """A board value as the Dutch interface writes it: '1.234,5' (a point groups thousands, a comma marks a half)."""
    return float(text.strip().replace(".", "").replace("\u202f", "").replace(",", "."))


def test_manager_sets_a_goal_a_rep_checks_in_and_goal_and_leaderboard_move(phone, browser, live_server):
    # 1. The manager opens Team: the rhythm grid, the trend, and the goal form.
    manager = phone.new_page()
    sign_in(manager, "manager@demo.test")
    manager.goto("/leaderboard")
    manager.get_by_role("link", name="Teamoverzicht", exact=False).click()
    manager.locator(".rhythm-grid").wait_for()
    expect(manager.locator(".rhythm-grid tbody tr")).to_have_count(4)  # the four reps, not the manager
    team_id = next(t["id"] for t in _api(manager, "/me")["teams"] if t["name"] == "Sales Noord")
    current = _api(manager, f"/teams/{team_id}/goal")["goal"]
    before = int(current["value"]) if current and current["kind"] == "customer_facing_checkins" else 0
    target = before + 1  # one more customer-facing check-in reaches it

    form = manager.locator("form.goal-form")
    form.locator("select[name=kind]").select_option("customer_facing_checkins")
    form.locator("input[name=target]").fill(str(target))
    form.locator("select[name=period]").select_option("week")
    form.get_by_role("button", name="Teamdoel opslaan").click()
    manager.get_by_text("Teamdoel opgeslagen", exact=False).wait_for()
    expect(manager.locator(".team-section .team-goal [data-testid=goal-value]")).to_have_text(str(before))
    screenshot(manager, "boards-team-grid")

    # 2. A rep of the team sees the goal on the leaderboard, then checks in on Today.
    rep_context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server,
    )
    rep = rep_context.new_page()
    sign_in(rep, "lotte@demo.test")
    rep.goto("/leaderboard")
    goal_value = rep.locator(".team-goal [data-testid=goal-value]").first
    expect(goal_value).to_have_text(str(before))
    _my_row(rep).wait_for()
    points_before = _points(_my_row(rep).locator(".board__value").inner_text())

    rep.goto("/")
    card = rep.locator(".checkin", has_text=PROMISES)
    card.locator(".checkin__tap").click()
    rep.locator(".checkin", has_text=PROMISES).locator(".checkin__tap[aria-pressed=true]").wait_for()
    expect(rep.locator(".checkin--pending")).to_have_count(0)

    # 3. The goal moved and is reached (the team celebrates); the rep's row on the board moved too.
    rep.goto("/leaderboard")
    expect(goal_value).to_have_text(str(before + 1))
    expect(rep.locator(".team-goal__reached").first).to_contain_text("Gehaald")
    expect(_my_row(rep).locator(".board__value")).not_to_have_text(f"{points_before:g}")
    assert _points(_my_row(rep).locator(".board__value").inner_text()) == points_before + 5
    screenshot(rep, "boards-leaderboard")

    # 4. The manager's grid shows the tap; reps never get the grid.
    manager.reload()
    manager.locator(".rhythm-grid").wait_for()
    status = rep.evaluate("async (id) => (await fetch('/api/v1/teams/' + id + '/rhythm-grid')).status", team_id)
    assert status == 403
    rep_context.close()

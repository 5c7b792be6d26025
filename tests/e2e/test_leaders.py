"""Leaders go first in a phone browser: the manager checks in a coaching behaviour on Today and sees
"Voorbeeldgedrag" on the Team screen; a rep of the team sees it on the leaderboard, in Dutch and English;
the admin turns it off under Beheer → Organisatie and the card is gone, then turns it back on.

Signs in manager@ (Sales Noord), daan@ (a rep of Sales Noord; only reads here) and admin@. Screenshots at
390×844 in nl and en into /work/notes/shots/leaders/ (and test-results/screenshots/).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in

COACHING = "1-op-1 coachgesprek gevoerd"
SHOTS = Path("/work/notes/shots/leaders")


def _shot(page, name: str) -> None:
    screenshot(page, f"leaders-{name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _api(page, path: str):
    return page.evaluate("async (path) => (await fetch('/api/v1' + path)).json()", path)


def _patch(page, live_server, path: str, body: dict) -> None:
    token = page.request.get(f"{live_server}/api/v1/auth/csrf").json()["csrf_token"]
    assert page.request.patch(f"{live_server}/api/v1{path}", data=body, headers={"X-CSRFToken": token}).ok


def _week_done(page, team_id: int) -> int:
    leaders = _api(page, f"/teams/{team_id}/leaders")["leaders"]
    return next(b["week_done"] for b in leaders[0]["behaviours"] if b["name"] == COACHING)


def test_the_team_sees_its_manager_go_first_unless_the_organisation_turns_it_off(phone, browser, live_server):
    # 1. The manager checks in a coaching conversation on Today, like anyone.
    manager = phone.new_page()
    sign_in(manager, "manager@demo.test")
    team_id = next(t["id"] for t in _api(manager, "/me")["teams"] if t["name"] == "Sales Noord")
    before = _week_done(manager, team_id)
    manager.goto("/")
    card = manager.locator(".checkin", has_text=COACHING)
    card.locator(".checkin__tap").click()
    manager.locator(".checkin", has_text=COACHING).locator(".checkin__tap[aria-pressed=true]").wait_for()
    expect(manager.locator(".checkin--pending")).to_have_count(0)

    # 2. The Team screen shows what the team sees: the manager's own rhythm, above the members' grid.
    manager.goto("/admin/team")
    leaders = manager.locator("section.leaders")
    expect(leaders.get_by_role("heading", name="Voorbeeldgedrag")).to_be_visible()
    expect(leaders.get_by_text("Martijn Bakker")).to_be_visible()
    expect(leaders.get_by_text(COACHING)).to_be_visible()
    expect(leaders.get_by_text("Met een rep bij de klant geweest")).to_be_visible()
    manager.locator(".rhythm-grid").wait_for()
    expect(manager.locator(".rhythm-grid tbody tr")).to_have_count(4)  # the four reps; the manager is no row
    assert _week_done(manager, team_id) == before + 1
    _shot(manager, "team-screen-manager-nl")

    # 3. A rep of the team sees the same card on the leaderboard, in Dutch and in English.
    rep_context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server,
    )
    rep = rep_context.new_page()
    sign_in(rep, "daan@demo.test")
    rep.goto("/leaderboard")
    rep_card = rep.locator("section.leaders")
    expect(rep_card.get_by_role("heading", name="Voorbeeldgedrag")).to_be_visible()
    expect(rep_card.get_by_text("Martijn Bakker")).to_be_visible()
    expect(rep_card.get_by_text(COACHING)).to_be_visible()
    rep_card.scroll_into_view_if_needed()
    _shot(rep, "leaderboard-rep-nl")
    try:
        _patch(rep, live_server, "/me", {"locale": "en"})
        rep.goto("/leaderboard")
        expect(rep_card.get_by_role("heading", name="Leading by example")).to_be_visible()
        expect(rep_card.get_by_text("Held a one-to-one coaching conversation")).to_be_visible()
        expect(rep_card.get_by_text("this week").first).to_be_visible()
        _shot(rep, "leaderboard-rep-en")
    finally:
        _patch(rep, live_server, "/me", {"locale": "nl"})

    # The manager's Team screen in English too.
    try:
        _patch(manager, live_server, "/me", {"locale": "en"})
        manager.goto("/admin/team")
        expect(leaders.get_by_role("heading", name="Leading by example")).to_be_visible()
        manager.locator(".rhythm-grid").wait_for()
        _shot(manager, "team-screen-manager-en")
    finally:
        _patch(manager, live_server, "/me", {"locale": "nl"})

    # 4. The admin turns it off under Beheer → Organisatie: the team no longer sees it.
    admin_context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=live_server,
    )
    admin = admin_context.new_page()
    sign_in(admin, "admin@demo.test")
    try:
        admin.goto("/admin/organisation")
        switch = admin.get_by_label("Teams zien het ritme van hun leidinggevende (voorbeeldgedrag)")
        expect(switch).to_be_checked()
        switch.uncheck()
        admin.locator("#org-settings-heading").locator("xpath=..").get_by_role("button", name="Opslaan").click()
        expect(admin.get_by_text("Opgeslagen", exact=False).first).to_be_visible()
        switch.scroll_into_view_if_needed()
        _shot(admin, "organisation-switch-off-nl")
        rep.goto("/leaderboard")
        rep.locator(".board__row").first.wait_for()
        expect(rep.locator("section.leaders")).to_have_count(0)
        manager.goto("/admin/team")
        manager.locator(".rhythm-grid").wait_for()
        expect(manager.locator("section.leaders")).to_have_count(0)
    finally:
        _patch(admin, live_server, "/admin/organisation", {"leaders_shown": True})
    rep.goto("/leaderboard")
    expect(rep.locator("section.leaders")).to_be_visible()
    rep_context.close()
    admin_context.close()

"""A manager imports weekly figures from a CSV on the 'Wat werkt' screen: the report names the bad lines, in
Dutch and (after importing the same file again) in English, where the figure is counted as replaced.

Signs in manager.zuid@ and uses weeks long before the demo's history, so no seeded figure changes."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in

CSV = (
    "week;team;uitkomst;waarde\n"
    "2025-W10;Sales Zuid;Gekwalificeerde afspraken;6,5\n"
    "2025-W10;Sales Noord;Gekwalificeerde afspraken;9\n"
    "2025-W11;Sales Zuid;Gekwalificeerde afspraken;veel\n"
)


def _locale(page, locale: str) -> None:
    page.evaluate(f"localStorage.setItem('ritme.locale', '{locale}')")
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


def test_a_manager_imports_figures_and_sees_the_bad_lines(phone, tmp_path):
    csv = tmp_path / "cijfers.csv"
    csv.write_text(CSV)
    page = phone.new_page()
    sign_in(page, "manager.zuid@demo.test")
    page.goto("/what-works")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat werkt")
    page.get_by_label("CSV-bestand").set_input_files(str(csv))
    page.get_by_role("button", name="Importeren", exact=True).click()
    report = page.locator(".ww-import .report-table")
    expect(page.locator(".ww-import .stats__item", has_text="Geïmporteerd")).to_contain_text("1")
    expect(report.locator("tbody tr")).to_have_count(2)
    expect(report).to_contain_text("Je bent geen manager van Sales Noord.")
    expect(report).to_contain_text("Ongeldige waarde: veel")
    page.locator(".ww-import").scroll_into_view_if_needed()
    screenshot(page, "outcome-import-nl")

    _locale(page, "en")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("What works")
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Import", exact=True).click()
    report = page.locator(".ww-import [data-testid=import-report]")
    expect(report.locator(".stats__item", has_text="Replaced")).to_contain_text("1")
    expect(report.locator(".report-table")).to_contain_text("You do not manage Sales Noord.")
    page.locator(".ww-import").scroll_into_view_if_needed()
    screenshot(page, "outcome-import-en")
    _locale(page, "nl")

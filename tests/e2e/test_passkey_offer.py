"""After a password sign-in on a phone, Today offers once to add a passkey (below the day's lists).

Chromium's virtual authenticator makes the passkey (tests/e2e/test_identity.py's `passkey_phone`). Also here,
in a real browser: when the organisation requires its provider, a password is refused with a message on the
sign-in screen, and a passkey still signs in (passkeys are phishing-resistant, so they stay allowed).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.test_identity import _passkey_sign_in, _sign_out, passkey_phone  # noqa: F401  (fixture)

PERSON = "product@demo.test"  # no other browser test signs in as them


def _offer(page):
    return page.locator("section.passkey-offer")


@contextmanager
def _provider_required(live_database, break_glass_email: str):
    """The demo organisation requires its provider (straight in the database: this file needs no OIDC provider)."""
    with sqlite3.connect(live_database) as db:
        org_id, admin_id = db.execute(
            "SELECT organisation_id, id FROM user WHERE email = ?", (break_glass_email,)
        ).fetchone()
        row = db.execute(
            "SELECT id, require_provider, break_glass_user_id FROM identity_provider WHERE organisation_id = ?",
            (org_id,),
        ).fetchone()
        if row is None:
            db.execute(
                "INSERT INTO identity_provider (organisation_id, kind, issuer, client_id, client_secret_encrypted,"
                " unknown_people, require_provider, break_glass_user_id, created_at, updated_at)"
                " VALUES (?, 'generic', 'https://id.example.test', 'ritme', x'00', 'refuse', 1, ?,"
                " '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                (org_id, admin_id),
            )
        else:
            db.execute(
                "UPDATE identity_provider SET require_provider = 1, break_glass_user_id = ? WHERE id = ?",
                (admin_id, row[0]),
            )
    try:
        yield
    finally:
        with sqlite3.connect(live_database) as db:
            if row is None:
                db.execute("DELETE FROM identity_provider WHERE organisation_id = ?", (org_id,))
            else:
                db.execute(
                    "UPDATE identity_provider SET require_provider = ?, break_glass_user_id = ? WHERE id = ?",
                    (row[1], row[2], row[0]),
                )


def test_a_phone_is_offered_a_passkey_once_after_a_password_sign_in(passkey_phone, live_database):  # noqa: F811
    page, origin, cdp, authenticator = passkey_phone
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")

    sign_in(page, PERSON)
    offer = _offer(page)
    expect(offer.get_by_role("heading", name="Volgende keer inloggen zonder wachtwoord?")).to_be_visible()
    # Below the day's check-in cards, never above them.
    first_card = page.locator(".today-section").first
    expect(first_card).to_be_visible()
    assert offer.bounding_box()["y"] > first_card.bounding_box()["y"]
    offer.scroll_into_view_if_needed()
    screenshot(page, "identity-passkey-offer-nl")

    offer.get_by_role("button", name="Passkey toevoegen").click()
    expect(offer.get_by_text("Passkey toegevoegd.")).to_be_visible()
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    assert [k["name"] for k in page.request.get(f"{origin}/api/v1/me/passkeys").json()] == ["Passkey"]

    # The next password sign-in: no offer again.
    _sign_out(page, origin)
    sign_in(page, PERSON)
    expect(page.locator(".today-section").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(_offer(page)).to_have_count(0)

    # The organisation requires its provider: the password is refused with a message, the passkey still works.
    _sign_out(page, origin)
    with _provider_required(live_database, "admin@demo.test"):
        page.goto("/login")
        page.locator("input[name=email]").fill(PERSON)
        page.locator("form button[type=submit]").click()
        page.locator("input[name=password]").fill("ritme-demo")
        page.locator("form button[type=submit]").click()
        expect(page.get_by_text("Je organisatie vraagt je in te loggen met je werkaccount")).to_be_visible()
        assert page.request.get(f"{origin}/api/v1/me").status == 401
        screenshot(page, "identity-provider-required-nl")
        _passkey_sign_in(page)
        page.wait_for_url(f"{origin}/")
        assert page.request.get(f"{origin}/api/v1/me").json()["email"] == PERSON
        expect(_offer(page)).to_have_count(0)

    # Clean up for other tests on this shared server: the passkey goes.
    for key in page.request.get(f"{origin}/api/v1/me/passkeys").json():
        token = page.request.get(f"{origin}/api/v1/auth/csrf").json()["csrf_token"]
        assert page.request.delete(f"{origin}/api/v1/me/passkeys/{key['id']}", headers={"X-CSRFToken": token}).ok


def test_not_now_is_remembered_for_this_person(passkey_phone):  # noqa: F811
    page, origin, _cdp, _authenticator = passkey_phone
    sign_in(page, "support@demo.test")
    offer = _offer(page)
    expect(offer).to_be_visible()
    offer.get_by_role("button", name="Niet nu").click()
    expect(offer).to_have_count(0)
    _sign_out(page, origin)
    sign_in(page, "support@demo.test")
    expect(page.locator(".today-section").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(_offer(page)).to_have_count(0)

"""Password reset by mailed link: no account probing, single use, one hour, every session ends."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.accounts.models import PasswordReset, User
from backend.timeutil import utcnow
from tests.conftest import PASSWORD, error_code

NEW_PASSWORD = "a completely new password"


def _request(api, email):
    return api.post("/api/v1/auth/password-reset", json={"email": email})


def _reset(api, token, password=NEW_PASSWORD):
    return api.post(f"/api/v1/auth/password-reset/{token}", json={"password": password})


def _hash_of(db, user):
    db.session.expire_all()
    return db.session.get(User, user.id).password_hash


def test_request_for_known_email_mails_a_reset_link(client, make_user, mailbox):
    make_user(email="rep@example.test", name="Ruben", locale="en")
    response = _request(client, "REP@example.test")
    assert response.status_code == 202
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == "rep@example.test"
    assert message["Subject"] == "A new password for Ritme"
    assert "Hello Ruben" in message.get_content()
    assert mailbox.last_link("reset-password")


def test_reset_mail_is_in_the_persons_language(client, make_user, mailbox):
    make_user(email="nl@example.test", locale="nl")
    _request(client, "nl@example.test")
    assert mailbox.messages[0]["Subject"] == "Nieuw wachtwoord voor Ritme"


def test_unknown_email_gets_the_same_answer_and_no_mail(client, make_user, mailbox, db):
    make_user(email="rep@example.test")
    known = _request(client, "rep@example.test")
    unknown = _request(client, "nobody@example.test")
    assert unknown.status_code == known.status_code == 202
    assert unknown.get_json() == known.get_json()
    assert len(mailbox.messages) == 1
    assert db.session.scalar(select(func.count()).select_from(PasswordReset)) == 1


def test_deactivated_person_gets_no_mail(client, make_user, mailbox):
    make_user(email="gone@example.test", active=False)
    assert _request(client, "gone@example.test").status_code == 202
    assert mailbox.messages == []


def test_new_password_works_and_old_does_not(client, make_user, mailbox, new_client):
    rep = make_user(email="rep@example.test")
    _request(client, rep.email)
    assert _reset(new_client(), mailbox.last_link("reset-password")).status_code == 204

    new_client().login(rep, NEW_PASSWORD)
    old = new_client().post("/api/v1/auth/login", json={"email": rep.email, "password": PASSWORD})
    assert old.status_code == 401


def test_reset_link_works_only_once(client, make_user, mailbox, new_client, db):
    rep = make_user()
    _request(client, rep.email)
    token = mailbox.last_link("reset-password")
    assert _reset(new_client(), token).status_code == 204
    after_first = _hash_of(db, rep)

    second = _reset(new_client(), token, password="the attackers password")
    assert second.status_code == 410
    assert error_code(second) == "token_invalid"
    assert _hash_of(db, rep) == after_first
    new_client().login(rep, NEW_PASSWORD)


def test_reset_link_expires_after_one_hour(client, make_user, mailbox, new_client, db):
    rep = make_user()
    before = utcnow()
    _request(client, rep.email)
    token = mailbox.last_link("reset-password")
    reset = db.session.scalar(select(PasswordReset))
    assert timedelta(minutes=59) < reset.expires_at - before <= timedelta(hours=1, minutes=1)

    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    old_hash = _hash_of(db, rep)
    response = _reset(new_client(), token)
    assert response.status_code == 410
    assert error_code(response) == "token_invalid"
    assert _hash_of(db, rep) == old_hash
    new_client().login(rep, PASSWORD)


def test_unknown_reset_token_is_gone(new_client):
    assert _reset(new_client(), "made-up-token").status_code == 410


def test_reset_ends_every_session(client, make_user, mailbox, login_as, new_client):
    rep = make_user()
    phone, laptop = login_as(rep), login_as(rep)
    _request(client, rep.email)
    assert _reset(new_client(), mailbox.last_link("reset-password")).status_code == 204
    assert phone.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 401


def test_weak_password_is_refused_and_the_link_stays_usable(client, make_user, mailbox, new_client, db):
    rep = make_user()
    phone = new_client()
    phone.login(rep)
    _request(client, rep.email)
    token = mailbox.last_link("reset-password")
    old_hash = _hash_of(db, rep)

    response = _reset(new_client(), token, password="short1234")  # 9 characters
    assert response.status_code == 422
    assert "password" in response.get_json()["error"]["fields"]
    assert _hash_of(db, rep) == old_hash
    assert phone.get("/api/v1/me").status_code == 200
    assert db.session.scalar(select(PasswordReset)).used_at is None
    assert _reset(new_client(), token, password="tenchars10").status_code == 204


def test_using_a_reset_link_voids_the_other_open_links(client, make_user, mailbox, new_client):
    rep = make_user()
    _request(client, rep.email)
    first = mailbox.last_link("reset-password")
    _request(client, rep.email)
    second = mailbox.last_link("reset-password")
    assert first != second
    assert _reset(new_client(), second).status_code == 204
    # Once a link was used, the person has a new password: older links must not reset it again.
    assert _reset(new_client(), first, password="yet another password").status_code == 410
    new_client().login(rep, NEW_PASSWORD)


def test_a_link_read_as_unused_by_two_racing_requests_is_spent_only_once(client, make_user, mailbox, db):
    from backend.accounts import service
    from backend.errors import DomainError

    rep = make_user()
    _request(client, rep.email)
    token = mailbox.last_link("reset-password")
    # The second request read the link as unused before the first one wrote (the identity map still says so).
    seen_by_both = db.session.scalar(select(PasswordReset))
    service.reset_password(token, "first racing password")
    assert seen_by_both.used_at is None
    with pytest.raises(DomainError) as refused:
        service.reset_password(token, "second racing password")
    assert refused.value.status == 410
    db.session.rollback()

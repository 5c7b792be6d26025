"""Sign-in, sessions that really end, CSRF, rate limits, cookies."""

from datetime import timedelta

from backend.accounts.models import User, UserSession
from backend.timeutil import utcnow
from tests.conftest import PASSWORD, error_code


def test_sign_in_returns_me_with_organisation_and_teams(client, make_team, make_user):
    team = make_team("Sales Noord")
    rep = make_user(team=team, email="Rep@Example.test", name="Ruben")
    response = client.login("rep@example.TEST")
    me = response.get_json()
    assert me["email"] == "rep@example.test"
    assert me["teams"] == [{"id": team.id, "name": "Sales Noord", "kind": "sales", "manages": False}]
    assert me["organisation"]["name"] == "Acme BV"
    assert client.get("/api/v1/me").get_json()["id"] == rep.id


def test_wrong_password_and_unknown_email_answer_the_same(client, make_user):
    make_user(email="known@example.test")
    wrong = client.post("/api/v1/auth/login", json={"email": "known@example.test", "password": "nope nope nope"})
    unknown = client.post("/api/v1/auth/login", json={"email": "nobody@example.test", "password": "nope nope nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert error_code(wrong) == error_code(unknown) == "invalid_credentials"
    assert client.get("/api/v1/me").status_code == 401


def test_deactivated_person_cannot_sign_in(client, make_user):
    make_user(email="gone@example.test", active=False)
    response = client.post("/api/v1/auth/login", json={"email": "gone@example.test", "password": PASSWORD})
    assert response.status_code == 401


def test_sign_out_ends_the_session_server_side(client, make_user):
    make_user(email="rep@example.test")
    client.login("rep@example.test")
    stolen_cookie = client.raw.get_cookie("ritme_session").value
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    # Replaying the cookie from before sign-out must not work either.
    client.raw.set_cookie("ritme_session", stolen_cookie)
    assert client.get("/api/v1/me").status_code == 401


def test_sign_out_everywhere_ends_all_devices(login_as, make_user):
    rep = make_user()
    phone, laptop = login_as(rep), login_as(rep)
    assert phone.post("/api/v1/auth/logout-everywhere").status_code == 204
    assert phone.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 401


def test_password_change_ends_other_sessions_but_keeps_this_one(login_as, make_user, new_client):
    rep = make_user()
    phone, laptop = login_as(rep), login_as(rep)
    response = laptop.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "a brand new password"}
    )
    assert response.status_code == 204
    assert laptop.get("/api/v1/me").status_code == 200
    assert phone.get("/api/v1/me").status_code == 401
    new_client().login(rep, "a brand new password")


def test_password_change_needs_the_current_password(client, make_user, db):
    rep = make_user()
    client.login(rep)
    before = rep.password_hash
    response = client.post("/api/v1/me/password", json={"current_password": "wrong one", "new_password": "x" * 12})
    assert response.status_code == 403
    assert "current_password" in response.get_json()["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(User, rep.id).password_hash == before


def test_session_idle_for_thirty_days_has_ended(client, make_user, db):
    rep = make_user()
    client.login(rep)
    record = db.session.query(UserSession).filter_by(user_id=rep.id).one()
    record.last_seen_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert client.get("/api/v1/me").status_code == 401


def test_session_in_use_stays_alive_beyond_a_day(client, make_user, db):
    rep = make_user()
    client.login(rep)
    record = db.session.query(UserSession).filter_by(user_id=rep.id).one()
    record.last_seen_at = utcnow() - timedelta(days=29)
    db.session.commit()
    assert client.get("/api/v1/me").status_code == 200
    db.session.expire_all()
    assert utcnow() - db.session.get(UserSession, record.id).last_seen_at < timedelta(minutes=1)


def test_state_changing_request_without_csrf_token_is_refused(client, make_user, db):
    rep = make_user(name="Before")
    client.login(rep)
    response = client.patch("/api/v1/me", json={"name": "After"}, csrf=False)
    assert response.status_code == 400
    assert error_code(response) == "csrf_failed"
    forged = client.patch("/api/v1/me", json={"name": "After"}, headers={"X-CSRFToken": "forged"})
    assert forged.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, rep.id).name == "Before"


def test_login_itself_needs_a_csrf_token(client, make_user):
    rep = make_user()
    response = client.post("/api/v1/auth/login", json={"email": rep.email, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert error_code(response) == "csrf_failed"


def test_sign_in_is_rate_limited_per_account_even_with_the_right_password(client, new_client, make_user):
    rep = make_user()
    for _ in range(10):
        client.post("/api/v1/auth/login", json={"email": rep.email, "password": "guess guess guess"})
    # From another device (same address here) the account is still locked for now...
    response = new_client().post("/api/v1/auth/login", json={"email": rep.email.upper(), "password": PASSWORD})
    assert response.status_code == 429
    body = response.get_json()["error"]
    assert body["code"] == "rate_limited" and body["retry_after"] > 0
    assert int(response.headers["Retry-After"]) > 0
    # ...while another account can still sign in.
    other = make_user()
    assert new_client().post("/api/v1/auth/login", json={"email": other.email, "password": PASSWORD}).status_code == 200


def test_sign_in_is_rate_limited_per_address(client, make_user):
    make_user(email="real@example.test")
    statuses = [
        client.post("/api/v1/auth/login", json={"email": f"probe{n}@example.test", "password": "x"}).status_code
        for n in range(51)
    ]
    assert statuses[:50] == [401] * 50
    assert statuses[50] == 429


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    response = client.login(make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development config serves plain http on loopback


def test_production_marks_cookies_secure():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert ProductionConfig.REMEMBER_COOKIE_HTTPONLY and ProductionConfig.REMEMBER_COOKIE_SAMESITE == "Lax"

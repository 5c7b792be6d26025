"""The signed-in person: plain values from the session lookup, the User model only where a route asks for it."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from flask_login import login_user
from sqlalchemy import inspect

from backend.accounts.login import current_person, signed_in
from backend.accounts.models import User
from backend.accounts.queries import SignedInUser
from backend.accounts.service import load_session, start_session


def _reads_of_the_user_table(statements: list[str]) -> list[str]:
    return [s for s in statements if '"user"' in s or " user " in s]


def test_a_plain_session_lookup_answers_values_that_flask_login_can_use(app, db, make_user, make_team):
    person = make_user(team=make_team(), time_zone="Europe/Amsterdam", locale="en")
    token = start_session(person)
    db.session.commit()
    with app.test_request_context():
        user = load_session(token, plain=True)
        assert isinstance(user, SignedInUser)
        assert (user.id, user.organisation_id, user.email, user.locale) == (
            person.id,
            person.organisation_id,
            person.email,
            "en",
        )
        assert user.created_at == person.created_at and user.created_at.tzinfo is not None
        assert user.is_authenticated and user.is_active and not user.is_anonymous
        assert user.get_id() == token  # the cookie holds the session, not the user id
        assert not hasattr(user, "__dict__")  # slots: nothing can be hung on it
        with pytest.raises(dataclasses.FrozenInstanceError):
            user.role = "admin"


def test_any_other_session_lookup_answers_the_model_loaded_by_the_orm(app, db, make_user, make_team, count_queries):
    person = make_user(team=make_team())
    token, person_id = start_session(person), person.id
    db.session.commit()
    db.session.remove()  # a request's own session
    with app.test_request_context():
        with count_queries() as counter:
            user = load_session(token)
        assert isinstance(user, User) and inspect(user).persistent and user.id == person_id
        assert user.session_token == token  # so a password change keeps this session
        assert counter.count == 1


def test_current_person_in_a_plain_view_reads_the_model_once(app, db, make_user, make_team, count_queries):
    person = make_user(team=make_team())
    token, person_id = start_session(person), person.id
    db.session.commit()
    db.session.remove()
    with app.test_request_context():
        user = load_session(token, plain=True)
        login_user(user)
        assert signed_in() is user
        with count_queries() as counter:
            model = current_person()
            again = current_person()
        assert isinstance(model, User) and model is again
        assert inspect(model).persistent and model.id == person_id
        assert model.session_token == token
        assert counter.count == 1


def test_every_request_reads_its_person_once_and_today_and_a_tap_as_plain_values(
    login_as, db, make_user, make_team, make_behaviour, count_queries
):
    team = make_team()
    person = make_user(team=team)
    behaviour = make_behaviour([team])
    api = login_as(person)
    with count_queries() as today:
        assert api.get("/api/v1/today").status_code == 200
    with count_queries() as tap:
        response = api.post("/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": str(uuid.uuid4())})
        assert response.status_code == 201, response.get_json()
    with count_queries() as me:
        assert api.get("/api/v1/me").status_code == 200
    lookups = {}
    for name, counter in (("today", today), ("tap", tap), ("me", me)):
        [lookups[name]] = _reads_of_the_user_table(counter.statements)  # the session lookup, nothing more
        assert "user_session" in lookups[name]
    # Today and a tap read the plain SignedInUser's columns; /me the whole model.
    assert "password_hash" not in lookups["today"] and "password_hash" not in lookups["tap"]
    assert "password_hash" in lookups["me"]

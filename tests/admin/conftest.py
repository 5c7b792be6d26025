"""Administration fixtures: an organisation with an admin, a manager of Noord and reps in Noord and Zuid."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.accounts.test_isolation import intruder, world  # noqa: F401 (two organisations, for isolation)


@pytest.fixture
def acme(make_team, make_user):
    noord = make_team("Sales Noord")
    zuid = make_team("Sales Zuid")
    finance = make_team("Finance", kind="finance")
    return SimpleNamespace(
        noord=noord,
        zuid=zuid,
        finance=finance,
        admin=make_user(role="admin", name="Anouk Admin", email="anouk@acme.test"),
        manager=make_user(role="manager", team=noord, manages=True, name="Martijn Manager", email="martijn@acme.test"),
        rep=make_user(role="rep", team=noord, name="Ruben Rep", email="ruben@acme.test"),
        zuid_rep=make_user(role="rep", team=zuid, name="Sem Zuid", email="sem@acme.test"),
        staff=make_user(role="staff", team=finance, name="Femke Finance", email="femke@acme.test"),
    )


@pytest.fixture
def received():
    """Connect to a signal for one test and keep what it sent: received(signal) -> calls (sender, id, kwargs)."""
    connected = []

    def listen(signal, answer=None):
        calls = []

        def receiver(sender, **kwargs):
            # The sender's id is read now: after the request its session is gone.
            calls.append(SimpleNamespace(sender=sender, id=getattr(sender, "id", None), kwargs=kwargs))
            return answer(sender) if answer else None

        signal.connect(receiver)
        connected.append((signal, receiver))
        return calls

    yield listen
    for signal, receiver in connected:
        signal.disconnect(receiver)


@pytest.fixture
def add_noted_checkin(db):
    """One check-in with a note (the shared add_checkins fixture writes none)."""
    import uuid

    from backend.rhythm.models import CheckIn

    def add(person, behaviour, day, note):
        db.session.add(
            CheckIn(
                organisation_id=person.organisation_id,
                user_id=person.id,
                behaviour_id=behaviour.id,
                client_id=str(uuid.uuid4()),
                occurred_on=day,
                time_zone="Europe/Amsterdam",
                points=10,
                note=note,
            )
        )
        db.session.commit()

    return add

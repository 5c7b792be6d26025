"""A receiver that fails must not poison the transaction of the work that sent its signal (backend/receiving.py).

The failure here is a flush that breaks a constraint: on PostgreSQL and SQLite alike the session then needs a
rollback, so without a savepoint the sender's own change would be lost at its commit.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from backend.accounts.models import Organisation, User
from backend.extensions import db as _db
from tests.rhythm import conftest as rhythm_fixtures

rep = rhythm_fixtures.rep
sales = rhythm_fixtures.sales


def _bad_row(*_args, **_kwargs):
    taken = _db.session.scalar(select(Organisation.id))
    _db.session.add(Organisation(id=taken, name="Twice"))  # a primary key already taken: the flush fails
    _db.session.flush()


@pytest.mark.parametrize("domain", ["push", "integrations"])
def test_a_failing_receiver_leaves_the_senders_change_committable(app, db, rep, monkeypatch, caplog, domain):
    if domain == "push":
        from backend.push import events, service

        monkeypatch.setattr(service, "note_event", _bad_row)
        send = lambda: events.on_badge_awarded(SimpleNamespace(id=3, badge=None), recipient_id=rep.id)  # noqa: E731
    else:
        from backend.integrations import receivers, service

        monkeypatch.setattr(service, "enqueue", _bad_row)
        send = lambda: receivers.on_win_logged(SimpleNamespace(id=4, organisation_id=rep.organisation_id))  # noqa: E731

    rep.name = "Renamed by the sender"
    send()
    db.session.commit()  # raises PendingRollbackError when the receiver's failure reached the transaction

    db.session.expire_all()
    assert db.session.get(User, rep.id).name == "Renamed by the sender"
    assert any(f"{domain} receiver" in r.message and "failed" in r.message for r in caplog.records)

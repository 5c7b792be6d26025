"""Rhythm fixtures: a sales team and its rep (behaviours and history come from tests/conftest.py)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest


@pytest.fixture
def sales(make_team):
    return make_team("Sales Noord")


@pytest.fixture
def rep(make_user, sales, db):
    from datetime import UTC, datetime

    return make_user(team=sales, email="rep@example.test", created_at=datetime(2020, 1, 1, tzinfo=UTC))


def new_client_id() -> str:
    return str(uuid.uuid4())


def days_back(today: date, n: int) -> list[date]:
    return [today - timedelta(days=i) for i in range(1, n + 1)]

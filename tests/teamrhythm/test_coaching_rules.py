"""The Monday summary's coaching prompts as plain rules (backend/teamrhythm/coaching.py): who has not been
recognised for four weeks and who is slipping, alphabetical and without scores; dates in the manager's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backend.teamrhythm import coaching

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def test_the_window_starts_at_local_midnight_four_weeks_back():
    # Amsterdam in winter is UTC+1: midnight of 2026-11-02 there is 23:00 UTC the day before.
    assert coaching.recognition_since(date(2026, 11, 30), "Europe/Amsterdam") == datetime(
        2026, 11, 1, 23, 0, tzinfo=UTC
    )
    # Across the autumn change (25 October): the start is in summer time, UTC+2.
    assert coaching.recognition_since(date(2026, 11, 16), "Europe/Amsterdam") == datetime(
        2026, 10, 18, 22, 0, tzinfo=UTC
    )
    assert coaching.recognition_since(date(2026, 11, 30), "America/New_York") == datetime(2026, 11, 2, 5, 0, tzinfo=UTC)


def test_not_recognised_names_the_people_without_any_recognition_alphabetically():
    since = datetime(2026, 11, 1, 23, 0, tzinfo=UTC)
    people = [(1, "Lotte", LONG_AGO), (2, "daan", LONG_AGO), (3, "Fleur", LONG_AGO), (4, "Ruben", LONG_AGO)]
    recognised = [
        (1, since + timedelta(days=3)),  # a badge in the window
        (3, since - timedelta(seconds=1)),  # just before it: does not count
        (4, datetime(2026, 11, 20, 8, 0)),  # a naive UTC moment (SQLite) counts like an aware one
    ]
    assert coaching.not_recognised(people, recognised, since) == ["daan", "Fleur"]


def test_someone_who_joined_within_the_window_is_not_named_yet():
    since = datetime(2026, 11, 1, 23, 0, tzinfo=UTC)
    people = [(1, "Nieuw", since + timedelta(days=1)), (2, "Al lang", since - timedelta(days=1))]
    assert coaching.not_recognised(people, [], since) == ["Al lang"]


@pytest.mark.parametrize(
    ("trend", "slipping"),
    [
        ([90, 80, 70, 60], True),
        ([90, 80, 80, 60], False),  # one flat week breaks the run
        ([60, 70, 80, 90], False),
        ([None, 80, 70, 60], False),  # not enough history to say
        ([80, 70, 60], False),
        ([99, 90, 80, 70, 60], True),  # only the last four weeks count
    ],
)
def test_slipping_is_three_falling_weeks_in_a_row(trend, slipping):
    assert coaching.is_slipping(trend) is slipping


def test_slipping_names_alphabetically_without_scores():
    people = [(1, "Thijs"), (2, "emma"), (3, "Sem")]
    trends = {1: [80, 70, 60, 50], 2: [90, 85, 80, 75], 3: [50, 60, 70, 80]}
    assert coaching.slipping(people, trends) == ["emma", "Thijs"]


def test_the_trend_weeks_are_the_last_four_completed_iso_weeks():
    for today in (date(2026, 11, 30), date(2026, 12, 6)):  # a Monday and a Sunday of the same ISO week
        assert coaching.trend_weeks(today) == [
            date(2026, 11, 2),
            date(2026, 11, 9),
            date(2026, 11, 16),
            date(2026, 11, 23),
        ]

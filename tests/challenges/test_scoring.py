"""The pure rules of a challenge's score (backend/challenges/scoring.py): no database, no clock."""

from datetime import UTC, date, datetime, timedelta

from backend.challenges import scoring
from backend.rhythm.streaks import Cadence

WEEKDAYS = Cadence("weekdays")
MON = date(2026, 11, 16)


def due(cadence, first, horizon, window_end, away=()):
    weekly = cadence.times_per_week if cadence.weekly else None
    return scoring.due_count(cadence.requires, weekly, first, horizon, window_end, set(away))


def test_an_away_day_asks_nothing_and_a_weekend_asks_nothing_of_weekdays():
    sunday = MON + timedelta(days=6)
    assert due(WEEKDAYS, MON, sunday, sunday) == 5
    assert due(WEEKDAYS, MON, sunday, sunday, away=[MON + timedelta(days=1)]) == 4
    assert due(WEEKDAYS, MON, MON - timedelta(days=1), sunday) == 0  # nothing asked before the start


def test_a_weekly_cadence_counts_a_week_only_once_it_is_over():
    three = Cadence("times_per_week", times_per_week=3)
    end = MON + timedelta(days=13)
    assert due(three, MON, MON + timedelta(days=5), end) == 0  # the running week asks nothing yet
    assert due(three, MON, MON + timedelta(days=6), end) == 3
    # A week mostly away asks at most the days left.
    assert due(three, MON, MON + timedelta(days=6), end, away=[MON + timedelta(days=n) for n in range(5)]) == 2
    # The challenge's last week counts when the challenge ends, even on a Wednesday.
    assert due(three, MON, MON + timedelta(days=9), MON + timedelta(days=9)) == 6


def test_consistency_is_capped_and_someone_away_throughout_is_left_out():
    assert scoring.consistency(3, 4) == 0.75
    assert scoring.consistency(5, 4) == 1.0
    assert scoring.consistency(0, 0) is None
    assert scoring.average([1.0, None, 0.5]) == 0.75
    assert scoring.average([None]) is None


def test_ties_go_to_who_reached_the_score_first_and_only_a_true_tie_shares_a_rank():
    t = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    entries = [
        scoring.Entry(1, "A", 0.8, t + timedelta(minutes=5)),
        scoring.Entry(2, "B", 0.8, t),
        scoring.Entry(3, "C", 0.9, t + timedelta(hours=1)),
        scoring.Entry(4, "D", None, None),
        scoring.Entry(5, "E", 0.5, t),
        scoring.Entry(6, "F", 0.5, t),
    ]
    ranked = [(e.name, e.rank) for e in scoring.ranked(entries)]
    assert ranked == [("C", 1), ("B", 2), ("A", 3), ("E", 4), ("F", 4), ("D", None)]


def test_the_last_hour_is_frozen():
    end = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert not scoring.is_frozen(end - timedelta(hours=1, seconds=1), end)
    assert scoring.is_frozen(end - timedelta(hours=1), end)
    assert scoring.is_frozen(end - timedelta(seconds=1), end)
    assert not scoring.is_frozen(end, end)


def test_what_counts_made_during_the_challenge_for_its_days_never_imported():
    start, end = datetime(2026, 11, 18, 9, 0, tzinfo=UTC), datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    window = (start, end, date(2026, 11, 18), date(2026, 11, 24))
    assert scoring.counts(start, date(2026, 11, 18), "app", window)
    assert not scoring.counts(start - timedelta(seconds=1), date(2026, 11, 18), "app", window)
    assert not scoring.counts(start + timedelta(days=1), date(2026, 11, 17), "app", window)  # back-filled before
    assert not scoring.counts(end, date(2026, 11, 24), "app", window)  # made after the end
    assert not scoring.counts(start, date(2026, 11, 18), "import", window)


def test_personal_best_is_beating_ones_own_previous_period():
    assert scoring.beat_best(0.6, 0.5)
    assert not scoring.beat_best(0.5, 0.5)
    assert scoring.beat_best(0.1, None)
    assert not scoring.beat_best(None, 0.2)

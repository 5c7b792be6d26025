"""The streak and consistency rules of docs/streaks.md, per cadence, without a database."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.rhythm.streaks import (
    DAILY,
    DAY_DECAY,
    DAYS_OF_WEEK,
    TIMES_PER_WEEK,
    WEEKDAYS,
    Cadence,
    Checkpoint,
    advance,
    from_history,
)

DAILY_CADENCE = Cadence(DAILY)
WEEKDAYS_CADENCE = Cadence(WEEKDAYS)
THREE_A_WEEK = Cadence(TIMES_PER_WEEK, times_per_week=3)
MON_WED = Cadence(DAYS_OF_WEEK, days=frozenset({1, 3}))

MONDAY = date(2026, 11, 16)


def days(*offsets, base=MONDAY):
    return {base + timedelta(days=o): 1 for o in offsets}


def test_daily_streak_counts_consecutive_days_done():
    rhythm = from_history(DAILY_CADENCE, days(0, 1, 2, 3), set(), MONDAY + timedelta(days=3), MONDAY)
    assert (rhythm.current, rhythm.longest) == (4, 4)
    assert rhythm.done_today


def test_today_not_yet_done_does_not_break_the_streak():
    rhythm = from_history(DAILY_CADENCE, days(0, 1, 2), set(), MONDAY + timedelta(days=3), MONDAY)
    assert rhythm.current == 3
    assert rhythm.due_today and not rhythm.done_today


def test_a_missed_day_breaks_the_streak_but_not_the_record():
    rhythm = from_history(DAILY_CADENCE, days(0, 1, 2, 4), set(), MONDAY + timedelta(days=5), MONDAY)
    assert (rhythm.current, rhythm.longest) == (1, 3)


def test_weekend_does_not_break_weekdays_streak():
    # Monday–Friday done, weekend nothing, Monday after done.
    rhythm = from_history(WEEKDAYS_CADENCE, days(0, 1, 2, 3, 4, 7), set(), MONDAY + timedelta(days=7), MONDAY)
    assert rhythm.current == 6


def test_weekdays_are_not_due_on_saturday():
    rhythm = from_history(WEEKDAYS_CADENCE, days(0), set(), MONDAY + timedelta(days=5), MONDAY)
    assert not rhythm.due_today


def test_days_of_week_count_only_the_chosen_days():
    # Monday and Wednesday done for two weeks; Tuesday and the rest are not required.
    rhythm = from_history(MON_WED, days(0, 2, 7, 9), set(), MONDAY + timedelta(days=10), MONDAY)
    assert rhythm.current == 4
    missed = from_history(MON_WED, days(0, 7, 9), set(), MONDAY + timedelta(days=10), MONDAY)
    assert (missed.current, missed.longest) == (2, 2)


def test_away_days_pause_a_streak_and_never_break_it():
    away = {MONDAY + timedelta(days=d) for d in (2, 3, 4)}  # sick Wednesday to Friday
    rhythm = from_history(DAILY_CADENCE, days(0, 1, 5, 6), away, MONDAY + timedelta(days=6), MONDAY)
    assert rhythm.current == 4


def test_away_days_do_not_lower_consistency():
    away = {MONDAY + timedelta(days=d) for d in (2, 3, 4)}
    with_away = from_history(DAILY_CADENCE, days(0, 1, 5), away, MONDAY + timedelta(days=6), MONDAY)
    without_those_days = from_history(DAILY_CADENCE, days(0, 1, 2), set(), MONDAY + timedelta(days=3), MONDAY)
    assert with_away.score == without_those_days.score


def test_a_check_in_on_an_away_day_still_counts():
    rhythm = from_history(DAILY_CADENCE, days(0, 1), {MONDAY + timedelta(days=1)}, MONDAY + timedelta(days=2), MONDAY)
    assert rhythm.current == 2


def test_consistency_follows_the_loop_habit_formula():
    rhythm = from_history(DAILY_CADENCE, days(0, 1), set(), MONDAY + timedelta(days=2), MONDAY)
    expected = (0 * DAY_DECAY + (1 - DAY_DECAY)) * DAY_DECAY + (1 - DAY_DECAY)
    assert abs(rhythm.score - expected) < 1e-12
    assert rhythm.consistency == round(expected * 100)


def test_one_missed_day_lowers_consistency_only_a_little():
    thirty = from_history(DAILY_CADENCE, days(*range(30)), set(), MONDAY + timedelta(days=30), MONDAY)
    slipped = from_history(DAILY_CADENCE, days(*range(30)), set(), MONDAY + timedelta(days=31), MONDAY)
    assert 0 < thirty.consistency - slipped.consistency <= 5


def test_weekly_streak_counts_weeks_with_enough_check_ins():
    # Two full weeks with three check-ins, the running week with one so far.
    history = days(0, 2, 4, 7, 8, 9, 14)
    rhythm = from_history(THREE_A_WEEK, history, set(), MONDAY + timedelta(days=15), MONDAY)
    assert rhythm.current == 2
    assert (rhythm.week_done, rhythm.week_target) == (1, 3)
    assert rhythm.due_today


def test_running_week_joins_the_streak_once_complete():
    history = days(0, 2, 4, 7, 8, 9)
    rhythm = from_history(THREE_A_WEEK, history, set(), MONDAY + timedelta(days=9), MONDAY)
    assert rhythm.current == 2
    assert not rhythm.due_today


def test_a_short_week_breaks_the_weekly_streak_after_it_ends():
    history = days(0, 2, 4, 7, 8)
    assert from_history(THREE_A_WEEK, history, set(), MONDAY + timedelta(days=13), MONDAY).current == 1
    assert from_history(THREE_A_WEEK, history, set(), MONDAY + timedelta(days=14), MONDAY).current == 0


def test_away_days_lower_what_a_week_asks():
    # Away Monday–Thursday of week two: three days left, so three still fit; away Monday–Friday: two fit.
    away = {MONDAY + timedelta(days=7 + d) for d in range(5)}
    history = days(0, 2, 4, 12, 13)
    rhythm = from_history(THREE_A_WEEK, history, away, MONDAY + timedelta(days=14), MONDAY)
    assert rhythm.current == 2


def test_iso_week_53_is_a_week_like_any_other():
    # 2026 has 53 ISO weeks: Monday 28 December 2026 to Sunday 3 January 2027.
    week_52 = date(2026, 12, 21)
    assert date(2026, 12, 28).isocalendar()[1] == 53
    history = days(0, 1, 2, 7, 8, 9, 14, 15, 16, base=week_52)
    rhythm = from_history(THREE_A_WEEK, history, set(), date(2027, 1, 11), week_52)
    assert rhythm.current == 3
    # And a daily streak crosses the new year unbroken.
    daily = from_history(DAILY_CADENCE, days(*range(20), base=week_52), set(), date(2027, 1, 9), week_52)
    assert daily.current == 20


def test_days_before_the_start_are_never_missed():
    rhythm = from_history(DAILY_CADENCE, days(10), set(), MONDAY + timedelta(days=10), MONDAY + timedelta(days=10))
    assert rhythm.current == 1


# --- incremental equals full, and monotonicity ------------------------------------------------

CADENCES = st.sampled_from([DAILY_CADENCE, WEEKDAYS_CADENCE, THREE_A_WEEK, MON_WED, Cadence(TIMES_PER_WEEK, 1)])
OFFSETS = st.sets(st.integers(min_value=0, max_value=60), max_size=50)


@settings(max_examples=300, deadline=None)
@given(cadence=CADENCES, done=OFFSETS, away=OFFSETS, split=st.integers(0, 60), end=st.integers(0, 60))
def test_advancing_from_a_checkpoint_equals_computing_from_the_whole_history(cadence, done, away, split, end):
    history = days(*done)
    away_set = {MONDAY + timedelta(days=o) for o in away}
    split_day, today = sorted([MONDAY + timedelta(days=split), MONDAY + timedelta(days=end)])
    full = from_history(cadence, history, away_set, today, MONDAY)
    partial = from_history(cadence, history, away_set, split_day, MONDAY)
    resumed = advance(cadence, partial.checkpoint, history, away_set, today, MONDAY)
    assert (resumed.current, resumed.longest, resumed.due_today) == (full.current, full.longest, full.due_today)
    assert abs(resumed.score - full.score) < 1e-9


@settings(max_examples=300, deadline=None)
@given(cadence=CADENCES, done=OFFSETS, away=OFFSETS, extra=st.integers(0, 60), end=st.integers(0, 60))
def test_adding_a_check_in_never_lowers_a_streak_or_the_score(cadence, done, away, extra, end):
    today = MONDAY + timedelta(days=end)
    away_set = {MONDAY + timedelta(days=o) for o in away}
    before = from_history(cadence, days(*done), away_set, today, MONDAY)
    after = from_history(cadence, days(*(done | {extra})), away_set, today, MONDAY)
    assert after.current >= before.current
    assert after.longest >= before.longest
    assert after.score >= before.score - 1e-12


def test_an_empty_checkpoint_is_the_day_before_the_start():
    assert Checkpoint.empty(MONDAY).through == MONDAY - timedelta(days=1)

"""The thermostat's rules: a majority of the members agrees; three met periods suggest raising the bar,
two missed ones suggest talking about what holds the team back."""

import pytest

from backend.thermostat.rules import MET, MISSED, RAISE_BAR, RUNNING, TALK, UNKNOWN, is_agreed, outcome, suggestion


@pytest.mark.parametrize(
    ("confirmed", "members", "agreed"),
    [(0, 0, False), (1, 1, True), (1, 2, False), (2, 3, True), (2, 4, False), (3, 4, True), (3, 5, True)],
)
def test_most_of_the_team_means_more_than_half_of_its_members(confirmed, members, agreed):
    assert is_agreed(confirmed, members) is agreed


def test_three_met_periods_in_a_row_suggest_raising_the_bar():
    assert suggestion([MET, MET, MET]) == RAISE_BAR
    assert suggestion([MISSED, MET, MET, MET]) == RAISE_BAR
    assert suggestion([MET, MET]) is None
    assert suggestion([MET, MISSED, MET, MET]) is None


def test_two_missed_periods_in_a_row_suggest_talking_rather_than_pushing():
    assert suggestion([MISSED, MISSED]) == TALK
    assert suggestion([MET, MET, MET, MISSED, MISSED]) == TALK
    assert suggestion([MISSED, MET, MISSED]) is None
    assert suggestion([MISSED]) is None


def test_a_running_or_unknown_period_neither_breaks_nor_extends_a_run():
    assert suggestion([MET, MET, MET, RUNNING]) == RAISE_BAR
    assert suggestion([MET, UNKNOWN, MET, MET]) == RAISE_BAR
    assert suggestion([MET, MET, RUNNING]) is None
    assert suggestion([MISSED, UNKNOWN, MISSED, RUNNING]) == TALK
    assert suggestion([]) is None


def test_how_the_team_did_on_a_standard():
    assert outcome(True, False) == MET  # a count reached before the period ended
    assert outcome(True, True) == MET
    assert outcome(False, True) == MISSED
    assert outcome(False, False) == RUNNING
    assert outcome(None, None) == UNKNOWN

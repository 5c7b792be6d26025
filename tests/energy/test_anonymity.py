"""The threshold and the differencing guard as pure rules: whatever the teams, overlaps and answers, no
combination of shown groups isolates one person (checked independently, by linear algebra)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.energy.anonymity import MINIMUM_THRESHOLD, cells, is_safe, publishable

ORG = ("organisation", "")


def team(n):
    return ("team", str(n))


def rank(rows: list[list[int]]) -> int:
    """The rank of a 0/1 matrix, exactly (fractions)."""
    matrix = [[Fraction(v) for v in row] for row in rows]
    rank = 0
    columns = len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def revealed(populations: list[frozenset]) -> set:
    """The people whose answer follows from the shown sums: their unit vector lies in the span of the groups."""
    people = sorted(frozenset().union(*populations)) if populations else []
    rows = [[1 if person in group else 0 for person in people] for group in populations]
    base = rank(rows)
    found = set()
    for i, person in enumerate(people):
        unit = [1 if j == i else 0 for j in range(len(people))]
        if rank([*rows, unit]) == base:
            found.add(person)
    return found


def test_a_team_below_the_threshold_is_not_shown():
    assert publishable({ORG: frozenset(range(10)), team(1): frozenset(range(4))}, 5) == [ORG]


def test_a_team_with_one_person_less_than_its_organisation_is_merged_upward():
    assert publishable({ORG: frozenset(range(6)), team(1): frozenset(range(5))}, 5) == [ORG]


def test_a_team_that_is_the_whole_organisation_is_shown_with_it():
    assert publishable({ORG: frozenset(range(5)), team(1): frozenset(range(5))}, 5) == [ORG, team(1)]


def test_two_teams_differing_by_one_person_are_not_both_shown():
    shown = publishable({ORG: frozenset(range(20)), team(1): frozenset(range(6)), team(2): frozenset(range(7))}, 5)
    assert not ({team(1), team(2)} <= set(shown))


def test_the_organisation_minus_its_teams_does_not_reveal_the_one_left_over():
    # Two disjoint teams of five and one person in no team: each pair differs by ≥ 5, yet org − A − B = x.
    candidates = {ORG: frozenset(range(11)), team(1): frozenset(range(5)), team(2): frozenset(range(5, 10))}
    shown = publishable(candidates, 5)
    assert shown == [ORG, team(1)]
    assert revealed([candidates[key] for key in shown]) == set()


def test_the_threshold_never_goes_below_five():
    assert publishable({ORG: frozenset(range(4))}, 2) == []
    assert MINIMUM_THRESHOLD == 5


def test_cells_are_people_in_the_same_groups():
    assert cells([frozenset({1, 2, 3}), frozenset({2, 3, 4})]) == {
        frozenset({0}): 1,
        frozenset({0, 1}): 2,
        frozenset({1}): 1,
    }


@st.composite
def organisations(draw):
    people = draw(st.integers(min_value=0, max_value=24))
    everyone = list(range(people))
    teams = draw(st.lists(st.sets(st.sampled_from(everyone)) if everyone else st.just(set()), max_size=6))
    kinds = draw(st.lists(st.sampled_from(["sales", "finance"]), min_size=len(teams), max_size=len(teams)))
    answered = frozenset(draw(st.sets(st.sampled_from(everyone))) if everyone else set())
    k = draw(st.integers(min_value=MINIMUM_THRESHOLD, max_value=8))
    candidates = {ORG: answered}
    for n, members in enumerate(teams):
        candidates[team(n)] = frozenset(members) & answered
    for kind in set(kinds):
        mine = [n for n in range(len(teams)) if kinds[n] == kind]
        if len(mine) > 1:
            candidates[("department", kind)] = frozenset().union(*(candidates[team(n)] for n in mine))
    return candidates, k


@settings(max_examples=300, deadline=None)
@given(organisations())
def test_no_combination_of_shown_groups_reveals_anyone(case):
    candidates, k = case
    shown = publishable(candidates, k)
    populations = [candidates[key] for key in shown]
    assert all(len(group) >= k for group in populations)
    assert is_safe(populations, k)
    # Every subset of views (what one manager, one admin, or both together see) is a subset of these.
    assert revealed(populations) == set()


@settings(max_examples=200, deadline=None)
@given(organisations())
def test_the_choice_does_not_depend_on_the_order_groups_come_in(case):
    candidates, k = case
    backwards = dict(reversed(list(candidates.items())))
    assert publishable(candidates, k) == publishable(backwards, k)

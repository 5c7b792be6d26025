"""Which energy aggregates of one week may be shown: the threshold and the differencing guard.

Pure rules, no database and no clock (docs/privacy.md, "Energy", says the same in words).

A week's candidates are groups of the people who answered that week: the organisation, each department
(the teams of one kind together) and each team. A group is shown only when

1. at least k people in it answered (k ≥ 5, the organisation's threshold), and
2. laid over every other group already chosen for the week, it splits nobody off: the chosen groups cut
   the people who answered into *cells* (people who are in exactly the same chosen groups), and every
   cell must hold at least k people.

Why cells: whatever anyone can compute from the shown numbers (counts, sums, averages, how many picked a
factor — all sums over people), by adding and subtracting them across every view at once, is a sum over
whole cells. With every cell at least k people, no combination of views — a team with its department, a
team with the organisation, two overlapping teams, the organisation without three teams — isolates one
person, or any group smaller than k. In particular two shown groups that overlap differ by 0 or at least
k people. A group that fails is not shown and its people count only in the larger groups around it
("merged upward"); whether it failed by size or by the guard is not told either.

Groups are tried largest first (organisation, departments, teams), ties by key, so the choice does not
depend on who is looking: every viewer sees a subset of the same chosen set, and a subset of a safe set is
safe (its cells are unions of the set's cells).

Weeks are not compared with each other: an answer belongs to exactly one week, so two weeks' numbers are
sums over different answers, and a week is shown only once it has ended for everyone and its numbers are
frozen (service.py), so nobody can watch a week's average move as one more person answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping

MINIMUM_THRESHOLD = 5

# Largest scope first: the order in which groups of a week are tried.
SCOPE_ORDER = {"organisation": 0, "department": 1, "team": 2}


def cells(populations: Iterable[frozenset]) -> Counter:
    """People by the chosen groups they are in: {signature: number of people}. A person in none of the
    groups is not in any cell (nothing shown covers them)."""
    populations = list(populations)
    everyone = frozenset().union(*populations) if populations else frozenset()
    return Counter(frozenset(i for i, group in enumerate(populations) if person in group) for person in everyone)


def is_safe(populations: Iterable[frozenset], k: int) -> bool:
    """Every cell of these groups holds at least k people."""
    return all(size >= k for size in cells(populations).values())


def publishable(candidates: Mapping[Hashable, frozenset], k: int) -> list[Hashable]:
    """The keys of the groups that may be shown, in the order tried.

    Keys are (scope, id) tuples with scope in SCOPE_ORDER; values are the sets of people (ids) who answered.
    """
    k = max(k, MINIMUM_THRESHOLD)

    def order(key):
        scope, ident = key
        return (SCOPE_ORDER[scope], -len(candidates[key]), str(ident))

    chosen: list[Hashable] = []
    populations: list[frozenset] = []
    for key in sorted(candidates, key=order):
        population = candidates[key]
        if len(population) < k:
            continue
        if is_safe([*populations, population], k):
            chosen.append(key)
            populations.append(population)
    return chosen

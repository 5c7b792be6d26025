"""Leaderboards' read API: what other domains may show of people outside a board.

Other domains read leaderboards only through this module: a channel's message (integrations) names a
person only where the organisation's visibility preset would; an office screen shows only the top of a
board, and only where the preset puts people boards in front of everyone (`open`) — a screen on the
wall never shows bottom ranks, nor names a preset hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.models import Organisation, User, Visibility
from backend.boards.read import Viewer
from backend.leaderboards.board import CONSISTENCY
from backend.leaderboards.service import _order_key, _ordered, _standings
from backend.timeutil import local_today

__all__ = ["TopRow", "public_name", "top_people"]


def public_name(organisation: Organisation, person: User | None) -> str | None:
    """A person's name where everyone of the organisation (and a channel's readers) sees it, or None.

    The same rule as a people board read by a rep: open shows names; teams first only of those who
    opted in ("show my name on the leaderboard"); private shows no one's name.
    """
    if person is None or not person.active:
        return None
    if organisation.visibility == Visibility.OPEN:
        return person.name
    if organisation.visibility == Visibility.TEAMS_FIRST and person.board_opt_in:
        return person.name
    return None


@dataclass(frozen=True)
class TopRow:
    rank: int
    name: str
    value: float  # consistency, 0–100


def top_people(organisation: Organisation, team_ids: list[int], limit: int = 5) -> list[TopRow] | None:
    """The first people of these teams by consistency (ties share a rank); None unless the preset is open.

    At most `limit`, and at most the better half: a team of four shows its first two, so the wall never
    shows who is last.
    """
    if organisation.visibility != Visibility.OPEN:
        return None
    viewer = Viewer(
        user=None, organisation=organisation, today=local_today(organisation.time_zone), team_ids=set(), managed=set()
    )
    rows: dict[int, tuple] = {}
    for team_id in sorted(team_ids):
        for row in _standings(viewer, CONSISTENCY, "week", None, team_id, False).rows:
            rows[row[0]] = row
    standings = _ordered(sorted(rows.values(), key=_order_key))
    limit = min(limit, len(standings.rows) // 2)
    return [
        TopRow(rank=rank, name=row[1], value=round(row[2], 1))
        for row, rank in zip(standings.rows, standings.ranks, strict=True)
        if rank <= limit
    ][:limit]

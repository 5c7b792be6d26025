"""Leaderboards' read API: what other domains (the office screens) may show of the boards.

Only the top of a board, and only where the organisation's visibility preset puts people boards in
front of everyone (`open`): a screen on the wall never shows bottom ranks, nor names a preset hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.models import Organisation, Visibility
from backend.boards.read import Viewer
from backend.leaderboards.board import CONSISTENCY
from backend.leaderboards.service import _order_key, _ordered, _standings
from backend.timeutil import local_today

__all__ = ["TopRow", "top_people"]


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

"""What a board is: its scopes and metrics, and the rows it shows (leaderboards/schemas.py serialises them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PEOPLE, TEAMS = "people", "teams"
POINTS, CONSISTENCY = "points", "consistency"
TOP_ONLY = 10


@dataclass
class Row:
    rank: int | None
    value: float | None
    name: str | None
    user_id: int | None = None
    team_id: int | None = None
    anonymous: bool = False
    is_me: bool = False
    movement: str | None = None  # up | down | same | new; None for all time
    previous_rank: int | None = None
    members: int | None = None


@dataclass
class Board:
    scope: str
    period: str
    metric: str
    starts_on: date
    ends_on: date | None
    team_id: int | None
    visibility: str
    top_only: bool
    offset: int
    limit: int
    has_more: bool
    rows: list[Row] = field(default_factory=list)
    me: Row | None = None
    people_hidden: bool = False

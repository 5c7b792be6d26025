"""Challenges' read API: what the feed shows of a closed challenge's result."""

from __future__ import annotations

from dataclasses import dataclass

from backend.challenges.models import Challenge
from backend.extensions import db


@dataclass(frozen=True)
class ResultLine:
    """A closed challenge as its feed line tells it: the winning team (team challenges), how many beat
    their personal best, or how far the organisation got together. Never a person ranked."""

    challenge_id: int
    kind: str
    title: str
    winner: str | None
    celebrated: int
    total: int
    target: int | None


def result_line(challenge_id: int, organisation_id: int) -> ResultLine | None:
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.organisation_id != organisation_id or challenge.result is None:
        return None
    result = challenge.result
    # A team wins with a score above nothing: a challenge nobody took part in has no winner.
    winner = next((t["name"] for t in result["teams"] if t["rank"] == 1 and t["score"]), None)
    winner = winner if challenge.kind == "team" else None
    return ResultLine(
        challenge_id=challenge.id,
        kind=challenge.kind,
        title=challenge.title,
        winner=winner,
        celebrated=sum(1 for p in result["people"].values() if p.get("beat")),
        total=int(result.get("total") or 0),
        target=challenge.target,
    )

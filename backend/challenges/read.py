"""Challenges' read API: what the feed shows of a closed challenge's result, and what push tells each participant
(of a challenge, and of a duel)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.challenges import duels
from backend.challenges.models import Challenge, Duel
from backend.extensions import db
from backend.timeutil import utcnow


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


def outcomes(challenge_id: int, organisation_id: int) -> dict[int, str]:
    """What a closed challenge's result means to each participant, by user id: "won" (a member of the
    winning team), "beat" (beat their personal best), or "" (took part). Nobody learns they came last."""
    line = result_line(challenge_id, organisation_id)
    if line is None:
        return {}
    result = db.session.get(Challenge, challenge_id).result
    winners = {t["team_id"] for t in result["teams"] if t["rank"] == 1 and t["score"]} if line.winner else set()
    told = {}
    for user_id, person in result["people"].items():
        if set(person.get("teams") or []) & winners:
            told[int(user_id)] = "won"
        elif person.get("beat"):
            told[int(user_id)] = "beat"
        else:
            told[int(user_id)] = ""
    return told


def duel_news(duel_id: int, organisation_id: int) -> dict[int, dict]:
    """What a duel is to each of its two, by user id, for push: the other one's id and name, the duel's days,
    both consistencies (once it runs) and the outcome ("won", "other_won", "tie" or None: duels.outcome_for)."""
    duel = db.session.get(Duel, duel_id)
    if duel is None or duel.organisation_id != organisation_id:
        return {}
    now = utcnow()
    news = {}
    for user_id in (duel.challenger_id, duel.opponent_id):
        seen = duels.outcome_for(duel, user_id, now)
        news[user_id] = {
            "duel_id": duel.id,
            "person_id": seen["other_id"],
            "person": seen["other"],
            "starts_on": duel.starts_on.isoformat(),
            "ends_on": duel.ends_on.isoformat(),
            "mine": seen["own_consistency"],
            "theirs": seen["other_consistency"],
            "outcome": seen["outcome"],
        }
    return news

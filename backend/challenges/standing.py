"""A challenge's standing: from the challenge aggregate (ChallengeScore, one row per person who counted),
the members of its teams and their away days, never from the check-ins.

`compute` works out every participant's consistency (scoring.py) and the teams' averages, as of now
(running), as of the freeze (the last hour), or for the whole challenge (final, when it closes). The
result is kept per worker for a few seconds with the boards' standings cache (boards/read.py), keyed
by the phase and the day, so a busy Challenges screen reads the aggregate once per few seconds.
Personal best needs each person's previous period: computed once, at the first look after the start,
and stored on the challenge (`baselines`).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from backend.accounts.models import Membership, Team, User
from backend.boards import read as boards
from backend.challenges import scoring, tally
from backend.challenges.models import Challenge
from backend.extensions import db
from backend.rhythm import read as rhythm

TEAM, PERSONAL_BEST, TOGETHER = "team", "personal_best", "together"
KINDS = (TEAM, PERSONAL_BEST, TOGETHER)
UPCOMING, RUNNING, FROZEN, CLOSING, CLOSED, CANCELLED = (
    "upcoming",
    "running",
    "frozen",
    "closing",
    "closed",
    "cancelled",
)


@dataclass
class Person:
    user_id: int
    name: str
    opt_in: bool
    team_ids: set[int]
    consistency: float | None = None
    done: int = 0
    late: int = 0
    due: int = 0
    reached_at: datetime | None = None
    baseline: float | None = None


@dataclass
class Computed:
    """Everything a standing shows, for everyone: the response picks what the viewer may see."""

    as_of: str  # running | frozen | final
    people: dict[int, Person]
    teams: list[scoring.Entry]
    total: int = 0  # together: counted check-ins of everyone
    contributions: dict[int, int] = field(default_factory=dict)  # together: per team


def phase(challenge: Challenge, now: datetime) -> str:
    if challenge.cancelled_at is not None:
        return CANCELLED
    if challenge.closed_at is not None:
        return CLOSED
    if now < challenge.starts_at:
        return UPCOMING
    if now >= challenge.ends_at:
        return CLOSING
    return FROZEN if scoring.is_frozen(now, challenge.ends_at) else RUNNING


def team_ids_of(challenge: Challenge) -> list[int]:
    """The challenge's teams; all the organisation's teams when it names none."""
    if challenge.team_ids:
        return list(challenge.team_ids)
    return list(
        db.session.scalars(select(Team.id).where(Team.organisation_id == challenge.organisation_id).order_by(Team.id))
    )


@dataclass(frozen=True)
class _Joined:
    """What rhythm's person_start reads of a person: when they joined, in their zone."""

    created_at: datetime
    time_zone: str


def _participants(challenge: Challenge, team_ids: list[int]) -> tuple[dict[int, Person], dict[int, _Joined]]:
    """The active members (not managers) of the challenge's teams. Two plain reads, joined here: as one
    join SQLite without statistics looks up every person in every team (seconds at 10,000 people)."""
    teams_of: dict[int, set[int]] = defaultdict(set)
    for user_id, team_id in db.session.execute(
        select(Membership.user_id, Membership.team_id).where(
            Membership.team_id.in_(team_ids), Membership.manages.is_(False)
        )
    ):
        teams_of[user_id].add(team_id)
    people: dict[int, Person] = {}
    joined: dict[int, _Joined] = {}
    for user_id, name, opt_in, created_at, zone in db.session.execute(
        select(User.id, User.name, User.board_opt_in, User.created_at, User.time_zone)
        .where(User.organisation_id == challenge.organisation_id, boards.active_people())
        .order_by(User.id)
    ):
        if user_id in teams_of:
            people[user_id] = Person(user_id, name, bool(opt_in), teams_of[user_id])
            joined[user_id] = _Joined(created_at, zone)
    return people, joined


def participant_ids(challenge: Challenge) -> list[int]:
    """Who takes part: the active members (not managers) of its teams."""
    people, _joined = _participants(challenge, team_ids_of(challenge))
    return sorted(people)


def _due(
    challenge: Challenge,
    people: dict[int, Person],
    joined: dict[int, _Joined],
    team_ids: list[int],
    first_day: date,
    horizon: date,
    window_end: date,
) -> dict[int, int]:
    """Behaviour-days asked of each person in [first_day, horizon], after away days (scoring.due_count)."""
    chosen = set(challenge.behaviour_ids)
    of_team = {t: [b for b in bs if b.id in chosen] for t, bs in rhythm.behaviours_of_teams(team_ids).items()}
    cadences = {b.id: rhythm.cadence_of(b) for bs in of_team.values() for b in bs}
    away, holidays = rhythm.organisation_away(challenge.organisation_id, first_day, window_end)
    if holidays:  # a holiday is an away day for everyone
        for user_id in people:
            for day in holidays:
                away[user_id].setdefault(day, "holiday")
    # Who joined two days or more before the first day starts the same day as everyone in the same
    # teams (their join date is past in any zone): one sum per set of teams, not per person.
    settled = datetime.combine(first_day - timedelta(days=2), time(0), UTC)
    shared: dict[tuple, int] = {}
    due: dict[int, int] = {}
    for user_id, person in people.items():
        days_away = away.get(user_id) or {}
        recent = _aware(joined[user_id].created_at) >= settled
        key = (frozenset(person.team_ids), user_id if recent else None)
        if not days_away and key in shared:
            due[user_id] = shared[key]
            continue
        behaviours = {b.id: b for t in person.team_ids for b in of_team.get(t, [])}
        total = 0
        for behaviour in behaviours.values():
            cadence = cadences[behaviour.id]
            first = max(first_day, rhythm.person_start(joined[user_id], behaviour))
            weekly = cadence.times_per_week if cadence.weekly else None
            total += scoring.due_count(cadence.requires, weekly, first, horizon, window_end, days_away)
        due[user_id] = total
        if not days_away:
            shared[key] = total
    return due


def _local_day(instant: datetime, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


def compute(challenge: Challenge, now: datetime, final: bool = False) -> Computed:
    """The standing as of now (or the freeze, in the last hour), or the final one."""
    zone = challenge_zone(challenge)
    if final:
        as_of, horizon, today = "final", challenge.ends_on, None
    else:
        frozen = scoring.is_frozen(now, challenge.ends_at)
        moment = challenge.ends_at - scoring.FREEZE if frozen else now
        as_of = "frozen" if frozen else "running"
        today = _local_day(moment, zone)
        horizon = min(challenge.ends_on, today - timedelta(days=1))
    team_ids = team_ids_of(challenge)
    people, joined = _participants(challenge, team_ids)
    due = _due(challenge, people, joined, team_ids, challenge.starts_on, horizon, challenge.ends_on)
    rows = tally.scores(challenge.id)
    for user_id, person in people.items():
        row = rows.get(user_id)
        person.due = due[user_id]
        if row is not None:
            person.done, person.late, person.reached_at = row.done, row.late, row.last_at
            if final:
                person.done += row.after_done
                person.late += row.after_late
                if row.after_last_at is not None:
                    person.reached_at = row.after_last_at
            elif row.last_day == today:
                person.due += row.last_day_done  # the running day asks what is done of it
        person.consistency = scoring.consistency(person.done, person.due)
    names = dict(db.session.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids))).all())
    members: dict[int, list[Person]] = defaultdict(list)
    for person in people.values():
        for team_id in person.team_ids:
            members[team_id].append(person)
    entries = []
    for team_id in team_ids:
        team = members.get(team_id, [])
        reached = [_aware(p.reached_at) for p in team if p.reached_at is not None]
        entries.append(
            scoring.Entry(
                key=team_id,
                name=names.get(team_id, ""),
                score=scoring.average(p.consistency for p in team),
                reached_at=max(reached) if reached else None,
                extra={"counted": sum(1 for p in team if p.consistency is not None), "members": len(team)},
            )
        )
    computed = Computed(as_of=as_of, people=people, teams=scoring.ranked(entries))
    computed.total = sum(p.done for p in people.values())
    computed.contributions = {t: sum(p.done for p in members.get(t, [])) for t in team_ids}
    if challenge.kind == PERSONAL_BEST:
        baselines = ensure_baselines(challenge, people, joined, team_ids)
        for user_id, person in people.items():
            person.baseline = baselines.get(str(user_id))
    return computed


SNAPSHOT = timedelta(seconds=30)  # the heartbeat recomputes a stored standing older than half of this
# A standing a fold moved is recomputed by the heartbeat once it is this old: seconds behind the taps rather
# than SNAPSHOT, at most one computation per challenge per MOVED_AFTER, none of it on the tap or the request.
MOVED_AFTER = timedelta(seconds=5)
# A stored standing is served while younger than SERVED × SNAPSHOT. The heartbeat refreshes it at half
# SNAPSHOT, so only a heartbeat that stopped (or a machine too busy to run it in time) leaves a request
# to compute it, and then every worker's requests would compute 10,000 people at once.
SERVED = 4


def current(challenge: Challenge, now: datetime) -> dict:
    """The running (or frozen) standing as a result (`result_of`).

    Computed every SNAPSHOT / 2 per installation and stored on the challenge (the scheduler's heartbeat
    keeps it fresh, `refresh_running`), so a request reads one stored document; each web
    worker keeps the document it read with the boards' standings cache, by its digest, so it reads
    the document (every participant's numbers) again only when the numbers changed, not whenever the
    heartbeat looked.
    """
    frozen = scoring.is_frozen(now, challenge.ends_at)
    moment = challenge.ends_at - scoring.FREEZE if frozen else now
    as_of = "frozen" if frozen else "running"
    day = _local_day(moment, challenge_zone(challenge)).isoformat()
    stored_at = _aware(challenge.standing_at) if challenge.standing_at else None
    if stored_at is not None and now - stored_at < SNAPSHOT * SERVED:
        key = ("challenge", challenge.id)
        kept = boards.cached(key)
        if kept is not None and challenge.standing_digest is not None and kept[0] == challenge.standing_digest:
            document = kept[1]
        else:
            document = challenge.standing  # deferred: loaded here only
        if document and (document.get("as_of"), document.get("day")) == (as_of, day):
            # Kept for as long as the digest holds (each hit keeps it again); a rebuild clears it.
            boards.remember(key, challenge.organisation_id, (challenge.standing_digest, document))
            return document
    return store_current(challenge, now, as_of, day)


def digest_of(document: dict) -> str:
    """The content's digest (keys sorted, so equal numbers give an equal digest)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def store_current(challenge: Challenge, now: datetime, as_of: str, day: str) -> dict:
    """Compute the standing now and store it on the challenge (flushes; the caller's transaction commits).

    When the numbers are those already stored, only `standing_at` moves: the document is not written
    again, and the workers keep the one they read."""
    document = {**result_of(challenge, compute(challenge, now)), "day": day}
    document["as_of"] = as_of
    digest = digest_of(document)
    values = {"standing_at": now}
    if digest != challenge.standing_digest:
        values |= {"standing": document, "standing_digest": digest}
    db.session.execute(
        update(Challenge)
        .where(Challenge.id == challenge.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(challenge, "standing_digest", digest)
    boards.remember(("challenge", challenge.id), challenge.organisation_id, (digest, document))
    return document


def refresh_running(now: datetime) -> int:
    """The heartbeat's part: bring the stored standing of every running challenge up to date when it is
    older than half its lifetime, or when a fold moved it and it is older than MOVED_AFTER, so requests
    read it instead of computing it. Returns how many."""
    running_now = (
        Challenge.cancelled_at.is_(None),
        Challenge.closed_at.is_(None),
        Challenge.starts_at <= now,
        Challenge.ends_at > now,
    )
    # Pending taps first, as a request's catch-up does: the fold marks what it moved (moved_at).
    for organisation_id in sorted(set(db.session.scalars(select(Challenge.organisation_id).where(*running_now)))):
        rhythm.catch_up(organisation_id, commit=False)
    running = db.session.scalars(
        select(Challenge).where(
            *running_now,
            or_(
                Challenge.standing_at.is_(None),
                Challenge.standing_at <= now - SNAPSHOT / 2,
                and_(Challenge.moved_at > Challenge.standing_at, Challenge.standing_at <= now - MOVED_AFTER),
            ),
        )
    ).all()
    for challenge in running:
        frozen = scoring.is_frozen(now, challenge.ends_at)
        moment = challenge.ends_at - scoring.FREEZE if frozen else now
        day = _local_day(moment, challenge_zone(challenge)).isoformat()
        store_current(challenge, now, "frozen" if frozen else "running", day)
    return len(running)


def result_of(challenge: Challenge, computed: Computed) -> dict:
    """A standing as stored when final: team numbers, and each person's own numbers by id (each sees their own)."""
    return {
        "as_of": computed.as_of,
        "teams": [
            {
                "team_id": e.key,
                "name": e.name,
                "rank": e.rank,
                "score": None if e.score is None else round(100 * e.score, 1),
                "reached_at": e.reached_at.isoformat() if e.reached_at else None,
                **e.extra,
            }
            for e in computed.teams
        ],
        "people": {
            str(p.user_id): {
                "name": p.name,
                "opt_in": p.opt_in,
                "consistency": None if p.consistency is None else round(100 * p.consistency, 1),
                "done": p.done,
                "late": p.late,
                "baseline": None if p.baseline is None else round(100 * p.baseline, 1),
                "beat": challenge.kind == PERSONAL_BEST and scoring.beat_best(p.consistency, p.baseline),
                "teams": sorted(p.team_ids),
            }
            for p in computed.people.values()
        },
        "total": computed.total,
        "contributions": {str(t): n for t, n in computed.contributions.items()},
        "target": challenge.target,
    }


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def challenge_zone(challenge: Challenge) -> str:
    from backend.accounts.models import Organisation

    return db.session.get(Organisation, challenge.organisation_id).time_zone


def ensure_baselines(challenge: Challenge, people: dict[int, Person], joined, team_ids: list[int]) -> dict:
    """Each person's consistency in the period of equal length just before the challenge: once, then kept.

    The one place a challenge reads check-ins (rhythm's done_days), once per challenge, not per request.
    Imported history counts here: it is the person's own past, the bar they try to beat.
    """
    if challenge.baselines is not None:
        return challenge.baselines
    length = (challenge.ends_on - challenge.starts_on).days + 1
    first, last = challenge.starts_on - timedelta(days=length), challenge.starts_on - timedelta(days=1)
    previous = Challenge(
        organisation_id=challenge.organisation_id,
        behaviour_ids=challenge.behaviour_ids,
        starts_on=first,
        ends_on=last,
    )
    due = _due(previous, people, joined, team_ids, first, last, last)
    done: dict[int, int] = defaultdict(int)
    for user_id, _behaviour, _day in rhythm.done_days(list(people), list(challenge.behaviour_ids), first, last):
        done[user_id] += 1
    baselines = {str(u): scoring.consistency(done[u], due[u]) for u in people}
    db.session.execute(
        update(Challenge)
        .where(Challenge.id == challenge.id, Challenge.baselines.is_(None))
        .values(baselines=baselines)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(challenge, ["baselines"])
    return challenge.baselines or baselines

"""Challenges: the rules of creating, editing, cancelling and seeing them. Functions flush, never commit.

Managers and admins create a challenge for a week to a quarter of the organisation's days; it can be
edited until it starts and cancelled (with a reason, audited) until it closes. Everyone sees the
running and past challenges with the standing (standing.py), the time left, their own and their
team's contribution. What a person may see of others follows the organisation's visibility preset
(docs/privacy.md): teams are ranked, people never are; in an open organisation those who beat their
personal best are named, in `teams_first` only those who opted in to show their name, in `private`
nobody (a count instead). Nobody is shown last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from backend.accounts.models import Organisation, Role, Team, User, Visibility
from backend.audit import record_audit
from backend.boards import read as boards
from backend.challenges import scoring, standing
from backend.challenges.models import Challenge
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import request_locale, translate
from backend.rhythm import read as rhythm
from backend.timeutil import utcnow

PAST_SHOWN = 20


def _invalid(field_name: str, key: str, **params) -> DomainError:
    return DomainError("validation_failed", 422, fields={field_name: [translate(key, **params)]})


def _may_organise(actor: User) -> None:
    if actor.role not in (Role.MANAGER, Role.ADMIN):
        raise Forbidden()


def _may_change(actor: User, challenge: Challenge) -> None:
    """Admins, and the manager who created it."""
    if actor.role == Role.ADMIN or (actor.role == Role.MANAGER and challenge.created_by_id == actor.id):
        return
    raise Forbidden()


def _get(actor: User, challenge_id: int) -> Challenge:
    challenge = db.session.get(Challenge, challenge_id)
    if challenge is None or challenge.organisation_id != actor.organisation_id:
        raise NotFound()
    return challenge


def _midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(zone)).astimezone(UTC)


def _apply(actor: User, challenge: Challenge, args: dict, now: datetime) -> None:
    """Check the arguments against the organisation and put them on the challenge."""
    viewer = boards.viewer(actor)
    zone = viewer.organisation.time_zone
    kind, starts_on, ends_on = args["kind"], args["starts_on"], args["ends_on"]
    if starts_on < viewer.today:
        raise _invalid("starts_on", "challenge_starts_in_past")
    length = (ends_on - starts_on).days + 1
    if not scoring.MIN_DAYS <= length <= scoring.MAX_DAYS:
        raise _invalid("ends_on", "challenge_length", min=scoring.MIN_DAYS, max=scoring.MAX_DAYS)
    behaviours = rhythm.organisation_behaviours(actor.organisation_id, set(args["behaviour_ids"]))
    if len(behaviours) != len(set(args["behaviour_ids"])):
        raise _invalid("behaviour_ids", "challenge_unknown_behaviour")
    team_ids = sorted(set(args.get("team_ids") or []))
    known = set(
        db.session.scalars(select(Team.id).where(Team.id.in_(team_ids), Team.organisation_id == actor.organisation_id))
    )
    if len(known) != len(team_ids):
        raise _invalid("team_ids", "challenge_unknown_team")
    if kind == standing.TEAM and len(team_ids) == 1:
        raise _invalid("team_ids", "challenge_needs_teams")
    target = args.get("target")
    if kind == standing.TOGETHER and not target:
        raise _invalid("target", "challenge_needs_target")
    challenge.kind, challenge.title = kind, args["title"].strip()
    challenge.starts_on, challenge.ends_on = starts_on, ends_on
    # A challenge that starts today starts now: only check-ins made during it count.
    challenge.starts_at = max(_midnight(starts_on, zone), now)
    challenge.ends_at = _midnight(ends_on + timedelta(days=1), zone)
    challenge.behaviour_ids = [b.id for b in behaviours]
    challenge.team_ids = team_ids
    challenge.target = target if kind == standing.TOGETHER else None
    challenge.updated_at = now


def create(actor: User, args: dict) -> Challenge:
    """A new challenge (managers, admins)."""
    _may_organise(actor)
    now = utcnow()
    challenge = Challenge(organisation_id=actor.organisation_id, created_by_id=actor.id, created_at=now)
    _apply(actor, challenge, args, now)
    db.session.add(challenge)
    db.session.flush()
    record_audit(actor, "challenge_created", challenge, {"kind": challenge.kind})
    return challenge


def edit(actor: User, challenge_id: int, args: dict) -> Challenge:
    """Change a challenge that has not started yet."""
    challenge = _get(actor, challenge_id)
    _may_change(actor, challenge)
    now = utcnow()
    if challenge.cancelled_at is not None or now >= challenge.starts_at:
        raise Conflict("challenge_started")
    _apply(actor, challenge, args, now)
    db.session.flush()
    record_audit(actor, "challenge_edited", challenge)
    return challenge


def cancel(actor: User, challenge_id: int, reason: str) -> Challenge:
    """Cancel a challenge that has not closed, with a reason (kept in the audit log)."""
    challenge = _get(actor, challenge_id)
    _may_change(actor, challenge)
    if challenge.cancelled_at is not None or challenge.closed_at is not None or challenge.closing_at is not None:
        raise Conflict("challenge_closed")
    challenge.cancelled_at, challenge.cancel_reason = utcnow(), reason.strip()
    db.session.flush()
    record_audit(actor, "challenge_cancelled", challenge, {"reason": challenge.cancel_reason})
    return challenge


# --- what people see ------------------------------------------------------------------------------


@dataclass
class View:
    """A challenge as one person sees it."""

    challenge: Challenge
    status: str
    seconds_left: int | None
    behaviours: list[dict]
    teams: list[dict]  # the standing of teams (team and together challenges), best first
    me: dict | None  # my own numbers, with my teams' scores
    together: dict | None
    celebrated: dict | None  # personal best: who beat their previous period
    people_hidden: bool
    can_change: bool
    created_by: str | None = None
    my_team_ids: list[int] = field(default_factory=list)


def _result(challenge: Challenge, status: str, now: datetime) -> dict | None:
    if status == standing.CLOSED:
        return challenge.result
    if status in (standing.RUNNING, standing.FROZEN, standing.CLOSING):
        return standing.current(challenge, min(now, challenge.ends_at - timedelta(microseconds=1)))
    return None


def _behaviours(challenge: Challenge) -> list[dict]:
    locale = request_locale()
    return [
        {"id": b.id, "name": b.name(locale), "icon": b.icon}
        for b in rhythm.organisation_behaviours(challenge.organisation_id, challenge.behaviour_ids)
    ]


def view(actor: User, challenge: Challenge, now: datetime | None = None, detail: bool = True) -> View:
    now = now or utcnow()
    # Read first and held, so the standing's look-up of the zone finds it in the session (its identity map
    # holds objects weakly: a look-up whose object nobody holds reads it again).
    organisation = db.session.get(Organisation, actor.organisation_id)
    status = standing.phase(challenge, now)
    result = _result(challenge, status, now)
    mine = actor.team_ids()
    me = None
    teams: list[dict] = []
    together = celebrated = None
    if result is not None:
        scores = {t["team_id"]: t["score"] for t in result["teams"]}
        own = result["people"].get(str(actor.id))
        if own is not None:
            me = {**{k: own[k] for k in ("consistency", "done", "late", "baseline", "beat")}}
            me["teams"] = [{"team_id": t, "score": scores.get(t)} for t in own["teams"]]
        if challenge.kind in (standing.TEAM, standing.TOGETHER):
            teams = [{**t, "is_mine": t["team_id"] in mine} for t in result["teams"]]
        if challenge.kind == standing.TOGETHER:
            total, target = result["total"], result["target"] or 0
            together = {
                "total": total,
                "target": target,
                "percent": min(100, round(100 * total / target)) if target else 0,
                "contributions": [
                    {
                        "team_id": t["team_id"],
                        "name": t["name"],
                        "done": result["contributions"].get(str(t["team_id"]), 0),
                    }
                    for t in result["teams"]
                ],
            }
            teams = []  # together: no ranking, each department's contribution
        if challenge.kind == standing.PERSONAL_BEST:
            beaten = [p for p in result["people"].values() if p["beat"]]
            named = [
                p["name"]
                for p in beaten
                if organisation.visibility == Visibility.OPEN
                or (organisation.visibility == Visibility.TEAMS_FIRST and p["opt_in"])
            ]
            celebrated = {"count": len(beaten), "names": sorted(named)[:50]}
    left = None
    if status in (standing.RUNNING, standing.FROZEN):
        left = max(0, int((challenge.ends_at - now).total_seconds()))
    elif status == standing.UPCOMING:
        left = int((challenge.ends_at - challenge.starts_at).total_seconds())
    creator = db.session.get(User, challenge.created_by_id) if challenge.created_by_id and detail else None
    can_change = actor.role == Role.ADMIN or (actor.role == Role.MANAGER and challenge.created_by_id == actor.id)
    return View(
        challenge=challenge,
        status=status,
        seconds_left=left,
        behaviours=_behaviours(challenge),
        teams=teams,
        me=me,
        together=together,
        celebrated=celebrated,
        people_hidden=organisation.visibility != Visibility.OPEN,
        can_change=can_change and status in (standing.UPCOMING, standing.RUNNING, standing.FROZEN),
        created_by=creator.name if creator else None,
        my_team_ids=sorted(mine),
    )


def detail(actor: User, challenge_id: int) -> View:
    return view(actor, _get(actor, challenge_id))


def challenges(actor: User) -> dict:
    """Running and upcoming challenges, and the most recent past ones (closed or cancelled)."""
    now = utcnow()
    rows = list(
        db.session.scalars(
            select(Challenge)
            .where(Challenge.organisation_id == actor.organisation_id)
            .order_by(Challenge.starts_at.desc(), Challenge.id.desc())
        )
    )
    current, past = [], []
    for challenge in rows:
        status = standing.phase(challenge, now)
        if status in (standing.CLOSED, standing.CANCELLED):
            if len(past) < PAST_SHOWN:
                past.append(view(actor, challenge, now, detail=False))
        else:
            current.append(view(actor, challenge, now, detail=False))
    current.reverse()  # soonest first
    return {"current": current, "past": past, "can_create": actor.role in (Role.MANAGER, Role.ADMIN)}


def today_line(actor: User) -> View | None:
    """The running challenge that most concerns me (one I take part in, ending first), for Today's one line."""
    now = utcnow()
    running = db.session.scalars(
        select(Challenge)
        .where(
            Challenge.organisation_id == actor.organisation_id,
            Challenge.cancelled_at.is_(None),
            Challenge.closed_at.is_(None),
            Challenge.starts_at <= now,
            Challenge.ends_at > now,
        )
        .order_by(Challenge.ends_at, Challenge.id)
    )
    mine = actor.team_ids()
    for challenge in running:
        if not challenge.team_ids or set(challenge.team_ids) & mine:
            shown = view(actor, challenge, now, detail=False)
            if shown.me is not None:
                return shown
    return None


def options(actor: User) -> dict:
    """What a new challenge may choose: the organisation's teams and active behaviours (managers, admins)."""
    _may_organise(actor)
    locale = request_locale()
    teams = db.session.scalars(
        select(Team)
        .where(Team.organisation_id == actor.organisation_id, Team.archived_at.is_(None))
        .order_by(Team.name)
    )
    behaviours = rhythm.organisation_behaviours(actor.organisation_id, _all_behaviour_ids(actor.organisation_id))
    return {
        "teams": [{"id": t.id, "name": t.name} for t in teams],
        "behaviours": [{"id": b.id, "name": b.name(locale), "icon": b.icon} for b in behaviours],
        "today": boards.viewer(actor).today,
    }


def _all_behaviour_ids(organisation_id: int) -> list[int]:
    behaviours = rhythm.behaviours_of_teams(
        db.session.scalars(select(Team.id).where(Team.organisation_id == organisation_id))
    )
    return sorted({b.id for bs in behaviours.values() for b in bs})

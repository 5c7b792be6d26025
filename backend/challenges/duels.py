"""Duels: a friendly contest between two people who both accept. Functions flush, never commit.

Anyone with a rhythm may invite a colleague who has one; the colleague accepts or declines until the end
of the duel's first day (then an unanswered invitation lapses; accepted on the first day, it counts from
the acceptance on). Both are measured the way a challenge
measures everyone (scoring.py): their consistency against their own cadence over the duel's days, all
their behaviours, away days left out, only check-ins made during it, imported history never. The better
consistency wins; an equal one goes to who reached it first. The winner is celebrated; nobody is shown
losing to anyone but the two of them.

A duel is the two people's own business: only they see it, unless both agreed to show it (each may
change their mind at any time); then colleagues see it too, except in a `private` organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update

from backend import signals
from backend.accounts.models import Membership, User, Visibility
from backend.boards import read as boards
from backend.challenges import scoring, standing
from backend.challenges.models import Challenge, Duel
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.rhythm import read as rhythm
from backend.timeutil import utcnow

INVITED, ACCEPTED, DECLINED, WITHDRAWN = "invited", "accepted", "declined", "withdrawn"
LAPSED, UPCOMING, RUNNING, CLOSED = "lapsed", "upcoming", "running", "closed"
PUBLIC_SHOWN = 20


def _invalid(field_name: str, key: str, **params) -> DomainError:
    return DomainError("validation_failed", 422, fields={field_name: [translate(key, **params)]})


def phase(duel: Duel, now: datetime) -> str:
    if duel.status in (DECLINED, WITHDRAWN):
        return duel.status
    starts_at, ends_at = _aware(duel.starts_at), _aware(duel.ends_at)
    if duel.status == INVITED:
        # An invitation may be accepted until the end of the duel's first day (counting starts then).
        first_day_over = now >= _midnight(duel.starts_on + timedelta(days=1), standing.challenge_zone(duel))
        return LAPSED if first_day_over or now >= ends_at else INVITED
    if now < starts_at:
        return UPCOMING
    return CLOSED if now >= ends_at else RUNNING


def _midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(zone)).astimezone(UTC)


def _get(actor: User, duel_id: int) -> Duel:
    """A duel the actor takes part in; 404 for anyone else's (a duel is private to its two)."""
    duel = db.session.get(Duel, duel_id)
    if (
        duel is None
        or duel.organisation_id != actor.organisation_id
        or actor.id
        not in (
            duel.challenger_id,
            duel.opponent_id,
        )
    ):
        raise NotFound()
    return duel


def options(actor: User) -> dict:
    """The colleagues one may invite: active people of the organisation with a rhythm, not oneself."""
    with_rhythm = rhythm.people_with_behaviours(actor.organisation_id)
    people = db.session.execute(
        select(User.id, User.name)
        .where(
            User.organisation_id == actor.organisation_id,
            User.id.in_(with_rhythm),
            User.id != actor.id,
            boards.active_people(),
        )
        .order_by(User.name, User.id)
    ).all()
    return {
        "people": [{"id": i, "name": n} for i, n in people],
        "can_invite": actor.id in with_rhythm,
        "today": boards.viewer(actor).today,
        "min_days": scoring.MIN_DAYS,
        "max_days": scoring.MAX_DAYS,
    }


def invite(actor: User, args: dict) -> Duel:
    with_rhythm = rhythm.people_with_behaviours(actor.organisation_id)
    if actor.id not in with_rhythm:
        raise Forbidden("duel_no_rhythm")
    opponent = db.session.get(User, args["opponent_id"])
    if (
        opponent is None
        or opponent.organisation_id != actor.organisation_id
        or not opponent.active
        or opponent.id not in with_rhythm
    ):
        raise _invalid("opponent_id", "duel_unknown_person")
    if opponent.id == actor.id:
        raise _invalid("opponent_id", "duel_not_yourself")
    viewer = boards.viewer(actor)
    starts_on, ends_on = args["starts_on"], args["ends_on"]
    if starts_on < viewer.today:
        raise _invalid("starts_on", "challenge_starts_in_past")
    length = (ends_on - starts_on).days + 1
    if not scoring.MIN_DAYS <= length <= scoring.MAX_DAYS:
        raise _invalid("ends_on", "challenge_length", min=scoring.MIN_DAYS, max=scoring.MAX_DAYS)
    now = utcnow()
    pair = {actor.id, opponent.id}
    open_one = db.session.scalar(
        select(Duel.id).where(
            Duel.challenger_id.in_(pair),
            Duel.opponent_id.in_(pair),
            Duel.status.in_((INVITED, ACCEPTED)),
            Duel.ends_at > now,
        )
    )
    if open_one is not None:
        raise Conflict("duel_exists")
    zone = viewer.organisation.time_zone
    duel = Duel(
        organisation_id=actor.organisation_id,
        challenger_id=actor.id,
        opponent_id=opponent.id,
        starts_on=starts_on,
        ends_on=ends_on,
        starts_at=max(_midnight(starts_on, zone), now),
        ends_at=_midnight(ends_on + timedelta(days=1), zone),
        status=INVITED,
        challenger_shares=bool(args.get("share")),
        opponent_shares=False,
        created_at=now,
    )
    db.session.add(duel)
    db.session.flush()
    signals.duel_invited.send(duel, organisation_id=duel.organisation_id, user_id=opponent.id, actor_id=actor.id)
    return duel


def answer(actor: User, duel_id: int, accept: bool, share: bool = False) -> Duel:
    """The invited colleague accepts (saying whether they agree to show it) or declines."""
    duel = _get(actor, duel_id)
    if actor.id != duel.opponent_id:
        raise Forbidden()
    if phase(duel, utcnow()) != INVITED:
        raise Conflict("duel_answered")
    now = utcnow()
    values = {"status": ACCEPTED if accept else DECLINED, "opponent_shares": bool(share) and accept, "answered_at": now}
    if accept and now > _aware(duel.starts_at):
        values["starts_at"] = now  # accepted on its first day: only what is made from now on counts
    # Answered once, by the request whose UPDATE finds it still invited (two taps at once: one answer, one push).
    taken = db.session.execute(
        update(Duel)
        .where(Duel.id == duel.id, Duel.status == INVITED)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise Conflict("duel_answered")
    db.session.refresh(duel)
    signals.duel_answered.send(duel, organisation_id=duel.organisation_id, accepted=accept, user_id=duel.challenger_id)
    return duel


def withdraw(actor: User, duel_id: int) -> Duel:
    """The challenger takes an invitation back, or calls off a duel that has not started."""
    duel = _get(actor, duel_id)
    if actor.id != duel.challenger_id:
        raise Forbidden()
    if phase(duel, utcnow()) not in (INVITED, UPCOMING):
        raise Conflict("duel_started")
    duel.status = WITHDRAWN
    db.session.flush()
    signals.duel_withdrawn.send(duel, organisation_id=duel.organisation_id, user_id=duel.opponent_id)
    return duel


def share(actor: User, duel_id: int, shares: bool) -> Duel:
    """Either of the two agrees (or no longer agrees) to show the duel to colleagues."""
    duel = _get(actor, duel_id)
    if actor.id == duel.challenger_id:
        duel.challenger_shares = shares
    else:
        duel.opponent_shares = shares
    db.session.flush()
    return duel


# --- the score ------------------------------------------------------------------------------------


def _score(duel: Duel, now: datetime) -> dict:
    """Both people's consistency as of now (final after the end), and who leads or won."""
    final = now >= _aware(duel.ends_at)
    zone = standing.challenge_zone(duel)
    today = None if final else now.astimezone(ZoneInfo(zone)).date()
    horizon = duel.ends_on if final else min(duel.ends_on, today - timedelta(days=1))
    ids = [duel.challenger_id, duel.opponent_id]
    teams_of: dict[int, set[int]] = {i: set() for i in ids}
    for user_id, team_id in db.session.execute(
        select(Membership.user_id, Membership.team_id).where(Membership.user_id.in_(ids), Membership.manages.is_(False))
    ):
        teams_of[user_id].add(team_id)
    people, joined = {}, {}
    for user in db.session.scalars(select(User).where(User.id.in_(ids))):
        people[user.id] = standing.Person(user.id, user.name, False, teams_of[user.id])
        joined[user.id] = standing._Joined(user.created_at, user.time_zone)  # noqa: SLF001 (the same module family)
    team_ids = sorted(set().union(*teams_of.values()))
    of_team = rhythm.behaviours_of_teams(team_ids)
    theirs = {i: {b.id for t in teams_of[i] for b in of_team.get(t, [])} for i in ids}
    # The whole of each one's rhythm: a challenge of their own behaviours, for the due count only.
    measured = Challenge(
        organisation_id=duel.organisation_id,
        behaviour_ids=sorted(set().union(*theirs.values())),
        starts_on=duel.starts_on,
        ends_on=duel.ends_on,
    )
    due = standing._due(measured, people, joined, team_ids, duel.starts_on, horizon, duel.ends_on)  # noqa: SLF001
    window = (_aware(duel.starts_at), _aware(duel.ends_at), duel.starts_on, duel.ends_on)
    for user_id, behaviour_id, day, received_at, _late, source in rhythm.checkins_of(ids, duel.starts_on, duel.ends_on):
        made = _aware(received_at)
        if behaviour_id not in theirs[user_id] or not scoring.counts(made, day, source, window):
            continue
        person = people[user_id]
        person.done += 1
        if today is not None and day == today:
            due[user_id] += 1  # the running day asks what is done of it
        if person.reached_at is None or made > person.reached_at:
            person.reached_at = made
    entries = []
    for user_id in ids:
        person = people[user_id]
        person.consistency = scoring.consistency(person.done, due.get(user_id, 0))
        entries.append(scoring.Entry(user_id, person.name, person.consistency, person.reached_at))
    ranked = scoring.ranked(entries)
    leader = ranked[0] if ranked and ranked[0].rank == 1 and ranked[0].score else None
    return {
        "as_of": "final" if final else "running",
        "leader_id": leader.key if leader else None,
        "people": {
            str(i): {
                "consistency": None if people[i].consistency is None else round(100 * people[i].consistency, 1),
                "done": people[i].done,
            }
            for i in ids
        },
    }


def final_result(duel: Duel, now: datetime) -> dict:
    """The final result is computed once, at the first look after the end (or when the heartbeat ends the duel:
    duel_ending.py), and kept."""
    if duel.result is not None:
        return duel.result
    computed = _score(duel, now)
    db.session.execute(
        update(Duel)
        .where(Duel.id == duel.id, Duel.result.is_(None))
        .values(result=computed)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(duel, ["result"])
    return duel.result or computed


# --- what people see ------------------------------------------------------------------------------


@dataclass
class View:
    duel: Duel
    status: str
    role: str | None  # challenger | opponent | None (a colleague's public duel)
    challenger: dict
    opponent: dict
    seconds_left: int | None
    scores: list[dict]
    winner_id: int | None
    leader_id: int | None
    my_share: bool | None
    public: bool


def view(actor: User, duel: Duel, now: datetime | None = None) -> View:
    now = now or utcnow()
    status = phase(duel, now)
    names = dict(
        db.session.execute(select(User.id, User.name).where(User.id.in_([duel.challenger_id, duel.opponent_id]))).all()
    )
    scores: list[dict] = []
    winner = leader = None
    if status in (RUNNING, CLOSED):
        result = final_result(duel, now) if status == CLOSED else _score(duel, now)
        scores = [
            {"user_id": i, "name": names.get(i, ""), **result["people"][str(i)]}
            for i in (duel.challenger_id, duel.opponent_id)
        ]
        if status == CLOSED:
            winner = result["leader_id"]
        else:
            leader = result["leader_id"]
    role = "challenger" if actor.id == duel.challenger_id else "opponent" if actor.id == duel.opponent_id else None
    left = None
    if status == RUNNING:
        left = max(0, int((_aware(duel.ends_at) - now).total_seconds()))
    return View(
        duel=duel,
        status=status,
        role=role,
        challenger={"id": duel.challenger_id, "name": names.get(duel.challenger_id, "")},
        opponent={"id": duel.opponent_id, "name": names.get(duel.opponent_id, "")},
        seconds_left=left,
        scores=scores,
        winner_id=winner,
        leader_id=leader,
        my_share=None if role is None else duel.challenger_shares if role == "challenger" else duel.opponent_shares,
        public=bool(duel.challenger_shares and duel.opponent_shares and duel.status == ACCEPTED),
    )


def duels(actor: User) -> dict:
    """My duels (invitations to answer first), and the colleagues' duels both of them agreed to show."""
    now = utcnow()
    mine = db.session.scalars(
        select(Duel)
        .where(
            Duel.organisation_id == actor.organisation_id,
            or_(Duel.challenger_id == actor.id, Duel.opponent_id == actor.id),
        )
        .order_by(Duel.starts_at.desc(), Duel.id.desc())
        .limit(50)
    ).all()
    order = {INVITED: 0, RUNNING: 1, UPCOMING: 2, CLOSED: 3}
    shown = sorted((view(actor, d, now) for d in mine), key=lambda v: order.get(v.status, 4))
    public: list[View] = []
    if actor.organisation.visibility != Visibility.PRIVATE:
        others = db.session.scalars(
            select(Duel)
            .where(
                Duel.organisation_id == actor.organisation_id,
                Duel.status == ACCEPTED,
                Duel.challenger_shares.is_(True),
                Duel.opponent_shares.is_(True),
                Duel.challenger_id != actor.id,
                Duel.opponent_id != actor.id,
                Duel.starts_at <= now,
            )
            .order_by(Duel.ends_at.desc(), Duel.id.desc())
            .limit(PUBLIC_SHOWN)
        ).all()
        public = [view(actor, d, now) for d in others]
    return {"mine": shown, "public": public}


def detail(actor: User, duel_id: int) -> View:
    return view(actor, _get(actor, duel_id))


# --- what each of the two is told, and the exports ----------------------------------------------------


def outcome_for(duel: Duel, user_id: int, now: datetime) -> dict:
    """The duel as one of the two sees it: the other one, its phase, both scores (once it runs) and what the end
    means to this person: "won", "other_won", "tie" (the same consistency, above nothing), or None (nothing to
    compare, or not over)."""
    other_id = duel.opponent_id if user_id == duel.challenger_id else duel.challenger_id
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_([user_id, other_id]))).all())
    status = phase(duel, now)
    seen = {
        "role": "challenger" if user_id == duel.challenger_id else "opponent",
        "other_id": other_id,
        "other": names.get(other_id, ""),
        "status": status,
        "own_consistency": None,
        "own_done": None,
        "other_consistency": None,
        "other_done": None,
        "outcome": None,
    }
    if status not in (RUNNING, CLOSED):
        return seen
    result = final_result(duel, now) if status == CLOSED else _score(duel, now)
    mine, theirs = result["people"][str(user_id)], result["people"][str(other_id)]
    seen.update(
        own_consistency=mine["consistency"],
        own_done=mine["done"],
        other_consistency=theirs["consistency"],
        other_done=theirs["done"],
    )
    if status == CLOSED:
        if mine["consistency"] and mine["consistency"] == theirs["consistency"]:
            seen["outcome"] = "tie"  # said as a tie, whoever reached it first
        elif result["leader_id"] == user_id:
            seen["outcome"] = "won"
        elif result["leader_id"] == other_id:
            seen["outcome"] = "other_won"
    return seen


def export_person(user: User) -> list[dict]:
    """A person's own duels for their data export, each as it is shown to them (whatever its phase)."""
    now = utcnow()
    rows = []
    for duel in db.session.scalars(
        select(Duel)
        .where(or_(Duel.challenger_id == user.id, Duel.opponent_id == user.id))
        .order_by(Duel.starts_on, Duel.id)
    ):
        seen = outcome_for(duel, user.id, now)
        mine = duel.challenger_shares if seen["role"] == "challenger" else duel.opponent_shares
        rows.append(
            {
                "id": duel.id,
                "role": seen["role"],
                "opponent": seen["other"],
                "starts_on": duel.starts_on,
                "ends_on": duel.ends_on,
                "behaviours": "all",  # each measured on all of their own behaviours, against their own cadence
                "status": seen["status"],
                "my_consistency": seen["own_consistency"],
                "my_check_ins": seen["own_done"],
                "opponent_consistency": seen["other_consistency"],
                "opponent_check_ins": seen["other_done"],
                "outcome": seen["outcome"],
                "i_agreed_to_show": mine,
                "shown_to_colleagues": bool(
                    duel.challenger_shares and duel.opponent_shares and duel.status == ACCEPTED
                ),
                "invited_at": duel.created_at,
                "answered_at": duel.answered_at,
            }
        )
    return rows


def export_organisation(organisation_id: int, visibility: str) -> list[dict]:
    """The organisation export holds what colleagues may see of duels: those both agreed to show, once started;
    none at all in a `private` organisation (there a duel is never shown to anyone but its two)."""
    if visibility == Visibility.PRIVATE:
        return []
    now = utcnow()
    rows = []
    for duel in db.session.scalars(
        select(Duel)
        .where(
            Duel.organisation_id == organisation_id,
            Duel.status == ACCEPTED,
            Duel.challenger_shares.is_(True),
            Duel.opponent_shares.is_(True),
            Duel.starts_at <= now,
        )
        .order_by(Duel.starts_on, Duel.id)
    ):
        seen = outcome_for(duel, duel.challenger_id, now)
        winner = {"won": duel.challenger_id, "other_won": duel.opponent_id}.get(seen["outcome"] or "")
        rows.append(
            {
                "id": duel.id,
                "challenger_id": duel.challenger_id,
                "opponent_id": duel.opponent_id,
                "starts_on": duel.starts_on,
                "ends_on": duel.ends_on,
                "behaviours": "all",
                "status": seen["status"],
                "challenger_consistency": seen["own_consistency"],
                "opponent_consistency": seen["other_consistency"],
                "winner_id": winner,
                "tie": seen["outcome"] == "tie",
            }
        )
    return rows


def erase(user_id: int) -> None:
    """A person's erasure: their duels go (the other one's half means nothing alone)."""
    for duel in db.session.scalars(select(Duel).where(or_(Duel.challenger_id == user_id, Duel.opponent_id == user_id))):
        db.session.delete(duel)
    db.session.flush()


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)

"""The rules of the behaviour rhythm: catalogue, check-ins, away days, streaks for Today.

Functions flush rather than commit; the request commits once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, case, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from backend import signals
from backend.accounts.models import Membership, Role, Team, User
from backend.accounts.queries import SignedInUser
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.locks import hold_aggregates
from backend.rhythm import queries, streaks
from backend.rhythm.models import (
    AwayDay,
    Behaviour,
    BehaviourTeam,
    CheckIn,
    OrganisationHoliday,
    RhythmState,
)
from backend.rhythm.queries import BehaviourView, CheckInView, SettledState
from backend.timeutil import local_today, utcnow
from backend.upsert import insert_for

LATE_LIMIT = timedelta(days=7)  # how late an offline check-in may arrive
CLOCK_SKEW = timedelta(minutes=5)  # a phone's clock may run a little ahead

# The rules read a behaviour's rhythm fields, the same on the model (the catalogue, other domains)
# and on the view Today and a tap read (rhythm/queries.py).
AnyBehaviour = Behaviour | BehaviourView
# Likewise of a person: the model, or the signed-in person's plain values (Today, a tap).
Person = User | SignedInUser


def _invalid(field: str, key: str, **params) -> DomainError:
    return DomainError("validation_failed", 422, fields={field: [translate(key, **params)]})


# --- catalogue --------------------------------------------------------------------------------


def cadence_of(behaviour: AnyBehaviour) -> streaks.Cadence:
    return streaks.Cadence(
        kind=behaviour.cadence,
        times_per_week=behaviour.times_per_week,
        days=frozenset(behaviour.days_of_week or ()),
    )


# Statements built once with bind parameters: building SQLAlchemy expressions anew cost more per
# request than running them. Today's and the tap's own statements are in queries.py.
APPLICABLE_BEHAVIOURS = select(Behaviour).where(*queries.APPLICABLE).order_by(Behaviour.id)
STATES = select(RhythmState).where(
    RhythmState.user_id == bindparam("user_id"), RhythmState.behaviour_id.in_(bindparam("ids", expanding=True))
)
SETTLED_SCORES_OF_MANY = (
    select(Membership.user_id, Behaviour.id, RhythmState.score)
    .join(BehaviourTeam, BehaviourTeam.team_id == Membership.team_id)
    .join(Behaviour, Behaviour.id == BehaviourTeam.behaviour_id)
    .outerjoin(RhythmState, and_(RhythmState.behaviour_id == Behaviour.id, RhythmState.user_id == Membership.user_id))
    .where(
        Membership.user_id.in_(bindparam("user_ids", expanding=True)),
        Membership.manages.is_(False),
        Behaviour.for_managers.is_(False),
        Behaviour.organisation_id == bindparam("organisation_id"),
        Behaviour.archived_at.is_(None),
    )
)


def _who(user: Person) -> dict:
    return {"user_id": user.id, "organisation_id": user.organisation_id}


def applicable_behaviours(user: Person) -> list[Behaviour]:
    """Active behaviours of the teams this person is in, in a stable order."""
    return list(db.session.scalars(APPLICABLE_BEHAVIOURS, _who(user)))


def list_behaviours(actor: User, include_archived: bool = False) -> list[Behaviour]:
    """Managers and admins see the whole catalogue; others what applies to them."""
    if actor.role not in (Role.MANAGER, Role.ADMIN):
        return applicable_behaviours(actor)
    query = select(Behaviour).where(Behaviour.organisation_id == actor.organisation_id).order_by(Behaviour.id)
    if not include_archived:
        query = query.where(Behaviour.archived_at.is_(None))
    return list(db.session.scalars(query))


def get_behaviour(actor: User, behaviour_id: int) -> Behaviour:
    behaviour = db.session.get(Behaviour, behaviour_id)
    if behaviour is None or behaviour.organisation_id != actor.organisation_id:
        raise NotFound()
    return behaviour


def _teams_for_catalogue(actor: User, team_ids: list[int]) -> list[Team]:
    teams = list(
        db.session.scalars(select(Team).where(Team.organisation_id == actor.organisation_id, Team.id.in_(team_ids)))
    )
    if len(teams) != len(set(team_ids)):
        raise _invalid("team_ids", "unknown_team")
    if not actor.is_admin:
        if actor.role != Role.MANAGER or not {t.id for t in teams} <= actor.managed_team_ids():
            raise Forbidden()
    return teams


def _ensure_can_edit(actor: User, behaviour: Behaviour) -> None:
    if actor.is_admin:
        return
    if actor.role == Role.MANAGER and {t.id for t in behaviour.teams} <= actor.managed_team_ids():
        return
    raise Forbidden()


def _validate_cadence(fields: dict) -> None:
    cadence = fields.get("cadence")
    if cadence == streaks.TIMES_PER_WEEK and not fields.get("times_per_week"):
        raise _invalid("times_per_week", "times_per_week_required")
    if cadence == streaks.DAYS_OF_WEEK and not fields.get("days_of_week"):
        raise _invalid("days_of_week", "days_required")
    if cadence != streaks.TIMES_PER_WEEK:
        fields["times_per_week"] = None
    if cadence != streaks.DAYS_OF_WEEK:
        fields["days_of_week"] = []


def create_behaviour(actor: User, fields: dict) -> Behaviour:
    teams = _teams_for_catalogue(actor, fields.pop("team_ids"))
    _validate_cadence(fields)
    organisation_zone = actor.organisation.time_zone
    behaviour = Behaviour(
        organisation_id=actor.organisation_id,
        created_by_id=actor.id,
        starts_on=local_today(organisation_zone),
        **fields,
    )
    behaviour.name_en = behaviour.name_en or behaviour.name_nl
    behaviour.teams = teams
    db.session.add(behaviour)
    db.session.flush()
    return behaviour


RHYTHM_FIELDS = {"cadence", "times_per_week", "days_of_week"}


def update_behaviour(actor: User, behaviour_id: int, changes: dict) -> Behaviour:
    behaviour = get_behaviour(actor, behaviour_id)
    _ensure_can_edit(actor, behaviour)
    if "team_ids" in changes:
        behaviour.teams = _teams_for_catalogue(actor, changes.pop("team_ids"))
    if RHYTHM_FIELDS & changes.keys():
        merged = {
            "cadence": behaviour.cadence,
            "times_per_week": behaviour.times_per_week,
            "days_of_week": behaviour.days_of_week,
        }
        merged.update({k: v for k, v in changes.items() if k in RHYTHM_FIELDS})
        _validate_cadence(merged)
        changes.update(merged)
        # Streaks follow the new cadence over the whole history: recompute them lazily.
        db.session.execute(delete(RhythmState).where(RhythmState.behaviour_id == behaviour.id))
    if "archived" in changes:
        behaviour.archived_at = (behaviour.archived_at or utcnow()) if changes.pop("archived") else None
    for field, value in changes.items():
        setattr(behaviour, field, value)
    db.session.flush()
    return behaviour


# --- check-ins --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInResult:
    checkin: CheckInView
    created: bool
    rhythm: streaks.Rhythm
    cadence: str  # of the behaviour: the streak's unit


def quality_score(behaviour: AnyBehaviour, quality: dict | None) -> float | None:
    if not behaviour.checklist:
        if quality:
            raise _invalid("quality", "no_checklist")
        return None
    keys = [item["key"] for item in behaviour.checklist]
    unknown = set(quality or {}) - set(keys)
    if unknown:
        raise _invalid("quality", "unknown_criteria", criteria=", ".join(sorted(unknown)))
    met = sum(1 for key in keys if (quality or {}).get(key) is True)
    return met / len(keys)


def points_for(behaviour: AnyBehaviour, score: float | None) -> float:
    """Quality-weighted points: a check-in meeting no criterion still earns half."""
    if score is None:
        return float(behaviour.points)
    return round(behaviour.points * (0.5 + 0.5 * score), 2)


def _same_payload(checkin: CheckIn, args: dict, occurred_on: date | None) -> bool:
    return (
        checkin.behaviour_id == args["behaviour_id"]
        and (occurred_on is None or checkin.occurred_on == occurred_on)
        and (checkin.note or None) == (args.get("note") or None)
        and (checkin.quality or None) == (args.get("quality") or None)
    )


def _occurred_on(user: Person, args: dict, now: datetime) -> tuple[date, bool]:
    """The local day a check-in belongs to, and whether it arrives late; refuses what cannot be."""
    zone = ZoneInfo(user.time_zone)
    today = now.astimezone(zone).date()
    recorded_at: datetime | None = args.get("recorded_at")
    if recorded_at is None:
        occurred_on = args.get("occurred_on") or today
        if occurred_on > today:
            raise _invalid("occurred_on", "date_in_future")
        if occurred_on < today - timedelta(days=1):
            raise _invalid("occurred_on", "date_too_old")
        return occurred_on, occurred_on < today
    if recorded_at > now + CLOCK_SKEW:
        raise _invalid("recorded_at", "date_in_future")
    tapped_on = recorded_at.astimezone(zone).date()
    occurred_on = args.get("occurred_on") or tapped_on
    # Offline, the phone may still back-fill the day before the tap: both agree then too.
    if occurred_on not in (tapped_on, tapped_on - timedelta(days=1)):
        raise _invalid("occurred_on", "dates_disagree")
    if occurred_on > today:
        raise _invalid("occurred_on", "date_in_future")
    if today - occurred_on > LATE_LIMIT:
        raise _invalid("occurred_on", "date_too_old_offline")
    return occurred_on, occurred_on < today


def _by_client_id(user: Person, client_id: str) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).where(CheckIn.user_id == user.id, CheckIn.client_id == client_id))


def record_checkin(user: Person, args: dict, now: datetime | None = None, source: str = "app") -> CheckInResult:
    """Check in a behaviour; a replay of the same client_id answers what was stored. `source` marks where it
    came from: the app, or a connected system ("crm", integrations' inbound sources).

    The tap's path stays lean: one read, the insert and the rhythm's checkpoint. The boards and
    badges hear of it from the fold (rhythm/fold.py), not here.
    """
    now = now or utcnow()
    client_id = str(args["client_id"])
    try:
        occurred_on, late = _occurred_on(user, args, now)
    except DomainError:
        # A replay of what was accepted earlier stays a replay, even when it is now too late.
        stored = _by_client_id(user, client_id)
        if stored is not None:
            return _replayed(user, stored, args, now)
        raise
    found = queries.tap_context(user.id, user.organisation_id, args["behaviour_id"], client_id, occurred_on)
    if found is None:
        stored = _by_client_id(user, client_id)  # a used client_id with another, unknown behaviour
        if stored is not None:
            return _replayed(user, stored, args, now)
        raise _invalid("behaviour_id", "unknown_behaviour")
    if found.replay_of is not None:
        return _replayed(user, db.session.get(CheckIn, found.replay_of), args, now)
    if found.done_that_day is not None:
        raise Conflict("already_checked_in")
    if found.archived:
        raise _invalid("behaviour_id", "behaviour_archived")
    if not found.for_me:
        raise _invalid("behaviour_id", "behaviour_not_for_you")
    behaviour, state = found.behaviour, found.state
    score = quality_score(behaviour, args.get("quality"))
    today = now.astimezone(ZoneInfo(user.time_zone)).date()
    # The rhythm after this tap is known before it is written, unless the settled past changes.
    known = None
    if state is not None and state.through < occurred_on and state.starts_on <= occurred_on:
        known = _tap_rhythm(behaviour, state, occurred_on, today, done_on_day=True)
        known = known or _rhythm_with_tap(user, behaviour, state, today, occurred_on)
    row = {
        "organisation_id": user.organisation_id,
        "user_id": user.id,
        "behaviour_id": behaviour.id,
        "client_id": client_id,
        "occurred_on": occurred_on,
        "time_zone": user.time_zone,
        "received_at": now,
        "recorded_at": args.get("recorded_at"),
        "late": late,
        "source": source,
        "note": args.get("note") or None,
        "quality": args.get("quality") or None,
        "quality_score": score,
        "points": points_for(behaviour, score),
        "pending_fold": True,
        "streak_after": known.current if known else None,
        "score_after": known.score if known else None,
        # The checkpoint this tap moves to: the fold stores it, so the tap writes one row, not two.
        # Until then Today reads the day from the check-ins after the old checkpoint, as it always does.
        **(_settled_columns(known.checkpoint, state) if known else queries.NOTHING_SETTLED),
    }
    try:
        # A plain insert, not the session's unit of work (nor an ORM object: a tap answers with the row).
        checkin = queries.insert_checkin(row)
    except IntegrityError:
        # Two taps raced past the read above; the database kept exactly one.
        db.session.rollback()
        stored = _by_client_id(user, client_id)
        if stored is not None:
            return _replayed(user, stored, args, now)
        raise Conflict("already_checked_in") from None
    if known is not None:
        return CheckInResult(checkin, True, known, behaviour.cadence)
    # A first check-in or one in the settled past: the rhythm is recomputed from the history.
    rhythm = _recompute(user, behaviour, today)
    db.session.execute(
        update(CheckIn.__table__)
        .where(CheckIn.__table__.c.id == checkin.id)
        .values(streak_after=rhythm.current, score_after=rhythm.score)
    )
    return CheckInResult(checkin, True, rhythm, behaviour.cadence)


def _settled_columns(checkpoint: streaks.Checkpoint, state: SettledState) -> dict:
    if checkpoint.through <= state.through:
        return queries.NOTHING_SETTLED  # nothing newly settled (a weekly cadence mid-week)
    return {
        "settled_through": checkpoint.through,
        "settled_current": checkpoint.current,
        "settled_longest": checkpoint.longest,
        "settled_score": checkpoint.score,
    }


def _replayed(user: Person, stored: CheckIn, args: dict, now: datetime) -> CheckInResult:
    if not _same_payload(stored, args, args.get("occurred_on")):
        raise Conflict("client_id_reused")
    today = now.astimezone(ZoneInfo(user.time_zone)).date()
    behaviour = stored.behaviour
    rhythm = rhythms_for(user, [behaviour], today)[behaviour.id]
    return CheckInResult(CheckInView.of(stored), False, rhythm, behaviour.cadence)


def undo_checkin(user: User, checkin_id: int, now: datetime | None = None) -> None:
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.user_id != user.id:
        raise NotFound()
    today = local_today(user.time_zone, now)
    if checkin.occurred_on < today - timedelta(days=1):
        raise DomainError("too_old_to_undo", 422)
    # A folded check-in's points go back from the boards: the aggregate lock first (backend/locks.py),
    # before this transaction locks anything else (the check-in, the rhythm checkpoint the fold also writes).
    hold_aggregates(user.organisation_id)
    behaviour = checkin.behaviour
    # Deleting and learning whether the fold had it is one statement, so a fold running right now
    # cannot slip in between: folded, the boards and badges take it back; pending, nobody saw it.
    folded = db.session.execute(
        delete(CheckIn)
        .where(CheckIn.id == checkin.id)
        .returning(CheckIn.pending_fold)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.expunge(checkin)
    if folded is None:
        raise NotFound()  # another request undid it a moment ago
    refresh_rhythm(user, behaviour, changed_day=checkin.occurred_on, today=today)
    if folded is False:
        signals.checkin_undone.send(checkin, user=user)


# --- away days --------------------------------------------------------------------------------


def away_days(user: Person, since: date, until: date) -> set[date]:
    """The person's own away days and the organisation's holidays in [since, until]."""
    return queries.away_days(user.id, user.organisation_id, since, until)


def _can_manage_person(actor: User, person: User) -> bool:
    if actor.id == person.id or actor.is_admin:
        return True
    return actor.role == Role.MANAGER and bool(actor.managed_team_ids() & person.team_ids())


def _person(actor: User, user_id: int | None) -> User:
    if user_id is None or user_id == actor.id:
        return actor
    person = db.session.get(User, user_id)
    if person is None or person.organisation_id != actor.organisation_id:
        raise NotFound()
    if not _can_manage_person(actor, person):
        raise Forbidden()
    return person


MAX_AWAY_SPAN = 366


def mark_away(actor: User, start: date, end: date, kind: str | None, user_id: int | None = None) -> list[AwayDay]:
    person = _person(actor, user_id)
    if end < start:
        raise _invalid("end", "end_before_start")
    if (end - start).days >= MAX_AWAY_SPAN:
        raise _invalid("end", "span_too_long")
    if person.id != actor.id:
        kind = None  # the reason is the person's own to give
    existing = {
        a.day: a
        for a in db.session.scalars(
            select(AwayDay).where(AwayDay.user_id == person.id, AwayDay.day >= start, AwayDay.day <= end)
        )
    }
    days = []
    day = start
    while day <= end:
        record = existing.get(day)
        if record is None:
            record = AwayDay(organisation_id=person.organisation_id, user_id=person.id, day=day, created_by_id=actor.id)
            db.session.add(record)
        if person.id == actor.id:
            record.kind = kind
        days.append(record)
        day += timedelta(days=1)
    _forget_rhythm_since(person.id, start)
    db.session.flush()
    return days


def list_away(actor: User, since: date, until: date, user_id: int | None = None) -> list[AwayDay]:
    person = _person(actor, user_id)
    return list(
        db.session.scalars(
            select(AwayDay)
            .where(AwayDay.user_id == person.id, AwayDay.day >= since, AwayDay.day <= until)
            .order_by(AwayDay.day)
        )
    )


def remove_away(actor: User, away_id: int) -> None:
    record = db.session.get(AwayDay, away_id)
    if record is None or record.organisation_id != actor.organisation_id:
        raise NotFound()
    _person(actor, record.user_id)
    db.session.delete(record)
    _forget_rhythm_since(record.user_id, record.day)
    db.session.flush()


def add_holiday(actor: User, day: date, name: str) -> OrganisationHoliday:
    if not actor.is_admin:
        raise Forbidden()
    holiday = db.session.scalar(
        select(OrganisationHoliday).where(
            OrganisationHoliday.organisation_id == actor.organisation_id, OrganisationHoliday.day == day
        )
    )
    if holiday is None:
        holiday = OrganisationHoliday(organisation_id=actor.organisation_id, day=day, name=name)
        db.session.add(holiday)
    holiday.name = name
    people = select(User.id).where(User.organisation_id == actor.organisation_id)
    db.session.execute(delete(RhythmState).where(RhythmState.user_id.in_(people), RhythmState.through >= day))
    db.session.flush()
    return holiday


def list_holidays(actor: User) -> list[OrganisationHoliday]:
    return list(
        db.session.scalars(
            select(OrganisationHoliday)
            .where(OrganisationHoliday.organisation_id == actor.organisation_id)
            .order_by(OrganisationHoliday.day)
        )
    )


def remove_holiday(actor: User, holiday_id: int) -> None:
    holiday = db.session.get(OrganisationHoliday, holiday_id)
    if holiday is None or holiday.organisation_id != actor.organisation_id:
        raise NotFound()
    if not actor.is_admin:
        raise Forbidden()
    people = select(User.id).where(User.organisation_id == actor.organisation_id)
    db.session.execute(delete(RhythmState).where(RhythmState.user_id.in_(people), RhythmState.through >= holiday.day))
    db.session.delete(holiday)
    db.session.flush()


def _forget_rhythm_since(user_id: int, day: date) -> None:
    """A change in the settled past: drop the checkpoints it touches; they are recomputed."""
    db.session.execute(delete(RhythmState).where(RhythmState.user_id == user_id, RhythmState.through >= day))


# --- streaks and consistency ------------------------------------------------------------------


def _person_start(user: Person, behaviour: AnyBehaviour) -> date:
    joined = user.created_at.astimezone(ZoneInfo(user.time_zone)).date()
    return max(behaviour.starts_on, joined)


def _recompute(user: Person, behaviour: AnyBehaviour, today: date, persist: bool = True) -> streaks.Rhythm:
    """The rhythm from the whole history of one behaviour: the slow, exact path.

    With `persist`, the settled checkpoint is written with an upsert, so two requests filling the
    same missing checkpoint at once both succeed (the second simply writes the same numbers).
    """
    days = dict(
        db.session.execute(
            select(CheckIn.occurred_on, func.count())
            .where(CheckIn.user_id == user.id, CheckIn.behaviour_id == behaviour.id)
            .group_by(CheckIn.occurred_on)
        ).all()
    )
    start = min([_person_start(user, behaviour), *days])
    rhythm = streaks.from_history(cadence_of(behaviour), days, away_days(user, start, today), today, start)
    if persist:
        settled = rhythm.checkpoint
        values = {
            "starts_on": start,
            "through": settled.through,
            "current": settled.current,
            "longest": settled.longest,
            "score": settled.score,
        }
        upsert = insert_for(RhythmState).values(user_id=user.id, behaviour_id=behaviour.id, **values)
        db.session.execute(upsert.on_conflict_do_update(index_elements=["user_id", "behaviour_id"], set_=values))
    return rhythm


_STORE_STATE = (
    update(RhythmState.__table__)
    .where(RhythmState.__table__.c.id == bindparam("state_id"))
    .values(
        through=bindparam("new_through"),
        current=bindparam("new_current"),
        longest=bindparam("new_longest"),
        score=bindparam("new_score"),
    )
)


def _store(state: RhythmState, checkpoint: streaks.Checkpoint) -> None:
    """One UPDATE, not the unit of work; the loaded object is kept in step for later reads in the request."""
    db.session.execute(
        _STORE_STATE,
        {
            "state_id": state.id,
            "new_through": checkpoint.through,
            "new_current": checkpoint.current,
            "new_longest": checkpoint.longest,
            "new_score": checkpoint.score,
        },
    )
    for name in ("through", "current", "longest", "score"):
        set_committed_value(state, name, getattr(checkpoint, name))


def _checkpoint(state: RhythmState | SettledState) -> streaks.Checkpoint:
    return streaks.Checkpoint(through=state.through, current=state.current, longest=state.longest, score=state.score)


@dataclass(frozen=True)
class RhythmWindow:
    """What the few days since the checkpoints say: rhythms, today's check-ins, away today."""

    rhythms: dict[int, streaks.Rhythm]
    todays_checkins: dict[int, CheckInView]
    away_today: bool


def _states_of(user: Person, behaviour_ids: list[int]) -> dict[int, RhythmState]:
    return {s.behaviour_id: s for s in db.session.scalars(STATES, {"user_id": user.id, "ids": behaviour_ids})}


def rhythm_window(
    user: Person,
    behaviours: list[AnyBehaviour],
    today: date,
    states: dict[int, RhythmState] | None = None,
    persist: bool = True,
) -> RhythmWindow:
    """Streak and consistency per behaviour, from the settled checkpoints plus the few days since.

    Reads only the check-ins and away days after the oldest checkpoint (usually today or
    yesterday; Monday for weekly cadences), so Today costs the same after three years as after
    three days: one query of plain rows (two when something is done today), whatever the history.
    """
    if not behaviours:
        return RhythmWindow({}, {}, bool(away_days(user, today, today)))
    if states is None:
        states = _states_of(user, [b.id for b in behaviours])
    rhythms: dict[int, streaks.Rhythm] = {}
    for behaviour in behaviours:
        if behaviour.id not in states:
            rhythms[behaviour.id] = _recompute(user, behaviour, today, persist)
    # A weekly cadence needs the whole running week, even when its Monday is settled already;
    # the others need only the days after their checkpoint, and today.
    open_from = {b.id: states[b.id].through + timedelta(days=1) for b in behaviours if b.id in states}
    weekly_ids = [b.id for b in behaviours if b.cadence == streaks.TIMES_PER_WEEK]
    daily_since = min([today, *(day for b, day in open_from.items() if b not in weekly_ids)])
    since = min([daily_since, *([streaks.week_start(today)] if weekly_ids else [])])
    since = min([since, *(open_from[b] for b in weekly_ids if b in open_from)])
    behaviour_ids = [b.id for b in behaviours]
    done, away = queries.done_and_away(
        user.id, user.organisation_id, behaviour_ids, since, today, daily_since, weekly_ids
    )
    todays: dict[int, CheckInView] = {}
    if any(today in per_day for per_day in done.values()):
        todays = queries.checkins_on(user.id, behaviour_ids, today)
    for behaviour in behaviours:
        if behaviour.id not in rhythms:
            state = states[behaviour.id]
            rhythms[behaviour.id] = streaks.advance(
                cadence_of(behaviour), _checkpoint(state), done[behaviour.id], away, today, state.starts_on
            )
    return RhythmWindow(rhythms, todays, today in away)


def _rhythm_with_tap(
    user: Person, behaviour: BehaviourView, state: SettledState, today: date, day: date
) -> streaks.Rhythm:
    """The rhythm as it will be with one more check-in on `day` after the checkpoint, read before it is written."""
    since = min(streaks.week_start(today), state.through + timedelta(days=1))
    done_by_behaviour, away = queries.done_and_away(
        user.id, user.organisation_id, [behaviour.id], since, today, since, []
    )
    done = done_by_behaviour[behaviour.id]
    done[day] = done.get(day, 0) + 1
    return streaks.advance(cadence_of(behaviour), _checkpoint(state), done, away, today, state.starts_on)


def settled_consistencies(
    organisation_id: int, user_ids: list[int], fresh: dict[tuple[int, int], float] | None = None
) -> dict[int, int]:
    """Per person, the average consistency (0–100) over the behaviours that apply, from the settled checkpoints.

    One query for a whole batch of people (the fold moving the boards): `fresh` holds scores newer
    than the checkpoints, by (user, behaviour). A checkpoint settled yesterday has not yet decayed
    for today; the boards' nightly settling brings everyone up to date. Nobody to whom nothing
    applies is in the answer.
    """
    if not user_ids:
        return {}
    fresh = fresh or {}
    scores: dict[int, dict[int, float]] = defaultdict(dict)
    for user_id, behaviour_id, score in db.session.execute(
        SETTLED_SCORES_OF_MANY, {"organisation_id": organisation_id, "user_ids": list(user_ids)}
    ):
        scores[user_id][behaviour_id] = fresh.get((user_id, behaviour_id), score or 0.0)
    return {user_id: round(100 * sum(per.values()) / len(per)) for user_id, per in scores.items()}


def rhythms_for(user: Person, behaviours: list[AnyBehaviour], today: date) -> dict[int, streaks.Rhythm]:
    """For other domains: reads only, so it never takes a lock a concurrent check-in holds."""
    return rhythm_window(user, behaviours, today, persist=False).rhythms


def _tap_rhythm(
    behaviour: AnyBehaviour,
    state: RhythmState | SettledState | None,
    changed_day: date,
    today: date,
    done_on_day: bool,
) -> streaks.Rhythm | None:
    """The common tap, settled through yesterday with only today open: known without a read. Else None."""
    if state is None or changed_day != today or state.through != today - timedelta(days=1):
        return None
    if changed_day < state.starts_on:
        return None
    cadence = cadence_of(behaviour)
    if cadence.weekly:
        return None
    return streaks.advance(cadence, _checkpoint(state), {today: 1} if done_on_day else {}, (), today)


def refresh_rhythm(user: Person, behaviour: Behaviour, changed_day: date, today: date) -> streaks.Rhythm:
    """After an undo: move the checkpoint on without that day, or recompute if the settled past changed."""
    state = _states_of(user, [behaviour.id]).get(behaviour.id)
    if state is None or changed_day <= state.through or changed_day < state.starts_on:
        return _recompute(user, behaviour, today)
    rhythm = _tap_rhythm(behaviour, state, changed_day, today, done_on_day=False)
    if rhythm is None:
        rhythm = rhythm_window(user, [behaviour], today).rhythms[behaviour.id]
    _store(state, rhythm.checkpoint)
    return rhythm


# --- Today ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TodayItem:
    behaviour: BehaviourView
    rhythm: streaks.Rhythm
    checkin: CheckInView | None


@dataclass(frozen=True)
class Today:
    day: date
    time_zone: str
    away: bool
    items: list[TodayItem]


def today_for(user: Person, now: datetime | None = None) -> Today:
    today = local_today(user.time_zone, now)
    behaviours, states = queries.applicable_with_states(user.id, user.organisation_id)
    window = rhythm_window(user, behaviours, today, states)
    items = [TodayItem(b, window.rhythms[b.id], window.todays_checkins.get(b.id)) for b in behaviours]
    return Today(today, user.time_zone, window.away_today, items)


# --- My rhythm --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BehaviourHistory:
    behaviour: Behaviour
    rhythm: streaks.Rhythm
    days: list[dict]
    trend: list[dict]


def day_state(cadence: streaks.Cadence, day: date, today: date, start: date, done: dict, away: set) -> str:
    """What the heat map shows for one day: done, away, missed, open, rest, today or future."""
    if done.get(day):
        return "done"
    if day > today:
        return "future"
    if day in away:
        return "away"
    if day < start:
        return "rest"
    if cadence.weekly:
        return "today" if day == today else "open"
    if not cadence.requires(day):
        return "rest"
    return "today" if day == today else "missed"


def history_for(user: User, weeks: int, now: datetime | None = None) -> tuple[date, date, list[BehaviourHistory]]:
    """The last `weeks` ISO weeks per behaviour: day states, streaks and the weekly consistency trend.

    This screen opens far less often than Today, so it reads the whole history of each behaviour.
    """
    today = local_today(user.time_zone, now)
    since = streaks.week_start(today) - timedelta(weeks=weeks - 1)
    until = since + timedelta(weeks=weeks) - timedelta(days=1)
    behaviours = applicable_behaviours(user)
    all_done: dict[int, dict[date, int]] = defaultdict(dict)
    from_crm: set[tuple[int, date]] = set()  # days a connected system checked in: marked on the heat map
    for behaviour_id, day, count, crm in db.session.execute(
        select(
            CheckIn.behaviour_id,
            CheckIn.occurred_on,
            func.count(),
            func.sum(case((CheckIn.source == "crm", 1), else_=0)),
        )
        .where(CheckIn.user_id == user.id, CheckIn.behaviour_id.in_([b.id for b in behaviours]))
        .group_by(CheckIn.behaviour_id, CheckIn.occurred_on)
    ):
        all_done[behaviour_id][day] = count
        if crm:
            from_crm.add((behaviour_id, day))
    starts = {b.id: min([_person_start(user, b), *all_done[b.id]]) for b in behaviours}
    away = away_days(user, min([since, *starts.values()]), today)
    result = []
    for behaviour in behaviours:
        cadence, done, start = cadence_of(behaviour), all_done[behaviour.id], starts[behaviour.id]
        checkpoint = streaks.Checkpoint.empty(start)
        trend = []
        for week in range(weeks):
            monday = since + timedelta(weeks=week)
            next_monday = monday + timedelta(days=7)
            horizon = min(next_monday, today)
            rhythm = streaks.advance(cadence, checkpoint, done, away, horizon, start)
            checkpoint = rhythm.checkpoint
            # A finished week shows its settled score; the running one includes today.
            value = round(checkpoint.score * 100) if next_monday <= today else rhythm.consistency
            trend.append({"week_start": monday, "consistency": value})
        rhythm = streaks.advance(cadence, checkpoint, done, away, today, start)
        days = [
            {"date": day, "state": day_state(cadence, day, today, start, done, away)}
            | ({"crm": True} if (behaviour.id, day) in from_crm else {})
            for day in (since + timedelta(days=n) for n in range((until - since).days + 1))
        ]
        result.append(BehaviourHistory(behaviour, rhythm, days, trend))
    return since, until, result

"""The energy pulse's rules: the organisation's switch, the weekly answer, one's own trend, and the team view.

Nobody but the person ever gets an answer back: every function here that returns answers reads only the
asking person's own rows. Everyone else gets frozen aggregates of closed weeks that anonymity.publishable
chose (see that module for the threshold and the differencing guard).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import Membership, Role, Team, User
from backend.audit import record_audit
from backend.energy.anonymity import MINIMUM_THRESHOLD, publishable
from backend.energy.models import EnergyAggregate, EnergyAnswer, EnergySettings, EnergyWeek
from backend.errors import DomainError, Forbidden
from backend.extensions import db
from backend.timeutil import local_today, utcnow

# What gave or cost energy: a fixed list, never free text (nothing a person writes can reach anyone).
FACTORS = ("workload", "customer_contact", "team", "meetings", "outside_work")
LEVELS = (1, 2, 3, 4, 5)
TREND_WEEKS = 12
TEAM_WEEKS = 8
# Answers, and the frozen aggregates, are kept at most this long (the organisation's retention may be shorter).
KEEP_AT_MOST = timedelta(days=365)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_of(user: User, now: datetime | None = None) -> date:
    """Monday of the person's current ISO week, in their own time zone."""
    return monday(local_today(user.time_zone, now or utcnow()))


def last_closed_week(now: datetime) -> date:
    """Monday of the newest week that has ended everywhere: its Sunday is over in every time zone (UTC−12 the
    last) by Tuesday 00:00 UTC, so from then on no one can still answer for it."""
    return monday(now.date() - timedelta(days=8))


# --- the organisation's switch ------------------------------------------------------------------


def settings_of(organisation_id: int) -> EnergySettings:
    found = db.session.get(EnergySettings, organisation_id)
    return found or EnergySettings(organisation_id=organisation_id, enabled=False, threshold=MINIMUM_THRESHOLD)


def is_enabled(organisation_id: int) -> bool:
    return settings_of(organisation_id).enabled


def read_settings(actor: User) -> EnergySettings:
    if not actor.is_admin:
        raise Forbidden()
    return settings_of(actor.organisation_id)


def update_settings(actor: User, enabled: bool | None = None, threshold: int | None = None) -> EnergySettings:
    """Turn the pulse on or off, or raise the threshold; it never goes below 5."""
    if not actor.is_admin:
        raise Forbidden()
    if threshold is not None and threshold < MINIMUM_THRESHOLD:
        raise DomainError("energy_threshold_too_low", 422)
    settings = db.session.get(EnergySettings, actor.organisation_id)
    if settings is None:
        settings = EnergySettings(organisation_id=actor.organisation_id, enabled=False, threshold=MINIMUM_THRESHOLD)
        db.session.add(settings)
    before = {"enabled": bool(settings.enabled), "threshold": settings.threshold}
    if enabled is not None:
        settings.enabled = enabled
    if threshold is not None:
        settings.threshold = threshold
    settings.updated_at, settings.updated_by_id = utcnow(), actor.id
    db.session.flush()
    after = {"enabled": settings.enabled, "threshold": settings.threshold}
    changed = {key: [before[key], after[key]] for key in after if after[key] != before[key]}
    if changed:
        record_audit(actor, "energy_settings_changed", details=changed)
    return settings


# --- one's own answer -------------------------------------------------------------------------


@dataclass
class Current:
    enabled: bool
    week_start: date
    factors: tuple[str, ...] = FACTORS
    answer: EnergyAnswer | None = None


def _own(actor: User, week_start: date) -> EnergyAnswer | None:
    return db.session.scalar(
        select(EnergyAnswer).where(EnergyAnswer.user_id == actor.id, EnergyAnswer.week_start == week_start)
    )


def current(actor: User, now: datetime | None = None) -> Current:
    week_start = week_of(actor, now)
    enabled = is_enabled(actor.organisation_id)
    return Current(enabled, week_start, answer=_own(actor, week_start) if enabled else None)


def _codes(picked: list[str]) -> str:
    return ",".join(code for code in FACTORS if code in set(picked))


def answer(actor: User, level: int, gave: list[str], cost: list[str], now: datetime | None = None):
    """Answer, or change, this week's energy. Answers (answer, created)."""
    if not is_enabled(actor.organisation_id):
        raise DomainError("energy_off", 403)
    if level not in LEVELS:
        raise DomainError("validation_failed", 422, fields={"level": "Invalid value."})
    unknown = sorted((set(gave) | set(cost)) - set(FACTORS))
    if unknown:
        raise DomainError("validation_failed", 422, fields={"gave": "Invalid value."})
    now = now or utcnow()
    week_start = week_of(actor, now)
    values = {"level": level, "gave": _codes(gave), "cost": _codes(cost)}
    found = _own(actor, week_start)
    if found is not None:
        for key, value in values.items():
            setattr(found, key, value)
        found.updated_at = now
        db.session.flush()
        return found, False
    created = EnergyAnswer(
        organisation_id=actor.organisation_id, user_id=actor.id, week_start=week_start, created_at=now, **values
    )
    try:
        with db.session.begin_nested():
            db.session.add(created)
            db.session.flush()
    except IntegrityError:
        # Two devices answered at once: the second write changes the first.
        found = _own(actor, week_start)
        for key, value in values.items():
            setattr(found, key, value)
        found.updated_at = now
        db.session.flush()
        return found, False
    return created, True


def withdraw(actor: User, now: datetime | None = None) -> None:
    """Take this week's answer back (earlier weeks are closed: they may already count in an aggregate)."""
    db.session.execute(
        delete(EnergyAnswer).where(EnergyAnswer.user_id == actor.id, EnergyAnswer.week_start == week_of(actor, now))
    )


def my_trend(actor: User, now: datetime | None = None) -> list[EnergyAnswer]:
    """My own answers of the last weeks, oldest first. Only ever the asking person's."""
    since = week_of(actor, now) - timedelta(weeks=TREND_WEEKS - 1)
    return list(
        db.session.scalars(
            select(EnergyAnswer)
            .where(EnergyAnswer.user_id == actor.id, EnergyAnswer.week_start >= since)
            .order_by(EnergyAnswer.week_start)
        )
    )


def split(codes: str) -> list[str]:
    return [code for code in codes.split(",") if code]


# --- closing a week: the aggregates, computed once ----------------------------------------------


@dataclass
class Group:
    scope: str
    key: str
    team_ids: set[int] = field(default_factory=set)


def _groups(organisation_id: int) -> tuple[dict[tuple[str, str], Group], dict[int, set[int]]]:
    """The organisation, its departments (the teams of one kind, when there are at least two) and its teams;
    and each team's people (its managers included: they answer like anyone)."""
    teams = db.session.scalars(
        select(Team).where(Team.organisation_id == organisation_id, Team.archived_at.is_(None))
    ).all()
    members: dict[int, set[int]] = {team.id: set() for team in teams}
    for team_id, user_id in db.session.execute(
        select(Membership.team_id, Membership.user_id).where(Membership.team_id.in_(members))
    ):
        members[team_id].add(user_id)
    groups = {("organisation", ""): Group("organisation", "")}
    kinds = Counter(team.kind for team in teams)
    for team in teams:
        groups[("team", str(team.id))] = Group("team", str(team.id), {team.id})
        if kinds[team.kind] > 1:
            groups.setdefault(("department", team.kind), Group("department", team.kind)).team_ids.add(team.id)
    return groups, members


def close_week(organisation_id: int, week_start: date, threshold: int) -> None:
    """Freeze one week: compute every group's population, keep only the publishable groups' numbers."""
    answers = db.session.execute(
        select(EnergyAnswer.user_id, EnergyAnswer.level, EnergyAnswer.gave, EnergyAnswer.cost).where(
            EnergyAnswer.organisation_id == organisation_id, EnergyAnswer.week_start == week_start
        )
    ).all()
    by_person = {row.user_id: row for row in answers}
    groups, members = _groups(organisation_id)
    populations: dict[tuple[str, str], frozenset] = {}
    for key, group in groups.items():
        if group.scope == "organisation":
            populations[key] = frozenset(by_person)
        else:
            people = set().union(*(members[team_id] for team_id in group.team_ids))
            populations[key] = frozenset(people & by_person.keys())
    week = EnergyWeek(organisation_id=organisation_id, week_start=week_start, threshold=threshold)
    try:
        with db.session.begin_nested():
            db.session.add(week)
            db.session.flush()
            for key in publishable(populations, threshold):
                rows = [by_person[person] for person in populations[key]]
                db.session.add(
                    EnergyAggregate(
                        week_id=week.id,
                        scope=key[0],
                        scope_key=key[1],
                        respondents=len(rows),
                        total=sum(row.level for row in rows),
                        gave=_factor_counts(row.gave for row in rows),
                        cost=_factor_counts(row.cost for row in rows),
                    )
                )
            db.session.flush()
    except IntegrityError:
        pass  # another request froze this week at the same moment: theirs stands


def _factor_counts(codes) -> dict[str, int]:
    counted = Counter(code for text in codes for code in split(text))
    return {code: counted.get(code, 0) for code in FACTORS}


def close_weeks(organisation_id: int, now: datetime, weeks: int = TEAM_WEEKS) -> list[date]:
    """Freeze the closed weeks of the window that are not frozen yet; answers the window's Mondays, oldest first."""
    newest = last_closed_week(now)
    mondays = [newest - timedelta(weeks=n) for n in reversed(range(weeks))]
    frozen = set(
        db.session.scalars(
            select(EnergyWeek.week_start).where(
                EnergyWeek.organisation_id == organisation_id, EnergyWeek.week_start.in_(mondays)
            )
        )
    )
    threshold = settings_of(organisation_id).threshold
    for week_start in mondays:
        if week_start not in frozen:
            close_week(organisation_id, week_start, threshold)
    return mondays


# --- the team view ------------------------------------------------------------------------------


@dataclass
class WeekFigure:
    week_start: date
    shown: bool
    respondents: int | None = None
    average: float | None = None
    gave: dict | None = None
    cost: dict | None = None


@dataclass
class GroupView:
    scope: str
    key: str
    name: str
    kind: str | None
    weeks: list[WeekFigure]


@dataclass
class TeamView:
    enabled: bool
    threshold: int
    weeks: list[date]
    groups: list[GroupView]


def visible_groups(actor: User, groups: dict[tuple[str, str], Group]) -> list[tuple[str, str]]:
    """Which groups' aggregates a person may look at: the organisation, their own teams and departments;
    admins every group. (Each is safe on its own and with all others: anonymity.py.)"""
    if actor.role == Role.ADMIN:
        return list(groups)
    own = actor.team_ids()
    visible = []
    for key, group in groups.items():
        if group.scope == "organisation" or group.team_ids & own:
            visible.append(key)
    return visible


def team_view(actor: User, now: datetime | None = None) -> TeamView:
    now = now or utcnow()
    settings = settings_of(actor.organisation_id)
    if not settings.enabled:
        return TeamView(False, settings.threshold, [], [])
    mondays = close_weeks(actor.organisation_id, now)
    groups, _members = _groups(actor.organisation_id)
    shown: dict[tuple[str, str, date], EnergyAggregate] = {}
    for aggregate, week_start in db.session.execute(
        select(EnergyAggregate, EnergyWeek.week_start)
        .join(EnergyWeek, EnergyWeek.id == EnergyAggregate.week_id)
        .where(EnergyWeek.organisation_id == actor.organisation_id, EnergyWeek.week_start.in_(mondays))
    ):
        # A raised threshold hides what the old one showed (hiding more stays safe).
        if aggregate.respondents >= settings.threshold:
            shown[(aggregate.scope, aggregate.scope_key, week_start)] = aggregate
    names = {
        str(team.id): team.name
        for team in db.session.scalars(select(Team).where(Team.organisation_id == actor.organisation_id))
    }
    views = []
    for key in visible_groups(actor, groups):
        scope, scope_key = key
        figures = []
        for week_start in mondays:
            aggregate = shown.get((scope, scope_key, week_start))
            if aggregate is None:
                figures.append(WeekFigure(week_start, False))
            else:
                figures.append(
                    WeekFigure(
                        week_start,
                        True,
                        aggregate.respondents,
                        round(aggregate.total / aggregate.respondents, 1),
                        aggregate.gave,
                        aggregate.cost,
                    )
                )
        name = names.get(scope_key, "") if scope == "team" else ""
        kind = scope_key if scope == "department" else None
        views.append(GroupView(scope, scope_key, name, kind, figures))
    order = {"organisation": 0, "department": 1, "team": 2}
    views.sort(key=lambda view: (order[view.scope], view.kind or "", view.name.lower()))
    return TeamView(True, settings.threshold, mondays, views)

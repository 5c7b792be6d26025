"""The rules of outcomes and 'Wat werkt'.

- Admins name the measures and say how person figures combine into the team's week (sum or average).
- A team's manager (or an admin) enters a figure per team and ISO week, or per person for the team's members;
  a CRM rule adds to a person's figure (receivers.py). A person's figures are read back by that person only:
  everyone else sees the team's week, derived from them (team_weeks). Never a ranking.
- The figures and 'Wat werkt' of a team are for its members, its managers and admins; a person's own
  'Wat werkt' compares their own high- and low-rhythm weeks on their own figures, with the same statistics.
- 'Wat werkt' reads rhythm (check-ins, cadences, away days) and customer voice only through their read.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import Membership, Organisation, Team, User
from backend.errors import DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.outcomes import stats
from backend.outcomes.models import OutcomeMeasure, OutcomePersonValue, OutcomeValue
from backend.rhythm import read as rhythm
from backend.timeutil import local_today, utcnow
from backend.voice import read as voice
from backend.wins import read as wins

MIN_WINDOW, MAX_WINDOW, DEFAULT_WINDOW = 12, 26, 26
VOICE_SCORE = "voice_score"
CONFIRMED_WINS = "confirmed_wins"
COMBINE = ("sum", "average")
SOURCES = ("manual", "import", "crm")


def _invalid(field: str, key: str, **params) -> DomainError:
    return DomainError("validation_failed", 422, fields={field: [translate(key, **params)]})


def _team(actor: User, team_id: int) -> Team:
    team = db.session.get(Team, team_id)
    if team is None or team.organisation_id != actor.organisation_id:
        raise NotFound()
    return team


def may_see_team(actor: User, team: Team) -> bool:
    return actor.is_admin or team.id in actor.team_ids() or team.id in actor.managed_team_ids()


def may_enter(actor: User, team: Team) -> bool:
    return actor.is_admin or team.id in actor.managed_team_ids()


# --- measures and values ----------------------------------------------------------------------------


def list_measures(actor: User) -> list[OutcomeMeasure]:
    return list(
        db.session.scalars(
            select(OutcomeMeasure)
            .where(OutcomeMeasure.organisation_id == actor.organisation_id)
            .order_by(OutcomeMeasure.id)
        )
    )


def create_measure(actor: User, args: dict) -> OutcomeMeasure:
    if not actor.is_admin:
        raise Forbidden()
    name_nl = args["name_nl"].strip()
    measure = OutcomeMeasure(
        organisation_id=actor.organisation_id,
        name_nl=name_nl,
        name_en=(args.get("name_en") or "").strip() or name_nl,
        combine=args.get("combine") or "sum",
    )
    try:
        with db.session.begin_nested():
            db.session.add(measure)
            db.session.flush()
    except IntegrityError:
        raise _invalid("name_nl", "outcome_name_taken") from None
    return measure


def update_measure(actor: User, measure_id: int, args: dict) -> OutcomeMeasure:
    """Rename a measure or change how person figures combine (admins)."""
    if not actor.is_admin:
        raise Forbidden()
    measure = db.session.get(OutcomeMeasure, measure_id)
    if measure is None or measure.organisation_id != actor.organisation_id:
        raise NotFound()
    if "name_nl" in args:
        measure.name_nl = args["name_nl"].strip()
    if "name_en" in args:
        measure.name_en = (args["name_en"] or "").strip() or measure.name_nl
    if "combine" in args:
        measure.combine = args["combine"]
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise _invalid("name_nl", "outcome_name_taken") from None
    return measure


def _measure(actor: User, measure_id: int) -> OutcomeMeasure:
    return measure_in(actor.organisation_id, measure_id)


def measure_in(organisation_id: int, measure_id: int) -> OutcomeMeasure:
    measure = db.session.get(OutcomeMeasure, measure_id)
    if measure is None or measure.organisation_id != organisation_id:
        raise _invalid("measure_id", "outcome_unknown_measure")
    return measure


def _checked_week(actor: User, week: date, now: datetime) -> date:
    if week.isoweekday() != 1:
        raise _invalid("week_start", "outcome_not_monday")
    if week > rhythm.week_start(local_today(actor.time_zone, now)):
        raise _invalid("week_start", "outcome_future_week")
    return week


def record_value(actor: User, args: dict, now: datetime | None = None) -> OutcomeValue:
    """A team's figure for a week (Monday), entered again: replaced."""
    now = now or utcnow()
    team = _team(actor, args["team_id"])
    if not may_enter(actor, team):
        raise Forbidden()
    measure = _measure(actor, args["measure_id"])
    week = _checked_week(actor, args["week_start"], now)
    value = db.session.scalar(
        select(OutcomeValue).where(
            OutcomeValue.measure_id == measure.id, OutcomeValue.team_id == team.id, OutcomeValue.week_start == week
        )
    )
    if value is None:
        value = OutcomeValue(
            organisation_id=actor.organisation_id, measure_id=measure.id, team_id=team.id, week_start=week
        )
        db.session.add(value)
    value.value, value.entered_by_id, value.updated_at = float(args["value"]), actor.id, now
    db.session.flush()
    return value


# --- person figures ---------------------------------------------------------------------------------


def may_enter_for(actor: User, person: User) -> bool:
    """Admins for anyone of the organisation; a manager for the members of the teams they manage."""
    if person.organisation_id != actor.organisation_id:
        return False
    if actor.is_admin:
        return True
    managed = actor.managed_team_ids()
    return any(m.team_id in managed and not m.manages for m in person.memberships)


def _person(actor: User, user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None or person.organisation_id != actor.organisation_id or not person.active:
        raise _invalid("user_id", "outcome_unknown_person")
    return person


def put_person_value(
    organisation_id: int, measure_id: int, user_id: int, week: date, value: float, source: str, by: int | None, now
) -> bool:
    """Set (replace) a person's figure; True when one was there already. Flushes."""
    figure = db.session.scalar(
        select(OutcomePersonValue).where(
            OutcomePersonValue.measure_id == measure_id,
            OutcomePersonValue.user_id == user_id,
            OutcomePersonValue.week_start == week,
        )
    )
    existed = figure is not None
    if figure is None:
        figure = OutcomePersonValue(
            organisation_id=organisation_id, measure_id=measure_id, user_id=user_id, week_start=week
        )
        db.session.add(figure)
    figure.value, figure.source, figure.entered_by_id, figure.updated_at = float(value), source, by, now
    db.session.flush()
    return existed


def record_person_value(actor: User, args: dict, now: datetime | None = None) -> dict:
    """A team member's figure for a week, entered by their manager (or an admin); entering it again replaces it.
    The answer confirms what was saved for whom and when, never a figure: the person's figures are theirs."""
    now = now or utcnow()
    person = _person(actor, args["user_id"])
    if not may_enter_for(actor, person):
        raise Forbidden()
    measure = _measure(actor, args["measure_id"])
    week = _checked_week(actor, args["week_start"], now)
    put_person_value(actor.organisation_id, measure.id, person.id, week, args["value"], "manual", actor.id, now)
    return {"saved": True, "user_id": person.id, "measure_id": measure.id, "week_start": week}


def add_event_figure(organisation_id: int, user_id: int, measure_id: int, amount: float, at: datetime) -> dict:
    """A CRM event: `amount` added to the person's figure for the ISO week of `at` in the organisation's time
    zone. Once per event: integrations logs the event id in the same transaction (a replay sends nothing)."""
    measure = measure_in(organisation_id, measure_id)
    organisation = db.session.get(Organisation, organisation_id)
    week = rhythm.week_start(at.astimezone(ZoneInfo(organisation.time_zone)).date())
    figure = db.session.scalar(
        select(OutcomePersonValue).where(
            OutcomePersonValue.measure_id == measure.id,
            OutcomePersonValue.user_id == user_id,
            OutcomePersonValue.week_start == week,
        )
    )
    if figure is None:
        figure = OutcomePersonValue(
            organisation_id=organisation_id, measure_id=measure.id, user_id=user_id, week_start=week, value=0.0
        )
        db.session.add(figure)
    figure.value = (figure.value or 0.0) + float(amount)
    figure.source, figure.entered_by_id, figure.updated_at = "crm", None, utcnow()
    db.session.flush()
    return {"week_start": week, "value": figure.value}


@dataclass(frozen=True)
class MyFigure:
    measure_id: int
    measure_name: str
    week_start: date
    value: float
    source: str


def my_values(person: User) -> list[MyFigure]:
    """The person's own figures, newest week first: only ever answered to that person."""
    rows = db.session.execute(
        select(OutcomePersonValue, OutcomeMeasure)
        .join(OutcomeMeasure, OutcomeMeasure.id == OutcomePersonValue.measure_id)
        .where(OutcomePersonValue.user_id == person.id)
        .order_by(OutcomePersonValue.week_start.desc(), OutcomePersonValue.measure_id)
    ).all()
    return [MyFigure(m.id, m.name(person.locale), v.week_start, v.value, v.source) for v, m in rows]


# --- a team's weekly figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamFigure:
    measure_id: int
    team_id: int
    week_start: date
    value: float
    derived: bool  # made from the members' person figures (sum or average), not entered for the team
    id: int | None = None


def _combined(values: list[float], how: str) -> float:
    return sum(values) / len(values) if how == "average" else float(sum(values))


def team_weeks(team: Team, since: date, until: date) -> dict[int, dict[date, TeamFigure]]:
    """measure → week → the team's figure. A week in which the team's members have person figures for a
    measure takes its value from them (the measure's sum or average); otherwise the figure entered for the team."""
    result: dict[int, dict[date, TeamFigure]] = defaultdict(dict)
    for v in db.session.scalars(
        select(OutcomeValue).where(OutcomeValue.team_id == team.id, OutcomeValue.week_start.between(since, until))
    ):
        result[v.measure_id][v.week_start] = TeamFigure(v.measure_id, team.id, v.week_start, v.value, False, v.id)
    members = [m.id for m in _members(team.id)]
    if not members:
        return result
    per_week: dict[tuple[int, date], list[float]] = defaultdict(list)
    for v in db.session.scalars(
        select(OutcomePersonValue).where(
            OutcomePersonValue.user_id.in_(members), OutcomePersonValue.week_start.between(since, until)
        )
    ):
        per_week[(v.measure_id, v.week_start)].append(v.value)
    how = dict(
        db.session.execute(
            select(OutcomeMeasure.id, OutcomeMeasure.combine).where(
                OutcomeMeasure.id.in_({k[0] for k in per_week} or {0})
            )
        ).all()
    )
    for (measure_id, week), values in per_week.items():
        result[measure_id][week] = TeamFigure(measure_id, team.id, week, _combined(values, how[measure_id]), True)
    return result


def values_of(actor: User, team_id: int) -> list[TeamFigure]:
    """A team's weekly figures, entered or derived from its members' figures: totals, never a person's."""
    team = _team(actor, team_id)
    if not may_see_team(actor, team):
        raise Forbidden()
    figures = [f for weeks in team_weeks(team, date.min, date.max).values() for f in weeks.values()]
    return sorted(figures, key=lambda f: (-f.week_start.toordinal(), f.measure_id))


# --- the team's rhythm per behaviour and week ------------------------------------------------------


def _members(team_id: int) -> list[User]:
    """The people who do the team's behaviours (its members, not its managers), active or not: history counts."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.team_id == team_id, Membership.manages.is_(False))
            .order_by(User.id)
        )
    )


def team_rhythm(team: Team, behaviours: list, mondays: list[date]) -> dict[int, dict[date, float]]:
    """behaviour → week → the share of what the week asked of the team's members that they did (0…1).

    What a week asks is rhythm's own rule: the days a day-based cadence requires, or a weekly cadence's N, both
    after away days, holidays and the person's start; done beyond that does not count. A week that asked
    nothing has no rhythm."""
    return rhythm_of(team.organisation_id, _members(team.id), behaviours, mondays)


def rhythm_of(organisation_id: int, members: list[User], behaviours: list, mondays: list[date]):
    """team_rhythm for any set of people: the team's members, or one person for their own 'Wat werkt'."""
    if not members or not behaviours or not mondays:
        return {}
    since, until = mondays[0], mondays[-1] + timedelta(days=6)
    ids = [m.id for m in members]
    done = rhythm.done_days(ids, [b.id for b in behaviours], since, until)
    away = rhythm.away_of(organisation_id, ids, since, until)
    result: dict[int, dict[date, float]] = defaultdict(dict)
    for behaviour in behaviours:
        cadence = rhythm.cadence_of(behaviour)
        for monday in mondays:
            asked = did = 0
            for member in members:
                start = rhythm.person_start(member, behaviour)
                days_away = away.get(member.id, {})
                days = [monday + timedelta(days=offset) for offset in range(7)]
                if cadence.weekly:
                    target = rhythm.week_target(cadence, monday, days_away, start)
                    count = sum(1 for day in days if (member.id, behaviour.id, day) in done)
                    asked, did = asked + target, did + min(count, target)
                else:
                    due = [d for d in days if d >= start and d not in days_away and cadence.requires(d)]
                    asked += len(due)
                    did += sum(1 for day in due if (member.id, behaviour.id, day) in done)
            if asked:
                result[behaviour.id][monday] = did / asked
    return result


def confirmed_wins(team: Team, mondays: list[date], time_zone: str) -> dict[date, float]:
    """week → the confirmed customer wins the team's members logged or were credited in that week (by the day
    the win was logged, in the reader's time zone). Weeks before the members' first win ever are left out:
    before they used wins in Ritme, no win logged says nothing; after it, a week without one counts as 0."""
    ids = [m.id for m in _members(team.id)]
    first = wins.first_win_at(ids)
    if first is None or not mondays:
        return {}
    zone = ZoneInfo(time_zone)
    first_week = rhythm.week_start(first.astimezone(zone).date())
    counts: dict[date, float] = {monday: 0.0 for monday in mondays if monday >= first_week}
    since = datetime.combine(mondays[0], time(0), zone)
    until = datetime.combine(mondays[-1] + timedelta(weeks=1), time(0), zone)
    for logged in wins.confirmed_win_times(ids, since, until):
        week = rhythm.week_start(logged.astimezone(zone).date())
        if week in counts:
            counts[week] += 1
    return counts


# --- what works -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    behaviour_id: int
    behaviour_name: str
    outcome_kind: str  # measure | voice_score
    outcome_id: int | None
    outcome_name: str
    comparison: stats.Comparison


@dataclass(frozen=True)
class WhatWorks:
    team: Team | None
    since: date
    until: date
    window: int
    rows: list[Row]


def what_works(
    actor: User, team_id: int, window: int = DEFAULT_WINDOW, now: datetime | None = None, locale: str = "nl"
) -> WhatWorks:
    """Per behaviour of the team and per outcome: its high- vs low-rhythm weeks among the last `window` complete
    ISO weeks (stats.compare). Correlation in the team's own history, not proof."""
    team = _team(actor, team_id)
    if not may_see_team(actor, team):
        raise Forbidden()
    this_week = rhythm.week_start(local_today(actor.time_zone, now or utcnow()))
    mondays = [this_week - timedelta(weeks=n) for n in range(window, 0, -1)]
    since, until = mondays[0], this_week - timedelta(days=1)
    behaviours = rhythm.team_behaviours(team.id)
    rhythms = team_rhythm(team, behaviours, mondays)

    outcomes: list[tuple[str, int | None, str, dict[date, float]]] = []
    by_measure = team_weeks(team, since, until)
    for measure in list_measures(actor):
        weeks = {w: f.value for w, f in by_measure.get(measure.id, {}).items()}
        outcomes.append(("measure", measure.id, measure.name(locale), weeks))
    scores: dict[date, list[int]] = defaultdict(list)
    for day, day_scores in voice.scores_by_day(team.organisation_id, since, until, [team.id]).items():
        scores[rhythm.week_start(day)].extend(day_scores)
    outcomes.append(
        (VOICE_SCORE, None, translate("outcome_voice_score", locale), {w: sum(s) / len(s) for w, s in scores.items()})
    )

    outcomes.append(
        (
            CONFIRMED_WINS,
            None,
            translate("outcome_confirmed_wins", locale),
            confirmed_wins(team, mondays, actor.time_zone),
        )
    )

    return WhatWorks(team, since, until, window, _rows(behaviours, rhythms, outcomes, mondays, locale))


def _rows(behaviours, rhythms, outcomes, mondays: list[date], locale: str) -> list[Row]:
    rows = []
    for behaviour in behaviours:
        weekly = rhythms.get(behaviour.id, {})
        for kind, outcome_id, name, figures in outcomes:
            pairs = [(weekly[w], figures[w]) for w in mondays if w in weekly and w in figures]
            rows.append(Row(behaviour.id, behaviour.name(locale), kind, outcome_id, name, stats.compare(pairs)))
    return rows


def my_what_works(person: User, window: int = DEFAULT_WINDOW, now: datetime | None = None, locale: str = "nl"):
    """The person's own high- vs low-rhythm weeks on their own figures: the same statistics and minimum sample
    as the team's, over time for one person, never across people. Only that person asks for it."""
    this_week = rhythm.week_start(local_today(person.time_zone, now or utcnow()))
    mondays = [this_week - timedelta(weeks=n) for n in range(window, 0, -1)]
    since, until = mondays[0], this_week - timedelta(days=1)
    behaviours = rhythm.applicable_behaviours(person)
    rhythms = rhythm_of(person.organisation_id, [person], behaviours, mondays)
    mine: dict[int, dict[date, float]] = defaultdict(dict)
    for v in db.session.scalars(
        select(OutcomePersonValue).where(
            OutcomePersonValue.user_id == person.id, OutcomePersonValue.week_start.between(since, until)
        )
    ):
        mine[v.measure_id][v.week_start] = v.value
    outcomes = [("measure", m.id, m.name(locale), mine[m.id]) for m in list_measures(person) if m.id in mine]
    return WhatWorks(None, since, until, window, _rows(behaviours, rhythms, outcomes, mondays, locale))

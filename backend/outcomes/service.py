"""The rules of outcomes and 'Wat werkt'.

- Admins name the measures; a team's manager (or an admin) enters a figure per team and ISO week.
- The figures and 'Wat werkt' of a team are for its members, its managers and admins: team-level only,
  never per person, never a ranking.
- 'Wat werkt' reads rhythm (check-ins, cadences, away days) and customer voice only through their read.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import Membership, Team, User
from backend.errors import DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.outcomes import stats
from backend.outcomes.models import OutcomeMeasure, OutcomeValue
from backend.rhythm import read as rhythm
from backend.timeutil import local_today, utcnow
from backend.voice import read as voice
from backend.wins import read as wins

MIN_WINDOW, MAX_WINDOW, DEFAULT_WINDOW = 12, 26, 26
VOICE_SCORE = "voice_score"
CONFIRMED_WINS = "confirmed_wins"


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
        organisation_id=actor.organisation_id, name_nl=name_nl, name_en=(args.get("name_en") or "").strip() or name_nl
    )
    try:
        with db.session.begin_nested():
            db.session.add(measure)
            db.session.flush()
    except IntegrityError:
        raise _invalid("name_nl", "outcome_name_taken") from None
    return measure


def _measure(actor: User, measure_id: int) -> OutcomeMeasure:
    measure = db.session.get(OutcomeMeasure, measure_id)
    if measure is None or measure.organisation_id != actor.organisation_id:
        raise _invalid("measure_id", "outcome_unknown_measure")
    return measure


def record_value(actor: User, args: dict, now: datetime | None = None) -> OutcomeValue:
    """A team's figure for a week (Monday), entered again: replaced."""
    now = now or utcnow()
    team = _team(actor, args["team_id"])
    if not may_enter(actor, team):
        raise Forbidden()
    measure = _measure(actor, args["measure_id"])
    week = args["week_start"]
    if week.isoweekday() != 1:
        raise _invalid("week_start", "outcome_not_monday")
    if week > rhythm.week_start(local_today(actor.time_zone, now)):
        raise _invalid("week_start", "outcome_future_week")
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


def values_of(actor: User, team_id: int) -> list[OutcomeValue]:
    team = _team(actor, team_id)
    if not may_see_team(actor, team):
        raise Forbidden()
    return list(
        db.session.scalars(
            select(OutcomeValue)
            .where(OutcomeValue.team_id == team.id)
            .order_by(OutcomeValue.week_start.desc(), OutcomeValue.measure_id)
        )
    )


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
    members = _members(team.id)
    if not members or not behaviours or not mondays:
        return {}
    since, until = mondays[0], mondays[-1] + timedelta(days=6)
    ids = [m.id for m in members]
    done = rhythm.done_days(ids, [b.id for b in behaviours], since, until)
    away = rhythm.away_of(team.organisation_id, ids, since, until)
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
    team: Team
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
    by_measure: dict[int, dict[date, float]] = defaultdict(dict)
    for value in db.session.scalars(
        select(OutcomeValue).where(OutcomeValue.team_id == team.id, OutcomeValue.week_start.between(since, until))
    ):
        by_measure[value.measure_id][value.week_start] = value.value
    for measure in list_measures(actor):
        outcomes.append(("measure", measure.id, measure.name(locale), by_measure.get(measure.id, {})))
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

    rows = []
    for behaviour in behaviours:
        weekly = rhythms.get(behaviour.id, {})
        for kind, outcome_id, name, figures in outcomes:
            pairs = [(weekly[w], figures[w]) for w in mondays if w in weekly and w in figures]
            rows.append(Row(behaviour.id, behaviour.name(locale), kind, outcome_id, name, stats.compare(pairs)))
    return WhatWorks(team, since, until, window, rows)

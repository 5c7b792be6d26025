"""The thermostat: a team sets its own standard together.

A team's manager (or an admin) opens a round for a month or quarter, named or anonymous. For a week each
member answers three questions and proposes a standard (a behaviour and a level, as a team goal has one:
a share of the rhythm or a count of customer-facing check-ins). The manager reads the answers — without
names when the round is anonymous: names never leave the server then — and drafts the standard; members
say whether they recognise themselves in it. When most of the team's members do, the round is agreed and
`team_standard_agreed` asks goals to make it the team goal (thermostat never writes goals). History and
suggestions read how the team did through goals/read.py; the rules are in rules.py. Functions flush.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from backend import signals
from backend.accounts.models import Team, User
from backend.boards import read as boards
from backend.boards.read import periods
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.goals import read as goals
from backend.i18n import request_locale, translate
from backend.rhythm import read as rhythm
from backend.thermostat import rules
from backend.thermostat.models import ThermostatAnswer, ThermostatConfirmation, ThermostatRound
from backend.timeutil import utcnow

ROUND_PERIODS = (periods.MONTH, periods.QUARTER)
ANSWER_WINDOW = timedelta(days=7)
HISTORY_LENGTH = 12
ANSWERING, CONFIRMING, AGREED, CLOSED = "answering", "confirming", "agreed", "closed"


def stage(round_: ThermostatRound) -> str:
    if round_.closed_at is not None:
        return CLOSED
    if round_.agreed_at is not None:
        return AGREED
    return CONFIRMING if round_.drafted_at is not None else ANSWERING


def answers_open(round_: ThermostatRound) -> bool:
    return stage(round_) in (ANSWERING, CONFIRMING) and utcnow() < round_.answers_due


# --- who may do what ----------------------------------------------------------------------------


def _members(team_id: int) -> list[User]:
    return boards.team_members(team_id)


def _round_for(actor: User, round_id: int) -> tuple[boards.Viewer, ThermostatRound]:
    viewer = boards.viewer(actor)
    round_ = db.session.get(ThermostatRound, round_id)
    if round_ is None or round_.organisation_id != viewer.organisation.id:
        raise NotFound()
    return viewer, round_


def _manages(viewer: boards.Viewer, team_id: int) -> bool:
    return viewer.is_admin or team_id in viewer.managed


def _ensure_member(actor: User, round_: ThermostatRound) -> None:
    """Only the team's members answer and confirm (its managers coach; they draft)."""
    if actor.id not in {m.id for m in _members(round_.team_id)}:
        raise Forbidden("thermostat_not_member")


def _ensure_sees(viewer: boards.Viewer, round_: ThermostatRound) -> None:
    if not _manages(viewer, round_.team_id) and round_.team_id not in viewer.team_ids:
        raise NotFound()


# --- changes ------------------------------------------------------------------------------------


def open_round(actor: User, team_id: int, period: str, anonymous: bool) -> ThermostatRound:
    """Open a round for the team: one open round per team at a time (the database keeps that promise)."""
    viewer = boards.viewer(actor)
    team = boards.team_of(viewer, team_id)
    boards.ensure_manages(viewer, team)
    now = utcnow()
    round_ = ThermostatRound(
        organisation_id=team.organisation_id,
        team_id=team.id,
        open_team_id=team.id,
        period=period,
        anonymous=anonymous,
        opened_by_id=actor.id,
        opened_at=now,
        answers_due=now + ANSWER_WINDOW,
    )
    try:
        with db.session.begin_nested():
            db.session.add(round_)
            db.session.flush()
    except IntegrityError:
        raise Conflict("thermostat_round_open") from None
    return round_


def _check_standard(team_id: int, behaviour_id: int, kind: str, target: int) -> None:
    if behaviour_id not in {b.id for b in rhythm.team_behaviours(team_id)}:
        raise DomainError(
            "validation_failed", 422, fields={"behaviour_id": [translate("thermostat_unknown_behaviour")]}
        )
    if kind == goals.RHYTHM_SHARE and target > 100:
        raise DomainError("validation_failed", 422, fields={"target": [translate("goal_share_too_high")]})


def answer(actor: User, round_id: int, **fields) -> ThermostatAnswer:
    """A member's answers and proposed standard; they may change them while the week lasts."""
    viewer, round_ = _round_for(actor, round_id)
    _ensure_sees(viewer, round_)
    _ensure_member(actor, round_)
    if not answers_open(round_):
        raise Conflict("thermostat_answers_closed")
    _check_standard(round_.team_id, fields["behaviour_id"], fields["kind"], fields["target"])
    mine = db.session.scalar(
        select(ThermostatAnswer).where(ThermostatAnswer.round_id == round_.id, ThermostatAnswer.user_id == actor.id)
    )
    if mine is None:
        mine = ThermostatAnswer(round_id=round_.id, user_id=actor.id)
        db.session.add(mine)
    for name, value in fields.items():
        setattr(mine, name, value.strip() if isinstance(value, str) else value)
    mine.answered_at = utcnow()
    db.session.flush()
    return mine


def draft(actor: User, round_id: int, behaviour_id: int, statement: str, kind: str, target: int) -> ThermostatRound:
    """The manager's draft of the team standard; a changed draft asks everyone again."""
    viewer, round_ = _round_for(actor, round_id)
    if not _manages(viewer, round_.team_id):
        _ensure_sees(viewer, round_)
        raise Forbidden()
    if stage(round_) in (AGREED, CLOSED):
        raise Conflict("thermostat_round_done")
    _check_standard(round_.team_id, behaviour_id, kind, target)
    statement = statement.strip()
    if (round_.behaviour_id, round_.statement, round_.kind, round_.target) != (behaviour_id, statement, kind, target):
        db.session.execute(
            ThermostatConfirmation.__table__.delete().where(ThermostatConfirmation.round_id == round_.id)
        )
    round_.behaviour_id, round_.statement, round_.kind, round_.target = behaviour_id, statement, kind, target
    round_.drafted_at = utcnow()
    db.session.flush()
    return round_


def confirm(actor: User, round_id: int, agrees: bool, reason: str) -> ThermostatRound:
    """A member recognises themselves in the draft, or says why not. Most of the team agreeing settles it."""
    viewer, round_ = _round_for(actor, round_id)
    _ensure_sees(viewer, round_)
    _ensure_member(actor, round_)
    if stage(round_) != CONFIRMING:
        raise Conflict("thermostat_nothing_to_confirm" if stage(round_) == ANSWERING else "thermostat_round_done")
    reason = reason.strip()
    if not agrees and not reason:
        raise DomainError("validation_failed", 422, fields={"reason": [translate("thermostat_reason_needed")]})
    mine = db.session.scalar(
        select(ThermostatConfirmation).where(
            ThermostatConfirmation.round_id == round_.id, ThermostatConfirmation.user_id == actor.id
        )
    )
    if mine is None:
        mine = ThermostatConfirmation(round_id=round_.id, user_id=actor.id)
        db.session.add(mine)
    mine.agrees, mine.reason, mine.answered_at = agrees, reason if not agrees else "", utcnow()
    db.session.flush()
    _settle(viewer, round_)
    return round_


def _settle(viewer: boards.Viewer, round_: ThermostatRound) -> None:
    member_ids = [m.id for m in _members(round_.team_id)]
    confirmed = db.session.scalar(
        select(func.count())
        .select_from(ThermostatConfirmation)
        .where(
            ThermostatConfirmation.round_id == round_.id,
            ThermostatConfirmation.agrees.is_(True),
            ThermostatConfirmation.user_id.in_(member_ids),
        )
    )
    if not rules.is_agreed(confirmed, len(member_ids)):
        return
    # Exactly once, also when two confirmations race: only the update that finds it open sends the signal.
    result = db.session.execute(
        update(ThermostatRound)
        .where(ThermostatRound.id == round_.id, ThermostatRound.agreed_at.is_(None))
        .values(agreed_at=utcnow(), open_team_id=None, starts_on=periods.period_start(round_.period, viewer.today))
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(round_)
    if result.rowcount != 1:
        return
    signals.team_standard_agreed.send(
        round_,
        organisation_id=round_.organisation_id,
        team_id=round_.team_id,
        period=round_.period,
        starts_on=round_.starts_on,
        kind=round_.kind,
        target=round_.target,
        title=round_.statement or _behaviour_name(round_.behaviour_id),
        actor_id=round_.opened_by_id,
    )


def close(actor: User, round_id: int) -> ThermostatRound:
    """Close a round that did not (yet) lead to a standard, so a new one can be opened."""
    viewer, round_ = _round_for(actor, round_id)
    if not _manages(viewer, round_.team_id):
        _ensure_sees(viewer, round_)
        raise Forbidden()
    if stage(round_) in (AGREED, CLOSED):
        raise Conflict("thermostat_round_done")
    round_.closed_at, round_.open_team_id = utcnow(), None
    db.session.flush()
    return round_


# --- reads --------------------------------------------------------------------------------------


def _behaviour_name(behaviour_id: int | None) -> str | None:
    if behaviour_id is None:
        return None
    return rhythm.behaviour_names([behaviour_id], request_locale()).get(behaviour_id)


@dataclass
class RoundView:
    """A round as one person may see it: the manager's part (answers, confirmations) only for the manager,
    and in an anonymous round without anyone's name or id."""

    round: ThermostatRound
    stage: str
    team_name: str
    answers_open: bool
    members: int
    answered: int
    agreed: int
    disagreed: int
    behaviour_name: str | None
    my_answer: ThermostatAnswer | None = None
    my_confirmation: ThermostatConfirmation | None = None
    answers: list[dict] | None = None
    confirmations: list[dict] | None = None
    can_manage: bool = False
    is_member: bool = False


def round_view(viewer: boards.Viewer, round_: ThermostatRound) -> RoundView:
    members = _members(round_.team_id)
    member_ids = {m.id for m in members}
    answers = list(db.session.scalars(select(ThermostatAnswer).where(ThermostatAnswer.round_id == round_.id)))
    confirmations = list(
        db.session.scalars(select(ThermostatConfirmation).where(ThermostatConfirmation.round_id == round_.id))
    )
    manages = _manages(viewer, round_.team_id)
    me = viewer.user.id
    view = RoundView(
        round=round_,
        stage=stage(round_),
        team_name=round_.team.name,
        answers_open=answers_open(round_),
        members=len(members),
        answered=sum(1 for a in answers if a.user_id in member_ids),
        agreed=sum(1 for c in confirmations if c.agrees and c.user_id in member_ids),
        disagreed=sum(1 for c in confirmations if not c.agrees and c.user_id in member_ids),
        behaviour_name=_behaviour_name(round_.behaviour_id),
        my_answer=next((a for a in answers if a.user_id == me), None),
        my_confirmation=next((c for c in confirmations if c.user_id == me), None),
        can_manage=manages,
        is_member=me in member_ids,
    )
    if manages:
        names = _names({a.user_id for a in answers} | {c.user_id for c in confirmations})
        behaviour_names = rhythm.behaviour_names({a.behaviour_id for a in answers if a.behaviour_id}, request_locale())
        view.answers = [
            {
                "name": None if round_.anonymous else names.get(a.user_id),
                "now": a.now,
                "ahead": a.ahead,
                "holding": a.holding,
                "statement": a.statement,
                "behaviour_name": behaviour_names.get(a.behaviour_id),
                "kind": a.kind,
                "target": a.target,
            }
            # Anonymous: an order that follows nobody (not who answered first, not an id), so none can be traced.
            for a in sorted(
                answers, key=lambda a: (a.holding, a.now, a.ahead) if round_.anonymous else (a.answered_at,)
            )
        ]
        view.confirmations = [
            {"name": None if round_.anonymous else names.get(c.user_id), "agrees": c.agrees, "reason": c.reason}
            for c in sorted(
                confirmations, key=lambda c: (not c.agrees, c.reason) if round_.anonymous else (c.answered_at,)
            )
        ]
    return view


def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all())


def get_round(actor: User, round_id: int) -> RoundView:
    viewer, round_ = _round_for(actor, round_id)
    _ensure_sees(viewer, round_)
    return round_view(viewer, round_)


@dataclass
class HistoryEntry:
    round: ThermostatRound
    behaviour_name: str | None
    ends_on: date
    outcome: str
    value: float | None
    agreed_by: list[str] | None  # None in an anonymous round: only the count is told
    agreed_count: int


@dataclass
class TeamThermostat:
    team: Team
    can_manage: bool
    is_member: bool
    current: RoundView | None
    behaviours: list[dict]
    history: list[HistoryEntry] = field(default_factory=list)
    suggestion: str | None = None
    talk_round_id: int | None = None


def team_thermostat(actor: User, team_id: int) -> TeamThermostat:
    """The team's thermostat as this person sees it: the open round, and for its managers the history."""
    viewer = boards.viewer(actor)
    team = boards.team_of(viewer, team_id)
    manages = _manages(viewer, team.id)
    if not manages and team.id not in viewer.team_ids:
        raise NotFound()
    current = db.session.scalar(select(ThermostatRound).where(ThermostatRound.open_team_id == team.id))
    locale = request_locale()
    result = TeamThermostat(
        team=team,
        can_manage=manages,
        is_member=actor.id in {m.id for m in _members(team.id)},
        current=round_view(viewer, current) if current is not None else None,
        behaviours=[{"id": b.id, "name": b.name(locale)} for b in rhythm.team_behaviours(team.id)],
    )
    if manages:
        result.history = history(viewer, team.id)
        outcomes = [entry.outcome for entry in reversed(result.history)]
        result.suggestion = rules.suggestion(outcomes)
        if result.suggestion == rules.TALK:
            result.talk_round_id = next(e.round.id for e in result.history if e.outcome == rules.MISSED)
    return result


def history(viewer: boards.Viewer, team_id: int) -> list[HistoryEntry]:
    """The team's agreed standards, newest first: period, how the team did (goals/read.py), who agreed."""
    agreed = list(
        db.session.scalars(
            select(ThermostatRound)
            .where(ThermostatRound.team_id == team_id, ThermostatRound.agreed_at.is_not(None))
            .order_by(ThermostatRound.starts_on.desc(), ThermostatRound.agreed_at.desc())
            .limit(HISTORY_LENGTH)
        )
    )
    if not agreed:
        return []
    results = goals.period_goals(team_id, [(r.period, r.starts_on) for r in agreed], viewer.today)
    confirmations = list(
        db.session.scalars(
            select(ThermostatConfirmation).where(
                ThermostatConfirmation.round_id.in_([r.id for r in agreed]), ThermostatConfirmation.agrees.is_(True)
            )
        )
    )
    names = _names({c.user_id for c in confirmations})
    behaviour_names = rhythm.behaviour_names({r.behaviour_id for r in agreed if r.behaviour_id}, request_locale())
    entries = []
    for r in agreed:
        progress = results.get((r.period, r.starts_on))
        # A goal that was changed by hand since is no longer this standard: how the team did on it is unknown.
        if progress is not None and (progress.goal.kind, progress.goal.target) != (r.kind, r.target):
            progress = None
        agreed_by = sorted(names.get(c.user_id, "") for c in confirmations if c.round_id == r.id)
        entries.append(
            HistoryEntry(
                round=r,
                behaviour_name=behaviour_names.get(r.behaviour_id),
                ends_on=periods.period_end(r.period, r.starts_on),
                outcome=rules.outcome(progress.reached if progress else None, progress.finished if progress else None),
                value=progress.value if progress else None,
                agreed_by=None if r.anonymous else agreed_by,
                agreed_count=len(agreed_by),
            )
        )
    return entries


@dataclass
class TeamEntry:
    team: Team
    can_manage: bool
    is_member: bool
    round: ThermostatRound | None
    stage: str | None
    needs_me: bool  # a member's turn: to answer, or to say whether they recognise the draft


def overview(actor: User) -> list[TeamEntry]:
    """The teams whose thermostat this person takes part in (member) or sets (their managers, admins)."""
    viewer = boards.viewer(actor)
    team_ids = set(viewer.team_ids)
    if viewer.is_admin:
        team_ids |= set(db.session.scalars(select(Team.id).where(Team.organisation_id == viewer.organisation.id)))
    if not team_ids:
        return []
    teams = list(db.session.scalars(select(Team).where(Team.id.in_(team_ids)).order_by(Team.name, Team.id)))
    rounds = {
        r.team_id: r
        for r in db.session.scalars(select(ThermostatRound).where(ThermostatRound.open_team_id.in_(team_ids)))
    }
    mine = _my_turns(actor.id, list(rounds.values()))
    entries = []
    for team in teams:
        round_ = rounds.get(team.id)
        is_member = any(m.team_id == team.id and not m.manages for m in actor.memberships)
        entries.append(
            TeamEntry(
                team=team,
                can_manage=_manages(viewer, team.id),
                is_member=is_member,
                round=round_,
                stage=stage(round_) if round_ else None,
                needs_me=bool(round_ and is_member and round_.id in mine),
            )
        )
    return entries


def _my_turns(user_id: int, rounds: list[ThermostatRound]) -> set[int]:
    """Of these open rounds, those waiting for this person: unanswered while answering, unconfirmed once drafted."""
    if not rounds:
        return set()
    ids = [r.id for r in rounds]
    answered = set(
        db.session.scalars(
            select(ThermostatAnswer.round_id).where(
                ThermostatAnswer.round_id.in_(ids), ThermostatAnswer.user_id == user_id
            )
        )
    )
    confirmed = set(
        db.session.scalars(
            select(ThermostatConfirmation.round_id).where(
                ThermostatConfirmation.round_id.in_(ids), ThermostatConfirmation.user_id == user_id
            )
        )
    )
    turns = set()
    for r in rounds:
        if stage(r) == CONFIRMING and r.id not in confirmed:
            turns.add(r.id)
        elif stage(r) == ANSWERING and answers_open(r) and r.id not in answered:
            turns.add(r.id)
    return turns


def my_turns(actor: User) -> list[ThermostatRound]:
    """The open rounds of my teams waiting for me (for Today's small card): as a member, never as a manager."""
    team_ids = [m.team_id for m in actor.memberships if not m.manages]
    if not team_ids:
        return []
    rounds = list(
        db.session.scalars(
            select(ThermostatRound).where(ThermostatRound.open_team_id.in_(team_ids)).order_by(ThermostatRound.id)
        )
    )
    turns = _my_turns(actor.id, rounds)
    return [r for r in rounds if r.id in turns]

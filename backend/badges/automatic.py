"""Automatic badges: earned by a criterion (badges/models.py: Criterion), exactly once per person.

What sets them off arrives by signals (receivers.py): the folded check-ins (streak, consistency),
a count of wins, credits, confirmations or applause that grew (recognition_counts_changed), a team
goal reached. Counting reads wins through wins/read.py, streaks and weeks through rhythm/read.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, select

from backend.accounts.models import Membership, User
from backend.badges.models import Badge, BadgeAward, BadgeConsistencyWeek, BadgeKind, Criterion
from backend.badges.service import grant
from backend.extensions import db
from backend.rhythm import read as rhythm
from backend.upsert import insert_for, upsert_dialect
from backend.wins import read as wins

AUTO_KEY = "auto"


def automatic_badges(organisation_id: int, criteria: tuple[str, ...]) -> list[Badge]:
    return list(
        db.session.scalars(
            select(Badge).where(
                Badge.organisation_id == organisation_id,
                Badge.kind == BadgeKind.AUTOMATIC,
                Badge.archived_at.is_(None),
                Badge.criterion.in_(criteria),
            )
        )
    )


_AUTOMATIC_BADGES = (
    select(Badge)
    .where(
        Badge.organisation_id == bindparam("organisation_id"),
        Badge.kind == BadgeKind.AUTOMATIC,
        Badge.archived_at.is_(None),
        Badge.criterion.in_(bindparam("criteria", expanding=True)),
    )
    .order_by(Badge.id)
)
_AUTO_AWARDED = select(BadgeAward.badge_id, BadgeAward.user_id).where(
    BadgeAward.badge_id.in_(bindparam("badge_ids", expanding=True)),
    BadgeAward.user_id.in_(bindparam("user_ids", expanding=True)),
    BadgeAward.auto_key == bindparam("auto_key"),
)


def unearned_automatic_badges(
    organisation_id: int, user_ids: Iterable[int], criteria: tuple[str, ...], auto_key: str = AUTO_KEY
) -> dict[int, list[Badge]]:
    """Per person, the automatic badges with these criteria not earned yet: two queries for a whole batch."""
    badges = list(
        db.session.scalars(_AUTOMATIC_BADGES, {"organisation_id": organisation_id, "criteria": list(criteria)})
    )
    user_ids = list(user_ids)
    if not badges or not user_ids:
        return {}
    earned = set(
        db.session.execute(
            _AUTO_AWARDED, {"badge_ids": [b.id for b in badges], "user_ids": user_ids, "auto_key": auto_key}
        ).all()
    )
    return {user_id: [b for b in badges if (b.id, user_id) not in earned] for user_id in user_ids}


def _has_auto_award(badge: Badge, user: User, auto_key: str) -> bool:
    return (
        db.session.scalar(
            select(BadgeAward.id).where(
                BadgeAward.badge_id == badge.id, BadgeAward.user_id == user.id, BadgeAward.auto_key == auto_key
            )
        )
        is not None
    )


def grant_automatic(
    badge: Badge, user: User, auto_key: str = AUTO_KEY, now: datetime | None = None
) -> BadgeAward | None:
    """Award an automatic badge once per person and criterion (None when it was there already)."""
    if _has_auto_award(badge, user, auto_key):
        return None
    return grant(badge, user, None, "", now, auto_key=auto_key)


# --- counting criteria: wins, credits, confirmed wins, applause received --------------------


def count_for(user: User, criterion: str) -> int:
    """How far a person is on a counting criterion (wins, credits, confirmed wins, applause received)."""
    if criterion == Criterion.APPLAUSE:
        return wins.applause_received(user.id, select(BadgeAward.id).where(BadgeAward.user_id == user.id))
    if criterion in (Criterion.WINS, Criterion.CREDITED_WINS, Criterion.CONFIRMED_WINS):
        return wins.count(user.id, criterion)
    raise ValueError(criterion)


def evaluate_counts(user: User, criteria: tuple[str, ...], now: datetime | None = None) -> list[BadgeAward]:
    granted = []
    for badge in automatic_badges(user.organisation_id, criteria):
        if _has_auto_award(badge, user, AUTO_KEY):
            continue
        if count_for(user, badge.criterion) >= (badge.threshold or 1):
            award = grant_automatic(badge, user, now=now)
            if award:
                granted.append(award)
    return granted


# --- streak and consistency: the folded check-ins -------------------------------------------


def evaluate_checkins(organisation_id: int, checkins: list) -> None:
    """Taps folded in (rhythm/fold.py FoldedCheckIn): each week's best consistency, then streak and
    consistency badges. The latest tap per person and behaviour speaks for the batch."""
    tapped = [c for c in checkins if c.streak_after is not None]
    if not tapped:
        return
    _record_consistencies(tapped)
    unearned = unearned_automatic_badges(
        organisation_id, sorted({c.user_id for c in tapped}), (Criterion.STREAK, Criterion.CONSISTENCY)
    )
    if not any(unearned.values()):
        return
    latest = {(c.user_id, c.behaviour_id): c for c in tapped}  # in id order: the last one wins
    units = rhythm.streak_units({behaviour_id for _user, behaviour_id in latest})
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(unearned))))}
    for checkin in latest.values():
        for badge in unearned.get(checkin.user_id, ()):
            if badge.behaviour_id not in (None, checkin.behaviour_id):
                continue
            if badge.criterion == Criterion.STREAK:
                if badge.weeks:
                    earned = units[checkin.behaviour_id].in_weeks(checkin.streak_after) >= badge.weeks
                else:
                    earned = checkin.streak_after >= (badge.threshold or 1)
            else:
                earned = _consistent_weeks(
                    checkin.user_id, checkin.behaviour_id, checkin.occurred_on, badge.threshold or 0, badge.weeks or 1
                )
            if earned:
                grant_automatic(badge, people[checkin.user_id])


_BEST_OF_WEEK: dict[str, object] = {}


def _best_of_week_upsert():
    """INSERT … ON CONFLICT keep the higher: one statement on the tap's path, built once per database."""
    dialect = upsert_dialect()
    if dialect not in _BEST_OF_WEEK:
        statement = insert_for(BadgeConsistencyWeek).values(
            user_id=bindparam("user_id"),
            behaviour_id=bindparam("behaviour_id"),
            week_start=bindparam("week_start"),
            best=bindparam("best"),
        )
        _BEST_OF_WEEK[dialect] = statement.on_conflict_do_update(
            index_elements=["user_id", "behaviour_id", "week_start"],
            set_={
                "best": case(
                    (statement.excluded.best > BadgeConsistencyWeek.best, statement.excluded.best),
                    else_=BadgeConsistencyWeek.best,
                )
            },
        )
    return _BEST_OF_WEEK[dialect]


def _record_consistencies(checkins: list) -> None:
    """Each (person, behaviour, week)'s best consistency so far: one statement for the batch, in key order."""
    best: dict[tuple[int, int, object], int] = {}
    for checkin in checkins:
        key = (checkin.user_id, checkin.behaviour_id, rhythm.week_start(checkin.occurred_on))
        best[key] = max(best.get(key, 0), round(100 * (checkin.score_after or 0.0)))
    db.session.execute(
        _best_of_week_upsert(),
        [
            {"user_id": user_id, "behaviour_id": behaviour_id, "week_start": week, "best": value}
            for (user_id, behaviour_id, week), value in sorted(best.items())
        ],
    )


def _consistent_weeks(user_id: int, behaviour_id: int, day, threshold: int, weeks: int) -> bool:
    last = rhythm.week_start(day)
    wanted = {last - timedelta(weeks=i) for i in range(weeks)}
    reached = set(
        db.session.scalars(
            select(BadgeConsistencyWeek.week_start).where(
                BadgeConsistencyWeek.user_id == user_id,
                BadgeConsistencyWeek.behaviour_id == behaviour_id,
                BadgeConsistencyWeek.week_start.in_(wanted),
                BadgeConsistencyWeek.best >= threshold,
            )
        )
    )
    return reached == wanted


# --- team goals -----------------------------------------------------------------------------


def grant_team_goal(organisation_id: int, team_id: int) -> None:
    """Each active member of a team that reached its goal earns the team-goal badges (once each)."""
    badges = automatic_badges(organisation_id, (Criterion.TEAM_GOAL,))
    if not badges:
        return
    members = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team_id, User.active.is_(True))
    ).all()
    for badge in badges:
        for member in members:
            grant_automatic(badge, member)

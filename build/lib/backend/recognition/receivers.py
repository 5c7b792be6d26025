"""What recognition hears from other domains: check-ins (milestones, streak and consistency badges),
team goals, reflection replies (a notification), data rights."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, case, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from backend import signals
from backend.accounts.models import Membership, Team, User
from backend.extensions import db
from backend.recognition import service
from backend.recognition.models import (
    Applause,
    BadgeAward,
    BadgeConsistencyWeek,
    Criterion,
    FeedEvent,
    FeedKind,
    Nomination,
    Notification,
    Win,
    WinCredit,
)
from backend.rhythm import streaks
from backend.rhythm.models import Behaviour
from backend.timeutil import utcnow
from backend.upsert import insert_for, upsert_dialect

# Streak lengths worth a line in the feed: 7, 30, 100, then every further round number.
MILESTONES = (7, 30, 100, 250, 500, 1000)


def _milestone_key(user_id: int, behaviour_id: int, milestone: int, day) -> str:
    return f"ms:{user_id}:{behaviour_id}:{milestone}:{day.isoformat()}"


@signals.checkins_folded.connect
def on_checkins_folded(_sender, organisation_id: int, checkins: list, **_kwargs) -> None:
    """Taps folded in (rhythm/fold.py): milestones, each week's best consistency, streak and consistency badges."""
    tapped = [c for c in checkins if c.streak_after is not None]
    if not tapped:
        return
    _record_consistencies(tapped)
    # The latest tap per person and behaviour speaks for the batch: one milestone line, not one per day.
    latest = {(c.user_id, c.behaviour_id): c for c in tapped}  # in id order: the last one wins
    behaviours = {
        b.id: b for b in db.session.scalars(select(Behaviour).where(Behaviour.id.in_({b for _u, b in latest})))
    }
    _record_milestones(list(latest.values()), behaviours)
    unearned = service.unearned_automatic_badges(
        organisation_id, sorted({c.user_id for c in tapped}), (Criterion.STREAK, Criterion.CONSISTENCY)
    )
    if not any(unearned.values()):
        return
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(unearned))))}
    for checkin in latest.values():
        behaviour = behaviours[checkin.behaviour_id]
        for badge in unearned.get(checkin.user_id, ()):
            if badge.behaviour_id not in (None, behaviour.id):
                continue
            if badge.criterion == Criterion.STREAK:
                if badge.weeks:
                    earned = service.streak_in_weeks(behaviour, checkin.streak_after) >= badge.weeks
                else:
                    earned = checkin.streak_after >= (badge.threshold or 1)
            else:
                earned = _consistent_weeks(
                    checkin.user_id, behaviour.id, checkin.occurred_on, badge.threshold or 0, badge.weeks or 1
                )
            if earned:
                service.grant_automatic(badge, people[checkin.user_id])


_MILESTONE_INSERTS: dict[str, object] = {}


def _record_milestones(checkins: list, behaviours: dict) -> None:
    """One feed line per milestone reached: one statement for the batch; a line already there stays."""
    rows = [
        {
            "organisation_id": c.organisation_id,
            "kind": FeedKind.MILESTONE,
            "created_at": utcnow(),
            "user_id": c.user_id,
            "behaviour_id": c.behaviour_id,
            "milestone": c.streak_after,
            "unit": "week" if behaviours[c.behaviour_id].cadence == streaks.TIMES_PER_WEEK else "day",
            "dedupe_key": _milestone_key(c.user_id, c.behaviour_id, c.streak_after, c.occurred_on),
        }
        for c in checkins
        if c.streak_after in MILESTONES
    ]
    if not rows:
        return
    dialect = upsert_dialect()
    if dialect not in _MILESTONE_INSERTS:
        _MILESTONE_INSERTS[dialect] = insert_for(FeedEvent).on_conflict_do_nothing(
            index_elements=["organisation_id", "dedupe_key"]
        )
    db.session.execute(_MILESTONE_INSERTS[dialect], sorted(rows, key=lambda row: row["dedupe_key"]))


@signals.checkin_undone.connect
def on_checkin_undone(checkin, user: User, **_kwargs) -> None:
    """A milestone reached by a check-in that was taken back did not happen."""
    keys = [_milestone_key(user.id, checkin.behaviour_id, m, checkin.occurred_on) for m in MILESTONES]
    db.session.execute(
        delete(FeedEvent).where(FeedEvent.organisation_id == user.organisation_id, FeedEvent.dedupe_key.in_(keys))
    )


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
        key = (checkin.user_id, checkin.behaviour_id, streaks.week_start(checkin.occurred_on))
        best[key] = max(best.get(key, 0), round(100 * (checkin.score_after or 0.0)))
    db.session.execute(
        _best_of_week_upsert(),
        [
            {"user_id": user_id, "behaviour_id": behaviour_id, "week_start": week, "best": value}
            for (user_id, behaviour_id, week), value in sorted(best.items())
        ],
    )


def _consistent_weeks(user_id: int, behaviour_id: int, day, threshold: int, weeks: int) -> bool:
    last = streaks.week_start(day)
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


@signals.team_goal_reached.connect
def on_team_goal_reached(goal, team_id: int, **_kwargs) -> None:
    team = db.session.get(Team, team_id)
    if team is None:
        return
    goal_id = getattr(goal, "id", None)
    title = next((str(v) for a in ("title", "name", "label") if (v := getattr(goal, a, None))), None)
    key = f"goal:{goal_id}" if goal_id is not None else None
    exists = key and db.session.scalar(
        select(FeedEvent.id).where(FeedEvent.organisation_id == team.organisation_id, FeedEvent.dedupe_key == key)
    )
    if not exists:
        try:
            with db.session.begin_nested():
                db.session.add(
                    FeedEvent(
                        organisation_id=team.organisation_id,
                        kind=FeedKind.TEAM_GOAL,
                        created_at=utcnow(),
                        team_id=team.id,
                        title=(title or "")[:200] or None,
                        dedupe_key=key,
                    )
                )
                db.session.flush()
        except IntegrityError:
            pass
    badges = service._automatic_badges(team.organisation_id, (Criterion.TEAM_GOAL,))
    if badges:
        members = db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.team_id == team.id, User.active.is_(True))
        ).all()
        for badge in badges:
            for member in members:
                service.grant_automatic(badge, member)


@signals.reflection_replied.connect
def on_reflection_replied(reply, reflection, recipient_id: int, **_kwargs) -> None:
    author = db.session.get(User, reply.author_id)
    service._notify(recipient_id, reflection.organisation_id, "reflection_reply", author, reflection_id=reflection.id)


# --- data rights ----------------------------------------------------------------------------


@signals.personal_data_export.connect
def export_personal_data(user: User, **_kwargs) -> dict:
    wins = db.session.scalars(select(Win).where(Win.author_id == user.id).order_by(Win.created_at)).all()
    credited = db.session.scalars(
        select(Win).join(WinCredit, WinCredit.win_id == Win.id).where(WinCredit.user_id == user.id)
    ).all()
    awards = db.session.scalars(select(BadgeAward).where(BadgeAward.user_id == user.id)).all()
    applause = db.session.scalars(select(Applause).where(Applause.user_id == user.id)).all()
    nominations = db.session.scalars(
        select(Nomination).where(or_(Nomination.nominated_by_id == user.id, Nomination.nominee_id == user.id))
    ).all()
    return {
        "wins": [_win_row(w) for w in wins],
        "wins_credited": [{"win_id": w.id, "text": w.text, "created_at": w.created_at.isoformat()} for w in credited],
        "badge_awards": [
            {
                "badge": a.badge.name_nl,
                "reason": a.reason,
                "automatic": a.auto_key is not None,
                "created_at": a.created_at.isoformat(),
            }
            for a in awards
        ],
        "applause_given": [
            {"win_id": a.win_id, "award_id": a.award_id, "created_at": a.created_at.isoformat()} for a in applause
        ],
        "nominations": [
            {
                "badge": n.badge.name_nl,
                "nominee_id": n.nominee_id,
                "nominated_by_id": n.nominated_by_id,
                "reason": n.reason,
                "status": n.status,
                "created_at": n.created_at.isoformat(),
            }
            for n in nominations
        ],
    }


def _win_row(win: Win) -> dict:
    return {
        "id": win.id,
        "text": win.text,
        "customer": win.customer,
        "impact_area": win.impact_area,
        "evidence": win.evidence,
        "credited_ids": [c.user_id for c in win.credits],
        "created_at": win.created_at.isoformat(),
        "confirmed_at": win.confirmed_at.isoformat() if win.confirmed_at else None,
        "hidden": win.hidden,
    }


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    """Their wins, credits, applause, awards and nominations go; what they did to others' rows is
    anonymised (who hid, confirmed, awarded or decided becomes unknown)."""
    own_wins = select(Win.id).where(Win.author_id == user.id)
    own_awards = select(BadgeAward.id).where(BadgeAward.user_id == user.id)
    db.session.execute(
        delete(FeedEvent).where(
            or_(FeedEvent.win_id.in_(own_wins), FeedEvent.award_id.in_(own_awards), FeedEvent.user_id == user.id)
        )
    )
    db.session.execute(
        delete(Notification).where(
            or_(
                Notification.user_id == user.id,
                Notification.win_id.in_(own_wins),
                Notification.award_id.in_(own_awards),
            )
        )
    )
    db.session.execute(update(Notification).where(Notification.actor_id == user.id).values(actor_id=None))
    db.session.execute(
        delete(Applause).where(
            or_(Applause.user_id == user.id, Applause.win_id.in_(own_wins), Applause.award_id.in_(own_awards))
        )
    )
    db.session.execute(delete(WinCredit).where(or_(WinCredit.user_id == user.id, WinCredit.win_id.in_(own_wins))))
    db.session.execute(
        delete(Nomination).where(or_(Nomination.nominee_id == user.id, Nomination.nominated_by_id == user.id))
    )
    db.session.execute(update(Nomination).where(Nomination.decided_by_id == user.id).values(decided_by_id=None))
    db.session.execute(update(BadgeAward).where(BadgeAward.awarded_by_id == user.id).values(awarded_by_id=None))
    db.session.execute(update(BadgeAward).where(BadgeAward.win_id.in_(own_wins)).values(win_id=None))
    db.session.execute(delete(BadgeAward).where(BadgeAward.user_id == user.id))
    db.session.execute(update(Win).where(Win.hidden_by_id == user.id).values(hidden_by_id=None))
    db.session.execute(update(Win).where(Win.confirmed_by_id == user.id).values(confirmed_by_id=None))
    db.session.execute(delete(Win).where(Win.author_id == user.id))
    db.session.execute(delete(BadgeConsistencyWeek).where(BadgeConsistencyWeek.user_id == user.id))
    db.session.expire_all()


@signals.organisation_data_export.connect
def export_organisation_data(organisation, **_kwargs) -> dict:
    """Wins, badges, awards, applause and nominations of the organisation, read when the export asks."""
    org_id = organisation.id

    def wins():
        for win in db.session.scalars(select(Win).where(Win.organisation_id == org_id).order_by(Win.id)):
            yield {
                **_win_row(win),
                "author_id": win.author_id,
                "confirmed_by_id": win.confirmed_by_id,
                "hidden_by_id": win.hidden_by_id,
            }

    def awards():
        for award in db.session.scalars(select(BadgeAward).where(BadgeAward.organisation_id == org_id)):
            yield {
                "id": award.id,
                "badge": award.badge.name_nl,
                "user_id": award.user_id,
                "awarded_by_id": award.awarded_by_id,
                "automatic": award.auto_key is not None,
                "reason": award.reason,
                "win_id": award.win_id,
                "checkin_id": award.checkin_id,
                "created_at": award.created_at.isoformat(),
            }

    def applause():
        for row in db.session.scalars(select(Applause).where(Applause.organisation_id == org_id)):
            yield {
                "user_id": row.user_id,
                "win_id": row.win_id,
                "award_id": row.award_id,
                "created_at": row.created_at.isoformat(),
            }

    def nominations():
        for n in db.session.scalars(select(Nomination).where(Nomination.organisation_id == org_id)):
            yield {
                "badge": n.badge.name_nl,
                "nominee_id": n.nominee_id,
                "nominated_by_id": n.nominated_by_id,
                "reason": n.reason,
                "status": n.status,
                "decided_by_id": n.decided_by_id,
                "created_at": n.created_at.isoformat(),
            }

    return {"wins": wins, "badge_awards": awards, "applause": applause, "nominations": nominations}

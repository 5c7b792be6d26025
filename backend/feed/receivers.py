"""What the feed hears from other domains: its lines (wins, badge awards, streak milestones, team
goals), the notifications (credits, confirmations, applause, badges, nominations, reflection replies),
and data rights (erasure)."""

from __future__ import annotations

import functools

from sqlalchemy import delete, inspect, or_, select, update
from sqlalchemy.exc import IntegrityError

from backend import signals
from backend.accounts.models import Team, User
from backend.badges import read as badges
from backend.extensions import db
from backend.feed.models import FeedEvent, FeedKind, Notification
from backend.feed.notifications import notify
from backend.rhythm import read as rhythm
from backend.timeutil import utcnow
from backend.upsert import insert_for, upsert_dialect
from backend.wins import read as wins

# Streak lengths worth a line in the feed: 7, 30, 100, then every further round number.
MILESTONES = (7, 30, 100, 250, 500, 1000)


def _about_a_row(receiver):
    """A line or notification refers to the row its signal is about (by foreign key): a sender that is no
    stored row (a stand-in, as push's tests send) adds nothing."""

    @functools.wraps(receiver)
    def wrapped(sender, **kwargs):
        state = inspect(sender, raiseerr=False)
        if state is None or not state.persistent:
            return None
        return receiver(sender, **kwargs)

    return wrapped


# --- wins -----------------------------------------------------------------------------------


@signals.win_logged.connect
@_about_a_row
def on_win_logged(win, actor: User, **_kwargs) -> None:
    db.session.add(
        FeedEvent(
            organisation_id=win.organisation_id,
            kind=FeedKind.WIN,
            created_at=win.created_at,
            user_id=actor.id,
            win_id=win.id,
        )
    )


@signals.win_credited.connect
@_about_a_row
def on_win_credited(win, user_id: int, **_kwargs) -> None:
    notify(user_id, win.organisation_id, "credited", win.author_id, win_id=win.id)


@signals.win_confirmed.connect
@_about_a_row
def on_win_confirmed(win, actor: User, **_kwargs) -> None:
    notify(win.author_id, win.organisation_id, "confirmed", actor.id, win_id=win.id)


@signals.win_deleted.connect
def on_win_deleted(win, **_kwargs) -> None:
    db.session.execute(delete(FeedEvent).where(FeedEvent.win_id == win.id))
    db.session.execute(delete(Notification).where(Notification.win_id == win.id))


@signals.applause_given.connect
@_about_a_row
def on_applause_given(applause, recipient_id: int, target_kind: str, target_id: int, **_kwargs) -> None:
    notify(recipient_id, applause.organisation_id, "applause", applause.user_id, **{f"{target_kind}_id": target_id})


@signals.applause_withdrawn.connect
def on_applause_withdrawn(_sender, user_id: int, target_kind: str, target_id: int, **_kwargs) -> None:
    """The applause notification goes with the applause, unless it was read already."""
    target = Notification.win_id if target_kind == "win" else Notification.award_id
    db.session.execute(
        delete(Notification).where(
            Notification.actor_id == user_id,
            Notification.kind == "applause",
            Notification.read_at.is_(None),
            target == target_id,
        )
    )


# --- badges ---------------------------------------------------------------------------------


@signals.badge_awarded.connect
@_about_a_row
def on_badge_awarded(award, recipient_id: int, **_kwargs) -> None:
    db.session.add(
        FeedEvent(
            organisation_id=award.organisation_id,
            kind=FeedKind.AWARD,
            created_at=award.created_at,
            user_id=recipient_id,
            award_id=award.id,
        )
    )
    notify(recipient_id, award.organisation_id, "badge", award.awarded_by_id, award_id=award.id)


@signals.nomination_made.connect
@_about_a_row
def on_nomination_made(nomination, manager_ids: list[int], actor: User, **_kwargs) -> None:
    for manager_id in manager_ids:
        notify(manager_id, nomination.organisation_id, "nomination", actor.id, nomination_id=nomination.id)


@signals.nomination_decided.connect
@_about_a_row
def on_nomination_decided(nomination, actor: User, **_kwargs) -> None:
    """The nominator hears the decision; an approval links the award their nomination became."""
    if nomination.nominated_by_id:
        notify(
            nomination.nominated_by_id,
            nomination.organisation_id,
            "nomination_decided",
            actor.id,
            nomination_id=nomination.id,
            award_id=nomination.award_id,
        )


# --- rhythm: streak milestones --------------------------------------------------------------


def _milestone_key(user_id: int, behaviour_id: int, milestone: int, day) -> str:
    return f"ms:{user_id}:{behaviour_id}:{milestone}:{day.isoformat()}"


_MILESTONE_INSERTS: dict[str, object] = {}


@signals.checkins_folded.connect
def on_checkins_folded(_sender, organisation_id: int, checkins: list, **_kwargs) -> None:
    """Taps folded in (rhythm/fold.py): one feed line per milestone reached, in one statement for the
    batch; the latest tap per person and behaviour speaks for it, and a line already there stays."""
    latest = {(c.user_id, c.behaviour_id): c for c in checkins if c.streak_after is not None}  # last one wins
    reached = [c for c in latest.values() if c.streak_after in MILESTONES]
    if not reached:
        return
    units = rhythm.streak_units({c.behaviour_id for c in reached})
    rows = [
        {
            "organisation_id": c.organisation_id,
            "kind": FeedKind.MILESTONE,
            "created_at": utcnow(),
            "user_id": c.user_id,
            "behaviour_id": c.behaviour_id,
            "milestone": c.streak_after,
            "unit": units[c.behaviour_id].unit,
            "dedupe_key": _milestone_key(c.user_id, c.behaviour_id, c.streak_after, c.occurred_on),
        }
        for c in reached
    ]
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


# --- boards: team goals ---------------------------------------------------------------------


@signals.team_goal_reached.connect
def on_team_goal_reached(goal, team_id: int, **_kwargs) -> None:
    """One line per goal, dated when it was reached (so before the badges it earns, whichever hears first)."""
    team = db.session.get(Team, team_id)
    if team is None:
        return
    goal_id = getattr(goal, "id", None)
    title = next((str(v) for a in ("title", "name", "label") if (v := getattr(goal, a, None))), None)
    key = f"goal:{goal_id}" if goal_id is not None else None
    exists = key and db.session.scalar(
        select(FeedEvent.id).where(FeedEvent.organisation_id == team.organisation_id, FeedEvent.dedupe_key == key)
    )
    if exists:
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                FeedEvent(
                    organisation_id=team.organisation_id,
                    kind=FeedKind.TEAM_GOAL,
                    created_at=getattr(goal, "reached_at", None) or utcnow(),
                    team_id=team.id,
                    title=(title or "")[:200] or None,
                    dedupe_key=key,
                )
            )
            db.session.flush()
    except IntegrityError:
        pass


# --- challenges -----------------------------------------------------------------------------


@signals.challenge_closed.connect
def on_challenge_closed(challenge, organisation_id: int, **_kwargs) -> None:
    """One line per closed challenge (the signal goes out once; the dedupe key keeps it so anyway)."""
    key = f"challenge:{challenge.id}"
    exists = db.session.scalar(
        select(FeedEvent.id).where(FeedEvent.organisation_id == organisation_id, FeedEvent.dedupe_key == key)
    )
    if exists:
        return
    db.session.add(
        FeedEvent(
            organisation_id=organisation_id,
            kind=FeedKind.CHALLENGE,
            created_at=challenge.closed_at or utcnow(),
            title=challenge.title[:200],
            challenge_id=challenge.id,
            dedupe_key=key,
        )
    )
    db.session.flush()


# --- reflections ----------------------------------------------------------------------------


@signals.reflection_replied.connect
def on_reflection_replied(reply, reflection, recipient_id: int, **_kwargs) -> None:
    notify(recipient_id, reflection.organisation_id, "reflection_reply", reply.author_id, reflection_id=reflection.id)


# --- data rights ----------------------------------------------------------------------------


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    """Their feed lines and notifications go, and those about their wins and badges; as the actor of
    someone else's notification they become unknown."""
    own_wins = wins.authored_win_ids(user.id)
    own_awards = badges.received_award_ids(user.id)
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
    db.session.expire_all()

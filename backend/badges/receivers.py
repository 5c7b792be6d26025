"""What badges hear from other domains: folded check-ins and grown counts (automatic badges), team
goals reached, and data rights (export, erasure, the organisation export)."""

from __future__ import annotations

from sqlalchemy import delete, or_, select, update

from backend import signals
from backend.accounts.models import Team, User
from backend.badges import automatic
from backend.badges.models import BadgeAward, BadgeConsistencyWeek, Nomination
from backend.extensions import db
from backend.wins import read as wins


@signals.checkins_folded.connect
def on_checkins_folded(_sender, organisation_id: int, checkins: list, **_kwargs) -> None:
    """Taps folded in (rhythm/fold.py): each week's best consistency, streak and consistency badges."""
    automatic.evaluate_checkins(organisation_id, checkins)


@signals.recognition_counts_changed.connect
def on_counts_changed(_sender, user_ids: list[int], count: str, at=None, **_kwargs) -> None:
    """Wins logged, credited or confirmed, or applause received grew: the badges counting it."""
    for user_id in user_ids:
        automatic.evaluate_counts(db.session.get(User, user_id), (count,), at)


@signals.team_goal_reached.connect
def on_team_goal_reached(_goal, team_id: int, **_kwargs) -> None:
    team = db.session.get(Team, team_id)
    if team is not None:
        automatic.grant_team_goal(team.organisation_id, team.id)


# --- data rights ----------------------------------------------------------------------------


@signals.personal_data_export.connect
def export_personal_data(user: User, **_kwargs) -> dict:
    awards = db.session.scalars(select(BadgeAward).where(BadgeAward.user_id == user.id)).all()
    nominations = db.session.scalars(
        select(Nomination).where(or_(Nomination.nominated_by_id == user.id, Nomination.nominee_id == user.id))
    ).all()
    return {
        "badge_awards": [
            {
                "badge": a.badge.name_nl,
                "reason": a.reason,
                "automatic": a.auto_key is not None,
                "created_at": a.created_at.isoformat(),
            }
            for a in awards
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


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    """Their awards, nominations and weekly bests go; who awarded or decided becomes unknown, and an
    award no longer links a win of theirs."""
    db.session.execute(
        delete(Nomination).where(or_(Nomination.nominee_id == user.id, Nomination.nominated_by_id == user.id))
    )
    db.session.execute(update(Nomination).where(Nomination.decided_by_id == user.id).values(decided_by_id=None))
    db.session.execute(update(BadgeAward).where(BadgeAward.awarded_by_id == user.id).values(awarded_by_id=None))
    db.session.execute(
        update(BadgeAward).where(BadgeAward.win_id.in_(wins.authored_win_ids(user.id))).values(win_id=None)
    )
    db.session.execute(delete(BadgeAward).where(BadgeAward.user_id == user.id))
    db.session.execute(delete(BadgeConsistencyWeek).where(BadgeConsistencyWeek.user_id == user.id))
    db.session.expire_all()


@signals.organisation_data_export.connect
def export_organisation_data(organisation, **_kwargs) -> dict:
    """Badge awards and nominations of the organisation, read when the export asks."""
    org_id = organisation.id

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

    return {"badge_awards": awards, "nominations": nominations}

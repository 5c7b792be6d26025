"""What wins hear from other domains: data rights (export, erasure, the organisation export)."""

from __future__ import annotations

from sqlalchemy import delete, or_, select, update

from backend import signals
from backend.accounts.models import User
from backend.badges import read as badges
from backend.extensions import db
from backend.wins.models import Applause, Win, WinCredit


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


@signals.personal_data_export.connect
def export_personal_data(user: User, **_kwargs) -> dict:
    wins = db.session.scalars(select(Win).where(Win.author_id == user.id).order_by(Win.created_at)).all()
    credited = db.session.scalars(
        select(Win).join(WinCredit, WinCredit.win_id == Win.id).where(WinCredit.user_id == user.id)
    ).all()
    applause = db.session.scalars(select(Applause).where(Applause.user_id == user.id)).all()
    return {
        "wins": [_win_row(w) for w in wins],
        "wins_credited": [{"win_id": w.id, "text": w.text, "created_at": w.created_at.isoformat()} for w in credited],
        "applause_given": [
            {"win_id": a.win_id, "award_id": a.award_id, "created_at": a.created_at.isoformat()} for a in applause
        ],
    }


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    """Their wins, credits and applause go, and the applause for their wins and badges; who hid or
    confirmed someone else's win becomes unknown."""
    own_wins = select(Win.id).where(Win.author_id == user.id)
    db.session.execute(
        delete(Applause).where(
            or_(
                Applause.user_id == user.id,
                Applause.win_id.in_(own_wins),
                Applause.award_id.in_(badges.received_award_ids(user.id)),
            )
        )
    )
    db.session.execute(delete(WinCredit).where(or_(WinCredit.user_id == user.id, WinCredit.win_id.in_(own_wins))))
    db.session.execute(update(Win).where(Win.hidden_by_id == user.id).values(hidden_by_id=None))
    db.session.execute(update(Win).where(Win.confirmed_by_id == user.id).values(confirmed_by_id=None))
    db.session.execute(delete(Win).where(Win.author_id == user.id))
    db.session.expire_all()


@signals.organisation_data_export.connect
def export_organisation_data(organisation, **_kwargs) -> dict:
    """Wins and applause of the organisation, read when the export asks."""
    org_id = organisation.id

    def wins():
        for win in db.session.scalars(select(Win).where(Win.organisation_id == org_id).order_by(Win.id)):
            yield {
                **_win_row(win),
                "author_id": win.author_id,
                "confirmed_by_id": win.confirmed_by_id,
                "hidden_by_id": win.hidden_by_id,
            }

    def applause():
        for row in db.session.scalars(select(Applause).where(Applause.organisation_id == org_id)):
            yield {
                "user_id": row.user_id,
                "win_id": row.win_id,
                "award_id": row.award_id,
                "created_at": row.created_at.isoformat(),
            }

    return {"wins": wins, "applause": applause}

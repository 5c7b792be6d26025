"""What moves the board aggregates: the signals boards listen to (backend/signals.py documents each).

- checkins_folded (rhythm): a batch of taps moves days, period and team totals, then the standings;
  customer-facing ones are announced as `customer_facing_counted` (goals checks its goals on it).
- checkin_undone (rhythm): the check-in's points and counts go back, the standing is refreshed.
- checkins_imported (rhythm): the people whose history changed are rebuilt.
- points_changed (recognition): win and badge points move the day (as bonus points, kept by a rebuild).
- personal_data_erase / personal_data_export (admin): a person's aggregate rows go, or are exported.
- person_deactivated (accounts/admin) is heard by the standings cache (standings.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, select

from backend import signals
from backend.accounts.models import User
from backend.boards.aggregates import (
    DayMove,
    add_to_board,
    member_teams,
    rebuild_aggregates,
    refresh_standing,
    store_standings,
)
from backend.boards.models import BoardDay, BoardStanding, BoardTotal, ConsistencyWeek
from backend.extensions import db
from backend.locks import hold_aggregates
from backend.rhythm import read as rhythm
from backend.timeutil import local_today


@signals.checkins_folded.connect
def _on_checkins_folded(_sender, organisation_id: int, checkins: list, **_kwargs) -> None:
    """A batch of taps (rhythm/fold.py): each day, period and team total moves once, then the standings."""
    facing = rhythm.customer_facing_ids({c.behaviour_id for c in checkins})
    # A manager's own (coaching) behaviours are shown to their team, never ranked: no board points.
    coaching = rhythm.leader_behaviour_ids({c.behaviour_id for c in checkins})
    moves: dict[tuple[int, date], DayMove] = defaultdict(DayMove)
    for checkin in checkins:
        if checkin.behaviour_id in coaching:
            continue
        move = moves[(checkin.user_id, checkin.occurred_on)]
        move.points += checkin.points
        move.checkins += 1
        move.customer_facing += checkin.behaviour_id in facing
    add_to_board(organisation_id, moves)
    people = list(db.session.scalars(select(User).where(User.id.in_({c.user_id for c in checkins})).order_by(User.id)))
    # The settled scores plus each behaviour's score as its latest tap left it (the tap's path
    # wrote only the checkpoint); the nightly settle brings the decay of idle days in. Over the
    # behaviours each does as a member: a manager is ranked on the teams they are in, not those they manage.
    fresh = {(c.user_id, c.behaviour_id): c.score_after for c in checkins if c.score_after is not None}
    consistencies = rhythm.settled_consistencies(organisation_id, [p.id for p in people], fresh)
    store_standings(organisation_id, [(p.id, consistencies.get(p.id), local_today(p.time_zone)) for p in people])
    facing_people = {user_id for (user_id, _day), move in moves.items() if move.customer_facing}
    if facing_people:
        teams_of = member_teams(facing_people)
        signals.customer_facing_counted.send(
            None,
            organisation_id=organisation_id,
            team_ids={team_id for user_id in facing_people for team_id in teams_of.get(user_id, ())},
            days={c.occurred_on for c in checkins if c.behaviour_id in facing},
        )


@signals.checkin_undone.connect
def _on_checkin_undone(checkin, user: User, **_kwargs) -> None:
    if rhythm.leader_behaviour_ids({checkin.behaviour_id}):
        return  # a manager's coaching never reached the boards
    facing = 1 if rhythm.customer_facing_ids({checkin.behaviour_id}) else 0
    add_to_board(
        checkin.organisation_id,
        {(checkin.user_id, checkin.occurred_on): DayMove(-checkin.points, -1, -facing)},
    )
    refresh_standing(user)


@signals.checkins_imported.connect
def _on_checkins_imported(_sender, organisation_id: int, user_ids: Iterable[int], **_kwargs) -> None:
    rebuild_aggregates(organisation_id, user_ids)


@signals.points_changed.connect
def _on_points_changed(_sender, organisation_id: int, user_id: int, day: date, delta: float, **_kwargs) -> None:
    add_to_board(organisation_id, {(user_id, day): DayMove(points=float(delta), bonus=float(delta))})


@signals.personal_data_erase.connect
def _on_erase(person: User, **_kwargs) -> None:
    hold_aggregates(person.organisation_id)
    for model in (BoardDay, BoardTotal, BoardStanding, ConsistencyWeek):
        db.session.execute(delete(model).where(model.user_id == person.id))


@signals.personal_data_export.connect
def _on_export(person: User, **_kwargs) -> dict:
    days = db.session.scalars(select(BoardDay).where(BoardDay.user_id == person.id).order_by(BoardDay.day))
    return {
        "board_days": [
            {
                "day": d.day.isoformat(),
                "points": d.points,
                "checkins": d.checkins,
                "customer_facing": d.customer_facing,
            }
            for d in days
        ]
    }

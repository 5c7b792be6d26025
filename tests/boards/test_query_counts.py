"""Every board read runs a fixed number of SQL statements, whatever the team's size (no N+1).

A team of 5 and the same team grown to 200 cost the same: the leaderboards, Today's goals, the
team goal, the customer-facing share and the manager's rhythm grid, the latter with every
standing stale (so it brings the whole team up to date) and with checkpoints, away days and
weekly cadences in play.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from backend.boards import aggregates
from backend.boards.models import BoardStanding
from backend.boards.standings import _cache
from backend.rhythm import service as rhythm
from backend.rhythm.models import AwayDay

TODAY = date(2026, 11, 18)  # a Wednesday (tests/boards/conftest.py NOW)
MONDAY = date(2026, 11, 16)

pytestmark = pytest.mark.usefixtures("_frozen")

READS = [
    ("rep", "/api/v1/leaderboards", {"scope": "people", "metric": "points"}),
    ("rep", "/api/v1/leaderboards", {"scope": "people", "metric": "consistency"}),
    ("rep", "/api/v1/leaderboards", {"scope": "people", "metric": "points", "period": "month", "team_id": "{team}"}),
    ("rep", "/api/v1/leaderboards", {"scope": "teams", "metric": "points"}),
    ("rep", "/api/v1/leaderboards", {"scope": "teams", "metric": "consistency"}),
    ("manager", "/api/v1/leaderboards", {"scope": "people", "metric": "points"}),
    ("rep", "/api/v1/boards/summary", {}),
    ("manager", "/api/v1/teams/{team}/goal", {}),
    ("manager", "/api/v1/teams/{team}/customer-facing", {}),
    ("manager", "/api/v1/teams/{team}/rhythm-grid", {}),
    ("manager", "/api/v1/teams/{team}/rhythm-grid", {"week": "2026-W46"}),
]


@pytest.fixture
def weekly(make_behaviour, team):
    return make_behaviour([team], name="Pijplijn bijgewerkt", points=5, cadence="times_per_week", times_per_week=3)


def test_board_reads_cost_the_same_for_a_team_of_5_and_of_200(
    team, manager, member, visit, crm, weekly, add_checkins, login_as, db, count_queries
):
    people = []

    def grow(size):
        for n in range(len(people), size):
            person = member(f"Rep {n:03d}")
            days = [TODAY - timedelta(days=d) for d in range(n % 4, 10, 1 + n % 3)]
            add_checkins(person, visit, [d for d in days if d.isoweekday() <= 5], commit=False)
            add_checkins(person, crm, days[::2], commit=False)
            add_checkins(person, weekly, days[1::3], commit=False)
            if n % 3 == 0:
                db.session.add(AwayDay(organisation_id=person.organisation_id, user_id=person.id, day=MONDAY))
            people.append(person)
        aggregates.rebuild_aggregates(team.organisation_id)
        for person in people[::2]:
            rhythm.today_for(person)  # half the team has settled checkpoints, half has none yet
        db.session.commit()

    grow(5)
    apis = {"rep": login_as(people[0]), "manager": login_as(manager)}
    for kind, target in (("rhythm_share", 80), ("customer_facing_checkins", 100_000)):
        period = "week" if kind == "rhythm_share" else "month"
        response = apis["manager"].put(
            f"/api/v1/teams/{team.id}/goal", json={"period": period, "kind": kind, "target": target}
        )
        assert response.status_code == 200, response.get_json()

    def counts():
        result = []
        for who, url, query in READS:
            # Cold: no cached standings, and every standing from yesterday (the grid brings them up to date).
            _cache.clear()
            db.session.execute(update(BoardStanding).values(computed_on=TODAY - timedelta(days=1)))
            db.session.commit()
            query = {k: v.format(team=team.id) for k, v in query.items()}
            with count_queries() as counter:
                response = apis[who].get(url.format(team=team.id), query_string=query)
            assert response.status_code == 200, (url, response.get_json())
            result.append(counter.count)
        return result

    few = counts()
    grow(200)
    many = counts()
    assert len(apis["manager"].get(f"/api/v1/teams/{team.id}/rhythm-grid").get_json()["members"]) == 200
    assert many == few

"""Leaderboards: calendar periods in the organisation's zone, ties, movement, fairness, top 10 and me."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from backend.boards.models import BoardTotal
from tests.boards.conftest import ranking
from tests.rhythm.conftest import new_client_id

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Amsterdam
MONDAY = date(2026, 11, 16)
LAST_WEEK = MONDAY - timedelta(days=7)
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def open_org(org, db):
    org.visibility = "open"
    db.session.commit()
    return org


@pytest.fixture
def sales(make_team):
    return make_team("Sales Noord")


@pytest.fixture
def call(make_behaviour, sales):
    return make_behaviour([sales], name="Klant gebeld", points=10, cadence="daily")


@pytest.fixture
def person(make_user, sales):
    def make(name, team=None, **fields):
        return make_user(team=team or sales, name=name, created_at=LONG_AGO, **fields)

    return make


def check_in(api, behaviour):
    response = api.post("/api/v1/checkins", json={"behaviour_id": behaviour.id, "client_id": new_client_id()})
    assert response.status_code == 201, response.get_json()
    return response


# --- periods ----------------------------------------------------------------------------------


def test_sunday_2359_and_monday_0001_local_land_in_different_weeks(open_org, person, call, login_as, board, db):
    rep = person("Ruben")
    with time_machine.travel(datetime(2026, 11, 15, 22, 59, tzinfo=UTC), tick=False):  # Sunday 23:59 Amsterdam
        check_in(login_as(rep), call)
    with time_machine.travel(datetime(2026, 11, 15, 23, 1, tzinfo=UTC), tick=False):  # Monday 00:01 Amsterdam
        api = login_as(rep)
        check_in(api, call)
        body = board(api, period="week")
    assert body["starts_on"] == "2026-11-16" and body["ends_on"] == "2026-11-22"
    assert ranking(body) == [(1, "Ruben", 10.0)]
    weeks = {t.starts_on: t.points for t in db.session.query(BoardTotal).filter_by(user_id=rep.id, period="week")}
    assert weeks == {date(2026, 11, 9): 10.0, date(2026, 11, 16): 10.0}


def test_a_person_in_another_zone_counts_by_their_own_local_day(open_org, person, call, login_as, board, db):
    """New York's Sunday 23:59 is Monday 05:59 in Amsterdam: it still belongs to the week of that Sunday."""
    far = person("Nora", time_zone="America/New_York")
    with time_machine.travel(datetime(2026, 11, 16, 4, 59, tzinfo=UTC), tick=False):  # Sun 23:59 NY, Mon 05:59 AMS
        api = login_as(far)
        check_in(api, call)
        assert board(api, period="week")["rows"][0]["value"] == 0.0  # the organisation's new week: nothing yet
    with time_machine.travel(datetime(2026, 11, 16, 5, 1, tzinfo=UTC), tick=False):  # Mon 00:01 NY
        check_in(api, call)
        body = board(api, period="week")
    assert ranking(body) == [(1, "Nora", 10.0)]
    weeks = {t.starts_on: t.points for t in db.session.query(BoardTotal).filter_by(user_id=far.id, period="week")}
    assert weeks == {date(2026, 11, 9): 10.0, date(2026, 11, 16): 10.0}


@time_machine.travel(NOW, tick=False)
def test_month_quarter_and_all_time_add_up_the_periods(open_org, person, call, history, board):
    rep = person("Ruben")
    history(rep, call, {MONDAY: 10, date(2026, 11, 2): 10, date(2026, 10, 30): 10, date(2025, 1, 6): 10})
    assert board(rep, period="week")["rows"][0]["value"] == 10
    assert board(rep, period="month")["rows"][0]["value"] == 20
    quarter = board(rep, period="quarter")
    assert quarter["starts_on"] == "2026-10-01" and quarter["rows"][0]["value"] == 30
    everything = board(rep, period="all")
    assert everything["rows"][0]["value"] == 40 and everything["rows"][0]["movement"] is None


# --- ranks --------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_ties_share_a_rank_and_are_ordered_by_name(open_org, person, call, history, board):
    for name, points in [("Daan", 10), ("Anna", 20), ("Bram", 10), ("Cas", 5)]:
        history(person(name), call, {MONDAY: points})
    body = board(person("Zoë"), period="week")
    assert ranking(body)[:4] == [(1, "Anna", 20), (2, "Bram", 10), (2, "Daan", 10), (4, "Cas", 5)]


@time_machine.travel(NOW, tick=False)
def test_people_with_behaviours_but_no_points_share_the_last_rank_at_zero(open_org, person, call, history, board):
    history(person("Anna"), call, {MONDAY: 10})
    person("Bram")
    body = board(person("Cas"), period="week")
    assert ranking(body) == [(1, "Anna", 10), (2, "Bram", 0), (2, "Cas", 0)]
    assert body["me"]["name"] == "Cas" and body["me"]["is_me"] is True


@time_machine.travel(NOW, tick=False)
def test_movement_compares_with_the_previous_period(open_org, person, call, history, board):
    anna, bram, cas = person("Anna"), person("Bram"), person("Cas")
    history(anna, call, {LAST_WEEK: 30, MONDAY: 10})
    history(bram, call, {LAST_WEEK: 20, MONDAY: 20})
    history(cas, call, {MONDAY: 10})
    rows = {row["name"]: row for row in board(anna, period="week")["rows"]}
    assert (rows["Bram"]["rank"], rows["Bram"]["movement"], rows["Bram"]["previous_rank"]) == (1, "up", 2)
    assert (rows["Anna"]["rank"], rows["Anna"]["movement"], rows["Anna"]["previous_rank"]) == (2, "down", 1)
    assert rows["Cas"]["movement"] == "new"


@time_machine.travel(NOW, tick=False)
def test_top_ten_and_me_shows_ten_rows_plus_my_own(open_org, person, call, history, board, db):
    open_org.boards_top_only = True
    db.session.commit()
    for n in range(12):
        history(person(f"Rep {n:02d}"), call, {MONDAY: 100 - n})
    me = person("Zoë")
    history(me, call, {MONDAY: 1})
    body = board(me, period="week")
    assert body["top_only"] is True and len(body["rows"]) == 11
    assert [row["rank"] for row in body["rows"]] == [*range(1, 11), 13]
    assert body["rows"][-1] == body["me"] and body["me"]["is_me"] and body["me"]["name"] == "Zoë"
    assert not body["has_more"]


@time_machine.travel(NOW, tick=False)
def test_pages_are_stable_and_my_row_is_always_included(open_org, person, call, history, board):
    for n in range(6):
        history(person(f"Rep {n}"), call, {MONDAY: 60 - 10 * n})
    me = person("Zoë")
    history(me, call, {MONDAY: 5})
    first = board(me, period="week", limit=2)
    second = board(me, period="week", limit=2, offset=2)
    assert [r["name"] for r in first["rows"]] == ["Rep 0", "Rep 1", "Zoë"] and first["has_more"]
    assert [(r["rank"], r["name"]) for r in second["rows"][:2]] == [(3, "Rep 2"), (4, "Rep 3")]
    assert second["me"]["rank"] == 7


@time_machine.travel(NOW, tick=False)
def test_a_team_board_of_people_ranks_only_that_team(open_org, person, make_team, call, history, board):
    zuid = make_team("Sales Zuid")
    history(person("Anna", team=zuid), call, {MONDAY: 50})
    me = person("Bram")
    history(me, call, {MONDAY: 10})
    body = board(me, period="week", team_id=zuid.id)
    assert ranking(body) == [(1, "Anna", 50.0)]
    assert body["me"]["rank"] is None  # not in that team: not ranked there


# --- who appears --------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_deactivated_people_never_appear(open_org, person, call, history, board, db):
    gone = person("Anna")
    history(gone, call, {MONDAY: 50})
    gone.active = False
    db.session.commit()
    me = person("Bram")
    history(me, call, {MONDAY: 10})
    assert ranking(board(me, period="week")) == [(1, "Bram", 10.0)]
    assert [r["name"] for r in board(me, scope="people", metric="consistency")["rows"]] == ["Bram"]


@time_machine.travel(NOW, tick=False)
def test_staff_without_behaviours_are_not_ranked_but_appear_with_win_points(
    open_org, person, make_team, call, history, board, db
):
    from backend import signals

    finance = make_team("Finance", kind="finance")
    femke = person("Femke", team=finance, role="staff")
    history(person("Anna"), call, {MONDAY: 10})
    points = board(femke, period="week")
    assert [r["name"] for r in points["rows"]] == ["Anna"] and points["me"]["rank"] is None
    consistency = board(femke, metric="consistency")
    assert consistency["me"]["rank"] is None and consistency["me"]["value"] is None
    signals.points_changed.send(
        None, organisation_id=open_org.id, user_id=femke.id, day=MONDAY, delta=15.0, source="win", source_id=1
    )
    db.session.commit()
    assert ranking(board(femke, period="week")) == [(1, "Femke", 15.0), (2, "Anna", 10.0)]


@time_machine.travel(NOW, tick=False)
def test_consistency_board_ranks_by_average_consistency(open_org, person, call, make_behaviour, sales, history, board):
    steady, patchy = person("Anna"), person("Bram")
    days = [MONDAY - timedelta(days=n) for n in range(1, 40)]
    history(steady, call, days)
    history(patchy, call, days[::3])
    body = board(steady, metric="consistency", period="week")
    [first, second] = body["rows"]
    assert (first["name"], second["name"]) == ("Anna", "Bram") and first["value"] > second["value"] > 0


# --- teams --------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_team_ranking_is_per_active_member(open_org, make_team, person, make_behaviour, history, board, login_as, db):
    small, big = make_team("Klein"), make_team("Groot")
    behaviour = make_behaviour([small, big], points=10)
    for name in ("A1", "A2"):
        history(person(name, team=small), behaviour, {MONDAY: 10})  # 20 for two: 10 each
    for name, points in (("B1", 10), ("B2", 10), ("B3", 10)):
        history(person(name, team=big), behaviour, {MONDAY: points})  # 30 for three: 10 each …
    away = person("B4", team=big)
    api = login_as(away)
    assert api.post("/api/v1/away-days", json={"start": "2026-11-16", "end": "2026-11-22"}).status_code in (200, 201)
    person("Coach", team=big, role="manager", manages=True)  # managers coach; they do not dilute the team
    body = board(away, scope="teams", period="week")
    assert [(r["rank"], r["name"], r["value"], r["members"]) for r in body["rows"]] == [
        (1, "Groot", 10.0, 3),
        (1, "Klein", 10.0, 2),
    ]
    history(person("B5", team=big), behaviour, {MONDAY: 2})
    body = board(away, scope="teams", period="week")
    assert [(r["rank"], r["name"]) for r in body["rows"]] == [(1, "Klein"), (2, "Groot")]
    assert next(r for r in body["rows"] if r["name"] == "Groot")["is_me"] is True


@time_machine.travel(NOW, tick=False)
def test_teams_without_behaviours_and_points_are_not_ranked_last(open_org, make_team, person, call, history, board):
    finance = make_team("Finance", kind="finance")
    person("Femke", team=finance, role="staff")
    me = person("Anna")
    history(me, call, {MONDAY: 10})
    assert [r["name"] for r in board(me, scope="teams")["rows"]] == ["Sales Noord"]


# --- cost ---------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_boards_cost_the_same_number_of_queries_for_few_and_many_people(
    open_org, person, call, history, login_as, count_queries
):
    def queries(api):
        counts = []
        for query in (
            {"scope": "people", "metric": "points", "limit": 10},
            {"scope": "people", "metric": "points", "limit": 10, "offset": 10},
            {"scope": "people", "metric": "consistency", "limit": 10},
            {"scope": "teams", "metric": "points"},
        ):
            with count_queries() as counter:
                assert api.get("/api/v1/leaderboards", query_string=query).status_code == 200
            # Only the probe for taps not yet folded in (a partial index of a few rows) touches check-ins.
            scans = [s for s in counter.statements if "FROM check_in" in s and "pending_fold" not in s]
            assert not scans, "boards must not read check-ins"
            counts.append(counter.count)
        return counts

    me = person("Zoë")
    history(me, call, {MONDAY: 1})
    api = login_as(me)
    for n in range(25):
        history(person(f"Early {n:02d}"), call, {MONDAY: 10 + n % 5, LAST_WEEK: n})
    few = queries(api)
    for n in range(40):
        history(person(f"Rep {n:02d}"), call, {MONDAY - timedelta(days=n % 3): 5 + n % 4, LAST_WEEK: n})
    assert queries(api) == few
    assert max(few) <= 16


@time_machine.travel(NOW, tick=False)
def test_a_check_in_moves_the_cached_board_at_once(open_org, person, call, history, login_as, make_behaviour, sales):
    anna, me = person("Anna"), person("Bram")
    history(anna, call, {MONDAY: 10})
    api = login_as(me)
    before = api.get("/api/v1/leaderboards").get_json()
    assert [(r["name"], r["value"]) for r in before["rows"]] == [("Anna", 10.0), ("Bram", 0.0)]
    check_in(api, make_behaviour([sales], name="Offerte", points=20))
    after = api.get("/api/v1/leaderboards").get_json()
    assert [(r["rank"], r["name"], r["value"]) for r in after["rows"]] == [(1, "Bram", 20.0), (2, "Anna", 10.0)]
    assert after["me"]["movement"] == "new"


@time_machine.travel(NOW, tick=False)
def test_my_own_row_is_fresh_even_when_another_worker_moved_it(open_org, person, call, history, login_as, db):
    """Standings are cached per worker; a check-in served by another worker must still show on my board."""
    anna, me = person("Anna"), person("Bram")
    history(anna, call, {MONDAY: 10})
    history(me, call, {MONDAY: 5})
    api = login_as(me)
    assert api.get("/api/v1/leaderboards").get_json()["me"]["rank"] == 2
    # Another worker's check-in: the aggregates move, this worker's cache is not told.
    db.session.query(BoardTotal).filter_by(user_id=me.id, period="week").update({"points": 25.0})
    db.session.commit()
    body = api.get("/api/v1/leaderboards").get_json()
    assert [(r["rank"], r["name"], r["value"]) for r in body["rows"]] == [(1, "Bram", 25.0), (2, "Anna", 10.0)]


@time_machine.travel(NOW, tick=False)
def test_managers_coach_their_team_and_are_not_ranked_on_its_rhythm(open_org, person, call, history, board, db):
    history(person("Anna"), call, [MONDAY - timedelta(days=n) for n in range(1, 10)])
    coach = person("Mila", role="manager", manages=True)
    from backend.boards.aggregates import rebuild_aggregates

    rebuild_aggregates(open_org.id)  # everyone's standing, the coach's too
    db.session.commit()
    body = board(coach, metric="consistency")
    assert [r["name"] for r in body["rows"]] == ["Anna"]
    assert body["me"]["rank"] is None
    assert [r["name"] for r in board(coach)["rows"]] == ["Anna"]

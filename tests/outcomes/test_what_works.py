"""'Wat werkt': the statistics against a hand-computed example, the minimum-sample gate, the team's weekly
rhythm from real check-ins, and who may enter figures and see the comparison."""

from __future__ import annotations

import math
import uuid
from datetime import timedelta

import pytest

from backend.outcomes import stats
from backend.timeutil import local_today, utcnow

# The worked example of docs/what-works.md: four high-rhythm weeks and four low-rhythm weeks.
HIGH = [10.0, 12.0, 14.0, 16.0]
LOW = [8.0, 8.0, 10.0, 10.0]


def test_welch_interval_matches_the_hand_computed_example():
    pairs = [(0.9, v) for v in HIGH] + [(0.1, v) for v in LOW]
    result = stats.compare(pairs)
    # By hand: means 13 and 9; sample variances 20/3 and 4/3; se² = (20/3)/4 + (4/3)/4 = 2.
    assert result.shown and result.reason is None
    assert (result.weeks, result.high_weeks, result.low_weeks) == (8, 4, 4)
    assert result.threshold == pytest.approx(0.5)
    assert (result.high_mean, result.low_mean, result.difference) == (13.0, 9.0, 4.0)
    # Welch–Satterthwaite: df = 2² / ((5/3)²/3 + (1/3)²/3) = 4 / (26/27) = 54/13 ≈ 4.1538. From a t table,
    # t(0.975; 4) = 2.7764 and t(0.975; 5) = 2.5706; interpolated in 1/df: t ≈ 2.7383, half-width ≈ 3.8725.
    half = (result.ci_high - result.ci_low) / 2
    assert (result.ci_low + result.ci_high) / 2 == pytest.approx(4.0)
    assert half == pytest.approx(2.7383 * math.sqrt(2), abs=0.01)
    assert result.ci_low == pytest.approx(0.13, abs=0.02) and result.ci_high == pytest.approx(7.87, abs=0.02)


def test_below_the_minimum_sample_nothing_is_shown():
    seven = [(0.9, v) for v in HIGH] + [(0.1, v) for v in LOW[:3]]
    result = stats.compare(seven)
    assert (result.shown, result.reason, result.difference, result.ci_low) == (False, "too_few_weeks", None, None)
    lopsided = [(0.9, v) for v in HIGH * 2] + [(0.1, v) for v in LOW[:3]]  # 11 weeks, but only 3 low
    assert stats.compare(lopsided).reason == "too_few_weeks"
    assert stats.compare([]).reason == "too_few_weeks"


def test_the_same_figure_every_week_has_no_interval():
    flat = [(0.9, 5.0)] * 4 + [(0.1, 5.0)] * 4
    result = stats.compare(flat)
    assert (result.shown, result.reason, result.difference) == (False, "no_variation", 0.0)


# --- over HTTP, from real check-ins ---------------------------------------------------------------


@pytest.fixture
def team_history(world, make_behaviour, add_checkins, login_as):
    """Sales Noord's rep and Lotte: a daily behaviour; 4 weeks at 6 of 7 days, 4 weeks at 1 of 7, and the
    figures of HIGH in the high weeks and LOW in the low ones, entered by the team's manager."""
    noord = world["teams"]["noord"]
    behaviour = make_behaviour([noord], name="Klant binnen 24 uur opgevolgd")
    today = local_today(world["rep"].time_zone, utcnow())
    this_week = today - timedelta(days=today.weekday())
    high_weeks = [this_week - timedelta(weeks=n) for n in (2, 4, 6, 8)]
    low_weeks = [this_week - timedelta(weeks=n) for n in (1, 3, 5, 7)]
    for person in (world["rep"], world["lotte"], world["manager"]):  # the manager's own taps never count
        days = [w + timedelta(days=d) for w in high_weeks for d in range(6)]
        days += [w for w in low_weeks]
        add_checkins(person, behaviour, days)
    admin = login_as(world["admin"])
    measure = admin.post(
        "/api/v1/outcomes/measures", json={"name_nl": "Gekwalificeerde afspraken", "name_en": "Qualified appointments"}
    )
    assert measure.status_code == 201
    measure_id = measure.get_json()["id"]
    manager = login_as(world["manager"])
    for weeks, figures in ((high_weeks, HIGH), (low_weeks, LOW)):
        for week, figure in zip(weeks, figures, strict=True):
            body = {"measure_id": measure_id, "team_id": noord.id, "week_start": week.isoformat(), "value": figure}
            assert manager.put("/api/v1/outcomes/values", json=body).status_code == 200
    return {"team": noord, "behaviour": behaviour, "measure_id": measure_id, "this_week": this_week}


def test_what_works_compares_the_teams_high_and_low_weeks(world, login_as, team_history):
    response = login_as(world["rep"]).get(
        "/api/v1/outcomes/what-works", query_string={"team_id": team_history["team"].id, "weeks": 12}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert "geen bewijs" in body["caveat"] and body["window"] == 12 and body["min_weeks"] == stats.MIN_WEEKS
    row = next(r for r in body["rows"] if r["outcome_kind"] == "measure")
    assert (
        row["behaviour_name"] == "Klant binnen 24 uur opgevolgd" and row["outcome_name"] == "Gekwalificeerde afspraken"
    )
    c = row["comparison"]
    assert c["shown"] and (c["weeks"], c["high_weeks"], c["low_weeks"]) == (8, 4, 4)
    assert (c["high_mean"], c["low_mean"], c["difference"]) == (13.0, 9.0, 4.0)
    assert c["threshold"] == pytest.approx((6 / 7 + 1 / 7) / 2)
    assert c["ci_low"] == pytest.approx(0.13, abs=0.02) and c["ci_high"] == pytest.approx(7.87, abs=0.02)
    voice_row = next(r for r in body["rows"] if r["outcome_kind"] == "voice_score")
    assert voice_row["comparison"]["shown"] is False and voice_row["comparison"]["reason"] == "too_few_weeks"


def test_one_week_less_falls_below_the_gate(world, login_as, team_history, db):
    from backend.outcomes.models import OutcomeValue

    oldest_low = team_history["this_week"] - timedelta(weeks=7)
    db.session.query(OutcomeValue).filter(OutcomeValue.week_start == oldest_low).delete()
    db.session.commit()
    body = (
        login_as(world["manager"])
        .get("/api/v1/outcomes/what-works", query_string={"team_id": team_history["team"].id})
        .get_json()
    )
    c = next(r for r in body["rows"] if r["outcome_kind"] == "measure")["comparison"]
    assert (c["shown"], c["reason"], c["weeks"], c["ci_low"]) == (False, "too_few_weeks", 7, None)


def test_who_may_enter_figures_and_see_what_works(world, login_as, team_history):
    noord, zuid = team_history["team"], world["teams"]["zuid"]
    week = (team_history["this_week"] - timedelta(weeks=1)).isoformat()
    body = {"measure_id": team_history["measure_id"], "team_id": noord.id, "week_start": week, "value": 3}
    assert login_as(world["rep"]).put("/api/v1/outcomes/values", json=body).status_code == 403
    assert login_as(world["manager_zuid"]).put("/api/v1/outcomes/values", json=body).status_code == 403
    assert login_as(world["stranger_manager"]).put("/api/v1/outcomes/values", json=body).status_code == 404
    assert login_as(world["rep"]).post("/api/v1/outcomes/measures", json={"name_nl": "X"}).status_code == 403
    query = {"team_id": noord.id}
    assert login_as(world["sem"]).get("/api/v1/outcomes/what-works", query_string=query).status_code == 403
    assert login_as(world["finance"]).get("/api/v1/outcomes/what-works", query_string=query).status_code == 403
    assert login_as(world["stranger"]).get("/api/v1/outcomes/what-works", query_string=query).status_code == 404
    assert login_as(world["admin"]).get("/api/v1/outcomes/what-works", query_string=query).status_code == 200
    assert (
        login_as(world["manager_zuid"])
        .get("/api/v1/outcomes/what-works", query_string={"team_id": zuid.id})
        .status_code
        == 200
    )
    assert (
        login_as(world["rep"]).get("/api/v1/outcomes/what-works", query_string={**query, "weeks": 8}).status_code == 422
    )


def test_bad_figures_are_refused(world, login_as, team_history):
    manager = login_as(world["manager"])
    monday = team_history["this_week"] - timedelta(weeks=1)
    base = {"measure_id": team_history["measure_id"], "team_id": team_history["team"].id, "value": 1}
    tuesday = manager.put(
        "/api/v1/outcomes/values", json={**base, "week_start": (monday + timedelta(days=1)).isoformat()}
    )
    assert tuesday.status_code == 422 and "week_start" in tuesday.get_json()["error"]["fields"]
    future = manager.put(
        "/api/v1/outcomes/values", json={**base, "week_start": (monday + timedelta(weeks=2)).isoformat()}
    )
    assert future.status_code == 422
    unknown = manager.put(
        "/api/v1/outcomes/values", json={**base, "measure_id": 999999, "week_start": monday.isoformat()}
    )
    assert unknown.status_code == 422 and "measure_id" in unknown.get_json()["error"]["fields"]
    again = manager.put("/api/v1/outcomes/values", json={**base, "week_start": monday.isoformat(), "value": 7})
    assert again.status_code == 200 and again.get_json()["value"] == 7.0


# --- confirmed customer wins: an outcome Ritme knows itself (read through wins/read.py) ------------


def _win(db, author, monday, confirmed=True, hidden=False, credited=()):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from backend.wins.models import Win, WinCredit

    logged = datetime.combine(monday + timedelta(days=2), time(12), ZoneInfo(author.time_zone))
    win = Win(
        organisation_id=author.organisation_id,
        author_id=author.id,
        client_id=str(uuid.uuid4()),
        text="Klant blij",
        impact_area="sales",
        created_at=logged,
        confirmed_at=logged + timedelta(hours=1) if confirmed else None,
        hidden_at=logged + timedelta(hours=2) if hidden else None,
    )
    win.credits = [WinCredit(user_id=person.id) for person in credited]
    db.session.add(win)


def _wins_row(api, team_id):
    body = api.get("/api/v1/outcomes/what-works", query_string={"team_id": team_id, "weeks": 12}).get_json()
    return next(r for r in body["rows"] if r["outcome_kind"] == "confirmed_wins")


def test_confirmed_wins_are_an_outcome(world, login_as, team_history, db):
    """High weeks 3, 3, 4, 4 confirmed wins, low weeks 1, 1, 2, 2: difference 2. Unconfirmed and hidden wins,
    and the manager's own, do not count; a win of Finance crediting Lotte does."""
    high = [team_history["this_week"] - timedelta(weeks=n) for n in (2, 4, 6, 8)]
    low = [team_history["this_week"] - timedelta(weeks=n) for n in (1, 3, 5, 7)]
    for weeks, counts in ((high, (3, 3, 4, 4)), (low, (1, 1, 2, 2))):
        for monday, count in zip(weeks, counts, strict=True):
            for n in range(count - 1):
                _win(db, world["rep"] if n % 2 else world["lotte"], monday)
            _win(db, world["finance"], monday, credited=[world["lotte"]])
            _win(db, world["rep"], monday, confirmed=False)
            _win(db, world["rep"], monday, hidden=True)
            _win(db, world["manager"], monday)
    db.session.commit()
    row = _wins_row(login_as(world["rep"]), team_history["team"].id)
    assert row["outcome_name"] == "Bevestigde klantsuccessen" and row["outcome_id"] is None
    c = row["comparison"]
    assert c["shown"] and (c["weeks"], c["high_weeks"], c["low_weeks"]) == (8, 4, 4)
    assert (c["high_mean"], c["low_mean"], c["difference"]) == (3.5, 1.5, 2.0)
    expected = stats.compare([(0.9, v) for v in (3.0, 3.0, 4.0, 4.0)] + [(0.1, v) for v in (1.0, 1.0, 2.0, 2.0)])
    assert c["ci_low"] == pytest.approx(expected.ci_low) and c["ci_high"] == pytest.approx(expected.ci_high)


def test_weeks_before_the_teams_first_win_say_nothing(world, login_as, team_history, db):
    """A week without a win counts as 0 only from the week of the team's first win on."""
    api = login_as(world["manager"])
    assert _wins_row(api, team_history["team"].id)["comparison"]["weeks"] == 0  # no win ever: no weeks
    _win(db, world["rep"], team_history["this_week"] - timedelta(weeks=3))
    db.session.commit()
    c = _wins_row(api, team_history["team"].id)["comparison"]
    assert (c["weeks"], c["shown"], c["reason"]) == (3, False, "too_few_weeks")

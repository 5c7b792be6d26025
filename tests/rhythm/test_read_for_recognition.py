"""rhythm/read.py, the part recognition reads: behaviours and check-ins of an organisation, streak units,
ISO weeks, and today's streaks by rhythm's own rules."""

from datetime import UTC, date, datetime, timedelta

from backend.rhythm import read
from backend.timeutil import local_today

JOINED = datetime(2020, 1, 1, tzinfo=UTC)


def test_a_behaviour_or_check_in_is_known_only_in_its_own_organisation(
    make_org, make_team, make_user, make_behaviour, add_checkins, db
):
    team = make_team("Sales Noord")
    rep = make_user(team=team, created_at=JOINED)
    behaviour = make_behaviour([team])
    add_checkins(rep, behaviour, [date(2026, 1, 5)])
    elsewhere = make_org("Other BV")
    from backend.rhythm.models import CheckIn

    checkin_id = db.session.query(CheckIn.id).scalar()
    assert read.behaviour_in_organisation(behaviour.id, rep.organisation_id) is True
    assert read.behaviour_in_organisation(behaviour.id, elsewhere.id) is False
    assert read.behaviour_in_organisation(999999, rep.organisation_id) is False
    assert read.checkin_person(checkin_id, rep.organisation_id) == rep.id
    assert read.checkin_person(checkin_id, elsewhere.id) is None
    assert read.checkin_person(999999, rep.organisation_id) is None


def test_streak_units_count_days_or_weeks_by_cadence(make_team, make_behaviour):
    team = make_team("Sales Noord")
    daily = make_behaviour([team], name="Dagelijks", cadence="daily")
    weekdays = make_behaviour([team], name="Werkdagen", cadence="weekdays")
    weekly = make_behaviour([team], name="Per week", cadence="times_per_week", times_per_week=3)
    chosen = make_behaviour([team], name="Ma en wo", cadence="days_of_week", days_of_week=[1, 3])
    units = read.streak_units([daily.id, weekdays.id, weekly.id, chosen.id])
    assert {i: (u.unit, u.per_week) for i, u in units.items()} == {
        daily.id: ("day", 7),
        weekdays.id: ("day", 5),
        weekly.id: ("week", 1),
        chosen.id: ("day", 2),
    }
    assert units[weekdays.id].in_weeks(50) == 10 and units[weekly.id].in_weeks(4) == 4


def test_week_start_is_the_monday_of_the_iso_week():
    assert read.week_start(date(2026, 11, 18)) == date(2026, 11, 16)
    assert read.week_start(date(2026, 11, 16)) == date(2026, 11, 16)


def test_todays_streaks_follow_rhythms_rules(make_team, make_user, make_behaviour, add_checkins):
    team = make_team("Sales Noord")
    rep = make_user(team=team, created_at=JOINED)
    behaviour = make_behaviour([team], cadence="daily")
    today = local_today(rep.time_zone)
    add_checkins(rep, behaviour, [today - timedelta(days=i) for i in range(1, 6)])
    [streak] = read.todays_streaks(rep)
    assert streak.behaviour.id == behaviour.id and streak.unit == "day"
    assert (streak.current, streak.longest) == (5, 5)  # today still open: it does not break the streak

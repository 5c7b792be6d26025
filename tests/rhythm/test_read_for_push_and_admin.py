"""rhythm/read.py as push and admin use it: Today, away or not, a group's check-ins in a week."""

from datetime import date, timedelta

from sqlalchemy import select

from backend.accounts.models import Membership
from backend.rhythm import read
from backend.rhythm.models import AwayDay, OrganisationHoliday

MONDAY = date(2026, 3, 2)


def test_checkins_between_counts_check_ins_and_the_people_who_made_them(
    rep, sales, make_user, make_behaviour, add_checkins
):
    colleague = make_user(team=sales)
    outsider = make_user()
    behaviour = make_behaviour([sales])
    add_checkins(rep, behaviour, [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=7)])
    add_checkins(outsider, behaviour, [MONDAY])
    members = select(Membership.user_id).where(Membership.team_id == sales.id)

    assert read.checkins_between(members, MONDAY, MONDAY + timedelta(days=6)) == (2, 1)
    assert read.checkins_between([rep.id, colleague.id, outsider.id], MONDAY, MONDAY) == (2, 2)
    assert read.checkins_between([], MONDAY, MONDAY) == (0, 0)


def test_is_away_on_own_away_days_and_organisation_holidays(rep, db):
    db.session.add(AwayDay(organisation_id=rep.organisation_id, user_id=rep.id, day=MONDAY, kind="leave"))
    db.session.add(OrganisationHoliday(organisation_id=rep.organisation_id, day=MONDAY + timedelta(days=2), name="X"))
    db.session.commit()
    assert read.is_away(rep, MONDAY) and read.is_away(rep, MONDAY + timedelta(days=2))
    assert not read.is_away(rep, MONDAY + timedelta(days=1))


def test_today_for_is_what_the_persons_today_shows(rep, sales, make_behaviour):
    behaviour = make_behaviour([sales])
    today = read.today_for(rep)
    assert [item.behaviour.id for item in today.items] == [behaviour.id]

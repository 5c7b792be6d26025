"""Rhythm's read API as boards use it: the batch of consistencies agrees with each person's own rhythms."""

from datetime import UTC, date, datetime, timedelta

import time_machine

from backend.accounts.models import Membership
from backend.rhythm import read
from backend.rhythm import service as rhythm_service
from backend.rhythm.models import AwayDay, OrganisationHoliday

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 18)
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_current_consistencies_agree_with_each_persons_rhythms(
    org, sales, make_team, make_user, make_behaviour, add_checkins, db
):
    daily = make_behaviour([sales], name="Dagelijks", cadence="daily")
    weekdays = make_behaviour([sales], name="Werkdagen", cadence="weekdays")
    weekly = make_behaviour([sales], name="Wekelijks", cadence="times_per_week", times_per_week=3)
    coached = make_team("Zuid")
    make_behaviour([coached], name="Alleen Zuid", cadence="daily")
    db.session.add(OrganisationHoliday(organisation_id=org.id, day=TODAY - timedelta(days=8), name="Feestdag"))
    people = []
    for n in range(6):
        person = make_user(team=sales, name=f"Rep {n}", created_at=LONG_AGO)
        days = [TODAY - timedelta(days=d) for d in range(n % 3, 40, 1 + n % 4)]
        add_checkins(person, daily, days, commit=False)
        add_checkins(person, weekdays, [d for d in days if d.isoweekday() <= 5][::2], commit=False)
        add_checkins(person, weekly, days[::3], commit=False)
        if n % 2:
            db.session.add(AwayDay(organisation_id=org.id, user_id=person.id, day=TODAY - timedelta(days=n)))
        people.append(person)
    # Rep 0 also manages Zuid: its behaviour is not theirs to count.
    db.session.add(Membership(user_id=people[0].id, team_id=coached.id, manages=True))
    db.session.commit()
    # Checkpoints settled some days ago, then days pass: the batch must add the days since.
    with time_machine.travel(NOW - timedelta(days=5), tick=False):
        for person in people[:4]:
            rhythm_service.today_for(person)
    db.session.commit()
    nobody = make_user(name="Zonder team", created_at=LONG_AGO)

    todays = {p.id: TODAY for p in [*people, nobody]}
    batch = read.current_consistencies(org.id, todays)

    for person in people[:4]:
        behaviours = [daily, weekdays, weekly]
        rhythms = read.rhythms(person, behaviours, TODAY)
        assert batch[person.id] == round(100 * sum(r.score for r in rhythms.values()) / len(rhythms)), person.name
    assert people[4].id not in batch and people[5].id not in batch  # nothing settled yet
    assert batch[nobody.id] is None  # nothing applies


@time_machine.travel(NOW, tick=False)
def test_the_rules_boards_use_are_rhythms_own(sales, make_user, make_behaviour):
    weekly = make_behaviour([sales], cadence="times_per_week", times_per_week=3)
    person = make_user(team=sales, created_at=datetime(2026, 11, 17, 12, 0, tzinfo=UTC))
    cadence = read.cadence_of(weekly)
    start = read.person_start(person, weekly)
    monday = TODAY - timedelta(days=2)
    assert start == max(weekly.starts_on, date(2026, 11, 17))
    assert read.week_target(cadence, monday, {TODAY}, start) == min(
        3, sum(1 for n in range(7) if monday + timedelta(days=n) >= start and monday + timedelta(days=n) != TODAY)
    )
    assert read.day_state(cadence, TODAY, TODAY, start, {}, set()) == "today"

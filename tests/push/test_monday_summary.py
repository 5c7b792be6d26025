"""The manager's Monday summary with coaching prompts (issue 18, part 2): who in the team has not been
recognised for four weeks and who is slipping — names in alphabetical order, never a ranking or a score.

The Monday is the first one after the clock under test (tests/calendar_sweep.py moves it), 09:00 in the
manager's own zone."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.badges.models import Badge, BadgeAward
from backend.boards.models import ConsistencyWeek
from backend.push import scheduler
from backend.timeutil import utcnow
from backend.wins.models import Win, WinCredit

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def next_monday_morning(zone: str) -> datetime:
    local = utcnow().astimezone(ZoneInfo(zone))
    monday = local.date() + timedelta(days=(7 - local.weekday()) % 7 or 7)
    return datetime.combine(monday, time(9, 5), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def tick(app, now):
    queue = scheduler.ThreadQueue(app, workers=2, now=now)
    try:
        return scheduler.run_once(queue, now)
    finally:
        queue.close()


@pytest.mark.parametrize(("zone", "locale"), [("Europe/Amsterdam", "nl"), ("America/New_York", "en")])
def test_the_summary_names_who_to_recognise_and_who_is_slipping(
    app, db, make_user, sales, add_device, push_service, zone, locale
):
    manager = make_user(
        role="manager", team=sales, manages=True, time_zone=zone, locale=locale, created_at=LONG_AGO, name="Martijn"
    )
    people = {
        name: make_user(team=sales, created_at=LONG_AGO, name=name)
        for name in ("Ruben", "lotte", "Fleur", "Daan", "Iris")
    }
    newcomer = make_user(team=sales, name="Nieuwe Collega")  # joined just now: not named yet
    moment = next_monday_morning(zone)
    monday = moment.astimezone(ZoneInfo(zone)).date()
    badge = Badge(organisation_id=sales.organisation_id, name_nl="Goed voorbereid")
    db.session.add(badge)
    db.session.flush()
    # Ruben got a badge two weeks ago, Iris was credited in a win last week; Daan's badge is five weeks old.
    db.session.add(
        BadgeAward(
            organisation_id=sales.organisation_id,
            badge_id=badge.id,
            user_id=people["Ruben"].id,
            awarded_by_id=manager.id,
            reason="Goed voorbereid",
            created_at=moment - timedelta(weeks=2),
        )
    )
    db.session.add(
        BadgeAward(
            organisation_id=sales.organisation_id,
            badge_id=badge.id,
            user_id=people["Daan"].id,
            awarded_by_id=manager.id,
            reason="Snel",
            created_at=moment - timedelta(weeks=5),
        )
    )
    win = Win(
        organisation_id=sales.organisation_id,
        author_id=manager.id,
        client_id="c0ffee00-0000-4000-8000-000000000001",
        text="Samen gewonnen",
        impact_area="sales",
        created_at=moment - timedelta(days=6),
    )
    db.session.add(win)
    db.session.flush()
    db.session.add(WinCredit(win_id=win.id, user_id=people["Iris"].id))
    # Fleur's and Lotte's consistency fell three weeks in a row; Ruben's went up.
    weeks = [monday - timedelta(weeks=n) for n in range(4, 0, -1)]
    for name, values in (("Fleur", [90, 80, 60, 40]), ("lotte", [95, 90, 85, 80]), ("Ruben", [60, 70, 80, 90])):
        for week, value in zip(weeks, values, strict=True):
            db.session.add(
                ConsistencyWeek(
                    organisation_id=sales.organisation_id, user_id=people[name].id, week_start=week, consistency=value
                )
            )
    db.session.commit()
    assert newcomer.id
    phone = add_device(manager)

    with time_machine.travel(moment, tick=False):
        tick(app, utcnow())

    [message] = push_service.messages_for(phone)
    body = message.json["body"]
    assert message.json["kind"] == "summary" and message.json["url"] == "/team"
    if locale == "nl":
        assert "Wie verdient een compliment? Vier weken geen erkenning voor Daan, Fleur, lotte." in body
        assert "Vraag eens hoe het gaat met het ritme van Fleur, lotte." in body
    else:
        assert "Who deserves a compliment? No recognition for four weeks for Daan, Fleur, lotte." in body
        assert "Ask how the rhythm is going for Fleur, lotte." in body
    assert "Nieuwe Collega" not in body and "Iris" not in body
    assert "%" not in body  # prompts, not scores


def test_no_prompts_when_everyone_is_recognised_and_steady(app, db, make_user, sales, add_device, push_service):
    manager = make_user(role="manager", team=sales, manages=True, created_at=LONG_AGO)
    make_user(team=sales, created_at=datetime.now(UTC))  # new: nobody to name
    phone = add_device(manager)
    moment = next_monday_morning(manager.time_zone)
    with time_machine.travel(moment, tick=False):
        tick(app, utcnow())
    [message] = push_service.messages_for(phone)
    assert "compliment" not in message.json["body"] and "ritme van" not in message.json["body"]

"""When each kind is due: the person's own zone, DST, chosen days, quiet hours, grace after a gap."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.accounts.models import User
from backend.push import service
from backend.push.scheduler import GRACE, due_kinds, in_quiet_hours
from backend.timeutil import utcnow


def person(zone="Europe/Amsterdam", role="rep"):
    return User(id=1, time_zone=zone, role=role, locale="nl", active=True)


def settings(**fields):
    s = service.defaults(1)
    for name, value in fields.items():
        setattr(s, name, value)
    return s


def kinds(user, now, manages=False, **fields):
    return [kind for kind, _ in due_kinds(user, settings(**fields), now, manages)]


@pytest.mark.parametrize(
    ("before", "at"),
    [
        # Friday 27 March 2026, winter time (UTC+1): 16:30 local is 15:30 UTC
        (datetime(2026, 3, 27, 15, 29, tzinfo=UTC), datetime(2026, 3, 27, 15, 30, tzinfo=UTC)),
        # Monday 30 March 2026, the day after the clocks went forward (UTC+2): 14:30 UTC
        (datetime(2026, 3, 30, 14, 29, tzinfo=UTC), datetime(2026, 3, 30, 14, 30, tzinfo=UTC)),
        # Monday 26 October 2026, the day after the clocks went back (UTC+1 again): 15:30 UTC
        (datetime(2026, 10, 26, 15, 29, tzinfo=UTC), datetime(2026, 10, 26, 15, 30, tzinfo=UTC)),
    ],
)
def test_reminder_is_due_at_half_past_four_amsterdam_time_on_both_sides_of_dst(before, at):
    assert service.REMINDER not in kinds(person(), before)
    assert service.REMINDER in kinds(person(), at)


def test_reminder_follows_each_persons_own_time_zone():
    now = datetime(2026, 11, 18, 21, 30, tzinfo=UTC)  # Wednesday
    assert service.REMINDER in kinds(person("America/New_York"), now)  # 16:30 in New York
    assert service.REMINDER not in kinds(person("Europe/Amsterdam"), now)  # 22:30: past the grace
    tokyo_morning = datetime(2026, 11, 18, 7, 30, tzinfo=UTC)  # 16:30 Wednesday in Tokyo
    assert service.REMINDER in kinds(person("Asia/Tokyo"), tokyo_morning)


def test_a_reminder_set_in_the_spring_dst_gap_comes_when_the_clock_reaches_it():
    # Sunday 29 March 2026 02:00 → 03:00 in Amsterdam; 02:30 does not exist that night.
    user = person()
    kwargs = {"reminder_time": time(2, 30), "days": [7]}
    assert service.REMINDER not in kinds(user, datetime(2026, 3, 29, 0, 59, tzinfo=UTC), **kwargs)  # 01:59 CET
    assert service.REMINDER in kinds(user, datetime(2026, 3, 29, 1, 30, tzinfo=UTC), **kwargs)  # 03:30 CEST


def test_weekend_gets_no_reminder_by_default_but_chosen_days_do():
    saturday = datetime(2026, 11, 21, 15, 30, tzinfo=UTC)
    assert kinds(person(), saturday) == []
    assert service.REMINDER in kinds(person(), saturday, days=[6, 7])


def test_quiet_hours_hold_a_reminder_back_until_they_end():
    wednesday_1630 = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)
    quiet = {"quiet_start": time(16, 0), "quiet_end": time(17, 0)}
    assert service.REMINDER not in kinds(person(), wednesday_1630, **quiet)
    assert service.REMINDER in kinds(person(), datetime(2026, 11, 18, 16, 0, tzinfo=UTC), **quiet)  # 17:00


def test_quiet_hours_across_midnight():
    night = settings(quiet_start=time(22, 0), quiet_end=time(7, 0))
    assert in_quiet_hours(night, time(23, 30)) and in_quiet_hours(night, time(6, 59))
    assert not in_quiet_hours(night, time(7, 0)) and not in_quiet_hours(night, time(21, 59))
    early = datetime(2026, 11, 18, 5, 30, tzinfo=UTC)  # 06:30 Amsterdam
    assert service.REMINDER not in kinds(person(), early, reminder_time=time(6, 30), **vars_of(night))
    at_seven = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)
    assert service.REMINDER in kinds(person(), at_seven, reminder_time=time(6, 30), **vars_of(night))


def vars_of(s):
    return {"quiet_start": s.quiet_start, "quiet_end": s.quiet_end}


def test_a_scheduler_that_was_down_sends_late_within_two_hours_but_not_later():
    assert service.REMINDER in kinds(person(), datetime(2026, 11, 18, 17, 29, tzinfo=UTC))  # 18:29
    assert service.REMINDER not in kinds(person(), datetime(2026, 11, 18, 17, 30, tzinfo=UTC))  # 18:30


def test_streak_at_risk_is_due_at_eight_in_the_evening_unless_turned_off():
    eight = datetime(2026, 11, 18, 19, 0, tzinfo=UTC)
    assert service.STREAK in kinds(person(), eight)
    assert service.STREAK not in kinds(person(), eight, streak_at_risk=False)


def test_reflection_prompt_on_friday_afternoon_for_reps_and_summary_on_monday_for_managers():
    friday = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # 15:00
    assert service.REFLECTION in kinds(person(), friday)
    assert service.REFLECTION not in kinds(person(role="staff"), friday)
    assert service.REFLECTION not in kinds(person(), friday, reflection_prompt=False)
    monday = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00
    assert service.SUMMARY in kinds(person(role="manager"), monday, manages=True)
    assert service.SUMMARY not in kinds(person(role="manager"), monday, manages=True, manager_summary=False)
    assert service.SUMMARY not in kinds(person(), monday, manages=False)


def test_nothing_is_due_when_reminders_are_off():
    assert kinds(person(), datetime(2026, 11, 18, 15, 30, tzinfo=UTC), enabled=False) == []


def test_nightly_work_runs_once_a_day_after_two_utc(app, db):
    from datetime import UTC, date, datetime

    from backend import signals
    from backend.push.scheduler import run_nightly_if_due

    calls = []

    def record(_sender, now):
        calls.append(now)

    signals.nightly.connect(record)
    try:
        early = datetime(2026, 11, 18, 1, 59, tzinfo=UTC)
        assert run_nightly_if_due(None, early) is None and calls == []
        after = datetime(2026, 11, 18, 2, 1, tzinfo=UTC)
        assert run_nightly_if_due(None, after) == date(2026, 11, 18)
        assert run_nightly_if_due(date(2026, 11, 18), after.replace(hour=9)) == date(2026, 11, 18)
        assert calls == [after]
    finally:
        signals.nightly.disconnect(record)


# Nights the clocks change in Amsterdam (2026), and the same night in a zone without DST.
SPRING_NIGHT = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # Sunday 29 March, 00:00 CET; 02:00 → 03:00
AUTUMN_NIGHT = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)  # Sunday 25 October, 00:00 CEST; 03:00 → 02:00


@pytest.mark.parametrize(
    ("zone", "night"),
    [("Europe/Amsterdam", SPRING_NIGHT), ("Europe/Amsterdam", AUTUMN_NIGHT), ("Asia/Kolkata", SPRING_NIGHT)],
    ids=["amsterdam-spring", "amsterdam-autumn", "kolkata"],
)
def test_the_grace_is_two_real_hours_on_a_dst_night_too(zone, night):
    """01:30 comes before the clocks change; two hours of wall clock after it are one or three real hours."""
    with time_machine.travel(night, tick=False):
        local_night = utcnow().astimezone(ZoneInfo(zone))
    at = time(1, 30)
    moment = datetime.combine(local_night.date(), at, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    user, chosen = person(zone), {"reminder_time": at, "days": [local_night.isoweekday()]}
    for now, due in [(moment, True), (moment + GRACE - timedelta(minutes=1), True), (moment + GRACE, False)]:
        with time_machine.travel(now, tick=False):
            assert (service.REMINDER in kinds(user, utcnow(), **chosen)) is due, now

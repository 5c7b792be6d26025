"""The demo's behaviour catalogue and six weeks of plausible, varied history."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from backend.accounts.models import Organisation, Role, Team, User
from backend.extensions import db
from backend.rhythm import service, streaks
from backend.rhythm.models import AwayDay, Behaviour, CheckIn

HISTORY_WEEKS = 6
BANT = [
    {"key": "budget", "label_nl": "Budget", "label_en": "Budget"},
    {"key": "authority", "label_nl": "Beslisser aan tafel", "label_en": "Decision maker present"},
    {"key": "need", "label_nl": "Echte behoefte", "label_en": "Real need"},
    {"key": "timing", "label_nl": "Timing bekend", "label_en": "Timing known"},
]

CATALOGUE = [
    {
        "name_nl": "Klantgesprek voorbereid",
        "name_en": "Prepared a customer meeting",
        "description_nl": "Doel, vragen en klantcontext klaar vóór het gesprek.",
        "description_en": "Goal, questions and customer context ready before the meeting.",
        "icon": "📋",
        "points": 10,
        "cadence": streaks.WEEKDAYS,
        "customer_facing": True,
    },
    {
        "name_nl": "Binnen 24 uur opgevolgd",
        "name_en": "Followed up within 24 hours",
        "description_nl": "Elke klant die je sprak kreeg binnen een dag een opvolging.",
        "description_en": "Every customer you spoke to got a follow-up within a day.",
        "icon": "⏱️",
        "points": 10,
        "cadence": streaks.WEEKDAYS,
        "customer_facing": True,
    },
    {
        "name_nl": "Gekwalificeerde afspraak (BANT)",
        "name_en": "Qualified appointment (BANT)",
        "description_nl": "Budget, beslisser, behoefte en timing getoetst.",
        "description_en": "Budget, authority, need and timing checked.",
        "icon": "🎯",
        "points": 20,
        "cadence": streaks.TIMES_PER_WEEK,
        "times_per_week": 3,
        "customer_facing": True,
        "checklist": BANT,
    },
    {
        "name_nl": "Discovery call: meer geluisterd dan gepitcht",
        "name_en": "Discovery call: listened more than pitched",
        "description_nl": "De klant sprak het grootste deel van het gesprek.",
        "description_en": "The customer did most of the talking.",
        "icon": "👂",
        "points": 15,
        "cadence": streaks.TIMES_PER_WEEK,
        "times_per_week": 2,
        "customer_facing": True,
    },
    {
        "name_nl": "Klantbezoek",
        "name_en": "Field visit",
        "description_nl": "Op dinsdag en donderdag bij een klant op locatie.",
        "description_en": "On Tuesday and Thursday at a customer's site.",
        "icon": "🚗",
        "points": 15,
        "cadence": streaks.DAYS_OF_WEEK,
        "days_of_week": [2, 4],
        "customer_facing": True,
    },
    {
        "name_nl": "Om een referentie gevraagd",
        "name_en": "Asked for a referral",
        "description_nl": "Een tevreden klant gevraagd wie er nog meer baat bij heeft.",
        "description_en": "Asked a happy customer who else would benefit.",
        "icon": "🤝",
        "points": 10,
        "cadence": streaks.TIMES_PER_WEEK,
        "times_per_week": 1,
        "customer_facing": True,
    },
    {
        "name_nl": "Klantinzicht gedeeld met een collega",
        "name_en": "Shared a customer insight with a colleague",
        "description_nl": "Wat je bij de klant leerde, doorgegeven aan product, finance of service.",
        "description_en": "Passed on what you learned at the customer to product, finance or service.",
        "icon": "💡",
        "points": 5,
        "cadence": streaks.TIMES_PER_WEEK,
        "times_per_week": 2,
        "customer_facing": False,
    },
    {
        "name_nl": "Alle beloftes van vandaag nagekomen",
        "name_en": "Kept every promise made today",
        "description_nl": "Wat je vandaag toezegde, is gedaan of eerlijk verzet.",
        "description_en": "What you promised today is done or honestly rescheduled.",
        "icon": "✅",
        "points": 5,
        "cadence": streaks.DAILY,
        "customer_facing": True,
    },
]

# The managers' own behaviours (leaders go first): done by the managers of the sales teams, seen by
# their teams as "Voorbeeldgedrag"; never on the grid or the boards.
COACHING = [
    {
        "name_nl": "1-op-1 coachgesprek gevoerd",
        "name_en": "Held a one-to-one coaching conversation",
        "description_nl": "Een rep gevraagd wat hem deze week dichter bij succes bracht, en wat hij kan herhalen.",
        "description_en": "Asked a rep what brought them closer to success this week, and what they can repeat.",
        "icon": "🗣️",
        "points": 15,
        "cadence": streaks.TIMES_PER_WEEK,
        "times_per_week": 2,
        "customer_facing": False,
    },
    {
        "name_nl": "Gedrag erkend met een reden",
        "name_en": "Recognised behaviour with a reason",
        "description_nl": "Een badge of compliment gegeven dat het gedrag noemt, niet alleen de deal.",
        "description_en": "Gave a badge or compliment that names the behaviour, not just the deal.",
        "icon": "🏅",
        "points": 10,
        "cadence": streaks.TIMES_PER_WEEK,
        "times_per_week": 3,
        "customer_facing": False,
    },
    {
        "name_nl": "Met een rep bij de klant geweest",
        "name_en": "Joined a rep at a customer",
        "description_nl": "Meegegaan naar een klantgesprek om te zien en te coachen, niet om het over te nemen.",
        "description_en": "Joined a customer meeting to observe and coach, not to take over.",
        "icon": "👥",
        "points": 15,
        "cadence": streaks.TIMES_PER_WEEK,
        "times_per_week": 1,
        "customer_facing": True,
    },
]

# How each demo rep keeps their rhythm: a chance per required day, early weeks and late weeks,
# so the demo shows strong, steady, slipping and recovering people.
PROFILES = {
    "rep@demo.test": (0.85, 0.9),
    "lotte@demo.test": (0.95, 0.95),
    "daan@demo.test": (0.8, 0.7),  # and away sick for a week
    "fleur@demo.test": (0.85, 0.35),  # slipping
    "sem@demo.test": (0.6, 0.65),
    "noor@demo.test": (0.4, 0.85),  # recovering
    "thijs@demo.test": (0.7, 0.5),
    "emma@demo.test": (0.9, 0.8),
    # the managers, on their coaching behaviours
    "manager@demo.test": (0.8, 0.9),
    "manager.zuid@demo.test": (0.6, 0.75),
}
SICK_WEEK_OF = "daan@demo.test"


def seed_catalogue(organisation: Organisation, today: date, catalogue: list[dict] = CATALOGUE) -> list[Behaviour]:
    """The sales teams' behaviours (or, with COACHING, their managers' own), added when missing."""
    sales_teams = list(
        db.session.scalars(select(Team).where(Team.organisation_id == organisation.id, Team.kind == "sales"))
    )
    behaviours = []
    for spec in catalogue:
        behaviour = db.session.scalar(
            select(Behaviour).where(Behaviour.organisation_id == organisation.id, Behaviour.name_nl == spec["name_nl"])
        )
        if behaviour is None:
            behaviour = Behaviour(
                organisation_id=organisation.id,
                starts_on=today - timedelta(weeks=HISTORY_WEEKS + 1),
                for_managers=catalogue is COACHING,
                **spec,
            )
            behaviour.teams = sales_teams
            db.session.add(behaviour)
        behaviours.append(behaviour)
    db.session.flush()
    return behaviours


def _wants(rng: random.Random, chance: float) -> bool:
    return rng.random() < chance


def _history_for(rep: User, behaviours: list[Behaviour], today: date, away: set[date]) -> list[dict]:
    rng = random.Random(rep.email)  # the same history on every machine
    early, late = PROFILES.get(rep.email, (0.7, 0.7))
    first = streaks.week_start(today) - timedelta(weeks=HISTORY_WEEKS)
    zone = ZoneInfo(rep.time_zone)
    rows = []
    for behaviour in behaviours:
        cadence = service.cadence_of(behaviour)
        day = first
        while day < today:
            chance = early if (today - day).days > 21 else late
            if day not in away:
                if cadence.weekly:
                    wanted = day.isoweekday() <= 5 and _wants(rng, chance * (cadence.times_per_week or 1) / 5)
                else:
                    wanted = cadence.requires(day) and _wants(rng, chance)
                if wanted:
                    rows.append(_row(rep, behaviour, day, zone, rng))
            day += timedelta(days=1)
    return rows


def _row(rep: User, behaviour: Behaviour, day: date, zone: ZoneInfo, rng: random.Random) -> dict:
    quality = None
    if behaviour.checklist:
        quality = {item["key"]: rng.random() < 0.7 for item in behaviour.checklist}
    score = service.quality_score(behaviour, quality)
    tapped = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), zone).astimezone(UTC)
    return {
        "organisation_id": rep.organisation_id,
        "user_id": rep.id,
        "behaviour_id": behaviour.id,
        "client_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"ritme-demo:{rep.email}:{behaviour.id}:{day}")),
        "occurred_on": day,
        "time_zone": rep.time_zone,
        "received_at": tapped,
        "recorded_at": tapped,
        "late": False,
        "source": "demo",
        "quality": quality,
        "quality_score": score,
        "points": service.points_for(behaviour, score),
    }


def seed_history(
    organisation: Organisation,
    behaviours: list[Behaviour],
    today: date,
    progress: Callable[[str], None],
    role: Role = Role.REP,
) -> int:
    """Six weeks of check-ins for the demo reps (or, with Role.MANAGER and the coaching behaviours, the
    managers) who have none yet."""
    reps = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.role == role).order_by(User.id)
    ).all()
    made = 0
    for number, rep in enumerate(reps, 1):
        if db.session.scalar(select(CheckIn.id).where(CheckIn.user_id == rep.id).limit(1)) is not None:
            continue
        away: set[date] = set()
        if rep.email == SICK_WEEK_OF:
            sick_monday = streaks.week_start(today) - timedelta(weeks=3)
            away = {sick_monday + timedelta(days=n) for n in range(5)}
            db.session.add_all(
                AwayDay(organisation_id=organisation.id, user_id=rep.id, day=day, kind="sick", created_by_id=rep.id)
                for day in sorted(away)
            )
        rows = _history_for(rep, behaviours, today, away)
        if rows:
            db.session.execute(insert(CheckIn), rows)
        made += len(rows)
        progress(f"history {number}/{len(reps)}: {rep.name}, {len(rows)} check-ins")
    db.session.flush()
    return made

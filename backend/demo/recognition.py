"""The demo's badge catalogue, cross-functional customer wins with applause, a few badge awards and a
weekly reflection with the manager's reply. Idempotent: wins have fixed client ids, the rest is
looked up before it is added."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from backend.accounts.models import Organisation, User
from backend.badges.models import Badge, BadgeAward
from backend.badges.service import award_badge
from backend.extensions import db
from backend.reflections.models import Reflection, ReflectionReply
from backend.reflections.service import window_for
from backend.timeutil import utcnow
from backend.wins.applause import applaud
from backend.wins.models import Win
from backend.wins.service import confirm_win, log_win

BADGES = [
    {
        "name_nl": "Snelle opvolger",
        "name_en": "Fast follower-up",
        "description_nl": "Volgde klanten snel en zorgvuldig op, ook als het druk was.",
        "description_en": "Followed up customers fast and carefully, also when it was busy.",
        "emoji": "⚡",
        "kind": "manual",
    },
    {
        "name_nl": "Goed voorbereid",
        "name_en": "Well prepared",
        "description_nl": "Kwam met doel, vragen en klantcontext aan tafel.",
        "description_en": "Came to the table with a goal, questions and the customer's context.",
        "emoji": "📋",
        "kind": "manual",
    },
    {
        "name_nl": "Klantheld",
        "name_en": "Customer hero",
        "description_nl": "Een succes buiten sales dat de klant echt merkte.",
        "description_en": "A win outside sales that the customer really noticed.",
        "emoji": "🦸",
        "kind": "automatic",
        "criterion": "confirmed_wins",
        "threshold": 1,
    },
    {
        "name_nl": "Ritmevast",
        "name_en": "Steady rhythm",
        "description_nl": "Tien weken op rij je ritme vastgehouden.",
        "description_en": "Kept your rhythm ten weeks in a row.",
        "emoji": "🥁",
        "kind": "automatic",
        "criterion": "streak",
        "weeks": 10,
    },
    {
        "name_nl": "Teamspeler",
        "name_en": "Team player",
        "description_nl": "Genoemd in vijf klantsuccessen van collega's.",
        "description_en": "Credited in five customer wins of colleagues.",
        "emoji": "🤝",
        "kind": "automatic",
        "criterion": "credited_wins",
        "threshold": 5,
    },
]

# (key, author, days ago, text, customer, evidence, credited, applauded by, confirmed by)
WINS = [
    (
        "invoice",
        "finance@demo.test",
        6,
        "Factuurfout bij Bouwbedrijf De Vries binnen 2 uur opgelost en de klant zelf gebeld met uitleg.",
        "Bouwbedrijf De Vries",
        "opgelost binnen 2 uur",
        ["rep@demo.test"],
        ["rep@demo.test", "lotte@demo.test", "manager@demo.test"],
        "rep@demo.test",
    ),
    (
        "nps",
        "support@demo.test",
        4,
        "Storing bij Metaalwerken Oost dezelfde dag verholpen; de klant gaf ons een 9.",
        "Metaalwerken Oost",
        "NPS 9",
        ["sem@demo.test"],
        ["sem@demo.test", "manager.zuid@demo.test"],
        None,
    ),
    (
        "onboarding",
        "product@demo.test",
        3,
        "Onboarding-scherm vereenvoudigd na feedback van drie klanten: minder vragen bij de start.",
        None,
        "3 klanten minder supportvragen",
        ["daan@demo.test", "fleur@demo.test"],
        ["daan@demo.test"],
        None,
    ),
    (
        "credit",
        "jeroen@demo.test",
        2,
        "Creditnota voor Installatietechniek Zuid vóór hun jaarafsluiting geregeld.",
        "Installatietechniek Zuid",
        None,
        ["noor@demo.test"],
        [],
        None,
    ),
    (
        "callback",
        "milan@demo.test",
        1,
        "Klant teruggebeld binnen een uur met het antwoord dat de accountmanager nodig had voor zijn offerte.",
        "Van Dam Logistiek",
        None,
        ["lotte@demo.test"],
        ["lotte@demo.test"],
        None,
    ),
]

# (badge, recipient, awarded by, days ago, reason)
AWARDS = [
    (
        "Snelle opvolger",
        "lotte@demo.test",
        "manager@demo.test",
        5,
        "Volgde na de beurs alle twaalf leads binnen 24 uur op, met een persoonlijke samenvatting.",
    ),
    (
        "Goed voorbereid",
        "sem@demo.test",
        "manager.zuid@demo.test",
        3,
        "Had voor het gesprek met Metaalwerken Oost hun jaarverslag en de beslissers in kaart.",
    ),
]


def _client_id(organisation: Organisation, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ritme-demo/{organisation.id}/win/{key}"))


def seed_recognition(organisation: Organisation, progress: Callable[[str], None] = lambda _message: None) -> None:
    progress("recognition")
    people = {u.email: u for u in db.session.scalars(select(User).where(User.organisation_id == organisation.id))}
    badges = {}
    for fields in BADGES:
        badge = db.session.scalar(
            select(Badge).where(Badge.organisation_id == organisation.id, Badge.name_nl == fields["name_nl"])
        )
        if badge is None:
            badge = Badge(organisation_id=organisation.id, **fields)
            db.session.add(badge)
        badges[fields["name_nl"]] = badge
    db.session.flush()

    now = utcnow()
    for key, author, days, text, customer, evidence, credited, applauders, confirmer in WINS:
        client_id = _client_id(organisation, key)
        if db.session.scalar(select(Win.id).where(Win.author_id == people[author].id, Win.client_id == client_id)):
            continue
        args = {
            "client_id": client_id,
            "text": text,
            "customer": customer,
            "evidence": evidence,
            "credited_ids": [people[e].id for e in credited],
        }
        win = log_win(people[author], args, now=now - timedelta(days=days, hours=3)).win
        for email in applauders:
            applaud(people[email], win_id=win.id)
        if confirmer:
            confirm_win(people[confirmer], win.id, now=now - timedelta(days=days, hours=1))

    for badge_name, recipient, giver, days, reason in AWARDS:
        badge = badges[badge_name]
        if db.session.scalar(
            select(BadgeAward.id).where(BadgeAward.badge_id == badge.id, BadgeAward.user_id == people[recipient].id)
        ):
            continue
        award = award_badge(
            people[giver],
            {"badge_id": badge.id, "user_id": people[recipient].id, "reason": reason},
            now=now - timedelta(days=days),
        )
        for email in ("rep@demo.test", "finance@demo.test"):
            if email != recipient:
                applaud(people[email], award_id=award.id)

    _seed_reflection(organisation, people["rep@demo.test"], people["manager@demo.test"])
    db.session.flush()


def _seed_reflection(organisation: Organisation, rep: User, manager: User) -> None:
    """Last week's reflection of the demo rep, with a reply from the manager."""
    window = window_for(rep)
    week = window.week_start if window.open else window.week_start - timedelta(weeks=1)
    if db.session.scalar(select(Reflection.id).where(Reflection.user_id == rep.id, Reflection.week_start == week)):
        return
    reflection = Reflection(
        organisation_id=organisation.id,
        user_id=rep.id,
        week_start=week,
        answer="Ik heb elke klant na het gesprek binnen een dag een samenvatting gestuurd. Twee klanten "
        "reageerden meteen met een vervolgafspraak. Dat ga ik herhalen, ook op drukke dagen.",
        created_at=window.opens_at - timedelta(weeks=0 if window.open else 1),
    )
    reflection.replies.append(
        ReflectionReply(
            author_id=manager.id,
            text="Sterk! Wat hielp je om het ook op donderdag vol te houden? Laten we dat maandag delen met het team.",
            created_at=reflection.created_at + timedelta(hours=20),
        )
    )
    db.session.add(reflection)

"""Demo customer voices: what Demo BV's customers said over the last weeks, for every department."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from backend.accounts.models import Organisation, Team, User
from backend.extensions import db
from backend.timeutil import utcnow
from backend.voice.models import CustomerVoice
from backend.voice.service import set_pinned, share

# key, author, days ago, quote, customer, channel, department, score
VOICES = [
    (
        "invoice",
        "support@demo.test",
        1,
        "Eindelijk een factuur die in één keer klopt. Dat scheelt ons uren.",
        "Bouwbedrijf De Vries",
        "call",
        "Finance",
        9,
    ),
    (
        "callback",
        "rep@demo.test",
        2,
        "Jullie belden binnen een uur terug, dat had ik nog nooit meegemaakt.",
        "Jansen Logistiek",
        "visit",
        "Sales Noord",
        10,
    ),
    (
        "onboarding",
        "milan@demo.test",
        4,
        "De onboarding duurde te lang; we wachtten twee weken op toegang.",
        "Groen Installatie",
        "email",
        "Customer Service",
        5,
    ),
    (
        "roadmap",
        "product@demo.test",
        6,
        "Fijn dat jullie echt luisteren: de exportfunctie is precies wat we vroegen.",
        "Visser & Zn",
        "chat",
        "Product",
        8,
    ),
    (
        "quote",
        "sem@demo.test",
        9,
        "De offerte was helder en op tijd, zonder verrassingen achteraf.",
        "Mulder Techniek",
        "call",
        "Sales Zuid",
        9,
    ),
    (
        "reminder",
        "finance@demo.test",
        12,
        "Een betalingsherinnering na drie dagen voelde wat kort.",
        "Bakkerij Smit",
        "email",
        "Finance",
        6,
    ),
]


def _client_id(organisation: Organisation, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ritme-demo/{organisation.id}/voice/{key}"))


def seed_voice(organisation: Organisation, progress: Callable[[str], None] = lambda _message: None) -> None:
    progress("customer voice")
    people = {u.email: u for u in db.session.scalars(select(User).where(User.organisation_id == organisation.id))}
    teams = {t.name: t.id for t in db.session.scalars(select(Team).where(Team.organisation_id == organisation.id))}
    now = utcnow()
    for key, author, days, quote, customer, channel, department, score in VOICES:
        client_id = _client_id(organisation, key)
        if db.session.scalar(select(CustomerVoice.id).where(CustomerVoice.client_id == client_id)):
            continue
        person = people[author]
        when = now - timedelta(days=days, hours=2)
        args = {
            "client_id": client_id,
            "quote": quote,
            "customer": customer,
            "channel": channel,
            "team_id": teams.get(department),
            "score": score,
        }
        voice = share(person, args, now=when).voice
        if key == "callback":  # the quote that moved Sales Noord, pinned by its manager
            set_pinned(people["manager@demo.test"], voice.id, True, now=when + timedelta(hours=1))
    db.session.flush()

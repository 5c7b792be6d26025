"""Seed "Demo BV": teams and people. Idempotent: a second run adds nothing and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from backend.accounts.models import Membership, Organisation, Role, Team, TeamKind, User, Visibility
from backend.accounts.service import hash_password
from backend.demo.boards import seed_boards
from backend.demo.outcomes import seed_outcomes
from backend.demo.recognition import seed_recognition
from backend.demo.rhythm import COACHING, HISTORY_WEEKS, seed_catalogue, seed_history
from backend.demo.voice import seed_voice
from backend.extensions import db
from backend.timeutil import local_today, utcnow

DEMO_ORGANISATION = "Demo BV"

TEAMS = [
    ("Sales Noord", TeamKind.SALES),
    ("Sales Zuid", TeamKind.SALES),
    ("Finance", TeamKind.FINANCE),
    ("Customer Service", TeamKind.CUSTOMER_SERVICE),
    ("Product", TeamKind.PRODUCT),
]

# (e-mail, name, role, team, manages the team)
PEOPLE = [
    ("admin@demo.test", "Anouk de Vries", Role.ADMIN, None, False),
    ("manager@demo.test", "Martijn Bakker", Role.MANAGER, "Sales Noord", True),
    ("manager.zuid@demo.test", "Sanne Visser", Role.MANAGER, "Sales Zuid", True),
    ("rep@demo.test", "Ruben Jansen", Role.REP, "Sales Noord", False),
    ("lotte@demo.test", "Lotte Smit", Role.REP, "Sales Noord", False),
    ("daan@demo.test", "Daan Meijer", Role.REP, "Sales Noord", False),
    ("fleur@demo.test", "Fleur de Boer", Role.REP, "Sales Noord", False),
    ("sem@demo.test", "Sem Mulder", Role.REP, "Sales Zuid", False),
    ("noor@demo.test", "Noor de Groot", Role.REP, "Sales Zuid", False),
    ("thijs@demo.test", "Thijs Bos", Role.REP, "Sales Zuid", False),
    ("emma@demo.test", "Emma Vos", Role.REP, "Sales Zuid", False),
    ("finance@demo.test", "Femke Peters", Role.STAFF, "Finance", False),
    ("jeroen@demo.test", "Jeroen Hendriks", Role.STAFF, "Finance", False),
    ("support@demo.test", "Sophie van Dijk", Role.STAFF, "Customer Service", False),
    ("milan@demo.test", "Milan van Leeuwen", Role.STAFF, "Customer Service", False),
    ("product@demo.test", "Iris Dekker", Role.STAFF, "Product", False),
]


def seed_demo(password: str, progress: Callable[[str], None] = lambda _message: None) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == DEMO_ORGANISATION))
    if organisation is None:
        # The demo shows everything; real organisations start at teams_first (see docs/privacy.md).
        organisation = Organisation(
            name=DEMO_ORGANISATION, time_zone="Europe/Amsterdam", locale="nl", visibility=Visibility.OPEN.value
        )
        db.session.add(organisation)
        db.session.flush()
    progress("teams")
    teams = {}
    for name, kind in TEAMS:
        team = db.session.scalar(select(Team).where(Team.organisation_id == organisation.id, Team.name == name))
        if team is None:
            team = Team(organisation_id=organisation.id, name=name, kind=kind.value)
            db.session.add(team)
        teams[name] = team
    db.session.flush()

    progress("people")
    # One hash for all demo people: hashing sixteen times with a production cost takes seconds.
    password_hash = None
    for email, name, role, team_name, manages in PEOPLE:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            continue
        password_hash = password_hash or hash_password(password)
        user = User(
            organisation_id=organisation.id,
            email=email,
            name=name,
            role=role.value,
            password_hash=password_hash,
            # They "joined" before the six weeks of demo history.
            created_at=utcnow() - timedelta(weeks=HISTORY_WEEKS + 1),
        )
        if team_name:
            user.memberships.append(Membership(team=teams[team_name], manages=manages))
        db.session.add(user)
    db.session.flush()

    today = local_today(organisation.time_zone)
    progress("behaviours")
    behaviours = seed_catalogue(organisation, today)
    seed_history(organisation, behaviours, today, progress)
    coaching = seed_catalogue(organisation, today, COACHING)
    seed_history(organisation, coaching, today, progress, role=Role.MANAGER)
    seed_boards(organisation, progress)
    seed_recognition(organisation, progress)
    seed_voice(organisation, progress)
    seed_outcomes(organisation, progress)
    return organisation

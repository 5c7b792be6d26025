"""The rules of administration: starting an organisation, people, settings, holidays, erasure.

Functions take the acting user, flush rather than commit; the request commits once.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from flask import current_app
from marshmallow import ValidationError
from marshmallow.validate import Email
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash

from backend.accounts import service as accounts
from backend.accounts.models import (
    Invite,
    Membership,
    Organisation,
    PasswordReset,
    Role,
    User,
    UserSession,
)
from backend.admin.audit import record_audit
from backend.admin.models import AuditEntry
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.rhythm import read as rhythm
from backend.signals import admin_stepping_down, holidays_chosen, person_deactivated, personal_data_erase
from backend.timeutil import utcnow

# A set-password link from `create-org` is read by whoever runs the command, often later that week.
FIRST_ADMIN_LINK_VALIDITY = timedelta(days=7)
MAX_BULK_INVITES = 200
ERASED_EMAIL_DOMAIN = "erased.invalid"  # RFC 2606: .invalid never delivers


# --- starting an organisation -----------------------------------------------------------------


def setup_needed() -> bool:
    """First run over HTTP: only with RITME_ALLOW_SIGNUP and while no organisation exists."""
    return bool(current_app.config.get("RITME_ALLOW_SIGNUP")) and not _any_organisation()


def _any_organisation() -> bool:
    return db.session.scalar(select(Organisation.id).limit(1)) is not None


def create_organisation(
    name: str,
    admin_email: str,
    admin_name: str | None = None,
    admin_password: str | None = None,
    time_zone: str = "Europe/Amsterdam",
    locale: str = "nl",
) -> tuple[Organisation, User, str | None]:
    """A new organisation with its first admin. Without a password, returns a single-use set-password link."""
    email = accounts.normalise_email(admin_email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict("email_taken", fields={"email": [translate("email_taken")]})
    organisation = Organisation(name=name.strip(), time_zone=time_zone, locale=locale)
    db.session.add(organisation)
    db.session.flush()
    admin = User(
        organisation_id=organisation.id,
        email=email,
        name=(admin_name or email.split("@")[0]).strip(),
        role=Role.ADMIN.value,
        password_hash=accounts.hash_password(admin_password) if admin_password else None,
        time_zone=time_zone,
        locale=locale,
    )
    db.session.add(admin)
    db.session.flush()
    link = None
    if not admin_password:
        raw, hashed = accounts.new_token()
        db.session.add(PasswordReset(user=admin, token_hash=hashed, expires_at=utcnow() + FIRST_ADMIN_LINK_VALIDITY))
        link = f"{current_app.config['RITME_BASE_URL']}/reset-password/{raw}"
    record_audit(None, "organisation_created", organisation)
    db.session.flush()
    return organisation, admin, link


def first_run_setup(args: dict) -> User:
    """Create the first organisation from the browser; nobody can once signup is off or one exists."""
    if not current_app.config.get("RITME_ALLOW_SIGNUP"):
        raise NotFound()
    if _any_organisation():
        raise Forbidden("setup_done")
    _organisation, admin, _link = create_organisation(
        args["organisation_name"],
        args["email"],
        admin_name=args["name"],
        admin_password=args["password"],
        time_zone=args["time_zone"],
        locale=args["locale"],
    )
    return admin


# --- people -----------------------------------------------------------------------------------


def _ensure_people_manager(actor: User) -> None:
    if actor.role not in (Role.ADMIN, Role.MANAGER):
        raise Forbidden()


def list_people(
    actor: User, q: str | None = None, team_id: int | None = None, role: str | None = None, active: bool | None = None
) -> list[User]:
    """Everyone of the organisation (admins) or of the teams one manages (managers)."""
    _ensure_people_manager(actor)
    query = (
        select(User)
        .where(User.organisation_id == actor.organisation_id, User.erased_at.is_(None))
        .options(selectinload(User.memberships).joinedload(Membership.team))
        .order_by(func.lower(User.name), User.id)
    )
    if not actor.is_admin:
        managed = actor.managed_team_ids() or {-1}
        query = query.where(User.id.in_(select(Membership.user_id).where(Membership.team_id.in_(managed))))
    if team_id is not None:
        accounts.get_team(actor, team_id)
        query = query.where(User.id.in_(select(Membership.user_id).where(Membership.team_id == team_id)))
    if role:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.active.is_(active))
    if q and q.strip():
        escaped = q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            or_(func.lower(User.name).like(pattern, escape="\\"), func.lower(User.email).like(pattern, escape="\\"))
        )
    return list(db.session.scalars(query))


def _ensure_can_manage_person(actor: User, person: User) -> None:
    """Admins manage everyone; managers manage the reps and staff of the teams they manage."""
    if actor.is_admin:
        return
    if (
        actor.role == Role.MANAGER
        and person.role in (Role.REP, Role.STAFF)
        and actor.managed_team_ids() & person.team_ids()
    ):
        return
    raise Forbidden()


def _other_active_admins(person: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(
            User.organisation_id == person.organisation_id,
            User.role == Role.ADMIN.value,
            User.active.is_(True),
            User.id != person.id,
        )
    )


def _ensure_not_last_admin(person: User, change: str) -> None:
    """Refuse when an organisation would lose its last admin, or another domain needs this admin (identity: the
    break-glass admin while the provider is required)."""
    if person.role == Role.ADMIN and person.active and _other_active_admins(person) == 0:
        raise Conflict("last_admin")
    if person.role == Role.ADMIN and person.active:
        admin_stepping_down.send(person, change=change)


def update_person(actor: User, user_id: int, changes: dict) -> User:
    """Change a person's role or team, or deactivate/reactivate them."""
    person = accounts.get_person(actor, user_id)
    if changes.get("team_id") is not None:
        accounts.get_team(actor, changes["team_id"])  # another organisation's team is 'not found' before all else
    _ensure_can_manage_person(actor, person)
    if "role" in changes and changes["role"] != person.role:
        _change_role(actor, person, changes["role"])
    if changes.get("team_id") is not None:
        _move_to_team(actor, person, changes["team_id"])
    if "active" in changes and changes["active"] != person.active:
        if changes["active"]:
            reactivate(actor, person)
        else:
            deactivate(actor, person)
    db.session.flush()
    return person


def _change_role(actor: User, person: User, role: str) -> None:
    if not actor.is_admin and role not in (Role.REP, Role.STAFF):
        raise Forbidden()
    if person.id == actor.id:
        raise Conflict("not_yourself")
    if role != Role.ADMIN:
        _ensure_not_last_admin(person, "role")
    before = person.role
    person.role = role
    if role not in (Role.MANAGER, Role.ADMIN):
        for membership in person.memberships:
            membership.manages = False
    record_audit(actor, "role_changed", person, {"from": before, "to": role})


def _move_to_team(actor: User, person: User, team_id: int) -> None:
    """Put the person in this team instead of the team(s) the actor manages them in."""
    team = accounts.get_team(actor, team_id)
    if team.archived_at is not None:
        raise DomainError("validation_failed", 422, fields={"team_id": [translate("team_archived")]})
    if not actor.is_admin and team.id not in actor.managed_team_ids():
        raise Forbidden()
    movable = actor.managed_team_ids() if not actor.is_admin else person.team_ids()
    before = sorted(m.team.name for m in person.memberships)
    for membership in list(person.memberships):
        if membership.team_id in movable and membership.team_id != team.id:
            person.memberships.remove(membership)
    if team.id not in person.team_ids():
        person.memberships.append(Membership(team=team, manages=False))
    db.session.flush()
    after = sorted(m.team.name for m in person.memberships)
    if before != after:
        record_audit(actor, "team_changed", person, {"from": before, "to": after})


def deactivate(actor: User, person: User) -> None:
    """The person can no longer sign in, their sessions end, reminders and boards forget them; history stays."""
    if person.id == actor.id:
        raise Conflict("not_yourself")
    _ensure_not_last_admin(person, "deactivate")
    person.active = False
    accounts.end_all_sessions(person)
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == person.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    person_deactivated.send(person)
    record_audit(actor, "person_deactivated", person)


def reactivate(actor: User, person: User) -> None:
    person.active = True
    db.session.flush()
    record_audit(actor, "person_reactivated", person)


# --- invites ----------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[,;\t]")
_NAME_AND_ADDRESS = re.compile(r"^.*<([^<>]+)>\s*$")  # "Lotte Smit <lotte@example.nl>" from a mail client
_is_email = Email()


def _problem(line: int, value: str, code: str) -> dict:
    return {"line": line, "value": value[:254], "code": code, "message": translate(code)}


def invite_many(actor: User, text: str, team_id: int, role: str) -> tuple[list[Invite], list[dict]]:
    """Invite every address of a pasted list (one per line); report each line that could not be invited."""
    team = accounts.get_team(actor, team_id)
    accounts._ensure_can_manage_people_of(actor, team, role)
    if team.archived_at is not None:
        raise DomainError("validation_failed", 422, fields={"team_id": [translate("team_archived")]})
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        for part in _SEPARATORS.split(line):
            value = part.strip()
            if value:
                entries.append((number, value))
    if not entries:
        raise DomainError("validation_failed", 422, fields={"emails": [translate("no_emails")]})
    if len(entries) > MAX_BULK_INVITES:
        raise DomainError(
            "validation_failed", 422, fields={"emails": [translate("too_many_emails", max=MAX_BULK_INVITES)]}
        )

    problems, wanted, seen = [], [], set()
    for number, value in entries:
        match = _NAME_AND_ADDRESS.match(value)
        email = accounts.normalise_email(match.group(1) if match else value)
        try:
            if len(email) > 254:
                raise ValidationError("too long")
            _is_email(email)
        except ValidationError:
            problems.append(_problem(number, value, "invalid_email"))
            continue
        if email in seen:
            problems.append(_problem(number, value, "duplicate_in_list"))
            continue
        seen.add(email)
        wanted.append((number, value, email))

    addresses = [email for _n, _v, email in wanted] or ["-"]
    taken = set(db.session.scalars(select(User.email).where(User.email.in_(addresses))))
    open_invites = set(
        db.session.scalars(
            select(Invite.email).where(
                Invite.organisation_id == actor.organisation_id,
                Invite.email.in_(addresses),
                Invite.accepted_at.is_(None),
                Invite.revoked_at.is_(None),
                Invite.expires_at > utcnow(),
            )
        )
    )
    invites = []
    for number, value, email in wanted:
        if email in taken:
            problems.append(_problem(number, value, "email_taken"))
        elif email in open_invites:
            problems.append(_problem(number, value, "already_invited"))
        else:
            invite, _raw = accounts.invite_person(actor, email, team.id, role)
            invites.append(invite)
    problems.sort(key=lambda p: p["line"])
    return invites, problems


# --- organisation settings --------------------------------------------------------------------

SETTINGS = (
    "name",
    "time_zone",
    "locale",
    "visibility",
    "boards_top_only",
    "leaders_shown",
    "retention_days",
    "win_points",
    "confirmed_win_bonus",
)


def _ensure_admin(actor: User) -> None:
    if not actor.is_admin:
        raise Forbidden()


def organisation_of(actor: User) -> Organisation:
    _ensure_admin(actor)
    return db.session.get(Organisation, actor.organisation_id)


def update_settings(actor: User, changes: dict) -> Organisation:
    organisation = organisation_of(actor)
    changed = {}
    for field in SETTINGS:
        if field not in changes:
            continue
        value = changes[field].strip() if field == "name" else changes[field]
        before = getattr(organisation, field)
        if value != before:
            setattr(organisation, field, value)
            changed[field] = [before, value]
    db.session.flush()
    if changed:
        record_audit(actor, "settings_changed", organisation, changed)
    return organisation


def load_public_holidays(actor: User, year: int) -> list:
    """Add the Dutch public holidays of a year as organisation holidays (named in the organisation's language)."""
    import holidays

    organisation = organisation_of(actor)
    language = "nl" if organisation.locale == "nl" else "en_US"
    calendar = holidays.country_holidays("NL", years=year, language=language)
    chosen = [(day, name[:80]) for day, name in sorted(calendar.items())]
    added = [holiday for _receiver, answer in holidays_chosen.send(actor, days=chosen) for holiday in answer or ()]
    record_audit(actor, "holidays_loaded", organisation, {"year": year, "count": len(added)})
    return added


# --- audit log --------------------------------------------------------------------------------


def audit_log(actor: User, before_id: int | None = None, limit: int = 50) -> list[AuditEntry]:
    _ensure_admin(actor)
    query = (
        select(AuditEntry)
        .where(AuditEntry.organisation_id == actor.organisation_id)
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    entries = list(db.session.scalars(query))
    user_ids = {e.target_id for e in entries if e.target_type == "user" and e.target_id}
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids or {-1}))).all())
    for entry in entries:
        entry.target_name = names.get(entry.target_id) if entry.target_type == "user" else entry.target_label
    return entries


# --- erasure (the right to be forgotten) ------------------------------------------------------


def erase_own_account(user: User, password: str) -> None:
    if not user.password_hash or not check_password_hash(user.password_hash, password):
        raise DomainError("wrong_password", 403, fields={"password": [translate("wrong_password")]})
    erase_person(user, user)


def erase_account_of(actor: User, user_id: int) -> None:
    """An admin erases the account of someone who left."""
    person = accounts.get_person(actor, user_id)
    _ensure_admin(actor)
    erase_person(actor, person)


def erase_person(actor: User, person: User) -> None:
    """Erase personal data; check-ins and points stay with an anonymous row so team history does not change."""
    _ensure_not_last_admin(person, "erase")
    email, name = person.email, person.name
    rhythm.catch_up(person.organisation_id, commit=False)  # no tap of theirs may fold in after the erase
    # Other domains first, while they can still find the person by id and address (rhythm: notes and the
    # reasons of away days go, check-ins and days stay for the team's history).
    personal_data_erase.send(person)
    person_deactivated.send(person)

    db.session.query(UserSession).filter(UserSession.user_id == person.id).delete(synchronize_session=False)
    db.session.query(PasswordReset).filter(PasswordReset.user_id == person.id).delete(synchronize_session=False)

    anonymous_email = f"erased-{secrets.token_hex(8)}@{ERASED_EMAIL_DOMAIN}"
    db.session.execute(
        update(Invite)
        .where(Invite.email == email)
        .values(email=anonymous_email)
        .execution_options(synchronize_session=False)
    )
    _scrub_audit(person.organisation_id, (email, name))

    organisation = db.session.get(Organisation, person.organisation_id)
    person.name = translate("deleted_user", organisation.locale)
    person.email = anonymous_email
    person.password_hash = None
    person.active = False
    person.board_opt_in = False
    person.erased_at = utcnow()
    for membership in person.memberships:
        membership.manages = False
    db.session.flush()
    record_audit(actor, "person_erased", person, {"self": actor.id == person.id}, organisation_id=organisation.id)


def _scrub_audit(organisation_id: int, secrets_: tuple[str, ...]) -> None:
    """Labels and details that happen to hold the person's name or address lose them."""
    needles = [s for s in secrets_ if s and len(s) >= 3]
    for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.organisation_id == organisation_id)):
        if entry.target_label and any(n.lower() in entry.target_label.lower() for n in needles):
            entry.target_label = "—"
        if entry.details:
            text = repr(entry.details).lower()
            if any(n.lower() in text for n in needles):
                entry.details = _scrubbed(entry.details, needles)


def _scrubbed(value, needles):
    if isinstance(value, str):
        for needle in needles:
            value = re.sub(re.escape(needle), "—", value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [_scrubbed(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, needles) for key, item in value.items()}
    return value

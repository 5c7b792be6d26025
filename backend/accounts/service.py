"""The rules of accounts: sign-in and sessions, profiles, invites, password resets, teams.

Functions flush rather than commit; the request commits once (see create_app).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, session
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from backend import signals
from backend.accounts import queries
from backend.accounts.models import (
    Invite,
    Membership,
    Organisation,
    PasswordReset,
    Role,
    Team,
    User,
    UserSession,
)
from backend.accounts.queries import SignedInUser
from backend.audit import record_audit
from backend.errors import Conflict, DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.mail import send_mail
from backend.timeutil import utcnow

SESSION_IDLE_LIMIT = timedelta(days=30)
# Writing last_seen_at on every request would cost a write per tap; once an hour is enough
# to keep a 30-day idle limit honest.
SESSION_TOUCH_INTERVAL = timedelta(hours=1)
INVITE_VALIDITY = timedelta(days=7)
RESET_VALIDITY = timedelta(hours=1)


# --- tokens and passwords -------------------------------------------------------------------


def new_token() -> tuple[str, str]:
    """A random token for a link or cookie, and the hash we store instead of it."""
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _dummy_hash() -> str:
    # Checked when the e-mail is unknown, so a wrong address takes as long as a wrong password.
    extensions = current_app.extensions
    if "ritme_dummy_hash" not in extensions:
        extensions["ritme_dummy_hash"] = hash_password(secrets.token_hex(8))
    return extensions["ritme_dummy_hash"]


# --- sign-in and sessions -------------------------------------------------------------------


def authenticate(email: str, password: str) -> User:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        raise DomainError("invalid_credentials", 401)
    if not check_password_hash(user.password_hash, password) or not user.active:
        raise DomainError("invalid_credentials", 401)
    # The right password: another domain may still refuse it (identity, when the organisation requires its provider).
    signals.password_sign_in.send(user)
    return user


def start_session(user: User, user_agent: str | None = None) -> str:
    raw, hashed = new_token()
    db.session.add(UserSession(token_hash=hashed, user=user, user_agent=(user_agent or "")[:255]))
    db.session.flush()
    user.session_token = raw
    return raw


# The session lookup of every request but the hot ones (those read queries.find_session): the
# session's columns and the person as the ORM's model, in one statement.
_SESSION_WITH_USER = (
    select(UserSession.id, UserSession.revoked_at, UserSession.last_seen_at, User)
    .join(User, User.id == UserSession.user_id)
    .where(UserSession.token_hash == bindparam("token_hash"))
)


def load_session(raw_token: str, plain: bool = False) -> User | SignedInUser | None:
    """The person behind a session cookie, or None when the session ended or idled out.

    `plain` answers a SignedInUser read on the driver's cursor (accounts/queries.py), for the views
    that open most; otherwise the User model, with the token of the session the request came with.
    """
    hashed = token_hash(raw_token)
    if plain:
        found = queries.find_session(raw_token, hashed)
        row = (found.id, found.revoked_at, found.last_seen_at, found.user) if found else None
    else:
        row = db.session.execute(_SESSION_WITH_USER, {"token_hash": hashed}).first()
    if row is None:
        return None
    session_id, revoked_at, last_seen_at, user = row
    now = utcnow()
    idle = now - last_seen_at
    if revoked_at is not None or idle > SESSION_IDLE_LIMIT or not user.active:
        return None
    if idle > SESSION_TOUCH_INTERVAL:
        db.session.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now))
        # The cookie is re-sent only when the session changes (SESSION_REFRESH_EACH_REQUEST is off):
        # renewing its 30 days once an hour keeps a daily user signed in without a write per tap.
        session.modified = True
    if not plain:
        user.session_token = raw_token
    return user


def end_session(raw_token: str | None) -> None:
    if not raw_token:
        return
    record = db.session.scalar(select(UserSession).where(UserSession.token_hash == token_hash(raw_token)))
    if record is not None and record.revoked_at is None:
        record.revoked_at = utcnow()


def end_all_sessions(user: User, keep_token: str | None = None) -> int:
    keep_hash = token_hash(keep_token) if keep_token else None
    open_sessions = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    ).all()
    ended = 0
    for record in open_sessions:
        if record.token_hash != keep_hash:
            record.revoked_at = utcnow()
            ended += 1
    return ended


# --- profile ----------------------------------------------------------------------------------


def update_profile(user: User, changes: dict) -> User:
    for field in ("name", "time_zone", "locale"):
        if field in changes:
            setattr(user, field, changes[field].strip() if field == "name" else changes[field])
    db.session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.password_hash or not check_password_hash(user.password_hash, current_password):
        raise DomainError("wrong_password", 403, fields={"current_password": [translate("wrong_password")]})
    user.password_hash = hash_password(new_password)
    end_all_sessions(user, keep_token=user.session_token)


# --- invites ----------------------------------------------------------------------------------


def get_team(actor: User, team_id: int) -> Team:
    """A team of the actor's organisation; any other id is 'not found', never 'forbidden'."""
    team = db.session.get(Team, team_id)
    if team is None or team.organisation_id != actor.organisation_id:
        raise NotFound()
    return team


def get_person(actor: User, user_id: int) -> User:
    """A person of the actor's organisation; another organisation's or an erased account is 'not found'."""
    person = db.session.get(User, user_id)
    if person is None or person.organisation_id != actor.organisation_id or person.erased_at is not None:
        raise NotFound()
    return person


def _ensure_can_manage_people_of(actor: User, team: Team, role: str) -> None:
    if actor.is_admin:
        return
    if actor.role == Role.MANAGER and team.id in actor.managed_team_ids() and role in (Role.REP, Role.STAFF):
        return
    raise Forbidden()


def invite_person(actor: User, email: str, team_id: int, role: str) -> tuple[Invite, str]:
    team = get_team(actor, team_id)
    _ensure_can_manage_people_of(actor, team, role)
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict("email_taken", fields={"email": [translate("email_taken")]})
    raw, hashed = new_token()
    invite = Invite(
        organisation_id=actor.organisation_id,
        email=email,
        team=team,
        role=role,
        token_hash=hashed,
        invited_by=actor,
        expires_at=utcnow() + INVITE_VALIDITY,
    )
    db.session.add(invite)
    db.session.flush()
    send_invite_mail(invite, raw, actor)
    record_audit(actor, "person_invited", invite, {"team": team.name, "role": role})
    return invite, raw


def send_invite_mail(invite: Invite, raw_token: str, inviter: User) -> None:
    link = f"{current_app.config['RITME_BASE_URL']}/invite/{raw_token}"
    organisation = db.session.get(Organisation, invite.organisation_id)
    # Where the organisation's provider covers the address, the invitee never chooses a password (identity).
    provider = next((name for _receiver, name in signals.invite_sign_in_method.send(invite) if name), None)
    words = dict(inviter=inviter.name, organisation=organisation.name, link=link)
    body = (
        translate("invite_body_provider", organisation.locale, provider=provider, **words)
        if provider
        else translate("invite_body", organisation.locale, **words)
    )
    send_mail(invite.email, translate("invite_subject", organisation.locale), body)


def get_invite(actor: User, invite_id: int) -> Invite:
    """An invite of the actor's organisation that the actor may manage (same rights as sending it)."""
    invite = db.session.get(Invite, invite_id)
    if invite is None or invite.organisation_id != actor.organisation_id:
        raise NotFound()
    _ensure_can_manage_people_of(actor, invite.team, invite.role)
    return invite


def resend_invite(actor: User, invite_id: int) -> Invite:
    """Send an open (or expired) invite again with a fresh link; the old link stops working."""
    invite = get_invite(actor, invite_id)
    if invite.accepted_at is not None or invite.revoked_at is not None:
        raise Conflict("invite_closed")
    raw, hashed = new_token()
    invite.token_hash = hashed
    invite.expires_at = utcnow() + INVITE_VALIDITY
    db.session.flush()
    send_invite_mail(invite, raw, actor)
    record_audit(actor, "invite_resent", invite)
    return invite


def list_invites(actor: User) -> list[Invite]:
    query = select(Invite).where(Invite.organisation_id == actor.organisation_id).order_by(Invite.created_at.desc())
    if not actor.is_admin:
        if actor.role != Role.MANAGER:
            raise Forbidden()
        query = query.where(Invite.team_id.in_(actor.managed_team_ids() or {-1}))
    return list(db.session.scalars(query))


def revoke_invite(actor: User, invite_id: int) -> None:
    """Withdraw an open invite: its link stops working. Same rights as sending it."""
    invite = db.session.get(Invite, invite_id)
    if invite is None or invite.organisation_id != actor.organisation_id:
        raise NotFound()
    _ensure_can_manage_people_of(actor, invite.team, invite.role)
    if invite.accepted_at is not None:
        raise Conflict()  # accepted: the person exists now
    if invite.revoked_at is None:
        invite.revoked_at = utcnow()
        record_audit(actor, "invite_revoked", invite)
    db.session.flush()


def _usable(expires_at: datetime, *used: datetime | None) -> bool:
    return all(moment is None for moment in used) and expires_at > utcnow()


def find_open_invite(raw_token: str) -> Invite:
    invite = db.session.scalar(select(Invite).where(Invite.token_hash == token_hash(raw_token)))
    if invite is None or not _usable(invite.expires_at, invite.accepted_at, invite.revoked_at):
        raise DomainError("token_invalid", 410)
    return invite


def accept_invite(raw_token: str, name: str, password: str) -> User:
    invite = find_open_invite(raw_token)
    person = _person_of(invite, name)
    # Choosing a password is a password sign-in to come: another domain may refuse it (identity, when the
    # organisation requires its provider: the invitee completes the invite there instead).
    signals.password_sign_in.send(person, accepting_invite=True)
    person.password_hash = hash_password(password)
    return _join(invite, person)


def open_invite_for(email: str, organisation_id: int) -> Invite | None:
    """The open invite of this address into this organisation, if any (the newest)."""
    invites = db.session.scalars(
        select(Invite)
        .where(Invite.email == normalise_email(email), Invite.organisation_id == organisation_id)
        .order_by(Invite.created_at.desc())
    )
    return next((i for i in invites if _usable(i.expires_at, i.accepted_at, i.revoked_at)), None)


def accept_invite_without_password(invite: Invite, name: str) -> User:
    """The invitee proved the address some other way (identity: the organisation's provider vouched for it):
    the person the invite names, without a password."""
    return _join(invite, _person_of(invite, name))


def _person_of(invite: Invite, name: str) -> User:
    organisation = invite.organisation
    return User(
        organisation_id=invite.organisation_id,
        email=invite.email,
        name=name.strip(),
        password_hash=None,
        role=invite.role,
        time_zone=organisation.time_zone,
        locale=organisation.locale,
    )


def _join(invite: Invite, user: User) -> User:
    invite.accepted_at = utcnow()
    user.memberships.append(Membership(team=invite.team, manages=invite.role == Role.MANAGER))
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # Someone registered the address since the invite went out.
        db.session.rollback()
        raise Conflict("email_taken") from None
    return user


# --- password reset ---------------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address is known; say nothing either way (no account probing)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        return
    raw, hashed = new_token()
    db.session.add(PasswordReset(user=user, token_hash=hashed, expires_at=utcnow() + RESET_VALIDITY))
    db.session.flush()
    link = f"{current_app.config['RITME_BASE_URL']}/reset-password/{raw}"
    send_mail(
        user.email,
        translate("reset_subject", user.locale),
        translate("reset_body", user.locale, name=user.name, link=link),
    )


def reset_password(raw_token: str, password: str) -> User:
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == token_hash(raw_token)))
    if reset is None or not _usable(reset.expires_at, reset.used_at):
        raise DomainError("token_invalid", 410)
    now = utcnow()
    # Claim the link atomically: of two requests racing with one link, only one gets a row back.
    claimed = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise DomainError("token_invalid", 410)
    # Every open link of this person is spent, not only this one: an older mail in a
    # compromised inbox must not reset the new password again.
    for open_reset in db.session.scalars(
        select(PasswordReset).where(PasswordReset.user_id == reset.user_id, PasswordReset.used_at.is_(None))
    ):
        open_reset.used_at = now
    reset.user.password_hash = hash_password(password)
    # A reset is what someone does who fears their password is known: end every session.
    end_all_sessions(reset.user)
    return reset.user


# --- teams ------------------------------------------------------------------------------------


def list_teams(actor: User, include_archived: bool = False) -> list[Team]:
    query = select(Team).where(Team.organisation_id == actor.organisation_id).order_by(Team.name)
    if not (include_archived and actor.is_admin):
        query = query.where(Team.archived_at.is_(None))
    return list(db.session.scalars(query.options(selectinload(Team.memberships).joinedload(Membership.user))))


def _ensure_admin(actor: User) -> None:
    if not actor.is_admin:
        raise Forbidden()


def _ensure_unique_team_name(actor: User, name: str, except_id: int | None = None) -> None:
    clash = db.session.scalar(
        select(Team.id).where(
            Team.organisation_id == actor.organisation_id, Team.name == name, Team.id != (except_id or -1)
        )
    )
    if clash is not None:
        raise Conflict(fields={"name": ["A team with this name exists."]})


def create_team(actor: User, name: str, kind: str) -> Team:
    _ensure_admin(actor)
    name = name.strip()
    _ensure_unique_team_name(actor, name)
    team = Team(organisation_id=actor.organisation_id, name=name, kind=kind)
    db.session.add(team)
    db.session.flush()
    record_audit(actor, "team_created", team, {"kind": kind})
    return team


def update_team(actor: User, team_id: int, changes: dict) -> Team:
    team = get_team(actor, team_id)
    _ensure_admin(actor)
    before = {"name": team.name, "kind": team.kind, "archived": team.archived_at is not None}
    if "name" in changes:
        name = changes["name"].strip()
        _ensure_unique_team_name(actor, name, except_id=team.id)
        team.name = name
    if "kind" in changes:
        team.kind = changes["kind"]
    if "archived" in changes and changes["archived"] != before["archived"]:
        team.archived_at = utcnow() if changes["archived"] else None
    after = {"name": team.name, "kind": team.kind, "archived": team.archived_at is not None}
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    db.session.flush()
    if changed:
        record_audit(actor, "team_updated", team, changed)
    return team


def list_members(actor: User, team_id: int) -> list[Membership]:
    team = get_team(actor, team_id)
    # An erased person's membership stays (team history holds) but nobody sees it.
    present = [m for m in team.memberships if m.user.erased_at is None]
    return sorted(present, key=lambda m: (not m.manages, m.user.name.lower()))


def set_membership(actor: User, team_id: int, user_id: int, manages: bool) -> Membership:
    team = get_team(actor, team_id)
    person = get_person(actor, user_id)
    if manages and person.role not in (Role.MANAGER, Role.ADMIN):
        raise DomainError("validation_failed", 422, fields={"manages": ["Only managers and admins can manage a team."]})
    _ensure_can_manage_people_of(actor, team, Role.MANAGER if manages else person.role)
    membership = db.session.scalar(
        select(Membership).where(Membership.team_id == team.id, Membership.user_id == person.id)
    )
    was = None if membership is None else membership.manages
    if membership is None:
        membership = Membership(team=team, user=person)
        db.session.add(membership)
    membership.manages = manages
    db.session.flush()
    if was != manages:
        record_audit(actor, "member_set", person, {"team": team.name, "manages": manages})
    return membership


def remove_membership(actor: User, team_id: int, user_id: int) -> None:
    team = get_team(actor, team_id)
    person = get_person(actor, user_id)
    membership = db.session.scalar(
        select(Membership).where(Membership.team_id == team.id, Membership.user_id == person.id)
    )
    if membership is None:
        raise NotFound()
    _ensure_can_manage_people_of(actor, team, Role.MANAGER if membership.manages else person.role)
    db.session.delete(membership)
    db.session.flush()
    record_audit(actor, "member_removed", person, {"team": team.name})

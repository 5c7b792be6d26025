"""The weekly reflection: asked from Friday 08:00 to Monday 12:00 in the person's own time zone;
read only by the person and their managers (admins see that it exists, not what it says)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from backend import csvfile, signals
from backend.accounts.models import Membership, Role, Team, User
from backend.errors import DomainError, Forbidden, NotFound
from backend.extensions import db
from backend.reflections.models import Reflection, ReflectionReply
from backend.timeutil import utcnow

OPENS = (5, time(8, 0))  # Friday 08:00
CLOSES = (1, time(12, 0))  # Monday 12:00


@dataclass(frozen=True)
class Window:
    week_start: date  # Monday of the week reflected on
    opens_at: datetime  # UTC
    closes_at: datetime  # UTC
    open: bool

    @property
    def iso_week(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


def window_for(user: User, now: datetime | None = None) -> Window:
    """The reflection window that is open now, else the next one. Wall-clock times in the person's
    zone, so a DST change on the weekend moves the instants, never the local hours."""
    now = now or utcnow()
    zone = ZoneInfo(user.time_zone)
    local = now.astimezone(zone)
    monday = local.date() - timedelta(days=local.isoweekday() - 1)
    if local.isoweekday() == 1 and local.time() < CLOSES[1]:
        monday -= timedelta(weeks=1)  # Monday morning still belongs to last week's window

    def bounds(week_start: date) -> tuple[datetime, datetime]:
        opens = datetime.combine(week_start + timedelta(days=OPENS[0] - 1), OPENS[1], zone)
        closes = datetime.combine(week_start + timedelta(weeks=1), CLOSES[1], zone)
        return opens.astimezone(ZoneInfo("UTC")), closes.astimezone(ZoneInfo("UTC"))

    opens_at, closes_at = bounds(monday)
    return Window(monday, opens_at, closes_at, opens_at <= now < closes_at)


def is_manager_of(actor: User, person: User) -> bool:
    return bool(actor.managed_team_ids() & person.team_ids())


def can_read(actor: User, reflection: Reflection) -> bool:
    return actor.id == reflection.user_id or is_manager_of(actor, reflection.user)


def _visible(actor: User, reflection: Reflection | None) -> Reflection:
    if reflection is None or reflection.organisation_id != actor.organisation_id:
        raise NotFound()
    if not (can_read(actor, reflection) or actor.is_admin):
        raise NotFound()
    return reflection


@dataclass(frozen=True)
class Current:
    window: Window
    asked: bool
    reflection: Reflection | None


def current(actor: User, now: datetime | None = None) -> Current:
    window = window_for(actor, now)
    reflection = _own(actor, window.week_start)
    asked = window.open and actor.role == Role.REP and (reflection is None or not reflection.answer)
    return Current(window, asked, reflection)


def _own(actor: User, week_start: date) -> Reflection | None:
    return db.session.scalar(
        select(Reflection)
        .where(Reflection.user_id == actor.id, Reflection.week_start == week_start)
        .options(selectinload(Reflection.replies))
    )


def answer(actor: User, text: str, now: datetime | None = None) -> tuple[Reflection, bool]:
    """Write or rewrite this week's reflection; only while the window is open."""
    now = now or utcnow()
    window = window_for(actor, now)
    if not window.open:
        raise DomainError("reflection_closed", 422)
    text = text.strip()
    reflection = _own(actor, window.week_start)
    if reflection is not None:
        reflection.answer, reflection.updated_at, reflection.text_removed_at = text, now, None
        db.session.flush()
        return reflection, False
    reflection = Reflection(
        organisation_id=actor.organisation_id,
        user_id=actor.id,
        week_start=window.week_start,
        answer=text,
        created_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(reflection)
            db.session.flush()
    except IntegrityError:
        # Two devices answered at once: the second write updates the first.
        reflection = _own(actor, window.week_start)
        reflection.answer, reflection.updated_at = text, now
        db.session.flush()
        return reflection, False
    return reflection, True


def list_reflections(actor: User, user_id: int | None = None, team_id: int | None = None) -> list[Reflection]:
    """Mine; or one person's (their managers; admins without the text); or a team's."""
    query = (
        select(Reflection)
        .where(Reflection.organisation_id == actor.organisation_id)
        .options(selectinload(Reflection.replies).selectinload(ReflectionReply.author), selectinload(Reflection.user))
        .order_by(Reflection.week_start.desc(), Reflection.id.desc())
        .limit(200)
    )
    if team_id is not None:
        team = db.session.get(Team, team_id)
        if team is None or team.organisation_id != actor.organisation_id:
            raise NotFound()
        if not (actor.is_admin or team.id in actor.managed_team_ids()):
            raise Forbidden()
        query = query.where(Reflection.user_id.in_(select(Membership.user_id).where(Membership.team_id == team.id)))
    elif user_id is not None and user_id != actor.id:
        person = db.session.get(User, user_id)
        if person is None or person.organisation_id != actor.organisation_id:
            raise NotFound()
        if not (actor.is_admin or is_manager_of(actor, person)):
            raise Forbidden()
        query = query.where(Reflection.user_id == person.id)
    else:
        query = query.where(Reflection.user_id == actor.id)
    return list(db.session.scalars(query))


def get_reflection(actor: User, reflection_id: int) -> Reflection:
    return _visible(actor, db.session.get(Reflection, reflection_id))


def reply(actor: User, reflection_id: int, text: str, now: datetime | None = None) -> Reflection:
    """The rep's manager replies, or the rep answers the reply: a short coaching thread per week."""
    reflection = _visible(actor, db.session.get(Reflection, reflection_id))
    if not can_read(actor, reflection):
        raise Forbidden()  # an admin who is not their manager sees that it exists, no more
    message = ReflectionReply(reflection=reflection, author_id=actor.id, text=text.strip(), created_at=now or utcnow())
    db.session.add(message)
    db.session.flush()
    if actor.id == reflection.user_id:
        recipients = db.session.scalars(
            select(Membership.user_id)
            .where(Membership.team_id.in_(reflection.user.team_ids() or {-1}), Membership.manages.is_(True))
            .distinct()
        ).all()
    else:
        recipients = [reflection.user_id]
    for recipient_id in recipients:
        if recipient_id != actor.id:
            signals.reflection_replied.send(message, reflection=reflection, recipient_id=recipient_id)
    db.session.flush()
    return reflection


# --- export, retention, data rights ---------------------------------------------------------


def rows_of(user: User) -> list[dict]:
    reflections = db.session.scalars(
        select(Reflection)
        .where(Reflection.user_id == user.id)
        .options(selectinload(Reflection.replies).selectinload(ReflectionReply.author))
        .order_by(Reflection.week_start)
    ).all()
    return [
        {
            "week": f"{r.week_start.isocalendar()[0]}-W{r.week_start.isocalendar()[1]:02d}",
            "week_start": r.week_start.isoformat(),
            "answer": r.answer,
            "created_at": r.created_at.isoformat(),
            "replies": [
                {"author": m.author.name if m.author else None, "text": m.text, "created_at": m.created_at.isoformat()}
                for m in r.replies
            ],
        }
        for r in reflections
    ]


def export(actor: User, fmt: str) -> tuple[str, str, str]:
    """(body, mimetype, filename) of my reflections as JSON or CSV."""
    rows = rows_of(actor)
    if fmt == "json":
        return json.dumps({"reflections": rows}, ensure_ascii=False, indent=2), "application/json", "reflections.json"
    body = csvfile.text(
        ["week", "week_start", "answer", "replies"],
        (
            [
                row["week"],
                row["week_start"],
                row["answer"],
                "\n".join(f"{m['author'] or '?'}: {m['text']}" for m in row["replies"]),
            ]
            for row in rows
        ),
    )
    return body, "text/csv", "reflections.csv"


@signals.retention_due.connect
def remove_old_texts(organisation, cutoff: datetime, **_kwargs) -> None:
    """Reflection texts and their threads older than the organisation's retention go; the fact
    that someone reflected that week stays."""
    old = select(Reflection.id).where(Reflection.organisation_id == organisation.id, Reflection.created_at < cutoff)
    db.session.execute(delete(ReflectionReply).where(ReflectionReply.reflection_id.in_(old)))
    db.session.execute(
        update(Reflection)
        .where(
            Reflection.organisation_id == organisation.id,
            Reflection.created_at < cutoff,
            Reflection.answer.is_not(None),
        )
        .values(answer=None, text_removed_at=utcnow())
    )
    db.session.expire_all()


@signals.personal_data_export.connect
def export_personal_data(user: User, **_kwargs) -> dict:
    return {"reflections": rows_of(user)}


@signals.personal_data_erase.connect
def erase_personal_data(user: User, **_kwargs) -> None:
    db.session.execute(delete(ReflectionReply).where(ReflectionReply.author_id == user.id))
    mine = select(Reflection.id).where(Reflection.user_id == user.id)
    db.session.execute(delete(ReflectionReply).where(ReflectionReply.reflection_id.in_(mine)))
    db.session.execute(delete(Reflection).where(Reflection.user_id == user.id))
    db.session.expire_all()


@signals.organisation_data_export.connect
def export_organisation_data(organisation, **_kwargs) -> dict:
    """That someone reflected in a week, never what they wrote: admins see existence, not text."""

    def rows():
        for reflection in db.session.scalars(
            select(Reflection).where(Reflection.organisation_id == organisation.id).order_by(Reflection.week_start)
        ):
            yield {
                "user_id": reflection.user_id,
                "week_start": reflection.week_start.isoformat(),
                "answered": bool(reflection.answer) or reflection.text_removed_at is not None,
                "replies": len(reflection.replies),
            }

    return {"reflections": rows}

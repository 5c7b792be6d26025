"""The weekly team summary: on Monday from 09:00 in the organisation's time zone, one event per team about
the ISO week that just ended — check-ins against the cadence (added up over the team), wins logged and
badges earned. Thin: numbers, and names only of badge earners the visibility preset would show on a
people board (leaderboards' public_name: open everyone, teams first those who opted in, private nobody).

The scheduler's heartbeat asks at most once a minute (receivers.send_due). Each (endpoint, team, week) is
one delivery row (its unique key), so a restart, a second scheduler or the next minute adds nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import Organisation, Team, User
from backend.badges import read as badges
from backend.boards import read as boards
from backend.extensions import db
from backend.i18n import translate
from backend.integrations import service
from backend.integrations.models import Endpoint
from backend.leaderboards import read as leaderboards
from backend.teamrhythm import read as teamrhythm
from backend.timeutil import utcnow
from backend.voice import read as voice
from backend.wins import read as wins

EVENT = "team.summary"
SENDS_AT = time(9, 0)  # Monday morning, local: the week before is over everywhere in the organisation
NAMES_MAX = service.NAMES_MAX
QUOTE_MAX = 300  # one quote, short enough for a channel; the whole voice is in Ritme


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def due_week(organisation: Organisation, now: datetime) -> date | None:
    """The Monday of the week to sum up when `now` is Monday from 09:00 in the organisation's zone, else None."""
    local = now.astimezone(ZoneInfo(organisation.time_zone))
    if local.isoweekday() != 1 or local.time() < SENDS_AT:
        return None
    return local.date() - timedelta(days=7)


def run(now: datetime | None = None) -> int:
    """Enqueue the summaries due now (commits); returns how many deliveries were added."""
    now = now or utcnow()
    wanting = {
        e.organisation_id
        for e in db.session.scalars(select(Endpoint).where(Endpoint.enabled.is_(True)))
        if EVENT in (e.events or [])
    }
    added = 0
    for organisation_id in sorted(wanting):
        organisation = db.session.get(Organisation, organisation_id)
        monday = due_week(organisation, now)
        if monday is None:
            continue
        teams = db.session.scalars(
            select(Team.id).where(Team.organisation_id == organisation_id, Team.archived_at.is_(None)).order_by(Team.id)
        ).all()
        for team_id in teams:
            try:
                added += service.enqueue(
                    organisation_id,
                    EVENT,
                    f"{team_id}:{week_label(monday)}",
                    lambda org, t=team_id, m=monday: team_week_data(org, t, m),
                    now,
                )
                db.session.commit()
            except IntegrityError:  # another scheduler added this one a moment ago
                db.session.rollback()
    db.session.commit()
    return added


def team_week_data(organisation: Organisation, team_id: int, monday: date) -> dict:
    lang = organisation.locale
    team = db.session.get(Team, team_id)
    zone = ZoneInfo(organisation.time_zone)
    since = datetime.combine(monday, time(0), tzinfo=zone)
    until = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
    totals = teamrhythm.week_totals(team_id, monday)
    ids = [m.id for m in boards.team_members(team_id)]
    win_count = wins.wins_between(ids, since, until)
    awards = [(user_id, at) for user_id, at in badges.awards_since(ids, since) if _aware(at) < until] if ids else []
    earners = []
    for user_id in dict.fromkeys(user_id for user_id, _ in awards):
        name = leaderboards.public_name(organisation, db.session.get(User, user_id))
        if name and len(earners) < NAMES_MAX:
            earners.append(name)
    share = round(100 * totals.done / totals.target) if totals.target else None
    week = monday.isocalendar().week
    facts = [
        [translate("hook_summary_checkins", lang), f"{totals.done} / {totals.target}"],
        [translate("hook_summary_wins", lang), str(win_count)],
        [translate("hook_summary_badges", lang), str(len(awards))],
    ]
    if earners:
        facts.append([translate("hook_summary_earners", lang), ", ".join(earners)])
    detail = (
        translate("hook_summary_detail", lang, done=totals.done, target=totals.target, share=share)
        if share is not None
        else translate("hook_summary_no_cadence", lang)
    )
    heard = voice.team_week(organisation.id, team_id, monday, monday + timedelta(days=6))
    voices = _voices(heard)
    if heard.count:
        facts.append([translate("hook_summary_voices", lang), str(heard.count)])
        if heard.average_score is not None:
            facts.append([translate("hook_summary_score", lang), _score(heard.average_score, lang)])
    if voices["quote"]:
        detail += "\n\n" + translate("hook_summary_quote", lang, quote=voices["quote"]["text"])
    data = {
        "title": translate("hook_summary_title", lang, week=week, team=team.name if team else ""),
        "detail": detail,
        "facts": facts,
        "url": service.link("/leaderboard"),
        "team": {"id": team_id, "name": team.name if team else ""},
        "week": week_label(monday),
        "checkins": totals.done,
        "expected": totals.target,
        "wins": win_count,
        "badges": len(awards),
        "voices": voices,
    }
    return data


def _voices(heard) -> dict:
    """The week's voices, thin: the quote's words only — never who shared it, nor the customer (a channel
    may have guests from outside the organisation); a quote names a customer's person only if its sharer
    typed it, as in Ritme itself."""
    quote = None
    if heard.quote is not None:
        text = heard.quote.quote.strip()
        quote = {
            "text": text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…",
            "pinned": heard.quote.pinned,
            "score": heard.quote.score,
        }
    return {"count": heard.count, "average_score": heard.average_score, "quote": quote}


def _score(value: float, lang: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)

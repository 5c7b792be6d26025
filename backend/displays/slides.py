"""What a screen shows: everything its slides need in one read, from the other domains' read APIs.

Goals (goals/read.py), the team's rhythm this week (goals/read.py: the share a rhythm goal counts), the
customer-facing share (teamrhythm/read.py, board aggregates), the celebration feed (feed/read.py), the week's
customer voices about the screen's teams, pinned quotes first (voice/read.py) and the
top 5 (leaderboards/read.py, only under the open preset and never in public mode). The answer depends
only on the display's configuration (organisation, teams, mode), never on who asks, so it is cached per
configuration for `DISPLAY_CACHE_SECONDS` in each worker: a hundred screens of one configuration polling
every 10 s cost one build per worker per period. Public mode leaves out every name and every free text
a person wrote (a badge's reason, a win's text could name someone; a customer's quote and name): teams,
goals, counts, scores and badge names only.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date, timedelta
from pathlib import Path

from flask import current_app

from backend.accounts.models import Organisation, Team
from backend.displays.models import Display, DisplayMode
from backend.extensions import db
from backend.feed import read as feed
from backend.goals import read as goals
from backend.leaderboards import read as leaderboards
from backend.rhythm import read as rhythm
from backend.teamrhythm import read as teamrhythm
from backend.timeutil import local_today, utcnow
from backend.voice import read as voice

TREND_WEEKS = 8
CELEBRATIONS = 12
VOICE_DAYS = 7  # the week's voices: the last seven days, so a Monday's screen is not empty
PINNED_DAYS = 28  # a quote a manager pinned stays on the screen for four weeks
VOICES = 5
_CACHE_KEY = "ritme.display_slides"


def _cache() -> dict:
    return current_app.extensions.setdefault(_CACHE_KEY, {})


def slides(display: Display) -> dict:
    """The screen's data, as the last build for its configuration left it (at most the cache's age old)."""
    key = (display.organisation_id, tuple(sorted(display.team_ids)), display.mode)
    seconds = current_app.config.get("DISPLAY_CACHE_SECONDS", 20)
    now = time.monotonic()
    hit = _cache().get(key)
    if hit is not None and hit[0] > now:
        data = hit[1]
    else:
        rhythm.catch_up(display.organisation_id)  # fold pending taps first, as every board read does
        data = build(display.organisation_id, list(key[1]), display.mode)
        if seconds > 0:
            _cache()[key] = (now + seconds, data)
    return {
        **data,
        "display": {
            "id": display.id,
            "name": display.name,
            "mode": display.mode,
            "slide_seconds": display.slide_seconds,
        },
    }


def clear_cache() -> None:
    _cache().clear()


def build(organisation_id: int, team_ids: list[int], mode: str) -> dict:
    """One configuration's slides, built from the aggregates and the feed (no check-in is scanned for it)."""
    organisation = db.session.get(Organisation, organisation_id)
    public = mode == DisplayMode.PUBLIC
    today = local_today(organisation.time_zone)
    teams = [t for t in (db.session.get(Team, team_id) for team_id in team_ids) if t and t.archived_at is None]
    names = {team.id: team.name for team in teams}
    goal_of = {g.goal.team_id: g for g in goals.current_goals(list(names), today)}
    top = None if public else leaderboards.top_people(organisation, list(names))
    return {
        "organisation": {"name": organisation.name, "locale": organisation.locale, "time_zone": organisation.time_zone},
        "updated_at": utcnow().isoformat(),
        "today": today.isoformat(),
        "release": release(),
        "teams": [_team(team, organisation_id, today, goal_of.get(team.id)) for team in teams],
        "celebrations": [_celebration(c, names, public) for c in feed.celebrations(organisation_id, list(names))],
        "board": None if top is None else [{"rank": r.rank, "name": r.name, "value": r.value} for r in top],
        "voices": _voices(organisation_id, names, today, public),
    }


def _voices(organisation_id: int, team_names: dict[int, str], today: date, public: bool) -> list[dict]:
    """The week's customer voices about the screen's teams, pinned ones first (also from the weeks before).
    A voice names no colleague; in public mode it also leaves out the quote and the customer."""
    if not team_names:
        return []
    lines = voice.voices_between(
        organisation_id, today - timedelta(days=PINNED_DAYS - 1), today, list(team_names), limit=VOICES * 4
    )
    recent = today - timedelta(days=VOICE_DAYS - 1)
    items = []
    for line in [v for v in lines if v.pinned or v.said_on >= recent][:VOICES]:
        item = {
            "id": line.id,
            "said_on": line.said_on.isoformat(),
            "score": line.score,
            "channel": line.channel,
            "team": team_names.get(line.team_id),
            "pinned": line.pinned,
        }
        if not public:
            item.update(quote=line.quote, customer=line.customer)
        items.append(item)
    return items


def _team(team: Team, organisation_id: int, today: date, goal) -> dict:
    done, due = goals.rhythm_this_week(team.id, organisation_id, today)
    trend = teamrhythm.customer_facing_weeks(team.id, today, TREND_WEEKS)
    return {
        "id": team.id,
        "name": team.name,
        "rhythm": {"done": done, "due": due, "percent": round(100 * done / due) if due else None},
        "goal": None
        if goal is None
        else {
            "period": goal.goal.period,
            "kind": goal.goal.kind,
            "target": goal.goal.target,
            "value": goal.value,
            "percent": goal.percent,
            "reached": goal.reached,
            "ends_on": goal.ends_on.isoformat(),
        },
        "customer_facing": [
            {"week": w.week, "share": w.share, "checkins": w.checkins, "customer_facing": w.customer_facing}
            for w in trend
        ],
    }


def _celebration(c: feed.Celebration, team_names: dict[int, str], public: bool) -> dict:
    confirmed = c.kind == "win" and c.confirmed_at is not None
    # The screen's team it belongs to: the goal's team, else the first of the screen's teams that the
    # person or a credited colleague is in (a win by Finance crediting Sales shows as Sales's).
    team_name = c.team_name or next(iter(sorted(team_names[t] for t in c.team_ids if t in team_names)), None)
    item = {
        # The screen interrupts its rotation once per key: a win celebrates again when it is confirmed.
        "key": f"{c.kind}:{c.id}" + (":confirmed" if confirmed else ""),
        "kind": c.kind,
        "at": c.at.isoformat(),
        "confirmed": confirmed,
        "team": team_name,
        "badge": c.badge_name,
        "emoji": c.emoji,
    }
    if not public:
        item.update(
            person=c.person_name,
            reason=c.reason,
            text=c.win_text,
            customer=c.customer,
            credited=list(c.credited_names),
        )
    return item


def release() -> str:
    """The built app's version (a hash of its index.html, whose asset names change with every build):
    a screen that sees it change reloads itself."""
    known = current_app.extensions.get("ritme.release")
    if known is None:
        index = Path(current_app.config["FRONTEND_DIST"]) / "index.html"
        known = hashlib.sha256(index.read_bytes()).hexdigest()[:12] if index.exists() else "dev"
        current_app.extensions["ritme.release"] = known
    return known

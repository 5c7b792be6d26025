"""What integrations hear: celebrations become deliveries; the scheduler's heartbeat sends what is due.

Event receivers run inside the sender's transaction, so a delivery exists exactly when the thing it
tells about was committed. They never fail the request that caused them (a webhook is not worth a
lost badge): each runs in a savepoint (backend/receiving.py), errors are logged.
"""

from __future__ import annotations

import logging
import time as clock

from flask import current_app

from backend import signals
from backend.extensions import db
from backend.integrations import delivery, service, summary
from backend.receiving import guarded
from backend.rhythm import read as rhythm

log = logging.getLogger(__name__)


_safely = guarded("integrations")


@signals.badge_awarded.connect
@_safely
def on_badge_awarded(award, **_):
    service.enqueue(award.organisation_id, "badge.awarded", award.id, lambda org: service.badge_data(award, org))


@signals.win_logged.connect
@_safely
def on_win_logged(win, **_):
    service.enqueue(win.organisation_id, "win.logged", win.id, lambda org: service.win_data(win, org))


@signals.win_confirmed.connect
@_safely
def on_win_confirmed(win, **_):
    service.enqueue(win.organisation_id, "win.confirmed", win.id, lambda org: service.win_data(win, org, True))


@signals.team_goal_reached.connect
@_safely
def on_team_goal_reached(goal, team_id, **_):
    service.enqueue(goal.organisation_id, "goal.reached", goal.id, lambda org: service.goal_data(team_id, org))


@signals.challenge_closed.connect
@_safely
def on_challenge_closed(challenge, organisation_id=None, **_):
    # The closer sends this once per challenge; the delivery's key (endpoint, challenge) keeps it once anyway.
    challenge_id = challenge.id
    service.enqueue(
        organisation_id or challenge.organisation_id,
        "challenge.result",
        challenge_id,
        lambda org: service.challenge_data(challenge_id, org),
        challenge.closed_at,
    )


@signals.checkins_folded.connect
@_safely
def on_checkins_folded(_sender, organisation_id, checkins, **_):
    for checkin in checkins:
        count = checkin.streak_after
        if count not in service.STREAK_MILESTONES:
            continue
        behaviour = rhythm.behaviour_in(organisation_id, checkin.behaviour_id)
        service.enqueue(
            organisation_id,
            "streak.milestone",
            f"{checkin.user_id}:{checkin.behaviour_id}:{count}:{checkin.occurred_on.isoformat()}",
            lambda org, c=checkin, b=behaviour, n=count: service.streak_data(c.user_id, b, n, org),
        )


@signals.retention_due.connect
def on_retention_due(organisation, **_):
    return service.prune(organisation.id)


SUMMARY_EVERY = 60.0  # seconds: the weekly summaries are looked for once a minute, not on every beat
_summaries_looked_at = 0.0


@signals.heartbeat.connect
def send_due(_sender, **_):
    """Every couple of seconds in the scheduler: the deliveries that are due (commits its own work);
    once a minute, the weekly team summaries that have become due."""
    global _summaries_looked_at
    if clock.monotonic() - _summaries_looked_at >= SUMMARY_EVERY:
        _summaries_looked_at = clock.monotonic()
        try:
            summary.run()
        except Exception:
            db.session.rollback()
            log.exception("weekly team summaries failed; trying again in a minute")
    try:
        delivery.run_due(current_app._get_current_object())
    except Exception:
        db.session.rollback()
        log.exception("sending webhooks failed; trying again on the next beat")

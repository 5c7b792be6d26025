"""Domain events. A domain announces what happened; others listen, so domains stay apart
(recognition awards automatic badges on checkins_folded without rhythm importing it).

Each signal documents its sender and keyword arguments. Receivers run inside the request's
transaction: they flush, never commit.
"""

from blinker import Namespace

_signals = Namespace()

# rhythm — taps folded in after the fact, in batches of one organisation (rhythm/fold.py): the tap itself
# stays lean. sender: None; kwargs: organisation_id, checkins (list of fold.FoldedCheckIn, in id order).
# Receivers run in the fold's transaction, which may be a background process's.
checkins_folded = _signals.signal("checkins-folded")
# rhythm — sender: the deleted CheckIn; kwargs: user. Only for a check-in that was folded in already:
# one undone before its fold never reached anyone.
checkin_undone = _signals.signal("checkin-undone")
# rhythm — check-ins inserted in bulk without the signals above (CSV import). sender: None;
# kwargs: organisation_id, user_ids (the people whose history changed). Boards rebuild their aggregates.
checkins_imported = _signals.signal("checkins-imported")

# Points that are not check-ins (wins, confirmed wins, badges) for the boards.
# sender: None; kwargs: organisation_id, user_id, day (local date it counts for), delta (float, may be negative),
# source ("win" | "win_confirmed" | "badge"), source_id
points_changed = _signals.signal("points-changed")

# recognition — sender: the Win; kwargs: actor
win_logged = _signals.signal("win-logged")
win_confirmed = _signals.signal("win-confirmed")
# recognition — sender: the Applause; kwargs: recipient_id (user applauded), target_kind ("win" | "award"), target_id
applause_given = _signals.signal("applause-given")
# recognition — sender: the BadgeAward; kwargs: recipient_id
badge_awarded = _signals.signal("badge-awarded")
# recognition — sender: the Win; kwargs: user_id (credited colleague)
win_credited = _signals.signal("win-credited")
# boards — sender: the TeamGoal; kwargs: team_id
team_goal_reached = _signals.signal("team-goal-reached")
# reflections — sender: the reply; kwargs: reflection, recipient_id
reflection_replied = _signals.signal("reflection-replied")

# any domain → admin: an entry for the audit log, sent by backend/audit.py:record_audit (the only sender).
# sender: the acting User or None (the system); kwargs: action (snake_case), target (a model instance or None),
# details (a small JSON-able dict or None), organisation_id (None: the actor's or the target's).
# admin/audit.py writes the entry and returns it; receivers flush, never commit.
audit_recorded = _signals.signal("audit-recorded")

# accounts/admin — sender: the User; a deactivated person gets no reminders and leaves the boards
person_deactivated = _signals.signal("person-deactivated")
# admin → every domain. Data rights. sender: the User. Each domain's receiver returns {"<kind>": [rows as dicts]}
# for the export (dates and instants may stay date/datetime: admin writes them as ISO 8601).
personal_data_export = _signals.signal("personal-data-export")
# admin → every domain. sender: the User about to be erased; each domain removes or anonymises its personal data
# (rhythm: check-in notes and away-day reasons go, the check-ins and days stay). Admin folds pending taps first.
personal_data_erase = _signals.signal("personal-data-erase")
# admin → every domain. Retention. sender: the Organisation; kwargs: cutoff (UTC instant). Each domain deletes
# notes/texts older; a receiver may answer {"<what>": count} (rhythm: {"check_in_notes": n}) for the job's report.
retention_due = _signals.signal("retention-due")
# admin → rhythm. An admin loaded a calendar of holidays (Beheer → Organisatie). sender: the acting User (an admin);
# kwargs: days (list of (date, name)). Rhythm adds each as an organisation holiday and returns them.
holidays_chosen = _signals.signal("holidays-chosen")
# admin → every domain. Organisation export. sender: the Organisation. Each domain's receiver returns
# {"<kind>": rows}, where rows is a list of dicts or, for large kinds, a callable returning an iterable of dicts
# (read in batches). The signal is sent and the callables run while the response streams, in one session.
organisation_data_export = _signals.signal("organisation-data-export")

# The scheduler (backend/push/scheduler.py) — sender: None; kwargs: now (UTC instant). Sent once a day
# after 02:00 UTC (and again after a restart: receivers must be idempotent). Nightly work listens here.
nightly = _signals.signal("nightly")
# The scheduler — sender: None. Sent every couple of seconds between its ticks: short catch-up work
# (folding new check-ins into the boards). Receivers commit their own work.
heartbeat = _signals.signal("heartbeat")

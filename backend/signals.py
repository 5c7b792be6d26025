"""Domain events. A domain announces what happened; others listen, so domains stay apart
(badges award automatic badges on checkins_folded without rhythm importing them).

Each signal documents its sender and keyword arguments. Receivers run inside the request's
transaction: they flush, never commit. A receiver that must never fail its sender (a notification, a
webhook) is decorated with backend/receiving.py's `guarded`: it runs in a savepoint.
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
# An import sends it once per few people, each send in its own short transaction (rhythm/imports.py).
checkins_imported = _signals.signal("checkins-imported")

# Points that are not check-ins (wins, confirmed wins, badges) for the boards.
# sender: None; kwargs: organisation_id, user_id, day (local date it counts for), delta (float, may be negative),
# source ("win" | "win_confirmed" | "badge"), source_id
points_changed = _signals.signal("points-changed")

# wins — sender: the Win; kwargs: actor (its author). The feed adds the win's line.
win_logged = _signals.signal("win-logged")
# wins — sender: the Win; kwargs: actor (who confirmed). The feed notifies the author.
win_confirmed = _signals.signal("win-confirmed")
# wins — sender: the Win, about to be deleted by its author. The feed removes its line and notifications.
win_deleted = _signals.signal("win-deleted")
# wins — sender: the Win; kwargs: user_id (credited colleague). The feed and push notify them.
win_credited = _signals.signal("win-credited")
# wins — sender: the Applause; kwargs: recipient_id (user applauded), target_kind ("win" | "award"), target_id.
# The feed and push notify the recipient.
applause_given = _signals.signal("applause-given")
# wins — applause taken back. sender: None; kwargs: user_id (who had applauded), target_kind, target_id.
# The feed removes the unread notification.
applause_withdrawn = _signals.signal("applause-withdrawn")
# wins — sender: None; kwargs: user_ids, count ("wins" | "credited_wins" | "confirmed_wins" | "applause"),
# at (UTC instant the change happened, or None for now). These people's number of wins logged, credited,
# confirmed, or applause received (on wins and badge awards) grew. Sent after the signals of the change
# itself, so that what it leads to (automatic badges) comes after the win's line and notifications.
recognition_counts_changed = _signals.signal("recognition-counts-changed")
# badges — sender: the BadgeAward; kwargs: recipient_id. The feed adds the award's line and notifies the
# recipient; push sends it.
badge_awarded = _signals.signal("badge-awarded")
# badges — someone applauds a badge award. sender: the BadgeAward; kwargs: actor (who applauds). Badges checked
# that the actor may see it and did not receive it; wins keeps the applause (once per person, wins/applause.py)
# and, for a new one, sends applause_given and recognition_counts_changed.
award_applauded = _signals.signal("award-applauded")
# badges — someone takes their applause for a badge award back. sender: the BadgeAward; kwargs: actor. Wins
# removes it, if any, and sends applause_withdrawn.
award_applause_withdrawn = _signals.signal("award-applause-withdrawn")
# badges — awards about to be deleted (a person's erasure). sender: None; kwargs: award_ids (list of ids).
# Wins deletes their applause.
awards_deleted = _signals.signal("awards-deleted")
# badges — sender: the Nomination; kwargs: manager_ids (managers of the nominee's teams), actor (nominator).
# The feed notifies the managers.
nomination_made = _signals.signal("nomination-made")
# badges — sender: the Nomination, approved or declined; kwargs: actor (who decided). The feed notifies the
# nominator (linking the award when approved: nomination.award_id).
nomination_decided = _signals.signal("nomination-decided")
# boards — customer-facing check-ins are now counted in the board aggregates (after a fold, boards/receivers.py).
# sender: None; kwargs: organisation_id, team_ids (the teams their people are members of), days (their local dates).
# Goals checks whether they completed a customer-facing goal.
customer_facing_counted = _signals.signal("customer-facing-counted")
# boards — everyone's consistency was brought up to today (`flask boards settle`, boards/cli.py, nightly).
# sender: None; kwargs: organisation_id. Goals settle the goals not yet reached, those whose period ended included.
standings_settled = _signals.signal("standings-settled")
# integrations → rhythm. A connected system (a CRM's inbound source) checks a behaviour in for a person.
# sender: None; kwargs: user_id, behaviour_id, client_id (a UUID made from the source and its event id, so the
# same event delivered twice is one check-in), source ("crm"), quality (dict or None), occurred_on (optional local
# date: a suggestion of yesterday confirmed today; rhythm's limits apply). Rhythm records it like a
# tap, marked with its source (undone like any check-in), and answers {"checkin_id": id, "created": bool}; a
# refusal (already checked in, not this person's behaviour…) is raised as a DomainError. Flushes, never commits.
external_checkin = _signals.signal("external-checkin")
# integrations → outcomes. A CRM event matched an outcome rule (e.g. a deal won): add `amount` to the person's
# figure of the measure for the ISO week of `at` in the organisation's time zone. sender: None; kwargs:
# organisation_id, user_id, measure_id, amount (float: 1 per event, or the deal's value), at (UTC instant).
# Sent once per source and event id (integrations logs the event in the same transaction: a replay is a
# duplicate and sends nothing). Outcomes answers {"week_start": date, "value": float}; an unknown measure is
# raised as a DomainError. Flushes, never commits.
outcome_event = _signals.signal("outcome-event")
# goals — sender: the TeamGoal; kwargs: team_id. The feed adds a line, badges grant team-goal badges,
# push tells the team.
team_goal_reached = _signals.signal("team-goal-reached")
# thermostat — a majority of the team's members recognised themselves in the drafted standard (thermostat/service.py).
# sender: the ThermostatRound; kwargs: organisation_id, team_id, period ("month" | "quarter"), starts_on (first local
# day of that period), kind and target (as a TeamGoal's), title (the standard's words), actor_id (who drafted it, or
# None). Goals makes it the team's goal for that period (goals/receivers.py), replacing the current one; flushes.
team_standard_agreed = _signals.signal("team-standard-agreed")
# challenges — a challenge closed at its end, its final result computed once (challenges/closing.py): sent exactly
# once per challenge, in the closer's transaction. sender: the Challenge; kwargs: organisation_id, user_ids (its
# participants). The feed adds a line announcing the result (read through challenges/read.py); push tells each
# participant (push/events.py).
challenge_closed = _signals.signal("challenge-closed")
# challenges — a running challenge reached a moment worth telling its participants (challenges/milestones.py):
# sent at most once per challenge and milestone, from the scheduler's heartbeat, in a transaction of its own.
# sender: the Challenge; kwargs: organisation_id, milestone ("start" | "halfway" | "last_day"), at (the UTC
# instant the milestone happened), user_ids (its participants). Push tells each in their own daytime.
challenge_milestone = _signals.signal("challenge-milestone")
# challenges — a duel was proposed (challenges/duels.py, invite). sender: the Duel; kwargs: organisation_id, user_id
# (the invited colleague), actor_id (who invites). Push tells the invited one (in their daytime), with a link to answer.
duel_invited = _signals.signal("duel-invited")
# challenges — the invited colleague accepted or declined a duel: sent once, by the request whose conditional UPDATE
# answered it. sender: the Duel; kwargs: organisation_id, accepted (bool), user_id (the inviter, who is told).
duel_answered = _signals.signal("duel-answered")
# challenges — the inviter took an invitation back or called a duel off before it started. sender: the Duel;
# kwargs: organisation_id, user_id (the invited colleague). Push drops the invitation's news not yet delivered.
duel_withdrawn = _signals.signal("duel-withdrawn")
# challenges — an accepted duel ended and its result was computed (challenges/duel_ending.py): sent exactly once per
# duel, from the scheduler's heartbeat, in the transaction whose conditional UPDATE set its closed_at. sender: the
# Duel; kwargs: organisation_id, user_ids (the two). Push tells each the result as it is to them (challenges/read.py).
# Never to the integrations' channels: a duel is the two's own business.
duel_closed = _signals.signal("duel-closed")
# reflections — sender: the reply; kwargs: reflection, recipient_id. The feed and push notify the recipient.
reflection_replied = _signals.signal("reflection-replied")

# any domain → admin: an entry for the audit log, sent by backend/audit.py:record_audit (the only sender).
# sender: the acting User or None (the system); kwargs: action (snake_case), target (a model instance or None),
# details (a small JSON-able dict or None), organisation_id (None: the actor's or the target's).
# admin/audit.py writes the entry and returns it; receivers flush, never commit.
audit_recorded = _signals.signal("audit-recorded")

# accounts → identity. Someone gave the right password at /auth/login, or is choosing one while accepting an
# invite (kwargs: accepting_invite=True; sender then the new User, not stored yet, id None). sender: the User
# (active). A receiver may refuse by raising a DomainError (identity: the organisation requires its provider,
# code provider_required, 403); nothing is stored then. Sent before the session starts.
password_sign_in = _signals.signal("password-sign-in")
# accounts → identity. An invite mail is about to go out. sender: the Invite. A receiver returns the name of
# the provider the invitee will sign in with ("Microsoft", …) when the organisation's provider covers their
# address, else None; accounts then words the mail for that provider instead of "choose a password".
invite_sign_in_method = _signals.signal("invite-sign-in-method")
# admin → identity. An active admin is about to stop being one: deactivated, given another role, or erased.
# sender: the User (still an active admin); kwargs: change ("deactivate" | "role" | "erase"). A receiver may
# refuse by raising a DomainError (identity: the break-glass admin while the organisation requires its
# provider, code break_glass_admin, 409); sent before anything changes.
admin_stepping_down = _signals.signal("admin-stepping-down")
# accounts/admin — sender: the User; a deactivated person gets no reminders and leaves the boards
person_deactivated = _signals.signal("person-deactivated")
# admin → every domain. Data rights. sender: the User. Each domain's receiver returns {"<kind>": [rows as dicts]}
# for the export (dates and instants may stay date/datetime: admin writes them as ISO 8601).
personal_data_export = _signals.signal("personal-data-export")
# admin → every domain. sender: the User about to be erased; each domain removes or anonymises its personal data
# (rhythm: check-in notes and away-day reasons go, the check-ins and days stay). Admin folds pending taps first.
personal_data_erase = _signals.signal("personal-data-erase")
# admin → every domain. Retention. sender: the Organisation; kwargs: cutoff (UTC instant). Each domain deletes
# notes/texts older (voice: quotes and customer names); a receiver may answer {"<what>": count}
# (rhythm: {"check_in_notes": n}, voice: {"customer_voice_quotes": n}) for the job's report.
retention_due = _signals.signal("retention-due")
# admin → rhythm. An admin loaded a calendar of holidays (Beheer → Organisatie). sender: the acting User (an admin);
# kwargs: days (list of (date, name)). Rhythm adds each as an organisation holiday and returns them.
holidays_chosen = _signals.signal("holidays-chosen")
# admin → every domain. Organisation export. sender: the Organisation. Each domain's receiver returns
# {"<kind>": rows}, where rows is a list of dicts or, for large kinds, a callable returning an iterable of dicts
# (read in batches). The signal is sent and the callables run while the response streams, in one session.
organisation_data_export = _signals.signal("organisation-data-export")

# The scheduler (backend/push/scheduler.py) — sender: None; kwargs: now (UTC instant). Sent once per UTC day
# per installation, after 02:00 UTC: the scheduler first claims the day in the NightlyRun ledger (a row per day,
# committed), so a second scheduler or a restart does not send it again. Receivers flush, never commit: their
# work commits with the day marked done, and if one raises, none of it is kept and the next minute tries again.
# A claim whose scheduler died mid-run is taken over after an hour, so receivers stay idempotent.
# Nightly work listens here.
nightly = _signals.signal("nightly")
# The scheduler — sender: None. Sent every couple of seconds between its ticks: short catch-up work
# (folding new check-ins into the boards). Receivers commit their own work.
heartbeat = _signals.signal("heartbeat")

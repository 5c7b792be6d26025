"""The integrations' texts in Dutch and English, added to backend.i18n's catalogue (one block, one place)."""

from backend.i18n import MESSAGES

MESSAGES.update(
    {
        "hook_badge_title": {"nl": "{emoji} {person} kreeg de badge {badge}", "en": "{emoji} {person} earned {badge}"},
        "hook_badge_anonymous": {"nl": "Een collega", "en": "A colleague"},
        "hook_badge_reason": {"nl": "Waarom: {reason}", "en": "Why: {reason}"},
        "hook_win_title": {"nl": "🎉 {person} boekte een klantsucces", "en": "🎉 {person} logged a customer win"},
        "hook_win_confirmed_title": {
            "nl": "✅ De klant merkte het: klantsucces van {person} bevestigd",
            "en": "✅ The customer noticed: {person}'s win is confirmed",
        },
        "hook_goal_title": {"nl": "🏁 Team {team} haalde zijn doel", "en": "🏁 Team {team} reached its goal"},
        "hook_streak_title": {
            "nl": "🔥 {person}: {count} keer op rij {behaviour}",
            "en": "🔥 {person}: {behaviour} {count} times in a row",
        },
        "hook_challenge_title": {
            "nl": "🏆 Uitdaging ‘{title}’ is afgelopen",
            "en": "🏆 Challenge ‘{title}’ has ended",
        },
        "hook_challenge_winner": {"nl": "Team {team} wint.", "en": "Team {team} wins."},
        "hook_challenge_no_winner": {"nl": "Geen winnaar deze keer.", "en": "No winner this time."},
        "hook_challenge_together": {
            "nl": "Samen {total} van de {target} ({share} %).",
            "en": "{total} of {target} together ({share}%).",
        },
        "hook_challenge_beat": {
            "nl": "{count} van de {participants} deelnemers deden het beter dan hun vorige periode.",
            "en": "{count} of {participants} participants did better than their previous period.",
        },
        "hook_challenge_beat_names": {"nl": "Beter dan hun vorige periode", "en": "Beat their previous period"},
        "hook_test_title": {
            "nl": "👋 Testbericht van Ritme: deze koppeling werkt",
            "en": "👋 Test message from Ritme: this connection works",
        },
        "hook_summary_title": {"nl": "📊 Week {week}: team {team}", "en": "📊 Week {week}: team {team}"},
        "hook_summary_detail": {
            "nl": "{done} van de {target} check-ins die het ritme vroeg ({share} %).",
            "en": "{done} of the {target} check-ins the rhythm asked for ({share}%).",
        },
        "hook_summary_no_cadence": {
            "nl": "Geen ritme gevraagd deze week.",
            "en": "No rhythm was asked for this week.",
        },
        "hook_summary_checkins": {"nl": "Check-ins volgens ritme", "en": "Check-ins to rhythm"},
        "hook_summary_wins": {"nl": "Klantsuccessen", "en": "Customer wins"},
        "hook_summary_badges": {"nl": "Badges", "en": "Badges"},
        "hook_summary_earners": {"nl": "Badges voor", "en": "Badges for"},
        "hook_summary_voices": {"nl": "Stem van de klant", "en": "Customer voices"},
        "hook_summary_score": {"nl": "Gemiddelde score (0–10)", "en": "Average score (0–10)"},
        "hook_summary_quote": {"nl": "De klant: “{quote}”", "en": "The customer: “{quote}”"},
        "suggestion_decided": {
            "nl": "Deze suggestie is al bevestigd of weggehaald.",
            "en": "This suggestion was confirmed or dismissed already.",
        },
        "hook_customer": {"nl": "Klant", "en": "Customer"},
        "hook_open": {"nl": "Bekijk in Ritme", "en": "View in Ritme"},
        "hook_url_invalid": {"nl": "Dit is geen geldig webadres.", "en": "This is not a valid web address."},
        "hook_url_not_https": {"nl": "Een koppeling moet https gebruiken.", "en": "A connection must use https."},
        "hook_url_unresolvable": {
            "nl": "Dit adres is niet te vinden.",
            "en": "This address cannot be found.",
        },
        "hook_url_private": {
            "nl": "Dit adres wijst naar een intern netwerk; dat mag niet.",
            "en": "This address points into a private network, which is not allowed.",
        },
        "hook_secret_needed": {
            "nl": "Vul het client secret van je HubSpot-app in.",
            "en": "Fill in your HubSpot app's client secret.",
        },
        "hook_unknown_event": {"nl": "Onbekende gebeurtenis.", "en": "Unknown event."},
        "hook_unknown_behaviour": {"nl": "Onbekend gedrag.", "en": "Unknown behaviour."},
        "hook_outcome_needs_measure": {
            "nl": "Kies de uitkomst waar deze gebeurtenis bij optelt.",
            "en": "Choose the outcome this event adds to.",
        },
        "hook_outcome_needs_value_path": {
            "nl": "Geef het veld met de waarde van de deal.",
            "en": "Give the field holding the deal's value.",
        },
        "hook_needs_behaviour": {"nl": "Kies een gedrag.", "en": "Choose a behaviour."},
        "hook_unknown_measure": {"nl": "Onbekende uitkomst.", "en": "Unknown outcome."},
        "hook_auth_failed": {"nl": "Niet toegestaan.", "en": "Not allowed."},
        "hook_body_too_large": {"nl": "Het bericht is te groot.", "en": "The message is too large."},
        "hook_rate_limited": {"nl": "Te veel berichten; probeer het later.", "en": "Too many messages; try later."},
    }
)

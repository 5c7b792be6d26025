"""Server-side texts a person reads (error messages, e-mails), in Dutch and English."""

from __future__ import annotations

import re

from flask import g, has_request_context, request
from flask_login import current_user

SUPPORTED_LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"

MESSAGES: dict[str, dict[str, str]] = {
    "bad_request": {"nl": "Het verzoek is ongeldig.", "en": "The request is invalid."},
    "malformed_json": {
        "nl": "De inhoud is geen geldige JSON.",
        "en": "The body is not valid JSON.",
    },
    "json_too_deep": {
        "nl": "De JSON is te diep genest.",
        "en": "The JSON is nested too deeply.",
    },
    "field_unstorable": {
        "nl": "Bevat tekens die niet zijn toegestaan.",
        "en": "Contains characters that are not allowed.",
    },
    "field_year_out_of_range": {
        "nl": "Kies een datum tussen {first} en {last}.",
        "en": "Choose a date between {first} and {last}.",
    },
    "field_number_too_large": {"nl": "Dit getal is te groot.", "en": "This number is too large."},
    "validation_failed": {
        "nl": "Sommige velden zijn niet goed ingevuld.",
        "en": "Some fields are not filled in correctly.",
    },
    "not_authenticated": {"nl": "Log eerst in.", "en": "Please sign in first."},
    # office screens (backend/displays): RFC 8628's answers to a screen's poll, and Beheer → Schermen
    "authorization_pending": {"nl": "De code is nog niet ingevoerd.", "en": "The code has not been entered yet."},
    "slow_down": {"nl": "Vraag minder vaak.", "en": "Ask less often."},
    "expired_token": {"nl": "De code is verlopen.", "en": "The code has expired."},
    "access_denied": {"nl": "De koppeling is geweigerd.", "en": "The pairing was refused."},
    "invalid_grant": {"nl": "Deze code is niet (meer) geldig.", "en": "This code is not valid (any more)."},
    "display_unauthorized": {
        "nl": "Dit scherm is niet (meer) gekoppeld.",
        "en": "This screen is not (or no longer) paired.",
    },
    "display_code_unknown": {
        "nl": "Deze code kennen we niet, of hij is verlopen. Kijk of de code op het scherm klopt.",
        "en": "We do not know this code, or it has expired. Check the code on the screen.",
    },
    "display_unknown_team": {"nl": "Kies teams van je organisatie.", "en": "Choose teams of your organisation."},
    "display_not_your_team": {
        "nl": "Je kunt alleen teams kiezen die je leidt.",
        "en": "You can only choose teams you manage.",
    },
    "invalid_credentials": {
        "nl": "E-mailadres of wachtwoord klopt niet.",
        "en": "E-mail address or password is incorrect.",
    },
    "wrong_password": {"nl": "Het huidige wachtwoord klopt niet.", "en": "The current password is incorrect."},
    "csrf_failed": {
        "nl": "De beveiligingstoken ontbreekt of is verlopen. Probeer het opnieuw.",
        "en": "The security token is missing or expired. Please try again.",
    },
    "forbidden": {
        "nl": "Je hebt geen rechten voor deze actie.",
        "en": "You are not allowed to do this.",
    },
    "not_found": {"nl": "Niet gevonden.", "en": "Not found."},
    "method_not_allowed": {"nl": "Deze methode is hier niet toegestaan.", "en": "This method is not allowed here."},
    "conflict": {"nl": "Dit botst met wat er al is.", "en": "This conflicts with what already exists."},
    "email_taken": {
        "nl": "Dit e-mailadres is al in gebruik.",
        "en": "This e-mail address is already in use.",
    },
    "already_member": {"nl": "Deze persoon zit al in het team.", "en": "This person is already in the team."},
    "token_invalid": {
        "nl": "Deze link is al gebruikt of verlopen.",
        "en": "This link has already been used or has expired.",
    },
    "payload_too_large": {"nl": "De inhoud is te groot.", "en": "The body is too large."},
    "unsupported_media_type": {"nl": "Stuur JSON.", "en": "Send JSON."},
    "rate_limited": {
        "nl": "Te veel pogingen. Probeer het later opnieuw.",
        "en": "Too many attempts. Please try again later.",
    },
    "internal_error": {
        "nl": "Er ging iets mis aan onze kant. Probeer het opnieuw.",
        "en": "Something went wrong on our side. Please try again.",
    },
    "unavailable": {"nl": "De dienst is even niet beschikbaar.", "en": "The service is temporarily unavailable."},
    # Rhythm
    "unknown_team": {"nl": "Een van de teams bestaat niet.", "en": "One of the teams does not exist."},
    "times_per_week_required": {
        "nl": "Geef aan hoe vaak per week (1–7).",
        "en": "Say how many times per week (1–7).",
    },
    "days_required": {"nl": "Kies minstens één dag.", "en": "Choose at least one day."},
    "no_checklist": {
        "nl": "Dit gedrag heeft geen kwaliteitschecklist.",
        "en": "This behaviour has no quality checklist.",
    },
    "unknown_criteria": {"nl": "Onbekende criteria: {criteria}.", "en": "Unknown criteria: {criteria}."},
    "date_in_future": {"nl": "Deze datum ligt in de toekomst.", "en": "This date is in the future."},
    "date_too_old": {
        "nl": "Je kunt alleen vandaag of gisteren inchecken.",
        "en": "You can only check in for today or yesterday.",
    },
    "date_too_old_offline": {
        "nl": "Deze offline check-in is meer dan 7 dagen oud en kan niet meer mee.",
        "en": "This offline check-in is more than 7 days old and can no longer be accepted.",
    },
    "dates_disagree": {
        "nl": "De datum past niet bij het moment van inchecken.",
        "en": "The date does not match the moment of the check-in.",
    },
    "unknown_behaviour": {"nl": "Dit gedrag bestaat niet.", "en": "This behaviour does not exist."},
    "behaviour_archived": {
        "nl": "Dit gedrag is gearchiveerd; inchecken kan niet meer.",
        "en": "This behaviour is archived; you can no longer check in.",
    },
    "behaviour_not_for_you": {
        "nl": "Dit gedrag hoort niet bij jouw team.",
        "en": "This behaviour does not belong to your team.",
    },
    "already_checked_in": {
        "nl": "Je hebt dit gedrag voor deze dag al ingecheckt.",
        "en": "You have already checked in this behaviour for this day.",
    },
    "client_id_reused": {
        "nl": "Deze check-in-ID is al gebruikt voor iets anders.",
        "en": "This check-in ID was already used for something else.",
    },
    "too_old_to_undo": {
        "nl": "Alleen check-ins van vandaag en gisteren kun je ongedaan maken.",
        "en": "Only check-ins of today and yesterday can be undone.",
    },
    "end_before_start": {"nl": "De einddatum ligt voor de begindatum.", "en": "The end date is before the start date."},
    "span_too_long": {"nl": "Kies hooguit een jaar tegelijk.", "en": "Choose at most one year at a time."},
    # E-mails
    "invite_subject": {"nl": "Je bent uitgenodigd voor Ritme", "en": "You are invited to Ritme"},
    "invite_body": {
        "nl": "Hallo,\n\n{inviter} nodigt je uit voor {organisation} op Ritme.\n"
        "Kies je naam en wachtwoord via deze link (7 dagen geldig, één keer te gebruiken):\n\n{link}\n",
        "en": "Hello,\n\n{inviter} invites you to {organisation} on Ritme.\n"
        "Choose your name and password with this link (valid for 7 days, usable once):\n\n{link}\n",
    },
    "invite_body_provider": {
        "nl": "Hallo,\n\n{inviter} nodigt je uit voor {organisation} op Ritme.\n"
        "Meld je aan met je werkaccount ({provider}) via deze link "
        "(7 dagen geldig, één keer te gebruiken):\n\n{link}\n",
        "en": "Hello,\n\n{inviter} invites you to {organisation} on Ritme.\n"
        "Sign in with your work account ({provider}) with this link (valid for 7 days, usable once):\n\n{link}\n",
    },
    "reset_subject": {"nl": "Nieuw wachtwoord voor Ritme", "en": "A new password for Ritme"},
    "reset_body": {
        "nl": "Hallo {name},\n\nKies een nieuw wachtwoord via deze link "
        "(1 uur geldig, één keer te gebruiken):\n\n{link}\n\n"
        "Heb je dit niet gevraagd? Dan kun je deze e-mail negeren.\n",
        "en": "Hello {name},\n\nChoose a new password with this link (valid for 1 hour, usable once):\n\n{link}\n\n"
        "Did not ask for this? You can ignore this e-mail.\n",
    },
    # Import of historical check-ins (rhythm.imports)
    "import_unknown_email": {
        "nl": "Onbekend e-mailadres in deze organisatie: {email}.",
        "en": "Unknown e-mail address in this organisation: {email}.",
    },
    "import_unknown_behaviour": {
        "nl": "Onbekend gedrag in deze organisatie: {behaviour}.",
        "en": "Unknown behaviour in this organisation: {behaviour}.",
    },
    "import_ambiguous_behaviour": {
        "nl": "Meer dan één gedrag heet {behaviour}; geef ze eerst verschillende namen.",
        "en": "More than one behaviour is called {behaviour}; give them different names first.",
    },
    "import_not_for_person": {
        "nl": "Gedrag {behaviour} hoort niet bij een team van {email}.",
        "en": "Behaviour {behaviour} does not apply to any team of {email}.",
    },
    "import_bad_date": {
        "nl": "Ongeldige datum: {date} (gebruik JJJJ-MM-DD of DD-MM-JJJJ).",
        "en": "Invalid date: {date} (use YYYY-MM-DD or DD-MM-YYYY).",
    },
    "import_future_date": {
        "nl": "De datum {date} ligt in de toekomst.",
        "en": "The date {date} is in the future.",
    },
    "import_unstorable_text": {
        "nl": "Bevat tekens die niet zijn toegestaan (kolom: {columns}).",
        "en": "Contains characters that are not allowed (column: {columns}).",
    },
    "import_note_too_long": {
        "nl": "De notitie is langer dan {max} tekens.",
        "en": "The note is longer than {max} characters.",
    },
    "import_duplicate_row": {
        "nl": "Dubbele regel: dezelfde persoon, hetzelfde gedrag en dezelfde datum als regel {line}.",
        "en": "Duplicate row: the same person, behaviour and date as line {line}.",
    },
    "import_missing_columns": {
        "nl": "Ontbrekende waarde(n): {columns}.",
        "en": "Missing value(s): {columns}.",
    },
    "import_extra_columns": {
        "nl": "Te veel kolommen: {count} in plaats van hooguit {expected}. Staat er een scheidingsteken in de notitie?",
        "en": "Too many columns: {count} instead of at most {expected}. Is there a separator in the note?",
    },
    "import_bad_header": {
        "nl": "De eerste regel moet de kolommen email, behaviour, date en eventueel note noemen. {problem}",
        "en": "The first line must name the columns email, behaviour, date and optionally note. {problem}",
    },
    "import_header_missing": {"nl": "Ontbreekt: {columns}.", "en": "Missing: {columns}."},
    "import_header_unknown": {"nl": "Onbekend: {columns}.", "en": "Unknown: {columns}."},
    "import_header_doubled": {"nl": "Dubbel: {columns}.", "en": "Twice: {columns}."},
    "import_empty_file": {"nl": "Het bestand is leeg.", "en": "The file is empty."},
    "import_not_utf8": {
        "nl": "Het bestand is geen UTF-8. Sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)'.",
        "en": "The file is not UTF-8. In Excel, save it as 'CSV UTF-8 (comma delimited)'.",
    },
    "import_not_csv": {
        "nl": "Dit is geen leesbaar CSV-bestand.",
        "en": "This is not a readable CSV file.",
    },
    "import_file_required": {
        "nl": "Kies een CSV-bestand (veld 'file').",
        "en": "Choose a CSV file (field 'file').",
    },
    "import_send_csv": {
        "nl": "Stuur een CSV-bestand als multipart/form-data (veld 'file') of als text/csv.",
        "en": "Send a CSV file as multipart/form-data (field 'file') or as text/csv.",
    },
    "import_bad_flag": {"nl": "Gebruik true of false.", "en": "Use true or false."},
    "import_rejected": {
        "nl": "Er is niets geïmporteerd: {invalid} regel(s) zijn ongeldig en de import is strikt.",
        "en": "Nothing was imported: {invalid} row(s) are invalid and the import is strict.",
    },
    "import_template_email": {"nl": "lotte@voorbeeld.nl", "en": "lotte@example.com"},
    "import_template_behaviour": {"nl": "Klantgesprek voorbereid", "en": "Prepared the customer meeting"},
    "import_template_note": {
        "nl": "Voorbeeldregel: vervang of verwijder deze regel",
        "en": "Example row: replace or delete it",
    },
    # admin
    "setup_done": {
        "nl": "Ritme is al ingericht. Meld je aan of vraag je beheerder om een uitnodiging.",
        "en": "Ritme is already set up. Sign in, or ask your admin for an invite.",
    },
    "last_admin": {
        "nl": "Dit is de laatste actieve beheerder; maak eerst iemand anders beheerder.",
        "en": "This is the last active admin; make someone else an admin first.",
    },
    "not_yourself": {
        "nl": "Dit kun je niet bij jezelf doen.",
        "en": "You cannot do this to yourself.",
    },
    "invite_closed": {
        "nl": "Deze uitnodiging is al geaccepteerd of ingetrokken.",
        "en": "This invite was already accepted or revoked.",
    },
    "team_archived": {"nl": "Dit team is gearchiveerd.", "en": "This team is archived."},
    "invalid_email": {"nl": "Geen geldig e-mailadres.", "en": "Not a valid e-mail address."},
    "duplicate_in_list": {"nl": "Staat al eerder in de lijst.", "en": "Already earlier in the list."},
    "already_invited": {
        "nl": "Heeft al een openstaande uitnodiging.",
        "en": "Already has an open invite.",
    },
    "no_emails": {"nl": "Plak minstens één e-mailadres.", "en": "Paste at least one e-mail address."},
    "too_many_emails": {
        "nl": "Hooguit {max} adressen tegelijk.",
        "en": "At most {max} addresses at a time.",
    },
    "deleted_user": {"nl": "Verwijderde gebruiker", "en": "Deleted user"},
    # boards
    "goal_share_too_high": {"nl": "Een percentage gaat tot 100.", "en": "A percentage goes up to 100."},
    "board_bad_week": {"nl": "Geen bestaande week (bijv. 2026-W05).", "en": "Not an existing week (e.g. 2026-W05)."},
    # thermostat (team rounds)
    "thermostat_round_open": {
        "nl": "Dit team heeft al een open ronde.",
        "en": "This team already has an open round.",
    },
    "thermostat_answers_closed": {
        "nl": "De week om te antwoorden is voorbij.",
        "en": "The week to answer is over.",
    },
    "thermostat_round_done": {
        "nl": "Deze ronde is al afgerond.",
        "en": "This round is already finished.",
    },
    "thermostat_nothing_to_confirm": {
        "nl": "Er is nog geen voorstel om op te reageren.",
        "en": "There is no draft to respond to yet.",
    },
    "thermostat_not_member": {
        "nl": "Alleen teamleden beantwoorden de ronde.",
        "en": "Only the team's members answer the round.",
    },
    "thermostat_unknown_behaviour": {
        "nl": "Kies een gedrag van dit team.",
        "en": "Choose a behaviour of this team.",
    },
    "thermostat_reason_needed": {
        "nl": "Zeg kort waarom niet.",
        "en": "Say briefly why not.",
    },
    # recognition + reflections
    "cannot_credit_self": {"nl": "Je hoeft jezelf niet te noemen.", "en": "You do not need to credit yourself."},
    "unknown_person": {
        "nl": "Een van de collega's bestaat niet in je organisatie.",
        "en": "One of the colleagues does not exist in your organisation.",
    },
    "edit_window_over": {
        "nl": "Een succes kun je alleen de eerste 24 uur aanpassen of verwijderen.",
        "en": "A win can only be edited or deleted during its first 24 hours.",
    },
    "win_hidden": {"nl": "Dit succes is verborgen.", "en": "This win is hidden."},
    "own_applause": {"nl": "Voor jezelf applaudisseren kan niet.", "en": "You cannot applaud yourself."},
    "cannot_award": {
        "nl": "Alleen managers en beheerders kennen badges toe. Je kunt wel iemand voordragen.",
        "en": "Only managers and admins award badges. You can nominate someone instead.",
    },
    "own_award": {"nl": "Een badge voor jezelf kan niet.", "en": "You cannot give yourself a badge."},
    "own_nomination": {"nl": "Jezelf voordragen kan niet.", "en": "You cannot nominate yourself."},
    "badge_archived": {"nl": "Deze badge is gearchiveerd.", "en": "This badge is archived."},
    "badge_automatic": {
        "nl": "Deze badge wordt automatisch toegekend.",
        "en": "This badge is awarded automatically.",
    },
    "badge_name_taken": {"nl": "Er is al een badge met deze naam.", "en": "A badge with this name already exists."},
    "not_their_checkin": {
        "nl": "Deze check-in is niet van deze persoon.",
        "en": "This check-in does not belong to this person.",
    },
    "not_their_win": {
        "nl": "Deze persoon staat niet bij dit succes.",
        "en": "This person is not part of this win.",
    },
    "already_decided": {"nl": "Over deze voordracht is al besloten.", "en": "This nomination was already decided."},
    "criterion_required": {"nl": "Kies een criterium.", "en": "Choose a criterion."},
    "threshold_required": {"nl": "Geef een drempel op.", "en": "Give a threshold."},
    "weeks_required": {"nl": "Geef het aantal weken op.", "en": "Give the number of weeks."},
    "bad_cursor": {"nl": "Ongeldige paginacursor.", "en": "Invalid page cursor."},
    "criterion_streak": {"nl": "Een reeks van {n} op rij.", "en": "A streak of {n} in a row."},
    "criterion_streak_weeks": {
        "nl": "{weeks} weken op rij je ritme vastgehouden.",
        "en": "Kept the rhythm {weeks} weeks in a row.",
    },
    "criterion_consistency": {
        "nl": "Consistentie van minstens {n}% in {weeks} weken op rij.",
        "en": "Consistency of at least {n}% for {weeks} weeks in a row.",
    },
    "criterion_wins": {"nl": "{n} klantsuccessen gedeeld.", "en": "Shared {n} customer wins."},
    "criterion_credited_wins": {
        "nl": "Genoemd in {n} klantsuccessen van collega's.",
        "en": "Credited in {n} customer wins of colleagues.",
    },
    "criterion_confirmed_wins": {
        "nl": "Een klantsucces dat de klant echt merkte ({n}×).",
        "en": "A customer win the customer really noticed ({n}×).",
    },
    "criterion_applause": {"nl": "{n} keer applaus gekregen.", "en": "Received applause {n} times."},
    "criterion_team_goal": {"nl": "Het teamdoel samen gehaald.", "en": "Reached the team goal together."},
    # the energy pulse (backend/energy)
    "energy_off": {
        "nl": "Je organisatie vraagt (nog) niet naar energie.",
        "en": "Your organisation does not ask about energy (yet).",
    },
    "energy_threshold_too_low": {
        "nl": "De drempel is minstens 5: kleinere groepen kunnen iemands antwoord verraden.",
        "en": "The threshold is at least 5: smaller groups could give away someone's answer.",
    },
    "reflection_closed": {
        "nl": "De reflectie van de week staat open van vrijdagochtend tot maandag 12:00.",
        "en": "The weekly reflection is open from Friday morning until Monday 12:00.",
    },
    "reflection_question": {
        "nl": "Wat deed je deze week waardoor je dichter bij succes kwam, en wat kun je herhalen?",
        "en": "What did you do this week that brought you closer to success, and what can you repeat?",
    },
    # push
    "push_key_invalid": {
        "nl": "Deze sleutel van de browser is ongeldig.",
        "en": "This key from the browser is invalid.",
    },
    "push_endpoint_invalid": {"nl": "Dit is geen geldig push-adres.", "en": "This is not a valid push address."},
    "push_endpoint_not_https": {"nl": "Een push-adres moet https gebruiken.", "en": "A push address must use https."},
    "push_endpoint_unresolvable": {
        "nl": "De pushdienst van dit adres is niet te vinden.",
        "en": "The push service of this address cannot be found.",
    },
    "push_endpoint_private": {
        "nl": "Dit push-adres wijst naar een intern netwerk en wordt niet gebruikt.",
        "en": "This push address points to an internal network and is not used.",
    },
    "push_action_checkin": {"nl": "Inchecken", "en": "Check in"},
    "push_checked_in": {"nl": "Ingecheckt: {name}", "en": "Checked in: {name}"},
    "push_checkin_queued": {
        "nl": "Wordt ingecheckt zodra je weer verbinding hebt: {name}",
        "en": "Will be checked in once you are back online: {name}",
    },
    "push_someone": {"nl": "een collega", "en": "a colleague"},
    "push_reminder_title": {"nl": "Je ritme voor vandaag", "en": "Your rhythm for today"},
    "push_reminder_one": {"nl": "Nog 1 gedrag voor vandaag: {name}.", "en": "One behaviour left for today: {name}."},
    "push_reminder_one_streak": {
        "nl": "Je reeks van {streak} loopt door als je het afrondt.",
        "en": "Your {streak} streak continues when you finish it.",
    },
    "push_reminder_many": {
        "nl": "Nog {undone} van je {total} gedragingen voor vandaag",
        "en": "{undone} of your {total} behaviours still to do today",
    },
    "push_reminder_many_streak": {
        "nl": " — je reeks van {streak} loopt door als je ze afrondt.",
        "en": " — your {streak} streak continues when you finish them.",
    },
    "push_streak_title": {"nl": "Je reeks loopt gevaar", "en": "Your streak is at risk"},
    "push_streak_one": {
        "nl": "Check {name} vandaag nog in om je reeks van {streak} te houden.",
        "en": "Check in {name} today to keep your {streak} streak.",
    },
    "push_streak_many": {
        "nl": "{count} reeksen lopen gevaar, waaronder je reeks van {streak} voor {name}. Check vandaag nog in.",
        "en": "{count} streaks are at risk, including your {streak} streak for {name}. Check in today.",
    },
    "push_reflection_title": {"nl": "Reflectie van de week", "en": "Weekly reflection"},
    "push_reflection_body": {
        "nl": "Wat deed je deze week waardoor je dichter bij succes kwam, en wat kun je herhalen?",
        "en": "What did you do this week that brought you closer to success, and what can you repeat?",
    },
    "push_summary_title": {"nl": "Je team in week {week}", "en": "Your team in week {week}"},
    "push_summary_team": {
        "nl": "{team}: {checkins} check-ins, {active} van {people} mensen actief.",
        "en": "{team}: {checkins} check-ins, {active} of {people} people active.",
    },
    "push_summary_not_recognised": {
        "nl": "Wie verdient een compliment? Vier weken geen erkenning voor {names}.",
        "en": "Who deserves a compliment? No recognition for four weeks for {names}.",
    },
    "push_summary_slipping": {
        "nl": "Vraag eens hoe het gaat met het ritme van {names}.",
        "en": "Ask how the rhythm is going for {names}.",
    },
    "push_test_title": {"nl": "Testmelding van Ritme", "en": "Test notification from Ritme"},
    "push_test_body": {
        "nl": "Het werkt: zo zien je herinneringen eruit.",
        "en": "It works: this is how your reminders will look.",
    },
    "push_badge_title": {"nl": "Erkenning", "en": "Recognition"},
    "push_badge_one": {"nl": "Je kreeg de badge '{name}'.", "en": "You received the badge '{name}'."},
    "push_badge_many": {
        "nl": "Je kreeg {count} badges, waaronder '{name}'.",
        "en": "You received {count} badges, including '{name}'.",
    },
    "push_applause_title": {"nl": "Applaus", "en": "Applause"},
    "push_applause_one": {"nl": "Applaus van {person}.", "en": "Applause from {person}."},
    "push_applause_many": {
        "nl": "{count} keer applaus, het laatst van {person}.",
        "en": "{count} applauses, the latest from {person}.",
    },
    "push_win_credited_title": {"nl": "Klantwinst", "en": "Customer win"},
    "push_win_credited_one": {
        "nl": "{person} noemde je in een klantwinst.",
        "en": "{person} credited you in a customer win.",
    },
    "push_win_credited_many": {
        "nl": "Je bent in {count} klantwinsten genoemd.",
        "en": "You were credited in {count} customer wins.",
    },
    "push_team_goal_title": {"nl": "Teamdoel gehaald", "en": "Team goal reached"},
    "push_team_goal_one": {
        "nl": "{team} heeft het teamdoel gehaald. Goed gedaan!",
        "en": "{team} reached its team goal. Well done!",
    },
    "push_team_goal_many": {
        "nl": "{team} heeft {count} teamdoelen gehaald.",
        "en": "{team} reached {count} team goals.",
    },
    "push_reflection_reply_title": {"nl": "Reactie op je reflectie", "en": "Reply to your reflection"},
    "push_reflection_reply_one": {
        "nl": "{person} reageerde op je reflectie.",
        "en": "{person} replied to your reflection.",
    },
    "push_reflection_reply_many": {
        "nl": "{count} nieuwe reacties op je reflectie.",
        "en": "{count} new replies to your reflection.",
    },
    # Challenges (push/events.py): the start, halfway, the last day and the result, each switchable
    "push_challenge_start_title": {"nl": "Uitdaging begonnen", "en": "Challenge started"},
    "push_challenge_start_one": {
        "nl": "{title} is begonnen. Vanaf nu telt elke check-in mee.",
        "en": "{title} has started. Every check-in counts from now on.",
    },
    "push_challenge_start_many": {
        "nl": "{count} uitdagingen zijn begonnen, waaronder {title}.",
        "en": "{count} challenges have started, among them {title}.",
    },
    "push_challenge_halfway_title": {"nl": "Halverwege", "en": "Halfway there"},
    "push_challenge_halfway_one": {
        "nl": "{title} is halverwege. Kijk hoe je team ervoor staat.",
        "en": "{title} is halfway. See how your team is doing.",
    },
    "push_challenge_halfway_many": {
        "nl": "{count} uitdagingen zijn halverwege, waaronder {title}.",
        "en": "{count} challenges are halfway, among them {title}.",
    },
    "push_challenge_last_day_title": {"nl": "Laatste dag", "en": "Last day"},
    "push_challenge_last_day_one": {
        "nl": "Nog één dag voor {title}. Elke check-in telt nog mee.",
        "en": "One day left in {title}. Every check-in still counts.",
    },
    "push_challenge_last_day_many": {
        "nl": "Nog één dag voor {count} uitdagingen, waaronder {title}.",
        "en": "One day left in {count} challenges, among them {title}.",
    },
    "push_challenge_result_title": {"nl": "Uitslag", "en": "Result"},
    "push_challenge_result_won": {
        "nl": "{team} heeft {title} gewonnen. Jullie ritme maakte het verschil!",
        "en": "{team} won {title}. Your rhythm made the difference!",
    },
    "push_challenge_result_winner": {
        "nl": "{team} heeft {title} gewonnen. Bekijk hoe jullie ervoor staan.",
        "en": "{team} won {title}. See how your team did.",
    },
    "push_challenge_result_beat": {
        "nl": "Je hebt je persoonlijk record verbeterd in {title}. Gefeliciteerd!",
        "en": "You beat your personal best in {title}. Congratulations!",
    },
    "push_challenge_result_plain": {
        "nl": "{title} is afgelopen. Bekijk de uitslag.",
        "en": "{title} has ended. See the result.",
    },
    "push_challenge_result_many": {
        "nl": "{count} uitdagingen zijn afgelopen. Bekijk de uitslagen.",
        "en": "{count} challenges have ended. See the results.",
    },
    # Duels (push/events.py): one switch. The result never shames: each one's own number, a tie said as a tie.
    "push_duel_title": {"nl": "Duel", "en": "Duel"},
    "push_duel_invited": {
        "nl": "{person} nodigt je uit voor een duel van {starts} tot en met {ends}. Neem je het aan?",
        "en": "{person} invites you to a duel from {starts} to {ends}. Will you take it on?",
    },
    "push_duel_accepted": {
        "nl": "{person} gaat het duel aan, van {starts} tot en met {ends}. Veel plezier!",
        "en": "{person} accepted your duel, from {starts} to {ends}. Enjoy!",
    },
    "push_duel_declined": {
        "nl": "{person} doet deze keer niet mee aan het duel.",
        "en": "{person} is sitting this duel out.",
    },
    "push_duel_result_won": {
        "nl": "Duel met {person} afgelopen: jij kwam op {mine}%, {person} op {theirs}%. Gewonnen, mooi ritme!",
        "en": "Duel with {person} ended: you reached {mine}%, {person} {theirs}%. You won, great rhythm!",
    },
    "push_duel_result_other_won": {
        "nl": "Duel met {person} afgelopen: {person} kwam op {theirs}%, jij op {mine}%. Wat kun je herhalen?",
        "en": "Duel with {person} ended: {person} reached {theirs}%, you {mine}%. What can you repeat?",
    },
    "push_duel_result_tie": {
        "nl": "Duel met {person} afgelopen: jullie kwamen allebei op {mine}%. Gelijkspel!",
        "en": "Duel with {person} ended: you both reached {mine}%. A tie!",
    },
    "push_duel_result_plain": {
        "nl": "Duel met {person} afgelopen. Bekijk de uitslag.",
        "en": "Duel with {person} ended. See the result.",
    },
    "push_duel_many": {"nl": "{count} berichten over je duels.", "en": "{count} updates on your duels."},
    # Events held back by quiet hours, told together when they end: "1 badge, 2 keer applaus en …"
    "push_held_title": {"nl": "Tijdens je stille uren", "en": "During your quiet hours"},
    "push_held_and": {"nl": "en", "en": "and"},
    "push_held_badge_one": {"nl": "1 badge", "en": "1 badge"},
    "push_held_badge_many": {"nl": "{count} badges", "en": "{count} badges"},
    "push_held_applause_one": {"nl": "1 keer applaus", "en": "1 applause"},
    "push_held_applause_many": {"nl": "{count} keer applaus", "en": "{count} applauses"},
    "push_held_win_credited_one": {"nl": "genoemd in 1 klantwinst", "en": "credited in 1 customer win"},
    "push_held_win_credited_many": {
        "nl": "genoemd in {count} klantwinsten",
        "en": "credited in {count} customer wins",
    },
    "push_held_team_goal_one": {"nl": "1 teamdoel gehaald", "en": "1 team goal reached"},
    "push_held_team_goal_many": {"nl": "{count} teamdoelen gehaald", "en": "{count} team goals reached"},
    "push_held_reflection_reply_one": {"nl": "1 reactie op je reflectie", "en": "1 reply to your reflection"},
    "push_held_reflection_reply_many": {
        "nl": "{count} reacties op je reflectie",
        "en": "{count} replies to your reflection",
    },
    "push_held_challenge_start_one": {"nl": "1 uitdaging begonnen", "en": "1 challenge started"},
    "push_held_challenge_start_many": {"nl": "{count} uitdagingen begonnen", "en": "{count} challenges started"},
    "push_held_challenge_halfway_one": {"nl": "1 uitdaging halverwege", "en": "1 challenge halfway"},
    "push_held_challenge_halfway_many": {"nl": "{count} uitdagingen halverwege", "en": "{count} challenges halfway"},
    "push_held_challenge_last_day_one": {"nl": "1 uitdaging op de laatste dag", "en": "1 challenge on its last day"},
    "push_held_challenge_last_day_many": {
        "nl": "{count} uitdagingen op de laatste dag",
        "en": "{count} challenges on their last day",
    },
    "push_held_challenge_result_one": {"nl": "1 uitslag", "en": "1 result"},
    "push_held_challenge_result_many": {"nl": "{count} uitslagen", "en": "{count} results"},
    "push_held_duel_one": {"nl": "1 bericht over een duel", "en": "1 duel update"},
    "push_held_duel_many": {"nl": "{count} berichten over duels", "en": "{count} duel updates"},
    # Customer voice (backend/voice)
    "voice_unknown_team": {"nl": "Onbekend team in deze organisatie.", "en": "Unknown team in this organisation."},
    "voice_unknown_behaviour": {
        "nl": "Onbekend gedrag in deze organisatie.",
        "en": "Unknown behaviour in this organisation.",
    },
    "voice_unknown_win": {"nl": "Onbekend klantsucces.", "en": "Unknown customer win."},
    "voice_future_day": {"nl": "Deze dag ligt in de toekomst.", "en": "This day is in the future."},
    "voice_import_bad_header": {
        "nl": "De eerste regel moet de kolommen datum, score en eventueel opmerking en klant noemen. {problem}",
        "en": "The first line must name the columns date, score and optionally comment and customer. {problem}",
    },
    "voice_import_bad_score": {
        "nl": "Ongeldige score: {score} (een heel getal van 0 tot en met 10).",
        "en": "Invalid score: {score} (a whole number from 0 to 10).",
    },
    "voice_import_comment_too_long": {
        "nl": "De opmerking is langer dan {max} tekens.",
        "en": "The comment is longer than {max} characters.",
    },
    "voice_import_customer_too_long": {
        "nl": "De klantnaam is langer dan {max} tekens.",
        "en": "The customer name is longer than {max} characters.",
    },
    "outcome_name_taken": {"nl": "Deze naam bestaat al.", "en": "This name already exists."},
    "outcome_unknown_measure": {"nl": "Onbekende uitkomst.", "en": "Unknown outcome."},
    "outcome_not_monday": {"nl": "Kies de maandag van de week.", "en": "Choose the Monday of the week."},
    "outcome_future_week": {"nl": "Deze week is nog niet begonnen.", "en": "This week has not started yet."},
    "outcome_voice_score": {"nl": "Score van klantstemmen (gemiddeld)", "en": "Customer voice score (mean)"},
    "outcome_confirmed_wins": {"nl": "Bevestigde klantsuccessen", "en": "Confirmed customer wins"},
    "outcome_caveat": {
        "nl": "Dit is samenhang in de eigen geschiedenis van het team, geen bewijs dat het gedrag de uitkomst "
        "veroorzaakt.",
        "en": "This is correlation in the team's own history, not proof that the behaviour causes the outcome.",
    },
    "outcome_import_bad_header": {
        "nl": "De eerste regel moet de kolommen week, team, uitkomst en waarde noemen. {problem}",
        "en": "The first line must name the columns week, team, measure and value. {problem}",
    },
    "outcome_import_bad_week": {
        "nl": "Ongeldige week: {week} (een datum zoals 2026-11-23 of een week zoals 2026-W48).",
        "en": "Invalid week: {week} (a date such as 2026-11-23 or a week such as 2026-W48).",
    },
    "outcome_import_future_week": {
        "nl": "De week van {week} is nog niet begonnen.",
        "en": "The week of {week} has not started yet.",
    },
    "outcome_import_unknown_team": {"nl": "Onbekend team: {team}.", "en": "Unknown team: {team}."},
    "outcome_import_not_your_team": {
        "nl": "Je bent geen manager van {team}.",
        "en": "You do not manage {team}.",
    },
    "outcome_import_unknown_measure": {"nl": "Onbekende uitkomst: {measure}.", "en": "Unknown measure: {measure}."},
    "outcome_import_ambiguous_measure": {
        "nl": "{measure} is de naam van meer dan één uitkomst.",
        "en": "{measure} names more than one measure.",
    },
    "outcome_import_bad_value": {
        "nl": "Ongeldige waarde: {value} (een getal, zoals 12 of 12,5).",
        "en": "Invalid value: {value} (a number, such as 12 or 12.5).",
    },
    "outcome_import_duplicate_row": {
        "nl": "Dubbele regel: hetzelfde team, dezelfde week en uitkomst als regel {line}.",
        "en": "Duplicate row: the same team, week and measure as line {line}.",
    },
    "outcome_import_duplicate_person_row": {
        "nl": "Dubbele regel: dezelfde persoon, week en uitkomst als regel {line}.",
        "en": "Duplicate row: the same person, week and measure as line {line}.",
    },
    "outcome_import_unknown_person": {
        "nl": "Onbekende persoon: {person} (het e-mailadres van een actieve collega).",
        "en": "Unknown person: {person} (the e-mail address of an active colleague).",
    },
    "outcome_import_person_not_in_team": {
        "nl": "{person} is geen lid van {team}.",
        "en": "{person} is not a member of {team}.",
    },
    "outcome_unknown_person": {"nl": "Onbekende persoon.", "en": "Unknown person."},
    "voice_import_duplicate_row": {
        "nl": "Dubbele regel: dezelfde datum, score, klant en opmerking als regel {line}.",
        "en": "Duplicate row: the same date, score, customer and comment as line {line}.",
    },
    # --- identity (sign-in with the organisation's OpenID Connect provider) ---
    "identity_not_connected": {
        "nl": "Er is geen identiteitsprovider gekoppeld.",
        "en": "No identity provider is connected.",
    },
    "identity_no_provider": {
        "nl": "Dit e-mailadres logt in met een wachtwoord.",
        "en": "This e-mail address signs in with a password.",
    },
    "identity_provider_unreachable": {
        "nl": "De inlogdienst van je organisatie is nu niet bereikbaar. Probeer het later opnieuw.",
        "en": "Your organisation's sign-in service cannot be reached right now. Please try again later.",
    },
    "identity_discovery_failed": {
        "nl": "Op dit adres staat geen OpenID Connect-provider (/.well-known/openid-configuration).",
        "en": "No OpenID Connect provider answers at this address (/.well-known/openid-configuration).",
    },
    "identity_domain_taken": {
        "nl": "Het domein {domain} hoort al bij een andere organisatie.",
        "en": "The domain {domain} already belongs to another organisation.",
    },
    "identity_tenant_required": {"nl": "Vul de tenant-ID in.", "en": "Fill in the tenant ID."},
    "identity_issuer_required": {"nl": "Vul de issuer-URL in.", "en": "Fill in the issuer URL."},
    "identity_issuer_https": {
        "nl": "De issuer-URL moet met https:// beginnen.",
        "en": "The issuer URL must start with https://.",
    },
    "identity_issuer_private": {
        "nl": "Deze issuer-URL wijst naar een intern of lokaal netwerkadres; Ritme roept alleen publieke adressen aan.",
        "en": "This issuer URL points to an internal or local network address; Ritme only calls public addresses.",
    },
    "identity_issuer_unresolvable": {
        "nl": "De naam in deze issuer-URL bestaat niet (DNS geeft geen adres).",
        "en": "The host name in this issuer URL does not exist (DNS gives no address).",
    },
    "identity_break_glass_leaving": {
        "nl": "{name} is de noodbeheerder: de enige die nog met een wachtwoord mag inloggen zolang inloggen via "
        "de provider verplicht is. Kies eerst een andere noodbeheerder (Beheer → Organisatie → Inloggen).",
        "en": "{name} is the break-glass admin: the only one who may still sign in with a password while signing in "
        "through the provider is required. Choose another break-glass admin first (Admin → Organisation → Sign-in).",
    },
    "identity_invite_password_refused": {
        "nl": "Je organisatie laat je inloggen met je werkaccount: neem de uitnodiging aan via je werkaccount, "
        "niet met een wachtwoord.",
        "en": "Your organisation signs you in with your work account: accept the invite through your work account, "
        "not with a password.",
    },
    "identity_secret_required": {"nl": "Vul het client secret in.", "en": "Fill in the client secret."},
    "identity_provider_required": {
        "nl": "Je organisatie vraagt je in te loggen met je werkaccount (of een passkey), niet met een wachtwoord.",
        "en": "Your organisation asks you to sign in with your work account (or a passkey), not a password.",
    },
    "identity_break_glass_required": {
        "nl": "Kies de beheerder die met een wachtwoord mag blijven inloggen.",
        "en": "Choose the admin who may keep signing in with a password.",
    },
    "identity_break_glass_not_admin": {
        "nl": "Dit moet een actieve beheerder van je organisatie zijn.",
        "en": "This must be an active admin of your organisation.",
    },
    "passkey_refused": {
        "nl": "Deze passkey werd niet geaccepteerd. Probeer het opnieuw of log anders in.",
        "en": "This passkey was not accepted. Try again or sign in another way.",
    },
    # challenges
    "challenge_starts_in_past": {
        "nl": "Een uitdaging begint vandaag of later.",
        "en": "A challenge starts today or later.",
    },
    "challenge_length": {
        "nl": "Een uitdaging duurt {min} tot {max} dagen.",
        "en": "A challenge lasts {min} to {max} days.",
    },
    "challenge_unknown_behaviour": {
        "nl": "Kies gedrag dat in je organisatie actief is.",
        "en": "Choose behaviours that are active in your organisation.",
    },
    "challenge_unknown_team": {"nl": "Een van de teams bestaat niet.", "en": "One of the teams does not exist."},
    "challenge_needs_teams": {
        "nl": "Kies minstens twee teams, of geen (dan doet iedereen mee).",
        "en": "Choose at least two teams, or none (then everyone takes part).",
    },
    "challenge_needs_target": {"nl": "Geef een gezamenlijk doel op.", "en": "Give a shared target."},
    "challenge_title_blank": {"nl": "Geef de uitdaging een naam.", "en": "Give the challenge a name."},
    "challenge_ends_before_start": {"nl": "Het einde ligt voor het begin.", "en": "The end is before the start."},
    "duel_no_rhythm": {
        "nl": "Je hebt nog geen ritme om een duel mee aan te gaan.",
        "en": "You have no rhythm yet to take on a duel with.",
    },
    "duel_unknown_person": {
        "nl": "Deze collega kan niet aan een duel meedoen.",
        "en": "This colleague cannot take part in a duel.",
    },
    "duel_not_yourself": {"nl": "Je kunt jezelf niet uitdagen.", "en": "You cannot challenge yourself."},
    "duel_exists": {
        "nl": "Jullie hebben al een duel dat loopt of op antwoord wacht.",
        "en": "You two already have a duel running or waiting for an answer.",
    },
    "duel_answered": {
        "nl": "Deze uitnodiging is al beantwoord of verlopen.",
        "en": "This invitation was answered already or has lapsed.",
    },
    "duel_started": {
        "nl": "Dit duel is al begonnen of voorbij.",
        "en": "This duel has started or is over already.",
    },
    "challenge_started": {
        "nl": "Deze uitdaging is al begonnen en kan niet meer worden gewijzigd.",
        "en": "This challenge has started and can no longer be changed.",
    },
    "challenge_closed": {
        "nl": "Deze uitdaging is al afgelopen of geannuleerd.",
        "en": "This challenge has already ended or been cancelled.",
    },
}


# Per-field messages (`fields` of an error) come from marshmallow and the schemas in English; a Dutch
# reader gets them in Dutch. Each English pattern (its {placeholders} carried over) with its Dutch text.
_FIELD_MESSAGES_NL = {
    "Missing data for required field.": "Dit veld is verplicht.",
    "Field may not be null.": "Dit veld mag niet leeg (null) zijn.",
    "Invalid value.": "Ongeldige waarde.",
    "Invalid input.": "Ongeldige invoer.",
    "Invalid type.": "Ongeldig type.",
    "Invalid input type.": "Ongeldig type invoer.",
    "Unknown field.": "Onbekend veld.",
    "Not a valid string.": "Geen geldige tekst.",
    "Not a valid number.": "Geen geldig getal.",
    "Number too large.": "Dit getal is te groot.",
    "Not a valid integer.": "Geen geldig geheel getal.",
    "Special numeric values (nan or infinity) are not permitted.": "NaN en oneindig zijn niet toegestaan.",
    "Not a valid boolean.": "Geen geldige waarde: true of false.",
    "Not a valid datetime.": "Geen geldig tijdstip.",
    "Not a valid aware datetime.": "Geen geldig tijdstip met tijdzone.",
    "Not a valid date.": "Geen geldige datum.",
    "Not a valid time.": "Geen geldige tijd.",
    "Not a valid UUID.": "Geen geldige UUID.",
    "Not a valid email address.": "Geen geldig e-mailadres.",
    "Not a valid URL.": "Geen geldige URL.",
    "Not a valid list.": "Geen geldige lijst.",
    "Not a valid tuple.": "Geen geldige reeks.",
    "Not a valid mapping type.": "Geen geldig object.",
    "String does not match expected pattern.": "Heeft niet de verwachte vorm.",
    "Shorter than minimum length {min}.": "Korter dan de minimale lengte {min}.",
    "Longer than maximum length {max}.": "Langer dan de maximale lengte {max}.",
    "Length must be between {min} and {max}.": "De lengte moet tussen {min} en {max} liggen.",
    "Length must be {equal}.": "De lengte moet {equal} zijn.",
    "Must be greater than or equal to {min} and less than or equal to {max}.": "Moet van {min} tot en met {max} zijn.",
    "Must be greater than or equal to {min}.": "Moet minstens {min} zijn.",
    "Must be less than or equal to {max}.": "Mag hoogstens {max} zijn.",
    "Must be greater than {min}.": "Moet groter dan {min} zijn.",
    "Must be less than {max}.": "Moet kleiner dan {max} zijn.",
    "Must be one of: {choices}.": "Moet een van deze zijn: {choices}.",
    "Must be equal to {other}.": "Moet gelijk zijn aan {other}.",
    "Contains characters that are not allowed.": "Bevat tekens die niet zijn toegestaan.",
    "May not be empty.": "Mag niet leeg zijn.",
    "Not a known IANA time zone, e.g. Europe/Amsterdam.": "Geen bekende IANA-tijdzone, bijvoorbeeld Europe/Amsterdam.",
    "Say what happened.": "Vertel wat er gebeurde.",
    "Name the behaviour you recognise.": "Noem het gedrag dat je erkent.",
    "Write an answer.": "Schrijf een antwoord.",
    "Write a reply.": "Schrijf een reactie.",
    "Checklist keys must be different.": "De sleutels van de checklist moeten verschillen.",
    "Each day only once.": "Elke dag maar één keer.",
    "Required for times_per_week.": "Verplicht bij times_per_week.",
    "Give quiet_start and quiet_end together.": "Geef quiet_start en quiet_end samen.",
    "Both a time, or both null.": "Allebei een tijd, of allebei null.",
    "Say what the customer said.": "Vertel wat de klant zei.",
    "Answer this question.": "Beantwoord deze vraag.",
    "Not an e-mail domain.": "Geen e-maildomein.",
    "Not a tenant id.": "Geen tenant-ID.",
}


def _pattern(english: str):
    parts = re.split(r"\{(\w+)\}", english)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$")


_FIELD_PATTERNS = [(_pattern(english), dutch) for english, dutch in _FIELD_MESSAGES_NL.items()]


def translate_field_messages(messages, locale: str | None = None):
    """`fields` of an error in the reader's language: nested dicts and lists as they are, each text translated."""
    if (locale or request_locale()) != "nl":
        return messages
    if isinstance(messages, dict):
        return {key: translate_field_messages(value, "nl") for key, value in messages.items()}
    if isinstance(messages, list):
        return [translate_field_messages(value, "nl") for value in messages]
    if isinstance(messages, str):
        for pattern, dutch in _FIELD_PATTERNS:
            match = pattern.match(messages)
            if match:
                return dutch.format(**match.groupdict())
    return messages


def request_locale() -> str:
    """The signed-in user's language, else the browser's preference, else Dutch."""
    if not has_request_context():
        return DEFAULT_LOCALE
    # Asked for every translated field of a response: work it out once per request.
    if "ritme_locale" not in g:
        if current_user and current_user.is_authenticated:
            g.ritme_locale = current_user.locale
        else:
            g.ritme_locale = request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE
    return g.ritme_locale


def translate(key: str, locale: str | None = None, **params: object) -> str:
    texts = MESSAGES[key]
    text = texts.get(locale or request_locale()) or texts[DEFAULT_LOCALE]
    return text.format(**params) if params else text

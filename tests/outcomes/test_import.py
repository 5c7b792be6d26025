"""Weekly figures imported from a CSV: a line-numbered report of bad rows in nl and en, valid rows stored,
an existing figure replaced (and counted as such), nothing written when strict or when the file is unreadable,
and managers only for the teams they manage."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.outcomes.imports import parse_value, parse_week
from backend.outcomes.models import OutcomeValue
from backend.rhythm import read as rhythm
from backend.timeutil import local_today, utcnow
from tests.conftest import error_code


def _import(api, text: str, **query):
    return api.post("/api/v1/imports/outcomes", data=text.encode(), content_type="text/csv", query_string=query)


def _figures(db, team_id):
    rows = db.session.scalars(select(OutcomeValue).where(OutcomeValue.team_id == team_id))
    return {(v.week_start, v.measure_id): v.value for v in rows}


@pytest.fixture
def measure(world, login_as):
    made = login_as(world["admin"]).post(
        "/api/v1/outcomes/measures", json={"name_nl": "Gekwalificeerde afspraken", "name_en": "Qualified appointments"}
    )
    assert made.status_code == 201
    return made.get_json()["id"]


@pytest.fixture
def weeks(world):
    this_week = rhythm.week_start(local_today(world["manager"].time_zone, utcnow()))
    return [this_week - timedelta(weeks=n) for n in (3, 2, 1)] + [this_week]


def test_parsing_weeks_and_numbers():
    assert parse_week("2026-W48") == parse_week("2026w48") == parse_week("2026-11-26") == parse_week("26-11-2026")
    assert parse_week("2026-W48").isoformat() == "2026-11-23"
    assert parse_week("2026-W54") is None and parse_week("last week") is None and parse_week("2026-02-30") is None
    assert (parse_value("12"), parse_value("12,5"), parse_value("-0.25")) == (12.0, 12.5, -0.25)
    assert parse_value("1.234,5") is None and parse_value("twaalf") is None and parse_value("1e12") is None


def test_import_reports_bad_lines_and_stores_the_rest(world, login_as, measure, weeks, db):
    noord = world["teams"]["noord"]
    w1, w2, w3, this_week = weeks
    manager = login_as(world["manager"])
    assert (
        manager.put(
            "/api/v1/outcomes/values",
            json={"measure_id": measure, "team_id": noord.id, "week_start": w1.isoformat(), "value": 1},
        ).status_code
        == 200
    )
    iso = w2.isocalendar()
    text = (
        "week;team;measure;value\n"
        f"{(w1 + timedelta(days=3)).isoformat()};Sales Noord;Gekwalificeerde afspraken;12,5\n"  # 2: replaces 1
        f"{iso.year}-W{iso.week:02d};sales noord;Qualified appointments;7\n"  # 3: new, English name, any case
        f"{w2.isoformat()};Sales Noord;Gekwalificeerde afspraken;8\n"  # 4: duplicate of 3
        f"{w3.isoformat()};Sales Zuid;Gekwalificeerde afspraken;3\n"  # 5: not their team
        f"{w3.isoformat()};Sales West;Gekwalificeerde afspraken;3\n"  # 6: no such team
        f"{w3.isoformat()};Sales Noord;Omzet;3\n"  # 7: no such measure
        f"{w3.isoformat()};Sales Noord;Gekwalificeerde afspraken;veel\n"  # 8: not a number
        f"volgende week;Sales Noord;Gekwalificeerde afspraken;3\n"  # 9: not a week
        f"{(this_week + timedelta(weeks=1)).isoformat()};Sales Noord;Gekwalificeerde afspraken;3\n"  # 10: future
        f"{this_week.isoformat()};Sales Noord;Gekwalificeerde afspraken;4\n"  # 11: this week is fine
    )
    response = _import(manager, text)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["rows"], body["imported"], body["updated"], body["invalid"]) == (10, 2, 1, 7)
    reasons = {e["line"]: e["reason"] for e in body["errors"]}
    assert reasons == {
        4: "Dubbele regel: hetzelfde team, dezelfde week en uitkomst als regel 3.",
        5: "Je bent geen manager van Sales Zuid.",
        6: "Onbekend team: Sales West.",
        7: "Onbekende uitkomst: Omzet.",
        8: "Ongeldige waarde: veel (een getal, zoals 12 of 12,5).",
        9: "Ongeldige week: volgende week (een datum zoals 2026-11-23 of een week zoals 2026-W48).",
        10: f"De week van {(this_week + timedelta(weeks=1)).isoformat()} is nog niet begonnen.",
    }
    assert _figures(db, noord.id) == {(w1, measure): 12.5, (w2, measure): 7.0, (this_week, measure): 4.0}
    assert _figures(db, world["teams"]["zuid"].id) == {}

    # The same file again: every valid row now replaces its own figure; in English for an English reader.
    world["manager"].locale = "en"
    db.session.commit()
    again = _import(manager, text).get_json()
    assert (again["imported"], again["updated"], again["invalid"]) == (0, 3, 7)
    assert {e["line"]: e["reason"] for e in again["errors"]}[5] == "You do not manage Sales Zuid."


def test_strict_and_unreadable_files_write_nothing(world, login_as, measure, weeks, db):
    noord = world["teams"]["noord"]
    api = login_as(world["admin"])
    good = f"{weeks[0].isoformat()},Sales Noord,Gekwalificeerde afspraken,5\n"
    strict = _import(api, "week,team,measure,value\n" + good + "2026-W48,Sales Noord,Omzet,5\n", strict="true")
    assert strict.status_code == 422 and error_code(strict) == "import_rejected"
    assert strict.get_json()["rejected"] is True and strict.get_json()["errors"][0]["line"] == 3
    assert _figures(db, noord.id) == {}
    header = _import(api, "when,who,what\n" + good)
    assert header.status_code == 422 and error_code(header) == "outcome_import_bad_header"
    assert "Onbekend: when, who, what." in header.get_json()["error"]["message"]
    assert error_code(api.post("/api/v1/imports/outcomes", data=b"\xff\xfe", content_type="text/csv")) == (
        "import_not_utf8"
    )
    assert _import(api, "").status_code == 422
    assert _import(api, "week,team,measure,value\n" + good, strict="maybe").status_code == 422
    assert api.post("/api/v1/imports/outcomes", json={"week": "x"}).status_code == 415
    assert _figures(db, noord.id) == {}
    # An admin may import for any team of the organisation, by multipart upload as the screen sends it.
    upload = api.post(
        "/api/v1/imports/outcomes",
        data={"file": (io.BytesIO(("week,team,measure,value\n" + good).encode()), "cijfers.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 200 and upload.get_json()["imported"] == 1


def test_who_may_import(world, login_as, measure, weeks):
    text = f"week,team,measure,value\n{weeks[0].isoformat()},Sales Noord,Gekwalificeerde afspraken,5\n"
    assert _import(login_as(world["rep"]), text).status_code == 403
    assert _import(login_as(world["finance"]), text).status_code == 403
    other = _import(login_as(world["stranger_manager"]), text)
    assert other.status_code == 200 and other.get_json()["imported"] == 0
    assert other.get_json()["errors"][0]["codes"] == ["outcome_import_unknown_team", "outcome_import_unknown_measure"]

"""Import of historical check-ins from spreadsheets: validation report, strict, idempotent, scoped."""

import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from backend.errors import Forbidden
from backend.rhythm import imports
from backend.rhythm.models import CheckIn, RhythmState
from tests.conftest import error_code

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Amsterdam
TODAY = date(2026, 11, 18)
URL = "/api/v1/imports/checkins"


@pytest.fixture
def admin(make_user, sales):
    return make_user(role="admin", team=sales, email="admin@example.test")


@pytest.fixture
def prepared(make_behaviour, sales):
    return make_behaviour([sales], name="Klantgesprek voorbereid", name_en="Prepared the customer meeting", points=10)


@pytest.fixture
def followed_up(make_behaviour, sales):
    return make_behaviour([sales], name="Op tijd opgevolgd", name_en="Followed up on time", points=20)


def csv_of(*lines: str, delimiter: str = ",", header: str = "email,behaviour,date,note") -> bytes:
    return "\r\n".join([header.replace(",", delimiter), *lines]).encode()


def upload(api, data: bytes, strict: str | None = None, filename: str = "history.csv"):
    form = {"file": (io.BytesIO(data), filename, "text/csv")}
    if strict is not None:
        form["strict"] = strict
    return api.post(URL, json=None, data=form, content_type="multipart/form-data")


def upload_large(api, data: bytes):
    """Multipart encoded by hand: Werkzeug's test client spools big bodies to a file it never closes."""
    boundary = "ritme-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return api.post(URL, json=None, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def checkins(db, user=None):
    db.session.expire_all()
    query = select(CheckIn).order_by(CheckIn.user_id, CheckIn.behaviour_id, CheckIn.occurred_on)
    if user is not None:
        query = query.where(CheckIn.user_id == user.id)
    return list(db.session.scalars(query))


def lines_and_codes(report: dict) -> dict[int, list[str]]:
    return {e["line"]: e["codes"] for e in report["errors"]}


# --- a good file ------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_a_good_file_imports_every_row(login_as, admin, rep, prepared, followed_up, db):
    data = csv_of(
        "rep@example.test,Klantgesprek voorbereid,2026-11-16,Offerte besproken",
        "REP@example.test ,prepared the customer meeting,2026-11-17,",
        "rep@example.test,Op tijd opgevolgd,17-11-2026",
        "admin@example.test,Followed up on time,2026-11-18,vandaag",
    )
    response = upload(login_as(admin), data)
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["imported"] == 4 and report["skipped_existing"] == 0 and report["invalid"] == 0
    assert report["errors"] == [] and report["rows"] == 4 and report["rejected"] is False

    stored = checkins(db, rep)
    assert [(c.behaviour_id, c.occurred_on) for c in stored] == [
        (prepared.id, date(2026, 11, 16)),
        (prepared.id, date(2026, 11, 17)),
        (followed_up.id, date(2026, 11, 17)),
    ]
    first = stored[0]
    assert first.source == "import" and first.late is False and first.points == 10.0
    assert first.note == "Offerte besproken" and stored[1].note is None
    assert first.time_zone == "Europe/Amsterdam" and first.received_at == NOW and first.recorded_at is None
    assert first.organisation_id == rep.organisation_id
    assert first.client_id == imports.client_id_for(
        rep.organisation_id, "rep@example.test", prepared.id, first.occurred_on
    )
    assert uuid.UUID(first.client_id).version == 5
    assert stored[2].points == 20.0


@time_machine.travel(datetime(2026, 11, 18, 12, 0, tzinfo=UTC), tick=False)
def test_the_persons_time_zone_is_stored_and_decides_what_is_future(login_as, admin, make_user, sales, prepared, db):
    # 12:00 UTC on the 18th is already 01:00 on the 19th in Auckland, still the 18th in Amsterdam.
    kiwi = make_user(team=sales, email="kiwi@example.test", time_zone="Pacific/Auckland")
    data = csv_of(
        "kiwi@example.test,Klantgesprek voorbereid,2026-11-19",
        "rep2@example.test,Klantgesprek voorbereid,2026-11-19",
        "admin@example.test,Klantgesprek voorbereid,2026-11-19",
    )
    make_user(team=sales, email="rep2@example.test")
    report = upload(login_as(admin), data).get_json()
    assert report["imported"] == 1
    assert lines_and_codes(report) == {3: ["import_future_date"], 4: ["import_future_date"]}
    [stored] = checkins(db, kiwi)
    assert stored.time_zone == "Pacific/Auckland" and stored.occurred_on == date(2026, 11, 19)


# --- bad rows ---------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_bad_rows_are_reported_with_their_line_and_reason_and_the_good_ones_go_in(
    login_as, admin, rep, prepared, make_behaviour, make_team, db
):
    make_behaviour([make_team("Finance", kind="finance")], name="Factuur opgelost")
    long_note = "x" * 501
    data = csv_of(
        "rep@example.test,Klantgesprek voorbereid,2026-11-10",  # 2: fine
        "nobody@example.test,Klantgesprek voorbereid,2026-11-10",  # 3: unknown e-mail
        "rep@example.test,Koffie gezet,2026-11-10",  # 4: unknown behaviour
        "rep@example.test,Factuur opgelost,2026-11-10",  # 5: not for the rep's teams
        "rep@example.test,Klantgesprek voorbereid,2026-13-01",  # 6: bad date
        "rep@example.test,Klantgesprek voorbereid,gisteren",  # 7: bad date
        "rep@example.test,Klantgesprek voorbereid,2026-11-19",  # 8: future
        f"rep@example.test,Klantgesprek voorbereid,2026-11-11,{long_note}",  # 9: note too long
        "rep@example.test,Klantgesprek voorbereid,10-11-2026",  # 10: same as line 2
        "rep@example.test,Klantgesprek voorbereid",  # 11: no date column
        ",Klantgesprek voorbereid,2026-11-12",  # 12: empty e-mail
        "rep@example.test,Klantgesprek voorbereid,2026-11-12,note,extra",  # 13: too many columns
        ",,,",  # blank rows of bare separators are no rows: ignored
        "",
        "rep@example.test,Klantgesprek voorbereid,2026-11-13",  # 16: fine
    )
    response = upload(login_as(admin), data)
    assert response.status_code == 200
    report = response.get_json()
    assert lines_and_codes(report) == {
        3: ["import_unknown_email"],
        4: ["import_unknown_behaviour"],
        5: ["import_not_for_person"],
        6: ["import_bad_date"],
        7: ["import_bad_date"],
        8: ["import_future_date"],
        9: ["import_note_too_long"],
        10: ["import_duplicate_row"],
        11: ["import_missing_columns"],
        12: ["import_missing_columns"],
        13: ["import_extra_columns"],
    }
    assert report["invalid"] == 11 and report["imported"] == 2 and report["rows"] == 13
    reasons = {e["line"]: e["reason"] for e in report["errors"]}
    # The admin speaks Dutch (the default): reasons name what is wrong, in Dutch.
    assert reasons[3] == "Onbekend e-mailadres in deze organisatie: nobody@example.test."
    assert reasons[10] == "Dubbele regel: dezelfde persoon, hetzelfde gedrag en dezelfde datum als regel 2."
    assert reasons[11] == "Ontbrekende waarde(n): date."
    assert "2026-13-01" in reasons[6] and "500" in reasons[9]
    assert [c.occurred_on for c in checkins(db, rep)] == [date(2026, 11, 10), date(2026, 11, 13)]


@time_machine.travel(NOW, tick=False)
def test_reasons_follow_the_importers_language(login_as, make_user, sales, rep, prepared):
    english_admin = make_user(role="admin", team=sales, locale="en")
    data = csv_of("nobody@example.test,Klantgesprek voorbereid,2026-11-10", "rep@example.test,Koffie,31-02-2026")
    report = upload(login_as(english_admin), data).get_json()
    assert [e["reason"] for e in report["errors"]] == [
        "Unknown e-mail address in this organisation: nobody@example.test.",
        "Unknown behaviour in this organisation: Koffie. Invalid date: 31-02-2026 (use YYYY-MM-DD or DD-MM-YYYY).",
    ]
    assert report["errors"][1]["codes"] == ["import_unknown_behaviour", "import_bad_date"]


@time_machine.travel(NOW, tick=False)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(login_as, admin, prepared, db):
    api = login_as(admin)
    cases = {
        b"": "import_empty_file",
        b"email,gedrag\r\nrep@example.test,Klantgesprek voorbereid\r\n": "import_bad_header",
        b"email,behaviour,date,colour\r\n": "import_bad_header",
        "email,behaviour,date\r\nrep@example.test,Caf\u00e9,2026-11-10\r\n".encode("cp1252"): "import_not_utf8",
    }
    for data, code in cases.items():
        response = upload(api, data)
        assert response.status_code == 422 and error_code(response) == code, (data, response.get_json())
    header = upload(api, b"email,behaviour,date,colour\r\n").get_json()["error"]["message"]
    assert "colour" in header
    assert checkins(db) == []


# --- strict -----------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_strict_imports_nothing_when_any_row_is_bad(login_as, admin, rep, prepared, db):
    data = csv_of(
        "rep@example.test,Klantgesprek voorbereid,2026-11-16",
        "rep@example.test,Klantgesprek voorbereid,2026-11-17",
        "ghost@example.test,Klantgesprek voorbereid,2026-11-17",
    )
    api = login_as(admin)
    response = upload(api, data, strict="true")
    assert response.status_code == 422
    report = response.get_json()
    assert report["imported"] == 0 and report["invalid"] == 1 and report["rejected"] is True
    assert report["errors"] == [
        {
            "line": 4,
            "reason": "Onbekend e-mailadres in deze organisatie: ghost@example.test.",
            "codes": ["import_unknown_email"],
        }
    ]
    assert report["error"]["code"] == "import_rejected" and "1" in report["error"]["message"]
    assert checkins(db) == []

    fixed = data.rsplit(b"\r\n", 1)[0]
    response = upload(api, fixed, strict="true")
    assert response.status_code == 200 and response.get_json()["imported"] == 2
    assert len(checkins(db)) == 2


@time_machine.travel(NOW, tick=False)
def test_strict_flag_must_be_true_or_false(login_as, admin, prepared):
    response = upload(login_as(admin), csv_of("rep@example.test,Klantgesprek voorbereid,2026-11-16"), strict="yes")
    assert response.status_code == 422 and "strict" in response.get_json()["error"]["fields"]


# --- idempotence ------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_reimporting_the_same_file_adds_nothing(login_as, admin, rep, prepared, followed_up, db):
    data = csv_of(*(f"rep@example.test,Klantgesprek voorbereid,{TODAY - timedelta(days=d)}" for d in range(1, 11)))
    api = login_as(admin)
    first = upload(api, data).get_json()
    assert first["imported"] == 10 and first["skipped_existing"] == 0
    ids = [(c.id, c.client_id) for c in checkins(db)]
    again = upload(api, data).get_json()
    assert again["imported"] == 0 and again["skipped_existing"] == 10 and again["invalid"] == 0
    assert [(c.id, c.client_id) for c in checkins(db)] == ids

    # A longer version of the file, also written by Dutch Excel: only the new rows go in.
    longer = csv_of(
        *(f"rep@example.test;klantgesprek voorbereid;{(TODAY - timedelta(days=d)):%d-%m-%Y}" for d in range(1, 13)),
        delimiter=";",
    )
    report = upload(api, longer).get_json()
    assert report["imported"] == 2 and report["skipped_existing"] == 10
    assert len(checkins(db)) == 12


@time_machine.travel(NOW, tick=False)
def test_a_day_checked_in_in_the_app_is_skipped_not_doubled(login_as, admin, rep, prepared, add_checkins, db):
    add_checkins(rep, prepared, [date(2026, 11, 17)])
    data = csv_of(
        "rep@example.test,Klantgesprek voorbereid,2026-11-17", "rep@example.test,Klantgesprek voorbereid,2026-11-16"
    )
    report = upload(login_as(admin), data).get_json()
    assert report["imported"] == 1 and report["skipped_existing"] == 1
    stored = checkins(db, rep)
    assert [c.occurred_on for c in stored] == [date(2026, 11, 16), date(2026, 11, 17)]
    kept = stored[1]
    assert kept.client_id != imports.client_id_for(rep.organisation_id, rep.email, prepared.id, kept.occurred_on)


# --- formats ----------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_semicolons_bom_dutch_dates_and_dutch_headers(login_as, admin, rep, prepared, db):
    text = (
        "\ufeffE-mail;Gedrag;Datum;Notitie\r\n"
        "rep@example.test;Klantgesprek voorbereid;16-11-2026;Offerte, met komma\r\n"
        'rep@example.test;"Klantgesprek voorbereid";2-11-2026;"Regel een\r\nregel twee"\r\n'
        "rep@example.test;Klantgesprek voorbereid;2026-11-03;\r\n"
        "rep@example.test;Klantgesprek voorbereid;32-11-2026;\r\n"
        ";;;\r\n"
    )
    response = upload(login_as(admin), text.encode("utf-8"))
    report = response.get_json()
    assert response.status_code == 200 and report["imported"] == 3
    # The quoted note spans two physical lines; the bad row after it is on line 6.
    assert lines_and_codes(report) == {6: ["import_bad_date"]}
    stored = {c.occurred_on: c.note for c in checkins(db, rep)}
    assert stored == {
        date(2026, 11, 2): "Regel een\r\nregel twee",
        date(2026, 11, 3): None,
        date(2026, 11, 16): "Offerte, met komma",
    }


@time_machine.travel(NOW, tick=False)
def test_a_text_csv_body_with_strict_in_the_query(login_as, admin, rep, prepared, db):
    api = login_as(admin)
    data = csv_of(
        "rep@example.test,Klantgesprek voorbereid,2026-11-16", "x@example.test,Klantgesprek voorbereid,2026-11-16"
    )
    response = api.post(URL + "?strict=true", json=None, data=data, content_type="text/csv; charset=utf-8")
    assert response.status_code == 422 and checkins(db) == []
    response = api.post(URL, json=None, data=data, content_type="text/csv")
    assert response.status_code == 200 and response.get_json()["imported"] == 1
    response = api.post(URL, json={"file": "email,behaviour,date"})
    assert response.status_code == 415 and error_code(response) == "unsupported_media_type"
    response = api.post(URL, json=None, data={"strict": "true"}, content_type="multipart/form-data")
    assert response.status_code == 422 and "file" in response.get_json()["error"]["fields"]


@time_machine.travel(NOW, tick=False)
def test_uploads_up_to_five_megabytes_only_on_this_route(login_as, admin, rep, prepared):
    api = login_as(admin)
    padding = b"\r\n" * (1024 * 1024)  # 2 MB of blank lines: more than the API's usual 1 MB
    response = upload_large(api, csv_of("rep@example.test,Klantgesprek voorbereid,2026-11-16") + padding)
    assert response.status_code == 200 and response.get_json()["imported"] == 1
    response = upload_large(api, csv_of("rep@example.test,Klantgesprek voorbereid,2026-11-15") + padding * 3)
    assert response.status_code == 413 and error_code(response) == "payload_too_large"
    big_json = {"behaviour_id": prepared.id, "client_id": str(uuid.uuid4()), "note": "x" * (1024 * 1024 + 10)}
    assert login_as(rep).post("/api/v1/checkins", json=big_json).status_code == 413


# --- who may import, and what --------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_only_admins_may_import(login_as, make_user, sales, rep, prepared, db, client):
    data = csv_of("rep@example.test,Klantgesprek voorbereid,2026-11-16")
    manager = make_user(role="manager", team=sales, manages=True)
    for person in (rep, manager):
        response = upload(login_as(person), data)
        assert response.status_code == 403 and error_code(response) == "forbidden"
    assert upload(client, data).status_code == 401
    response = client.raw.post(URL, data={"file": (io.BytesIO(data), "h.csv")}, content_type="multipart/form-data")
    assert response.status_code == 400 and error_code(response) == "csrf_failed"
    with pytest.raises(Forbidden):
        imports.import_checkins(rep, data)
    assert checkins(db) == []


@time_machine.travel(NOW, tick=False)
def test_other_organisations_people_and_behaviours_are_unknown(
    login_as, admin, rep, prepared, make_org, make_team, make_user, make_behaviour, db
):
    other = make_org("Concurrent BV")
    their_team = make_team("Their sales", organisation=other)
    stranger = make_user(team=their_team, email="stranger@other.test")
    make_behaviour([their_team], name="Hun gedrag", organisation=other)
    make_behaviour([their_team], name="Klantgesprek voorbereid", organisation=other)  # same name as ours
    data = csv_of(
        "stranger@other.test,Klantgesprek voorbereid,2026-11-16",
        "rep@example.test,Hun gedrag,2026-11-16",
        "rep@example.test,Klantgesprek voorbereid,2026-11-16",
    )
    report = upload(login_as(admin), data).get_json()
    assert lines_and_codes(report) == {2: ["import_unknown_email"], 3: ["import_unknown_behaviour"]}
    assert report["imported"] == 1
    [mine] = checkins(db)
    assert mine.user_id == rep.id and mine.behaviour_id == prepared.id
    assert checkins(db, stranger) == []


@time_machine.travel(NOW, tick=False)
def test_a_name_two_behaviours_share_is_resolved_by_the_persons_team(
    login_as, admin, rep, sales, make_team, make_user, make_behaviour, db
):
    finance = make_team("Finance", kind="finance")
    clerk = make_user(team=finance, email="clerk@example.test")
    for_sales = make_behaviour([sales], name="Klant gebeld")
    for_finance = make_behaviour([finance], name="Klant gebeld")
    make_behaviour([sales, finance], name="Dubbel", name_en="Twice")
    make_behaviour([sales, finance], name="Twice")
    data = csv_of(
        "rep@example.test,Klant gebeld,2026-11-16",
        "clerk@example.test,klant gebeld,2026-11-16",
        "rep@example.test,twice,2026-11-16",
    )
    report = upload(login_as(admin), data).get_json()
    assert lines_and_codes(report) == {4: ["import_ambiguous_behaviour"]}
    assert [c.behaviour_id for c in checkins(db, rep)] == [for_sales.id]
    assert [c.behaviour_id for c in checkins(db, clerk)] == [for_finance.id]


# --- streaks ----------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_streaks_reflect_the_imported_history(login_as, admin, rep, prepared, followed_up, db):
    rep_api = login_as(rep)
    before = {b["id"]: b["streak"] for b in rep_api.get("/api/v1/today").get_json()["behaviours"]}
    assert before[prepared.id]["current"] == 0
    states = db.session.scalar(select(func.count()).select_from(RhythmState).where(RhythmState.user_id == rep.id))
    assert states == 2  # Today settled a checkpoint per behaviour: the import must drop them

    days = [TODAY - timedelta(days=d) for d in range(1, 8)]  # the whole past week, daily
    data = csv_of(*(f"rep@example.test,Klantgesprek voorbereid,{day}" for day in days))
    assert upload(login_as(admin), data).get_json()["imported"] == 7
    db.session.expire_all()
    remaining = db.session.scalars(select(RhythmState.behaviour_id).where(RhythmState.user_id == rep.id)).all()
    assert remaining == [followed_up.id]  # untouched by the import

    after = {b["id"]: b for b in rep_api.get("/api/v1/today").get_json()["behaviours"]}
    assert after[prepared.id]["streak"] == {"current": 7, "longest": 7, "unit": "day"}
    assert after[followed_up.id]["streak"]["current"] == 0


# --- bulk -------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_thousands_of_rows_take_a_handful_of_statements(app, admin, make_user, sales, prepared, count_queries, db):
    people = [make_user(team=sales, email=f"bulk{n}@example.test") for n in range(6)]
    lines = [f"{p.email},Klantgesprek voorbereid,{TODAY - timedelta(days=d)}" for p in people for d in range(1, 501)]
    data = csv_of(*lines)
    with count_queries() as counter:
        report = imports.import_checkins(admin, data)
        db.session.commit()
    assert report.imported == 3000 and report.invalid == 0
    # A tenth of the rows for as many other people: the statements grow with the people (the boards
    # rebuild theirs) and the chunks of 1000 (one existence query and one insert each), not with the rows.
    others = [make_user(team=sales, email=f"few{n}@example.test") for n in range(6)]
    few = csv_of(
        *[f"{p.email},Klantgesprek voorbereid,{TODAY - timedelta(days=d)}" for p in others for d in range(1, 51)]
    )
    with count_queries() as small:
        imports.import_checkins(admin, few)
        db.session.commit()
    assert counter.count - small.count <= 2 * 2, (counter.count, small.count)
    assert counter.count < 200, counter.statements[:40]
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 3000 + 300
    again = imports.import_checkins(admin, data)
    assert again.imported == 0 and again.skipped_existing == 3000


# --- CLI --------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_cli_imports_with_a_progress_bar_and_exit_codes(app, admin, rep, prepared, org, db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(
        csv_of(
            "rep@example.test,Klantgesprek voorbereid,2026-11-16", "rep@example.test,Klantgesprek voorbereid,2026-11-17"
        )
    )
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-checkins", str(good), "--organisation", "acme bv"])
    assert result.exit_code == 0, result.output
    assert "Importing 2 rows" in result.output
    assert "imported 2, skipped (already there) 0, invalid 0" in result.output
    assert len(checkins(db)) == 2

    result = runner.invoke(args=["import-checkins", str(good), "--organisation", str(org.id), "--strict"])
    assert result.exit_code == 0 and "imported 0, skipped (already there) 2" in result.output

    bad = tmp_path / "bad.csv"
    rows = [f"ghost{n}@example.test,Klantgesprek voorbereid,2026-11-10" for n in range(60)]
    bad.write_bytes(csv_of("rep@example.test,Klantgesprek voorbereid,2026-11-15", *rows))
    result = runner.invoke(args=["import-checkins", str(bad), "--organisation", "Acme BV", "--strict"])
    assert result.exit_code == 1
    assert "line 3: Onbekend e-mailadres in deze organisatie: ghost0@example.test." in result.output
    assert "line 52:" in result.output and "line 53:" not in result.output  # the first 50 only
    assert "… and 10 more bad rows" in result.output
    assert "Nothing imported" in result.output and "invalid 60" in result.output
    assert len(checkins(db)) == 2

    result = runner.invoke(args=["import-checkins", str(bad), "--organisation", "Acme BV"])
    assert result.exit_code == 0 and "imported 1," in result.output and "invalid 60" in result.output
    assert len(checkins(db)) == 3


def test_cli_refuses_unknown_organisations_and_unreadable_files(app, admin, org, tmp_path):
    runner = app.test_cli_runner()
    good = tmp_path / "good.csv"
    good.write_bytes(csv_of())
    result = runner.invoke(args=["import-checkins", str(good), "--organisation", "Nope BV"])
    assert result.exit_code == 1 and "No organisation" in result.output
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = runner.invoke(args=["import-checkins", str(empty), "--organisation", "Acme BV"])
    assert result.exit_code == 1 and "Het bestand is leeg." in result.output
    result = runner.invoke(args=["import-checkins", str(tmp_path / "missing.csv"), "--organisation", "Acme BV"])
    assert result.exit_code == 2


# --- the template -----------------------------------------------------------------------------

TEMPLATE_URL = "/api/v1/imports/checkins/template"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("locale", ["nl", "en"])
def test_the_template_has_the_header_the_import_reads_and_an_example_row(login_as, admin, rep, prepared, locale, db):
    admin.locale = locale
    db.session.commit()
    api = login_as(admin)
    response = api.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = imports.parse_csv(response.data, locale)  # the header is one the import accepts
    assert len(rows) == 1
    example = rows[0].values
    assert set(example) == {"email", "behaviour", "date", "note"}
    assert example["behaviour"] == ("Prepared the customer meeting" if locale == "en" else "Klantgesprek voorbereid")
    assert imports.parse_date(example["date"]) == TODAY - timedelta(days=1)
    if locale == "nl":
        assert example["date"] == (TODAY - timedelta(days=1)).strftime("%d-%m-%Y")

    # Sent back unchanged, the example row is refused as an unknown person, never stored.
    report = upload(api, response.data).get_json()
    assert report["imported"] == 0
    assert lines_and_codes(report) == {2: ["import_unknown_email"]}

    # With a real person's address the same row goes in: the template is a file the import takes.
    filled = response.data.decode("utf-8-sig").replace(example["email"], "rep@example.test")
    made_rep = upload(api, filled.encode()).get_json()
    assert made_rep["imported"] == 1, made_rep


def test_only_admins_get_the_template(login_as, rep):
    response = login_as(rep).get(TEMPLATE_URL)
    assert response.status_code == 403
    assert error_code(response) == "forbidden"

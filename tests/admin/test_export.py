"""The organisation export: a zip of JSON and CSV per kind, streamed in chunks, for admins only."""

import csv
import io
import json
import uuid
import zipfile
from datetime import date, timedelta

from backend.admin.models import AuditEntry
from backend.rhythm.models import CheckIn
from backend.signals import organisation_data_export


def _zip(response):
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_only_admins_export_the_organisation(login_as, acme):
    for person in (acme.manager, acme.rep):
        assert login_as(person).get("/api/v1/admin/export").status_code == 403


def test_the_export_holds_every_kind_as_json_and_csv(login_as, acme, make_behaviour, make_org, make_user, db, received):
    behaviour = make_behaviour([acme.noord])
    db.session.add(
        CheckIn(
            organisation_id=acme.rep.organisation_id,
            user_id=acme.rep.id,
            behaviour_id=behaviour.id,
            client_id=str(uuid.uuid4()),
            occurred_on=date(2026, 3, 2),
            time_zone="Europe/Amsterdam",
            points=10,
            note="Offerte besproken",
        )
    )
    db.session.commit()
    make_user(email="stranger@other.test", organisation=make_org("Other BV"))
    received(organisation_data_export, lambda org: {"extra_kind": [{"id": 1, "organisation_id": org.id}]})

    response = login_as(acme.admin).get("/api/v1/admin/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="ritme-organisation-')
    archive = _zip(response)
    kinds = [
        "organisation",
        "teams",
        "people",
        "memberships",
        "invites",
        "behaviours",
        "behaviour_teams",
        "check_ins",
        "away_days",
        "holidays",
        "audit_log",
        "extra_kind",
    ]
    for kind in kinds:
        assert f"{kind}.json" in archive.namelist() and f"{kind}.csv" in archive.namelist()
    people = json.loads(archive.read("people.json"))
    assert sorted(p["email"] for p in people) == sorted(
        p.email for p in (acme.admin, acme.manager, acme.rep, acme.zuid_rep, acme.staff)
    )
    assert "stranger@other.test" not in archive.read("people.csv").decode()
    checkins = list(csv.DictReader(io.StringIO(archive.read("check_ins.csv").decode("utf-8-sig"))))
    assert [(c["user_id"], c["day"], c["note"]) for c in checkins] == [
        (str(acme.rep.id), "2026-03-02", "Offerte besproken")
    ]
    assert json.loads(archive.read("extra_kind.json")) == [{"id": 1, "organisation_id": acme.rep.organisation_id}]
    assert json.loads(archive.read("away_days.json")) == []
    assert archive.read("away_days.csv").decode("utf-8-sig") == ""
    assert db.session.query(AuditEntry).filter_by(action="organisation_exported").count() == 1


def test_a_large_organisation_streams_in_many_chunks(login_as, acme, make_behaviour, db):
    behaviour = make_behaviour([acme.noord])
    start = date(2020, 1, 1)
    db.session.add_all(
        CheckIn(
            organisation_id=acme.rep.organisation_id,
            user_id=acme.rep.id,
            behaviour_id=behaviour.id,
            client_id=str(uuid.uuid4()),
            occurred_on=start + timedelta(days=n),
            time_zone="Europe/Amsterdam",
            points=10,
            note=uuid.uuid4().hex * 4,
        )
        for n in range(3000)
    )
    db.session.commit()
    response = login_as(acme.admin).get("/api/v1/admin/export", buffered=False)
    assert response.is_streamed
    chunks = list(response.response)
    assert len(chunks) > 5
    assert max(len(c) for c in chunks) < 1024 * 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert len(json.loads(archive.read("check_ins.json"))) == 3000
    response.close()


def test_the_app_downloads_with_post_so_no_cache_keeps_a_copy(login_as, acme):
    admin = login_as(acme.admin)
    response = admin.post("/api/v1/admin/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    mine = login_as(acme.rep).post("/api/v1/me/export?format=zip")
    assert mine.status_code == 200 and "profile.csv" in zipfile.ZipFile(io.BytesIO(mine.data)).namelist()
    assert login_as(acme.rep).post("/api/v1/me/export", csrf=False).status_code == 400  # CSRF still guards it


def test_two_domains_answering_one_kind_make_one_file_and_rows_can_stream(login_as, acme, received):
    received(organisation_data_export, lambda org: {"extra_kind": [{"n": 1}]})
    received(organisation_data_export, lambda org: {"extra_kind": lambda: iter([{"n": 2}, {"n": 3}])})
    archive = _zip(login_as(acme.admin).get("/api/v1/admin/export"))
    assert sorted(row["n"] for row in json.loads(archive.read("extra_kind.json"))) == [1, 2, 3]
    assert archive.namelist().count("extra_kind.csv") == 1


def test_every_csv_in_the_exports_keeps_formulas_as_text(login_as, acme, make_behaviour, add_noted_checkin, db):
    """One CSV writer (backend/csvfile.py) for the organisation's zip and my own: rhythm's kinds too."""
    behaviour = make_behaviour([acme.noord], name="+Bellen")
    note = '＝HYPERLINK("https://evil.example")'  # noqa: RUF001  (a full-width equals sign)
    add_noted_checkin(acme.rep, behaviour, date(2026, 3, 2), note)
    acme.rep.name = "\t=1+1"
    db.session.commit()

    def rows(archive, kind):
        return list(csv.DictReader(io.StringIO(archive.read(f"{kind}.csv").decode("utf-8-sig"))))

    organisation = _zip(login_as(acme.admin).post("/api/v1/admin/export"))
    assert rows(organisation, "check_ins")[0]["note"] == "'" + note
    assert rows(organisation, "behaviours")[0]["name_nl"] == "'+Bellen"
    assert {p["name"] for p in rows(organisation, "people")} >= {"'\t=1+1"}
    assert json.loads(organisation.read("check_ins.json"))[0]["note"].startswith("＝")  # noqa: RUF001  (JSON as is)

    mine = _zip(login_as(acme.rep).post("/api/v1/me/export?format=zip"))
    assert rows(mine, "check_ins")[0]["note"] == "'" + note
    assert rows(mine, "check_ins")[0]["behaviour"] == "'+Bellen"
    assert rows(mine, "profile")[0]["name"] == "'\t=1+1"


def test_both_exports_say_which_check_ins_a_connected_system_made(login_as, acme, make_behaviour, db):
    """Issue 15: a check-in a CRM made is marked with its source in my export and the organisation's."""
    behaviour = make_behaviour([acme.noord])
    for day, source in ((date(2026, 3, 2), "app"), (date(2026, 3, 3), "crm")):
        db.session.add(
            CheckIn(
                organisation_id=acme.rep.organisation_id,
                user_id=acme.rep.id,
                behaviour_id=behaviour.id,
                client_id=str(uuid.uuid4()),
                occurred_on=day,
                time_zone="Europe/Amsterdam",
                points=10,
                source=source,
            )
        )
    db.session.commit()

    def sources(archive, kind="check_ins"):
        as_csv = csv.DictReader(io.StringIO(archive.read(f"{kind}.csv").decode("utf-8-sig")))
        as_json = json.loads(archive.read(f"{kind}.json"))
        return [(r["day"], r["source"]) for r in as_csv], [(r["day"], r["source"]) for r in as_json]

    expected = [("2026-03-02", "app"), ("2026-03-03", "crm")]
    organisation = _zip(login_as(acme.admin).post("/api/v1/admin/export"))
    assert sources(organisation) == (expected, expected)
    mine = _zip(login_as(acme.rep).post("/api/v1/me/export?format=zip"))
    assert [
        (r["day"], r["source"]) for r in csv.DictReader(io.StringIO(mine.read("check_ins.csv").decode("utf-8-sig")))
    ] == expected
    document = json.loads(mine.read("export.json"))
    assert [(r["day"], r["source"]) for r in document["data"]["check_ins"]] == expected

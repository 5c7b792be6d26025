"""Data rights: download my data (JSON, zip of CSV), delete my account, an admin erasing someone who left."""

import csv
import io
import json
import uuid
import zipfile
from datetime import date

import pytest
from sqlalchemy import String, Text, func, inspect, select

from backend.accounts.models import Membership, User
from backend.rhythm.models import AwayDay, CheckIn
from backend.signals import personal_data_erase, personal_data_export
from tests.conftest import PASSWORD, error_code


@pytest.fixture
def history(acme, make_behaviour, db):
    """Ruben's check-ins (one with a note), an away day when he was sick, and an invite that brought him."""
    behaviour = make_behaviour([acme.noord], name="Klantgesprek voorbereid", name_en="Prepared the meeting")
    for day, note in ((date(2026, 3, 2), "Belde =SUM(A1) Ruben Rep over offerte"), (date(2026, 3, 3), None)):
        db.session.add(
            CheckIn(
                organisation_id=acme.rep.organisation_id,
                user_id=acme.rep.id,
                behaviour_id=behaviour.id,
                client_id=str(uuid.uuid4()),
                occurred_on=day,
                time_zone="Europe/Amsterdam",
                points=10,
                note=note,
            )
        )
    db.session.add(
        AwayDay(organisation_id=acme.rep.organisation_id, user_id=acme.rep.id, day=date(2026, 3, 4), kind="sick")
    )
    db.session.commit()
    return behaviour


def test_my_data_as_json_holds_profile_teams_checkins_and_away_days(login_as, acme, history, received):
    received(personal_data_export, lambda user: {"badges": [{"badge": "Snelle opvolger", "user_id": user.id}]})
    response = login_as(acme.rep).get("/api/v1/me/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)["data"]
    assert data["profile"][0]["email"] == "ruben@acme.test" and data["profile"][0]["name"] == "Ruben Rep"
    assert data["teams"] == [{"team_id": acme.noord.id, "team": "Sales Noord", "kind": "sales", "manages": False}]
    assert [(c["day"], c["note"]) for c in data["check_ins"]] == [
        ("2026-03-02", "Belde =SUM(A1) Ruben Rep over offerte"),
        ("2026-03-03", None),
    ]
    assert data["check_ins"][0]["behaviour"] == "Klantgesprek voorbereid"
    assert data["away_days"] == [{"day": "2026-03-04", "kind": "sick"}]
    assert data["badges"] == [{"badge": "Snelle opvolger", "user_id": acme.rep.id}]
    assert len(data["sessions"]) == 1


def test_my_data_as_zip_has_a_csv_per_kind_safe_for_excel(login_as, acme, history):
    response = login_as(acme.rep).get("/api/v1/me/export?format=zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert {"export.json", "profile.csv", "teams.csv", "check_ins.csv", "away_days.csv"} <= names
    rows = list(csv.DictReader(io.StringIO(archive.read("check_ins.csv").decode("utf-8-sig"))))
    assert [r["day"] for r in rows] == ["2026-03-02", "2026-03-03"]
    assert rows[0]["note"] == "Belde =SUM(A1) Ruben Rep over offerte"  # not a formula: starts with a letter
    assert json.loads(archive.read("profile.json"))[0]["email"] == "ruben@acme.test"


def test_a_formula_at_the_start_of_a_cell_is_kept_as_text(login_as, acme, db):
    acme.rep.name = '=HYPERLINK("http://x")'
    db.session.commit()
    archive = zipfile.ZipFile(io.BytesIO(login_as(acme.rep).get("/api/v1/me/export?format=zip").data))
    row = next(csv.DictReader(io.StringIO(archive.read("profile.csv").decode("utf-8-sig"))))
    assert row["name"].startswith("'=")


def test_my_data_needs_sign_in_and_a_known_format(client, login_as, acme):
    assert client.get("/api/v1/me/export").status_code == 401
    assert login_as(acme.rep).get("/api/v1/me/export?format=xml").status_code == 422


def _texts_holding(db, needles):
    """Every (table, column) whose text holds one of the needles, across every table there is."""
    found = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text) and column.type.__class__.__name__ != "JSON":
                    continue
                text = func.lower(column) if isinstance(column.type, String | Text) else func.lower(column.cast(Text))
                for needle in needles:
                    hit = connection.execute(
                        select(func.count()).select_from(table).where(text.contains(needle.lower()))
                    ).scalar()
                    if hit:
                        found.append((table.name, column.name, needle))
    return found


def _erase_leaves_no_trace(db, acme, history, team_members):
    assert _texts_holding(db, ["ruben@acme.test", "Ruben Rep"]) == []
    rep = db.session.get(User, acme.rep.id)
    assert rep.active is False and rep.password_hash is None and rep.erased_at is not None
    assert rep.name == "Verwijderde gebruiker" and rep.email.endswith("@erased.invalid")
    checkins = db.session.scalars(select(CheckIn).where(CheckIn.user_id == acme.rep.id)).all()
    assert [(c.points, c.note) for c in checkins] == [(10, None), (10, None)]  # team history holds
    assert db.session.scalar(select(AwayDay.kind).where(AwayDay.user_id == acme.rep.id)) is None
    assert db.session.scalar(select(func.count()).select_from(Membership).where(Membership.user_id == rep.id)) == 1
    assert [m["name"] for m in team_members] == ["Martijn Manager"]


def test_deleting_my_account_erases_my_personal_data_and_keeps_anonymous_history(
    login_as, acme, history, db, new_client, received, mailbox
):
    # The invite that brought Ruben in, and an audit line naming his address.
    admin = login_as(acme.admin)
    admin.post("/api/v1/admin/invites/bulk", json={"emails": "other@x.test", "team_id": acme.noord.id, "role": "rep"})
    from backend.accounts.models import Invite

    db.session.add(
        Invite(
            organisation_id=acme.rep.organisation_id,
            email="ruben@acme.test",
            team_id=acme.noord.id,
            role="rep",
            token_hash="e" * 64,
            expires_at=acme.rep.created_at,
        )
    )
    db.session.commit()
    erased = received(personal_data_erase)
    rep = login_as(acme.rep)
    other_device = login_as(acme.rep)

    wrong = rep.post("/api/v1/me/delete", json={"password": "not my password"})
    assert wrong.status_code == 403 and error_code(wrong) == "wrong_password"
    assert db.session.get(User, acme.rep.id).erased_at is None

    assert rep.post("/api/v1/me/delete", json={"password": PASSWORD}).status_code == 204
    assert [call.id for call in erased] == [acme.rep.id]
    assert rep.get("/api/v1/me").status_code == 401 and other_device.get("/api/v1/me").status_code == 401
    refused = new_client().post("/api/v1/auth/login", json={"email": "ruben@acme.test", "password": PASSWORD})
    assert refused.status_code == 401
    db.session.expire_all()
    members = login_as(acme.manager).get(f"/api/v1/teams/{acme.noord.id}/members").get_json()
    _erase_leaves_no_trace(db, acme, history, members)
    people = admin.get("/api/v1/admin/people").get_json()
    assert acme.rep.id not in [p["id"] for p in people]
    teams = {t["name"]: t for t in admin.get("/api/v1/teams").get_json()}
    assert teams["Sales Noord"]["member_count"] == 1


def test_admin_erases_the_account_of_someone_who_left(login_as, acme, history, db):
    assert login_as(acme.manager).post(f"/api/v1/admin/people/{acme.rep.id}/erase").status_code == 403
    response = login_as(acme.admin).post(f"/api/v1/admin/people/{acme.rep.id}/erase")
    assert response.status_code == 204
    db.session.expire_all()
    members = login_as(acme.manager).get(f"/api/v1/teams/{acme.noord.id}/members").get_json()
    _erase_leaves_no_trace(db, acme, history, members)
    # Erased is gone: a second erase or a change answers 404 like a stranger.
    admin = login_as(acme.admin)
    assert admin.post(f"/api/v1/admin/people/{acme.rep.id}/erase").status_code == 404
    assert admin.patch(f"/api/v1/admin/people/{acme.rep.id}", json={"active": True}).status_code == 404


def test_the_last_admin_cannot_delete_their_account(login_as, acme, db):
    response = login_as(acme.admin).post("/api/v1/me/delete", json={"password": PASSWORD})
    assert response.status_code == 409 and error_code(response) == "last_admin"
    assert db.session.get(User, acme.admin.id).erased_at is None


def test_every_text_column_was_searched(db, acme):
    """The search above must look at real columns: it finds a living person."""
    hits = _texts_holding(db, ["ruben@acme.test", "Ruben Rep"])
    assert ("user", "email", "ruben@acme.test") in hits and ("user", "name", "Ruben Rep") in hits
    assert inspect(db.engine).get_table_names()

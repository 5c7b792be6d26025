"""Customer voice over HTTP: sharing (idempotent by client_id), links, the feed's filters, pins and roles,
organisation scoping, the NPS import's report, export, erasure and retention."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

from backend import signals
from backend.timeutil import local_today, utcnow
from backend.voice.models import CustomerVoice
from tests.conftest import error_code
from tests.wins.conftest import log_win


def cid() -> str:
    return str(uuid.uuid4())


def share(api, quote="Jullie belden binnen een uur terug, top.", **fields):
    return api.post("/api/v1/voices", json={"client_id": cid(), "quote": quote, "channel": "call", **fields})


def feed(api, **query):
    return api.get("/api/v1/voices", query_string=query)


def test_anyone_shares_a_voice_and_every_department_reads_it(world, login_as):
    finance = world["teams"]["finance"]
    response = share(login_as(world["rep"]), customer="Bouwbedrijf De Vries", team_id=finance.id, score=9)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["customer"] == "Bouwbedrijf De Vries" and body["score"] == 9 and body["source"] == "shared"
    assert body["team"] == {"id": finance.id, "name": "Finance"} and body["author"]["name"] == "Ruben"
    assert body["said_on"] == local_today(world["rep"].time_zone, utcnow()).isoformat()
    assert body["can_delete"] is True and body["can_pin"] is False
    for person in ("finance", "sem", "manager_zuid", "admin"):
        items = feed(login_as(world[person])).get_json()["items"]
        assert [i["id"] for i in items] == [body["id"]], person
    assert feed(login_as(world["stranger"])).get_json()["items"] == []


def test_a_replay_answers_the_stored_voice_once_and_another_payload_conflicts(world, login_as, db):
    api = login_as(world["rep"])
    payload = {"client_id": cid(), "quote": "Eindelijk een factuur die klopt", "channel": "email", "score": 8}
    first, again = api.post("/api/v1/voices", json=payload), api.post("/api/v1/voices", json=payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    clash = api.post("/api/v1/voices", json={**payload, "score": 3})
    assert clash.status_code == 409 and error_code(clash) == "client_id_reused"
    other = login_as(world["lotte"]).post("/api/v1/voices", json=payload)  # someone else's id: never theirs
    assert other.status_code == 409
    assert db.session.query(CustomerVoice).count() == 1


def test_bad_input_is_a_clear_422_in_the_users_language(world, login_as):
    api = login_as(world["rep"])
    today = local_today(world["rep"].time_zone, utcnow())
    for fields, field in [
        ({"quote": "   "}, "quote"),
        ({"quote": "x" * 1001}, "quote"),
        ({"channel": "pigeon"}, "channel"),
        ({"score": 11}, "score"),
        ({"score": -1}, "score"),
        ({"team_id": world["teams"]["other"].id}, "team_id"),
        ({"said_on": (today + timedelta(days=2)).isoformat()}, "said_on"),
    ]:
        response = share(api, **fields)
        assert response.status_code == 422, (fields, response.get_json())
        assert field in response.get_json()["error"]["fields"], fields
    dutch = share(api, quote=" ")
    assert dutch.get_json()["error"]["fields"]["quote"] == ["Vertel wat de klant zei."]


def test_links_to_a_behaviour_and_a_win_must_be_the_organisations(world, login_as, make_behaviour, make_org):
    api = login_as(world["rep"])
    behaviour = make_behaviour([world["teams"]["noord"]], name="Binnen 24 uur opgevolgd")
    win_id = log_win(api).get_json()["id"]
    linked = share(api, behaviour_id=behaviour.id, win_id=win_id)
    assert linked.status_code == 201
    assert linked.get_json()["behaviour_name"] == "Binnen 24 uur opgevolgd" and linked.get_json()["win_id"] == win_id
    assert feed(api).get_json()["items"][0]["behaviour_name"] == "Binnen 24 uur opgevolgd"
    elsewhere = make_behaviour([world["teams"]["other"]], organisation=make_org("Derde BV"))
    assert "behaviour_id" in share(api, behaviour_id=elsewhere.id).get_json()["error"]["fields"]
    strangers_win = log_win(login_as(world["stranger"])).get_json()["id"]
    assert "win_id" in share(api, win_id=strangers_win).get_json()["error"]["fields"]


def test_the_win_picker_searches_the_organisations_visible_wins(world, login_as):
    rep = login_as(world["rep"])
    invoice = log_win(
        login_as(world["finance"]), "Factuurprobleem opgelost", customer="Bouwbedrijf De Vries"
    ).get_json()
    callback = log_win(rep, "Binnen een uur teruggebeld, 100% tevreden", customer="Jansen Logistiek").get_json()
    hidden = log_win(rep, "Nog een factuur rechtgezet").get_json()
    assert login_as(world["manager"]).post(f"/api/v1/wins/{hidden['id']}/hide").status_code == 200
    log_win(login_as(world["stranger"]), "Factuur van een ander bedrijf")

    def picked(q=None):
        response = rep.get("/api/v1/voices/wins", query_string={"q": q} if q is not None else {})
        assert response.status_code == 200, response.get_json()
        return [w["id"] for w in response.get_json()]

    assert picked() == [callback["id"], invoice["id"]]  # newest first; not the hidden one, not another org's
    assert picked("FACTUUR") == [invoice["id"]]  # the text, whatever the case
    assert picked("de vries") == [invoice["id"]]  # or the customer
    assert picked("100%") == [callback["id"]] and picked("_") == []  # % and _ are plain characters
    option = rep.get("/api/v1/voices/wins", query_string={"q": "jansen"}).get_json()[0]
    assert option == {
        "id": callback["id"],
        "text": "Binnen een uur teruggebeld, 100% tevreden",
        "customer": "Jansen Logistiek",
        "created_at": option["created_at"],
        "confirmed": False,
        "author": {"id": world["rep"].id, "name": "Ruben"},
    }
    assert share(rep, win_id=callback["id"]).get_json()["win_id"] == callback["id"]
    assert rep.get("/api/v1/voices/wins", query_string={"q": "x" * 201}).status_code == 422


def test_the_feed_filters_by_department_customer_and_score(world, login_as):
    api = login_as(world["rep"])
    noord, finance = world["teams"]["noord"], world["teams"]["finance"]
    ids = {
        "promoter": share(api, customer="De Vries Bouw", team_id=noord.id, score=10).get_json()["id"],
        "passive": share(api, customer="Jansen Logistiek", team_id=finance.id, score=7).get_json()["id"],
        "detractor": share(api, customer="de vries bouw", team_id=finance.id, score=2).get_json()["id"],
        "none": share(api, customer="100%_Zeker BV").get_json()["id"],
    }

    def found(**query):
        response = feed(api, **query)
        assert response.status_code == 200, response.get_json()
        return {item["id"] for item in response.get_json()["items"]}

    assert found() == set(ids.values())
    assert found(team_id=finance.id) == {ids["passive"], ids["detractor"]}
    assert found(customer="VRIES") == {ids["promoter"], ids["detractor"]}
    assert found(customer="%") == {ids["none"]} and found(customer="_z") == {ids["none"]}  # wildcards are text
    for band, voice_id in ids.items():
        assert found(score=band) == {voice_id}, band
    assert found(team_id=finance.id, score="detractor", customer="vries") == {ids["detractor"]}
    assert feed(api, score="great").status_code == 422
    customers = api.get("/api/v1/voices/customers").get_json()["customers"]
    assert "Jansen Logistiek" in customers and "100%_Zeker BV" in customers


def test_the_feed_pages_by_offset(world, login_as):
    api = login_as(world["rep"])
    for n in range(32):
        assert share(api, quote=f"Voice {n}").status_code == 201
    first = feed(api).get_json()
    assert len(first["items"]) == 30 and first["next_offset"] == 30
    rest = feed(api, offset=30).get_json()
    assert len(rest["items"]) == 2 and rest["next_offset"] is None
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in rest["items"]})


def test_managers_pin_voices_of_their_teams_and_pinned_come_first(world, login_as):
    rep = login_as(world["rep"])
    noord, finance = world["teams"]["noord"], world["teams"]["finance"]
    about_noord = share(rep, quote="Ruben dacht echt mee", team_id=noord.id).get_json()["id"]
    about_finance = share(rep, quote="De creditnota kwam snel", team_id=finance.id).get_json()["id"]
    newest = share(rep, quote="Nieuwste").get_json()["id"]
    assert rep.post(f"/api/v1/voices/{about_noord}/pin").status_code == 403
    assert login_as(world["manager_zuid"]).post(f"/api/v1/voices/{about_noord}/pin").status_code == 403
    manager = login_as(world["manager"])
    assert manager.post(f"/api/v1/voices/{about_finance}/pin").status_code == 403
    pinned = manager.post(f"/api/v1/voices/{about_noord}/pin")
    assert pinned.status_code == 200 and pinned.get_json()["pinned"] is True
    assert pinned.get_json()["pinned_by"]["name"] == "Martijn"
    assert [i["id"] for i in feed(rep).get_json()["items"]] == [about_noord, newest, about_finance]
    assert login_as(world["admin"]).post(f"/api/v1/voices/{about_finance}/pin").status_code == 200
    assert manager.delete(f"/api/v1/voices/{about_noord}/pin").get_json()["pinned"] is False
    assert login_as(world["stranger_manager"]).post(f"/api/v1/voices/{newest}/pin").status_code == 404


def test_the_author_or_an_admin_deletes_a_voice(world, login_as, db):
    rep = login_as(world["rep"])
    mine, other = share(rep).get_json()["id"], share(rep, quote="Tweede").get_json()["id"]
    assert login_as(world["lotte"]).delete(f"/api/v1/voices/{mine}").status_code == 403
    assert login_as(world["stranger"]).delete(f"/api/v1/voices/{mine}").status_code == 404
    assert rep.delete(f"/api/v1/voices/{mine}").status_code == 204
    assert login_as(world["admin"]).delete(f"/api/v1/voices/{other}").status_code == 204
    assert db.session.query(CustomerVoice).count() == 0


# --- NPS import ----------------------------------------------------------------------------------------


def _import(api, text: str, **query):
    return api.post("/api/v1/imports/nps", data=text.encode(), content_type="text/csv", query_string=query)


def test_nps_import_reports_bad_lines_by_number_and_imports_the_rest_once(world, login_as, db):
    today = local_today(world["manager"].time_zone, utcnow())
    future = (today + timedelta(days=2)).isoformat()
    day = today - timedelta(days=30)
    d2, d3, d4 = day.strftime("%d-%m-%Y"), (day + timedelta(days=1)).isoformat(), (day + timedelta(days=2)).isoformat()
    text = (
        "Datum;Score;Opmerking;Klant\n"  # line 1: a Dutch header with Excel's ';'
        f"{d2};9;Snel en duidelijk;De Vries Bouw\n"  # 2 good (a Dutch date)
        f"{d3};11;Te hoog;X\n"  # 3 score out of range
        "2026-13-03;7;;Y\n"  # 4 bad date
        f"{future};8;Later;Z\n"  # 5 in the future
        "\n"  # 6 blank: left out
        f"{d4};6;;Jansen\n"  # 7 good: a score without a comment
        f"{d4};;Geen score;Jansen\n"  # 8 no score
        f"{d2};9;Snel en duidelijk;De Vries Bouw\n"  # 9 the same as line 2
        f"{d4};zeven;Hm;Q\n"  # 10 not a number
    )
    api = login_as(world["manager"])
    response = _import(api, text, team_id=world["teams"]["noord"].id)
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert (report["rows"], report["imported"], report["invalid"], report["skipped_existing"]) == (8, 2, 6, 0)
    by_line = {e["line"]: e for e in report["errors"]}
    assert sorted(by_line) == [3, 4, 5, 8, 9, 10]
    assert by_line[3]["codes"] == ["voice_import_bad_score"] and "0 tot en met 10" in by_line[3]["reason"]
    assert by_line[4]["codes"] == ["import_bad_date"]
    assert by_line[5]["codes"] == ["import_future_date"]
    assert by_line[8]["codes"] == ["import_missing_columns"]
    assert by_line[9]["codes"] == ["voice_import_duplicate_row"] and "regel 2" in by_line[9]["reason"]
    assert by_line[10]["codes"] == ["voice_import_bad_score"]
    voices = db.session.query(CustomerVoice).order_by(CustomerVoice.said_on).all()
    assert [(v.said_on.isoformat(), v.score, v.quote, v.customer, v.source, v.channel) for v in voices] == [
        (day.isoformat(), 9, "Snel en duidelijk", "De Vries Bouw", "import", "survey"),
        (d4, 6, None, "Jansen", "import", "survey"),
    ]
    assert all(v.team_id == world["teams"]["noord"].id for v in voices)
    # The feed shows what has words; a bare score counts only as an outcome.
    assert [i["quote"] for i in feed(api).get_json()["items"]] == ["Snel en duidelijk"]
    again = _import(api, text).get_json()
    assert (again["imported"], again["skipped_existing"]) == (0, 2)
    assert db.session.query(CustomerVoice).count() == 2


def test_a_strict_nps_import_with_a_bad_line_writes_nothing(world, login_as, db):
    response = _import(login_as(world["admin"]), "date,score\n2026-11-02,9\n2026-11-02,x\n", strict="true")
    assert response.status_code == 422
    body = response.get_json()
    assert body["rejected"] is True and body["error"]["code"] == "import_rejected" and body["errors"][0]["line"] == 3
    assert db.session.query(CustomerVoice).count() == 0


def test_the_nps_import_refuses_a_bad_file_reps_and_strangers_teams(world, login_as):
    api = login_as(world["admin"])
    header = _import(api, "when,how much\n2026-11-02,9\n")
    assert header.status_code == 422 and error_code(header) == "voice_import_bad_header"
    assert "Onbekend: when, how much." in header.get_json()["error"]["message"]
    assert error_code(api.post("/api/v1/imports/nps", data=b"\xff\xfe", content_type="text/csv")) == "import_not_utf8"
    assert _import(api, "date,score\n2026-11-02,9\n", team_id=world["teams"]["other"].id).status_code == 422
    assert _import(api, "date,score\n2026-11-02,9\n", team_id="abc").status_code == 422
    assert _import(login_as(world["rep"]), "date,score\n2026-11-02,9\n").status_code == 403
    upload = api.post(
        "/api/v1/imports/nps",
        data={"file": (io.BytesIO(b"date,score,comment\n2026-11-02,10,Top\n"), "nps.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 200 and upload.get_json()["imported"] == 1


# --- data rights and retention -----------------------------------------------------------------------


def test_export_and_erasure_include_customer_voice(world, login_as, db):
    rep, manager = world["rep"], world["manager"]
    shared = share(login_as(rep), quote="Dit wil ik bewaren", team_id=world["teams"]["noord"].id).get_json()["id"]
    assert login_as(manager).post(f"/api/v1/voices/{shared}/pin").status_code == 200
    assert _import(login_as(manager), "date,score,comment\n2026-11-02,9,Prima\n").get_json()["imported"] == 1
    answers = [answer for _r, answer in signals.personal_data_export.send(rep)]
    rows = next(a["customer_voices"] for a in answers if isinstance(a, dict) and "customer_voices" in a)
    assert [r["quote"] for r in rows] == ["Dit wil ik bewaren"]

    signals.personal_data_erase.send(manager)
    db.session.commit()
    kept = db.session.query(CustomerVoice).order_by(CustomerVoice.id).all()
    assert [(v.quote, v.author_id, v.pinned_by_id) for v in kept] == [
        ("Dit wil ik bewaren", rep.id, None),  # who pinned it is forgotten
        ("Prima", None, None),  # the survey's row stays, without who imported it
    ]
    signals.personal_data_erase.send(rep)
    db.session.commit()
    assert [v.quote for v in db.session.query(CustomerVoice)] == ["Prima"]


def test_the_admins_erasure_and_my_export_over_http_reach_customer_voice(world, login_as, db):
    rep = login_as(world["rep"])
    share(rep, quote="Mijn eigen woorden", customer="Klant A")
    export = rep.get("/api/v1/me/export")
    assert export.status_code == 200 and b"Mijn eigen woorden" in export.data and b"customer_voices" in export.data
    assert login_as(world["admin"]).post(f"/api/v1/admin/people/{world['rep'].id}/erase").status_code == 204
    db.session.expire_all()
    assert db.session.query(CustomerVoice).count() == 0


def test_retention_clears_old_quotes_and_keeps_the_scores(world, login_as, db, org):
    from backend.admin.retention import run_retention

    api = login_as(world["rep"])
    today = local_today(world["rep"].time_zone, utcnow())
    old_day = today - timedelta(days=org.retention_days + 3)
    old = share(api, quote="Oud", customer="Oude klant", score=4, said_on=old_day.isoformat()).get_json()["id"]
    recent = share(api, quote="Recent", score=9).get_json()["id"]
    run_retention()
    db.session.commit()
    stale, fresh = db.session.get(CustomerVoice, old), db.session.get(CustomerVoice, recent)
    assert (stale.quote, stale.customer, stale.score, stale.text_removed_at is not None) == (None, None, 4, True)
    assert (fresh.quote, fresh.score) == ("Recent", 9)
    assert [i["id"] for i in feed(api).get_json()["items"]] == [recent]


def test_the_organisation_export_includes_voices(world, login_as, org):
    share(login_as(world["rep"]), quote="In de export")
    share(login_as(world["stranger"]), quote="Niet in onze export")
    kinds: dict = {}
    for _receiver, answer in signals.organisation_data_export.send(org):
        kinds.update(answer if isinstance(answer, dict) else {})
    assert [row["quote"] for row in kinds["customer_voices"]()] == ["In de export"]

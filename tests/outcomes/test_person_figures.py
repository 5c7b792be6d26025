"""Figures per person: entered by the person's manager, imported with a person column, or counted from CRM
events by an outcome rule. A person's figures are read back by that person only (their list, their own
'Wat werkt', their export); everyone else sees the team's week derived from them (sum or average)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from backend.outcomes import stats
from backend.outcomes.models import OutcomePersonValue
from backend.rhythm import read as rhythm
from backend.timeutil import local_today, utcnow

PAYLOADS = Path(__file__).parent.parent / "integrations" / "payloads"


@pytest.fixture
def config_overrides():
    return {"RITME_BASE_URL": "https://ritme.example"}


@pytest.fixture
def this_week(world):
    return rhythm.week_start(local_today(world["manager"].time_zone, utcnow()))


def _measure(api, name="Deals gewonnen", name_en="Deals won", combine=None):
    body = {"name_nl": name, "name_en": name_en, **({"combine": combine} if combine else {})}
    made = api.post("/api/v1/outcomes/measures", json=body)
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def _put(api, measure_id, person, week, value):
    body = {"measure_id": measure_id, "user_id": person.id, "week_start": week.isoformat(), "value": value}
    return api.put("/api/v1/outcomes/person-values", json=body)


def _mine(db, person):
    db.session.expire_all()
    rows = db.session.scalars(select(OutcomePersonValue).where(OutcomePersonValue.user_id == person.id))
    return {(v.measure_id, v.week_start): (v.value, v.source) for v in rows}


def _numbers(body) -> str:
    return json.dumps(body)


def test_a_manager_enters_figures_for_members_and_never_reads_one_back(world, login_as, db, this_week):
    admin = login_as(world["admin"])
    deals = _measure(admin)["id"]
    week = this_week - timedelta(weeks=1)
    manager = login_as(world["manager"])
    saved = _put(manager, deals, world["rep"], week, 3)
    assert saved.status_code == 200
    # The answer confirms what was saved for whom, never the figure.
    assert saved.get_json() == {"saved": True, "user_id": world["rep"].id, "measure_id": deals, "week_start": str(week)}
    assert _put(manager, deals, world["lotte"], week, 4).status_code == 200
    assert _put(manager, deals, world["rep"], week, 5).status_code == 200  # entered again: replaced
    assert _mine(db, world["rep"]) == {(deals, week): (5.0, "manual")}

    # Who may enter: the person's own manager or an admin; not a rep, not another team's manager, not for
    # the manager themselves (they manage the team, they are not its member), never across organisations.
    assert _put(login_as(world["rep"]), deals, world["lotte"], week, 9).status_code == 403
    assert _put(login_as(world["rep"]), deals, world["rep"], week, 9).status_code == 403
    assert _put(login_as(world["manager_zuid"]), deals, world["rep"], week, 9).status_code == 403
    assert _put(manager, deals, world["sem"], week, 9).status_code == 403
    assert _put(manager, deals, world["manager"], week, 9).status_code == 403
    stranger = _put(manager, deals, world["stranger"], week, 9)
    assert stranger.status_code == 422 and "user_id" in stranger.get_json()["error"]["fields"]
    assert _put(login_as(world["stranger_manager"]), deals, world["rep"], week, 9).status_code == 422
    assert _put(admin, deals, world["sem"], week, 2).status_code == 200
    future = _put(manager, deals, world["rep"], this_week + timedelta(weeks=1), 1)
    assert future.status_code == 422 and "week_start" in future.get_json()["error"]["fields"]
    tuesday = _put(manager, deals, world["rep"], week + timedelta(days=1), 1)
    assert tuesday.status_code == 422

    # The team's week is derived from its members' figures (sum): 5 + 4. No API answers a person's figure to
    # anyone but that person.
    for who in ("manager", "rep", "lotte", "admin"):
        figures = login_as(world[who]).get(f"/api/v1/outcomes/values/{world['teams']['noord'].id}").get_json()
        assert figures == [
            {
                "id": None,
                "measure_id": deals,
                "team_id": world["teams"]["noord"].id,
                "week_start": str(week),
                "value": 9.0,
                "derived": True,
            }
        ]
    assert login_as(world["rep"]).get("/api/v1/outcomes/mine").get_json() == [
        {
            "measure_id": deals,
            "measure_name": "Deals gewonnen",
            "week_start": str(week),
            "value": 5.0,
            "source": "manual",
        }
    ]
    lotte = login_as(world["lotte"])
    mine = lotte.get("/api/v1/outcomes/mine").get_json()
    assert [(f["value"], f["week_start"]) for f in mine] == [(4.0, str(week))]  # her own only, not Ruben's 5
    assert login_as(world["manager"]).get("/api/v1/outcomes/mine").get_json() == []
    assert "5.0" not in _numbers(
        manager.get("/api/v1/outcomes/what-works", query_string={"team_id": world["teams"]["noord"].id}).get_json()
    )


def test_an_average_measure_derives_the_teams_week_as_the_mean(world, login_as, this_week):
    admin = login_as(world["admin"])
    rate = _measure(admin, "Verlengingsgraad", "Renewal rate", combine="average")
    assert rate["combine"] == "average"
    week = this_week - timedelta(weeks=2)
    manager = login_as(world["manager"])
    _put(manager, rate["id"], world["rep"], week, 0.8)
    _put(manager, rate["id"], world["lotte"], week, 0.6)
    # A week entered for the team and not per person stays as entered.
    other = this_week - timedelta(weeks=3)
    body = {
        "measure_id": rate["id"],
        "team_id": world["teams"]["noord"].id,
        "week_start": other.isoformat(),
        "value": 0.5,
    }
    assert manager.put("/api/v1/outcomes/values", json=body).status_code == 200
    figures = manager.get(f"/api/v1/outcomes/values/{world['teams']['noord'].id}").get_json()
    assert [(f["week_start"], round(f["value"], 6), f["derived"]) for f in figures] == [
        (str(week), 0.7, True),
        (str(other), 0.5, False),
    ]
    # The admin may change how it combines; a rep may not.
    changed = admin.patch(f"/api/v1/outcomes/measures/{rate['id']}", json={"combine": "sum"})
    assert changed.status_code == 200 and changed.get_json()["combine"] == "sum"
    assert (
        login_as(world["rep"]).patch(f"/api/v1/outcomes/measures/{rate['id']}", json={"combine": "sum"}).status_code
        == 403
    )
    bad = admin.patch(f"/api/v1/outcomes/measures/{rate['id']}", json={"combine": "median"})
    assert bad.status_code == 422
    figures = manager.get(f"/api/v1/outcomes/values/{world['teams']['noord'].id}").get_json()
    assert round(figures[0]["value"], 6) == 1.4


def test_my_own_what_works_compares_my_own_weeks_with_the_same_gate(
    world, login_as, make_behaviour, add_checkins, this_week
):
    """Ruben's own high weeks (6 of 7 days) had 10, 12, 14, 16 deals, his low weeks (1 of 7) 8, 8, 10, 10:
    the hand-computed example of docs/what-works.md, for one person over time."""
    behaviour = make_behaviour([world["teams"]["noord"]], name="Klant binnen 24 uur opgevolgd")
    high_weeks = [this_week - timedelta(weeks=n) for n in (2, 4, 6, 8)]
    low_weeks = [this_week - timedelta(weeks=n) for n in (1, 3, 5, 7)]
    add_checkins(world["rep"], behaviour, [w + timedelta(days=d) for w in high_weeks for d in range(6)] + low_weeks)
    deals = _measure(login_as(world["admin"]))["id"]
    manager = login_as(world["manager"])
    for weeks, figures in ((high_weeks, [10, 12, 14, 16]), (low_weeks, [8, 8, 10, 10])):
        for week, figure in zip(weeks, figures, strict=True):
            assert _put(manager, deals, world["rep"], week, figure).status_code == 200
    body = login_as(world["rep"]).get("/api/v1/outcomes/mine/what-works", query_string={"weeks": 12}).get_json()
    assert body["team"] is None and body["min_weeks"] == stats.MIN_WEEKS
    [row] = body["rows"]
    c = row["comparison"]
    assert c["shown"] and (c["weeks"], c["high_weeks"], c["low_weeks"]) == (8, 4, 4)
    assert (c["high_mean"], c["low_mean"], c["difference"]) == (13.0, 9.0, 4.0)
    assert c["ci_low"] == pytest.approx(0.13, abs=0.02) and c["ci_high"] == pytest.approx(7.87, abs=0.02)
    # Lotte has no figures of her own: no rows, nothing of Ruben's.
    assert login_as(world["lotte"]).get("/api/v1/outcomes/mine/what-works").get_json()["rows"] == []
    # One week fewer: below the same minimum sample, nothing shown.
    with_seven = login_as(world["rep"])
    from backend.extensions import db

    db.session.execute(OutcomePersonValue.__table__.delete().where(OutcomePersonValue.week_start == low_weeks[-1]))
    db.session.commit()
    c = with_seven.get("/api/v1/outcomes/mine/what-works", query_string={"weeks": 12}).get_json()["rows"][0][
        "comparison"
    ]
    assert (c["shown"], c["reason"], c["weeks"]) == (False, "too_few_weeks", 7)


def _import(api, text: str, **query):
    return api.post("/api/v1/imports/outcomes", data=text.encode(), content_type="text/csv", query_string=query)


def test_csv_with_a_person_column(world, login_as, db, this_week):
    deals = _measure(login_as(world["admin"]))["id"]
    w1, w2 = this_week - timedelta(weeks=2), this_week - timedelta(weeks=1)
    rep, lotte, sem = world["rep"], world["lotte"], world["sem"]
    csv = "\n".join(
        [
            "week;team;persoon;uitkomst;waarde",
            f"{w1};Sales Noord;{rep.email.upper()};Deals gewonnen;3",  # 2 ok (e-mail case does not matter)
            f"{w1};Sales Noord;{lotte.email};Deals gewonnen;2",  # 3 ok
            f"{w1};Sales Noord;{sem.email};Deals gewonnen;1",  # 4 Sem is not in Noord
            f"{w1};Sales Noord;nobody@example.test;Deals gewonnen;1",  # 5 unknown person
            f"{w1};Sales Noord;{rep.email};Deals gewonnen;4",  # 6 duplicate of line 2
            f"{w2};Sales Noord;;Deals gewonnen;7",  # 7 a team row, as before
            f"{w2};Sales Noord;{world['stranger'].email};Deals gewonnen;1",  # 8 another organisation
        ]
    )
    manager = login_as(world["manager"])
    report = _import(manager, csv)
    assert report.status_code == 200, report.get_json()
    body = report.get_json()
    assert (body["imported"], body["invalid"]) == (3, 4)
    assert [e["line"] for e in body["errors"]] == [4, 5, 6, 8]
    messages = " ".join(e["reason"] for e in body["errors"])
    assert "geen lid van Sales Noord" in messages and "Onbekende persoon: nobody@example.test" in messages
    assert "regel 2" in messages
    assert _mine(db, rep) == {(deals, w1): (3.0, "import")}
    assert _mine(db, sem) == {}
    # The report in English for an English reader; never a figure in it.
    world["manager"].locale = "en"
    db.session.commit()
    english = _import(login_as(world["manager"]), csv, strict="true")
    assert english.status_code == 422
    text = " ".join(e["reason"] for e in english.get_json()["errors"])
    assert "is not a member of Sales Noord" in text and "Unknown person" in text and "line 2" in text
    # Another team's manager may not import for Noord's people.
    other = _import(
        login_as(world["manager_zuid"]),
        f"week,team,person,measure,value\n{w1},Sales Noord,{rep.email},Deals gewonnen,9",
    )
    assert other.get_json()["invalid"] == 1 and _mine(db, rep)[(deals, w1)] == (3.0, "import")
    # The team's week: derived from the person rows (3 + 2) where there are some, the team's own row else.
    figures = {
        (f["week_start"], f["derived"]): f["value"]
        for f in manager.get(f"/api/v1/outcomes/values/{world['teams']['noord'].id}").get_json()
    }
    assert figures == {(str(w1), True): 5.0, (str(w2), False): 7.0}


# --- CRM events -----------------------------------------------------------------------------------


def _basic(password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"ritme:{password}".encode()).decode()}


def _won_deal(deal_id: int, owner: int, value: float, at: datetime) -> dict:
    """Pipedrive webhooks v2: a deal changed to won (the recorded payload's shape)."""
    body = json.loads((PAYLOADS / "pipedrive_v2_deal_stage_changed.json").read_text())
    body["meta"].update(entity_id=deal_id, id=deal_id, timestamp=int(at.timestamp()))
    body["data"].update(id=deal_id, status="won", value=value, owner_id=owner)
    body["previous"] = {"status": "open"}
    return body


@pytest.fixture
def crm(world, login_as, new_client):
    """A Pipedrive source with an outcome rule: a won deal adds 1 to Deals won, and its value to Deal value."""
    admin = login_as(world["admin"])
    deals = _measure(admin)["id"]
    value = _measure(admin, "Dealwaarde", "Deal value")["id"]
    made = admin.post(
        "/api/v1/integrations/sources",
        json={
            "name": "Pipedrive",
            "preset": "pipedrive",
            "owner_map": {"18487521": world["rep"].email},
            "rules": [
                {"event": "change.deal", "when": {"data.status": "won"}, "kind": "outcome", "measure_id": deals},
                {
                    "event": "change.deal",
                    "when": {"data.status": "won"},
                    "kind": "outcome",
                    "measure_id": value,
                    "amount": "value",
                    "value_path": "data.value",
                },
            ],
        },
    )
    assert made.status_code == 201, made.get_json()
    source = made.get_json()
    path = "/api/v1/hooks/in/" + source["url"].rsplit("/", 1)[1]

    def post(body):
        api = new_client()
        return api.raw.post(
            path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **_basic(source["secret"])},
        )

    return {"source": source, "post": post, "deals": deals, "value": value, "admin": admin}


def test_a_won_deal_counts_once_and_replays_are_ignored(world, db, crm, login_as):
    at = utcnow()
    week = rhythm.week_start(at.astimezone(ZoneInfo("Europe/Amsterdam")).date())
    first = crm["post"](_won_deal(311, 18487521, 12500, at))
    assert first.status_code == 200 and first.get_json()["status"] == "counted"
    replay = _won_deal(311, 18487521, 12500, at)
    replay["meta"]["attempt"] = 2  # Pipedrive's retry: the same event
    assert crm["post"](replay).get_json()["status"] == "duplicate"
    assert crm["post"](_won_deal(312, 18487521, 500, at + timedelta(seconds=1))).get_json()["status"] == "counted"
    # The first matching rule takes the event (the rules' order, as for behaviours): 2 deals.
    assert _mine(db, world["rep"]) == {(crm["deals"], week): (2.0, "crm")}
    # An open deal, or an unknown owner, adds nothing.
    still_open = _won_deal(313, 18487521, 1, at)
    still_open["data"]["status"] = "open"
    assert crm["post"](still_open).get_json()["status"] == "unmapped"
    assert crm["post"](_won_deal(314, 999, 1, at)).get_json()["status"] == "unknown_person"
    assert _mine(db, world["rep"])[(crm["deals"], week)] == (2.0, "crm")
    log = crm["admin"].get(f"/api/v1/integrations/sources/{crm['source']['id']}/events").get_json()
    assert sorted(e["outcome"] for e in log) == ["counted", "counted", "unknown_person", "unmapped"]
    # Ruben sees them; his manager sees the team's week only.
    mine = login_as(world["rep"]).get("/api/v1/outcomes/mine").get_json()
    assert [(f["value"], f["source"]) for f in mine] == [(2.0, "crm")]
    team = login_as(world["manager"]).get(f"/api/v1/outcomes/values/{world['teams']['noord'].id}").get_json()
    assert [(f["value"], f["derived"]) for f in team] == [(2.0, True)]


def test_the_deal_value_rule_adds_the_value(world, db, crm):
    """With the value rule first, a won deal adds its value (data.value); a deal without one is refused."""
    rules = crm["source"]["rules"]
    changed = crm["admin"].patch(
        f"/api/v1/integrations/sources/{crm['source']['id']}", json={"rules": [rules[1], rules[0]]}
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["rules"][0]["amount"] == "value" and changed.get_json()["rules"][0]["kind"] == "outcome"
    at = utcnow()
    week = rhythm.week_start(at.astimezone(ZoneInfo("Europe/Amsterdam")).date())
    crm["post"](_won_deal(401, 18487521, 12500, at))
    crm["post"](_won_deal(402, 18487521, 2500.5, at))
    no_value = _won_deal(403, 18487521, 0, at)
    no_value["data"]["value"] = None
    assert crm["post"](no_value).get_json() == {"status": "refused", "reason": "no_value"}
    assert _mine(db, world["rep"]) == {(crm["value"], week): (15000.5, "crm")}


def test_outcome_rules_are_checked(world, crm):
    admin, source = crm["admin"], crm["source"]
    url = f"/api/v1/integrations/sources/{source['id']}"
    for rule, text in (
        ({"event": "change.deal", "kind": "outcome"}, "Kies de uitkomst"),
        ({"event": "change.deal", "kind": "outcome", "measure_id": 999999}, "Onbekende uitkomst"),
        (
            {"event": "change.deal", "kind": "outcome", "measure_id": crm["deals"], "amount": "value"},
            "waarde van de deal",
        ),
        ({"event": "change.deal"}, "Kies een gedrag"),
    ):
        refused = admin.patch(url, json={"rules": [rule]})
        assert refused.status_code == 422 and text in json.dumps(refused.get_json(), ensure_ascii=False), rule
    bad_kind = admin.patch(url, json={"rules": [{"event": "x", "kind": "points", "measure_id": crm["deals"]}]})
    assert bad_kind.status_code == 422


def _dst_sundays(today: date) -> list[date]:
    """The next last Sundays of March and October (Europe's DST changes) after `today`."""
    found = []
    for year in (today.year, today.year + 1):
        for month in (3, 10):
            last = date(year, month, 31)
            sunday = last - timedelta(days=(last.weekday() + 1) % 7)
            if sunday > today:
                found.append(sunday)
    return found[:2]


def test_the_week_is_the_organisations_across_dst(world, db, crm):
    """A deal won on Sunday 23:30 in Amsterdam counts for that week; at Monday 00:30 (still Sunday in UTC)
    for the new week: the organisation's time zone decides, on the days the clocks change too."""
    zone = ZoneInfo("Europe/Amsterdam")
    deal = 500
    for sunday in _dst_sundays(utcnow().date()):
        monday_before = sunday - timedelta(days=6)
        late_sunday = datetime.combine(sunday, time(23, 30), zone)
        early_monday = datetime.combine(sunday + timedelta(days=1), time(0, 30), zone)
        assert early_monday.astimezone(UTC).date() == sunday  # in UTC it is still Sunday
        for at in (late_sunday, early_monday):
            deal += 1
            with time_machine.travel(at, tick=False):
                assert crm["post"](_won_deal(deal, 18487521, 1, at)).get_json()["status"] == "counted"
        figures = _mine(db, world["rep"])
        assert figures[(crm["deals"], monday_before)] == (1.0, "crm")
        assert figures[(crm["deals"], sunday + timedelta(days=1))] == (1.0, "crm")


# --- data rights -----------------------------------------------------------------------------------


def test_exports_and_erasure(world, db, login_as, this_week):
    admin = login_as(world["admin"])
    deals = _measure(admin)["id"]
    week = this_week - timedelta(weeks=1)
    manager = login_as(world["manager"])
    _put(manager, deals, world["rep"], week, 3)
    _put(manager, deals, world["lotte"], week, 4)
    # Ruben's export carries his own figures, not Lotte's.
    data = json.loads(login_as(world["rep"]).get("/api/v1/me/export").data)["data"]
    assert data["outcome_figures"] == [
        {"measure": "Deals gewonnen", "week_start": str(week), "value": 3.0, "source": "manual"}
    ]
    # The organisation export: measures and the teams' weeks (derived: 7), no person's figure.
    archive = zipfile.ZipFile(io.BytesIO(admin.post("/api/v1/admin/export").data))
    assert "outcome_person_values.json" not in archive.namelist()
    derived = json.loads(archive.read("outcome_team_values_derived.json"))
    assert derived == [
        {"measure_id": deals, "team_id": world["teams"]["noord"].id, "week_start": str(week), "value": 7.0}
    ]
    assert json.loads(archive.read("outcome_measures.json"))[0]["combine"] == "sum"
    # Erasing Ruben deletes his figures; the team's week is Lotte's alone then.
    assert admin.post(f"/api/v1/admin/people/{world['rep'].id}/erase").status_code == 204
    assert _mine(db, world["rep"]) == {}
    figures = manager.get(f"/api/v1/outcomes/values/{world['teams']['noord'].id}").get_json()
    assert [f["value"] for f in figures] == [4.0]

"""Imported history shows on the boards: the import tells the boards whose history changed."""

from datetime import UTC, datetime

import time_machine

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_imported_check_ins_count_on_the_points_board(login_as, make_user, make_team, db):
    team = make_team("Sales Noord")
    admin = make_user(role="admin")
    rep = make_user(team=team, email="importee@example.test", name="Ida Import")
    from backend.rhythm.models import Behaviour

    behaviour = Behaviour(
        organisation_id=rep.organisation_id,
        name_nl="Voorbereid",
        name_en="Prepared",
        cadence="daily",
        points=10,
        starts_on=datetime(2020, 1, 1).date(),
    )
    behaviour.teams = [team]
    db.session.add(behaviour)
    db.session.commit()
    csv = "email,behaviour,date\n" + "".join(f"importee@example.test,Voorbereid,2026-11-{d}\n" for d in (16, 17))
    api = login_as(admin)
    response = api.request("POST", "/api/v1/imports/checkins", data=csv.encode(), content_type="text/csv")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["imported"] == 2
    board = login_as(rep).get("/api/v1/leaderboards?scope=people&period=week&metric=points").get_json()
    mine = next(row for row in board["rows"] if row.get("is_me"))
    assert mine["value"] == 20

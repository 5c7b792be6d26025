"""The demo organisation: complete, varied and idempotent."""

from sqlalchemy import func, select

from backend.accounts.models import Organisation, Team, User
from backend.rhythm.models import AwayDay, Behaviour, CheckIn


def counts(db):
    db.session.expire_all()
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Organisation, Team, User, Behaviour, CheckIn, AwayDay)
    }


def test_seed_demo_creates_demo_bv_and_running_it_again_changes_nothing(app, db, new_client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "rep@demo.test" in first.output and "seeding history" in first.output
    after_first = counts(db)
    assert after_first["Organisation"] == 1 and after_first["Team"] == 5
    roles = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    assert roles == {"admin": 1, "manager": 2, "rep": 8, "staff": 5}
    # Eight behaviours for the sales reps, three coaching behaviours for their managers (leaders go first).
    assert after_first["Behaviour"] == 11 and after_first["CheckIn"] > 500 and after_first["AwayDay"] == 5
    assert db.session.scalar(select(func.count()).select_from(Behaviour).where(Behaviour.for_managers)) == 3

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert counts(db) == after_first

    api = new_client()
    api.login("rep@demo.test", "ritme-demo")
    today = api.get("/api/v1/today").get_json()
    assert len(today["behaviours"]) == 8
    assert any(item["streak"]["longest"] > 0 for item in today["behaviours"])

    api.login("manager@demo.test", "ritme-demo")
    coaching = api.get("/api/v1/today").get_json()["behaviours"]
    assert [item["name"] for item in coaching] == [
        "1-op-1 coachgesprek gevoerd",
        "Gedrag erkend met een reden",
        "Met een rep bij de klant geweest",
    ]
    assert any(item["streak"]["longest"] > 0 for item in coaching)


def test_seed_demo_if_empty_leaves_a_database_with_data_alone(app, db, make_org):
    make_org("Echte Klant BV")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert counts(db)["Organisation"] == 1
    assert db.session.scalar(select(Organisation.name)) == "Echte Klant BV"


def test_demo_history_is_varied(app, db):
    app.test_cli_runner().invoke(args=["seed-demo"])
    per_rep = dict(
        db.session.execute(
            select(User.email, func.count(CheckIn.id))
            .join(CheckIn, CheckIn.user_id == User.id)
            .where(User.role == "rep")
            .group_by(User.email)
        ).all()
    )
    assert len(per_rep) == 8
    assert max(per_rep.values()) > 1.4 * min(per_rep.values())


def test_the_demo_has_enough_weeks_for_what_works_to_compare(app, db, new_client):
    """Twelve complete weeks of what 'Wat werkt' reads: real comparisons for the sales teams, computed."""
    from backend.demo.outcomes import OUTCOME_WEEKS
    from backend.outcomes import stats

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    api = new_client()
    api.login("manager@demo.test", "ritme-demo")
    team_id = next(t["id"] for t in api.get("/api/v1/me").get_json()["teams"] if t["name"] == "Sales Noord")
    body = api.get("/api/v1/outcomes/what-works", query_string={"team_id": team_id}).get_json()
    measured = [r for r in body["rows"] if r["outcome_kind"] == "measure"]
    assert len(measured) == 8 and all(r["comparison"]["weeks"] == OUTCOME_WEEKS for r in measured)
    shown = [r["comparison"] for r in measured if r["comparison"]["shown"]]
    assert len(shown) >= 4
    for c in shown:  # what the API says is what the statistics give for the same weeks: nothing is set
        assert c["high_weeks"] >= stats.MIN_PER_GROUP and c["low_weeks"] >= stats.MIN_PER_GROUP
        assert c["ci_low"] < c["difference"] < c["ci_high"]

"""The audit log: administrative actions are recorded and readable by admins only."""

from backend.accounts.models import Team
from backend.admin.audit import record_audit


def test_administrative_actions_land_in_the_audit_log(login_as, acme, db):
    admin = login_as(acme.admin)
    invite = admin.post(
        "/api/v1/admin/invites/bulk", json={"emails": "lotte@example.nl", "team_id": acme.noord.id, "role": "rep"}
    ).get_json()
    admin.post(f"/api/v1/invites/{invite['invited'][0]['id']}/resend")
    admin.patch(f"/api/v1/admin/people/{acme.rep.id}", json={"role": "staff"})
    admin.patch(f"/api/v1/admin/people/{acme.zuid_rep.id}", json={"active": False})
    admin.patch("/api/v1/admin/organisation", json={"win_points": 20})
    admin.post("/api/v1/teams", json={"name": "Operations", "kind": "operations"})
    admin.put(f"/api/v1/teams/{acme.zuid.id}/members/{acme.manager.id}", json={"manages": True})
    export = admin.get("/api/v1/admin/export")
    export.get_data()  # downloaded to the end: an export is audited once it completed
    export.close()

    log = admin.get("/api/v1/admin/audit").get_json()
    assert [e["action"] for e in log] == [
        "organisation_exported",
        "member_set",
        "team_created",
        "settings_changed",
        "person_deactivated",
        "role_changed",
        "invite_resent",
        "person_invited",
    ]
    by_action = {e["action"]: e for e in log}
    assert by_action["role_changed"]["target_name"] == "Ruben Rep"
    assert by_action["role_changed"]["details"] == {"from": "rep", "to": "staff"}
    assert by_action["role_changed"]["actor"] == {"id": acme.admin.id, "name": "Anouk Admin"}
    assert by_action["person_invited"]["target_name"] == "lotte@example.nl"
    assert by_action["settings_changed"]["details"] == {"win_points": [10, 20]}
    assert by_action["team_created"]["target_name"] == "Operations"


def test_the_audit_log_pages_backwards(login_as, acme, db):
    for n in range(5):
        record_audit(acme.admin, "win_hidden", None, {"n": n})
    db.session.commit()
    admin = login_as(acme.admin)
    first = admin.get("/api/v1/admin/audit?limit=2").get_json()
    assert [e["details"]["n"] for e in first] == [4, 3]
    rest = admin.get(f"/api/v1/admin/audit?limit=10&before_id={first[-1]['id']}").get_json()
    assert [e["details"]["n"] for e in rest] == [2, 1, 0]


def test_record_audit_names_a_model_target(acme, db):
    team = db.session.get(Team, acme.noord.id)
    entry = record_audit(acme.manager, "win_hidden", team, {"reason": "duplicate"})
    assert (entry.organisation_id, entry.target_type, entry.target_id, entry.target_label) == (
        acme.noord.organisation_id,
        "team",
        team.id,
        "Sales Noord",
    )


def test_only_admins_read_the_audit_log(login_as, acme):
    for person in (acme.manager, acme.rep, acme.staff):
        assert login_as(person).get("/api/v1/admin/audit").status_code == 403

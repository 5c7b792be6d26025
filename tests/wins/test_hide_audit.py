"""Hiding a win is an administrative action: it lands in the audit log."""

from sqlalchemy import select

from backend.admin.models import AuditEntry


def test_hiding_and_showing_a_win_are_audited(login_as, make_user, make_team, db):
    team = make_team("Sales Noord")
    manager = make_user(role="manager", team=team, manages=True)
    rep = make_user(team=team)
    api = login_as(rep)
    win = api.post(
        "/api/v1/wins",
        json={"client_id": "0b5e7a52-5d3e-4c0e-9a57-5b9d2a1f3c11", "text": "Factuurprobleem in 2 uur opgelost"},
    )
    assert win.status_code == 201, win.get_json()
    win_id = win.get_json()["id"]
    manager_api = login_as(manager)
    assert manager_api.post(f"/api/v1/wins/{win_id}/hide").status_code == 200
    assert manager_api.delete(f"/api/v1/wins/{win_id}/hide").status_code == 200
    db.session.expire_all()
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["win_hidden", "win_shown"]

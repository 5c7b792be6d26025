"""The job RQ workers run (``rq`` imports it by its dotted path: keep the name stable)."""

from __future__ import annotations

from datetime import date

from flask import Flask, has_app_context

from backend.push import service

_app: Flask | None = None


def _worker_app() -> Flask:
    global _app
    if _app is None:
        from backend import create_app

        _app = create_app()
    return _app


def deliver(user_id: int, kind: str, local_date: str, slot: str) -> str:
    """Claim, compose and send one notification; see service.deliver."""
    if has_app_context():  # `flask push-worker` (and tests) run jobs inside the app already
        return _deliver(user_id, kind, local_date, slot)
    with _worker_app().app_context():
        return _deliver(user_id, kind, local_date, slot)


def _deliver(user_id: int, kind: str, local_date: str, slot: str) -> str:
    from backend.extensions import db

    try:
        return service.deliver(user_id, kind, date.fromisoformat(local_date), slot)
    except Exception:
        db.session.rollback()
        raise
    finally:
        db.session.remove()

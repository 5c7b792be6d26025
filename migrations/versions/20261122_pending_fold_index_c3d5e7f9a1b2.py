"""the pending-fold index answers the fold's queries on SQLite

SQLite uses a partial index only when the query's WHERE repeats the index's own condition, and
SQLAlchemy writes a boolean test there as `pending_fold = 1`: with the index on bare `pending_fold`,
every board read's "anything pending?" scanned the whole check_in table. PostgreSQL's planner
proves either form, so its index stays as it is.

Revision ID: c3d5e7f9a1b2
Revises: b7c41e0f2a19
Create Date: 2026-11-22 17:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d5e7f9a1b2'
down_revision = 'b7c41e0f2a19'
branch_labels = None
depends_on = None


def _recreate(sqlite_condition: str) -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    op.drop_index('ix_check_in_pending_fold', table_name='check_in')
    op.create_index(
        'ix_check_in_pending_fold',
        'check_in',
        ['organisation_id', 'id'],
        unique=False,
        sqlite_where=sa.text(sqlite_condition),
    )


def upgrade():
    _recreate('pending_fold = 1')


def downgrade():
    _recreate('pending_fold')

"""the nightly work's ledger: one claimed row per day, so two schedulers or a restart run it once

Revision ID: d8e2a4c6f1b3
Revises: c3d5e7f9a1b2
Create Date: 2026-11-23 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8e2a4c6f1b3'
down_revision = 'c3d5e7f9a1b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('nightly_run',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_nightly_run'))
    )


def downgrade():
    op.drop_table('nightly_run')

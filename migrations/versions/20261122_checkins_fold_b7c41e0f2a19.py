"""check-ins fold into the boards after the tap

Revision ID: b7c41e0f2a19
Revises: ed9d25f3fc92
Create Date: 2026-11-22 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c41e0f2a19'
down_revision = 'ed9d25f3fc92'
branch_labels = None
depends_on = None


def upgrade():
    # Existing check-ins are on the boards already: they are not pending.
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_fold', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('streak_after', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('score_after', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('settled_through', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('settled_current', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('settled_longest', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('settled_score', sa.Float(), nullable=True))
        batch_op.create_index(
            'ix_check_in_pending_fold',
            ['organisation_id', 'id'],
            unique=False,
            sqlite_where=sa.text('pending_fold'),
            postgresql_where=sa.text('pending_fold'),
        )


def downgrade():
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.drop_index('ix_check_in_pending_fold', sqlite_where=sa.text('pending_fold'), postgresql_where=sa.text('pending_fold'))
        batch_op.drop_column('settled_score')
        batch_op.drop_column('settled_longest')
        batch_op.drop_column('settled_current')
        batch_op.drop_column('settled_through')
        batch_op.drop_column('score_after')
        batch_op.drop_column('streak_after')
        batch_op.drop_column('pending_fold')

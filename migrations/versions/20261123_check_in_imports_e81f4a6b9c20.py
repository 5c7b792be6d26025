"""check-in imports written in short batches: the import record and its undo list

Revision ID: e81f4a6b9c20
Revises: d8e2a4c6f1b3
Create Date: 2026-11-23 10:00:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'e81f4a6b9c20'
down_revision = 'd8e2a4c6f1b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'check_in_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('strict', sa.Boolean(), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('valid', sa.Integer(), nullable=False),
        sa.Column('invalid', sa.Integer(), nullable=False),
        sa.Column('imported', sa.Integer(), nullable=False),
        sa.Column('skipped_existing', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_check_in_import_actor_id_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_check_in_import_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_check_in_import')),
    )
    with op.batch_alter_table('check_in_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_in_import_organisation_id'), ['organisation_id'], unique=False)

    op.create_table(
        'check_in_import_item',
        sa.Column('import_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('check_in_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(['import_id'], ['check_in_import.id'], name=op.f('fk_check_in_import_item_import_id_check_in_import'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('import_id', 'check_in_id', name=op.f('pk_check_in_import_item')),
    )


def downgrade():
    op.drop_table('check_in_import_item')
    with op.batch_alter_table('check_in_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_in_import_organisation_id'))
    op.drop_table('check_in_import')

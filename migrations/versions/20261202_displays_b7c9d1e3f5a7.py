"""office screens: displays and their pairing codes (RFC 8628)

Revision ID: b7c9d1e3f5a7
Revises: f3a5c7e9b1d2
Create Date: 2026-12-02 10:30:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'b7c9d1e3f5a7'
down_revision = 'f3a5c7e9b1d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'display',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('mode', sa.String(length=8), nullable=False),
        sa.Column('team_ids', sa.JSON(), nullable=False),
        sa.Column('slide_seconds', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_display_created_by_id_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_display_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_display')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_display_token_hash')),
    )
    with op.batch_alter_table('display', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_display_organisation_id'), ['organisation_id'], unique=False)

    op.create_table(
        'display_pairing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('device_code_hash', sa.String(length=64), nullable=False),
        sa.Column('user_code', sa.String(length=8), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('interval', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_polled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('display_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['display_id'], ['display.id'], name=op.f('fk_display_pairing_display_id_display'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_display_pairing_organisation_id_organisation'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_display_pairing')),
        sa.UniqueConstraint('device_code_hash', name=op.f('uq_display_pairing_device_code_hash')),
    )
    with op.batch_alter_table('display_pairing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_display_pairing_user_code'), ['user_code'], unique=False)


def downgrade():
    with op.batch_alter_table('display_pairing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_display_pairing_user_code'))
    op.drop_table('display_pairing')
    with op.batch_alter_table('display', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_display_organisation_id'))
    op.drop_table('display')

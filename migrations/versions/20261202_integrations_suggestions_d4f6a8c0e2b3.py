"""integrations: CRM suggestions the rep confirms on Today

Revision ID: d4f6a8c0e2b3
Revises: e4e7a1b2c3d5
Create Date: 2026-12-02 14:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd4f6a8c0e2b3'
down_revision = 'e4e7a1b2c3d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('crm_suggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('behaviour_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('event', sa.String(length=200), nullable=True),
    sa.Column('quality', sa.JSON(), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('checkin_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_crm_suggestion_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['source_id'], ['inbound_source.id'], name=op.f('fk_crm_suggestion_source_id_inbound_source'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_crm_suggestion_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_suggestion')),
    sa.UniqueConstraint('client_id', name=op.f('uq_crm_suggestion_client_id'))
    )
    with op.batch_alter_table('crm_suggestion', schema=None) as batch_op:
        batch_op.create_index('ix_crm_suggestion_open', ['user_id', 'status', 'occurred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_suggestion_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crm_suggestion_source_id'), ['source_id'], unique=False)


def downgrade():
    with op.batch_alter_table('crm_suggestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crm_suggestion_source_id'))
        batch_op.drop_index(batch_op.f('ix_crm_suggestion_organisation_id'))
        batch_op.drop_index('ix_crm_suggestion_open')

    op.drop_table('crm_suggestion')

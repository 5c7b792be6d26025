"""customer voice (what customers said, shared by anyone or imported from an NPS survey) and outcomes per team and week

Revision ID: b7d9f1a3c5e7
Revises: d4e6f8a0b2c4
Create Date: 2026-12-02 10:33:53.715585

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d9f1a3c5e7'
down_revision = 'd4e6f8a0b2c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('customer_voice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('customer', sa.String(length=200), nullable=True),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('behaviour_id', sa.Integer(), nullable=True),
    sa.Column('win_id', sa.Integer(), nullable=True),
    sa.Column('said_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pinned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pinned_by_id', sa.Integer(), nullable=True),
    sa.Column('text_removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('score IS NULL OR (score >= 0 AND score <= 10)', name=op.f('ck_customer_voice_score_range')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_customer_voice_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['behaviour_id'], ['behaviour.id'], name=op.f('fk_customer_voice_behaviour_id_behaviour'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_customer_voice_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['pinned_by_id'], ['user.id'], name=op.f('fk_customer_voice_pinned_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_customer_voice_team_id_team'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['win_id'], ['win.id'], name=op.f('fk_customer_voice_win_id_win'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_voice')),
    sa.UniqueConstraint('organisation_id', 'client_id', name=op.f('uq_customer_voice_organisation_id_client_id'))
    )
    with op.batch_alter_table('customer_voice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_voice_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_customer_voice_org_created', ['organisation_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_voice_team_id'), ['team_id'], unique=False)
    op.create_table('outcome_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name_nl', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_outcome_measure_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_measure')),
    sa.UniqueConstraint('organisation_id', 'name_nl', name=op.f('uq_outcome_measure_organisation_id_name_nl'))
    )
    op.create_table('outcome_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_outcome_value_entered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['outcome_measure.id'], name=op.f('fk_outcome_value_measure_id_outcome_measure'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_outcome_value_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_outcome_value_team_id_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_value')),
    sa.UniqueConstraint('measure_id', 'team_id', 'week_start', name=op.f('uq_outcome_value_measure_id_team_id_week_start'))
    )
    with op.batch_alter_table('outcome_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_value_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_value_team_id'), ['team_id'], unique=False)


def downgrade():
    with op.batch_alter_table('customer_voice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_voice_team_id'))
        batch_op.drop_index('ix_customer_voice_org_created')
        batch_op.drop_index(batch_op.f('ix_customer_voice_author_id'))

    op.drop_table('customer_voice')
    with op.batch_alter_table('outcome_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_value_team_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_value_organisation_id'))

    op.drop_table('outcome_value')
    op.drop_table('outcome_measure')

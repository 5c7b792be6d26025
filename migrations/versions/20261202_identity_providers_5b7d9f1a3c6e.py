"""sign-in with the organisation's OpenID Connect provider (providers, domains, links, attempts) and passkeys

Revision ID: 5b7d9f1a3c6e
Revises: b7c9d1e3f5a7
Create Date: 2026-12-02 10:45:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '5b7d9f1a3c6e'
down_revision = 'b7c9d1e3f5a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'identity_provider',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('tenant_id', sa.String(length=64), nullable=True),
        sa.Column('issuer', sa.String(length=500), nullable=False),
        sa.Column('client_id', sa.String(length=255), nullable=False),
        sa.Column('client_secret_encrypted', sa.LargeBinary(), nullable=False),
        sa.Column('unknown_people', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_identity_provider_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_provider')),
        sa.UniqueConstraint('organisation_id', name=op.f('uq_identity_provider_organisation_id')),
    )
    op.create_table(
        'identity_domain',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('domain', sa.String(length=253), nullable=False),
        sa.ForeignKeyConstraint(['provider_id'], ['identity_provider.id'], name=op.f('fk_identity_domain_provider_id_identity_provider'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_domain')),
        sa.UniqueConstraint('domain', name=op.f('uq_identity_domain_domain')),
    )
    with op.batch_alter_table('identity_domain', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_domain_provider_id'), ['provider_id'], unique=False)
    op.create_table(
        'identity_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['provider_id'], ['identity_provider.id'], name=op.f('fk_identity_link_provider_id_identity_provider'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_identity_link_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_link')),
        sa.UniqueConstraint('provider_id', 'subject', name=op.f('uq_identity_link_provider_id_subject')),
        sa.UniqueConstraint('provider_id', 'user_id', name=op.f('uq_identity_link_provider_id_user_id')),
    )
    with op.batch_alter_table('identity_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_link_user_id'), ['user_id'], unique=False)
    op.create_table(
        'sign_in_attempt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('state_hash', sa.String(length=64), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('nonce', sa.String(length=64), nullable=False),
        sa.Column('code_verifier', sa.String(length=128), nullable=False),
        sa.Column('purpose', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['provider_id'], ['identity_provider.id'], name=op.f('fk_sign_in_attempt_provider_id_identity_provider'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_attempt')),
        sa.UniqueConstraint('state_hash', name=op.f('uq_sign_in_attempt_state_hash')),
    )
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_attempt_provider_id'), ['provider_id'], unique=False)
    op.create_table(
        'passkey',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('credential_id', sa.LargeBinary(), nullable=False),
        sa.Column('public_key', sa.LargeBinary(), nullable=False),
        sa.Column('sign_count', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_passkey_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_passkey')),
        sa.UniqueConstraint('credential_id', name=op.f('uq_passkey_credential_id')),
    )
    with op.batch_alter_table('passkey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_passkey_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('passkey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_passkey_user_id'))
    op.drop_table('passkey')
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_attempt_provider_id'))
    op.drop_table('sign_in_attempt')
    with op.batch_alter_table('identity_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_link_user_id'))
    op.drop_table('identity_link')
    with op.batch_alter_table('identity_domain', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_domain_provider_id'))
    op.drop_table('identity_domain')
    op.drop_table('identity_provider')

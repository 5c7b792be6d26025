"""identity: an organisation may require its provider for everyone but one break-glass admin

Revision ID: 8c2e4a6b0d1f
Revises: 6a11b195632a
Create Date: 2026-12-02 12:10:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "8c2e4a6b0d1f"
down_revision = "6a11b195632a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("identity_provider", schema=None) as batch_op:
        batch_op.add_column(sa.Column("require_provider", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("break_glass_user_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_identity_provider_break_glass_user_id_user"),
            "user",
            ["break_glass_user_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("identity_provider", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_identity_provider_break_glass_user_id_user"), type_="foreignkey")
        batch_op.drop_column("break_glass_user_id")
        batch_op.drop_column("require_provider")

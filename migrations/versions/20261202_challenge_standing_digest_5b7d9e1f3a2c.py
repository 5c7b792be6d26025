"""challenges: the stored standing's digest (workers keep the document they read by it)

Revision ID: 5b7d9e1f3a2c
Revises: 5e7a9c1b3d2f
Create Date: 2026-12-02 20:45:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5b7d9e1f3a2c"
down_revision = "5e7a9c1b3d2f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.add_column(sa.Column("standing_digest", sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.drop_column("standing_digest")

"""challenges: milestones told (push at start, halfway, last day), push events due later, duels

Revision ID: a2c5ec80970c
Revises: 8c2e4a6b0d1f
Create Date: 2026-12-02 14:40:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a2c5ec80970c"
down_revision = "8c2e4a6b0d1f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.add_column(sa.Column("milestones_told", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("push_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("push_event", schema=None) as batch_op:
        batch_op.drop_column("due_at")
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.drop_column("milestones_told")

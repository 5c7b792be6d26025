"""duels: when a duel's end was told (the heartbeat closes a duel once and pushes its result)

Revision ID: 5e7a9c1b3d2f
Revises: a2c5ec80970c
Create Date: 2026-12-02 20:50:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e7a9c1b3d2f"
down_revision = "a2c5ec80970c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("duel", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    # Duels that ended before this revision are not told again: their result stays to be computed on a look.
    op.execute("UPDATE duel SET closed_at = ends_at WHERE ends_at <= CURRENT_TIMESTAMP")


def downgrade():
    with op.batch_alter_table("duel", schema=None) as batch_op:
        batch_op.drop_column("closed_at")

"""leaders go first: behaviours for a team's managers, and whether their rhythm is shown to the team

Revision ID: 4d6f8a0c2e1b
Revises: c146cff41bd5
Create Date: 2026-12-02 14:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "4d6f8a0c2e1b"
down_revision = "c146cff41bd5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("behaviour", schema=None) as batch_op:
        batch_op.add_column(sa.Column("for_managers", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("leaders_shown", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("leaders_shown")
    with op.batch_alter_table("behaviour", schema=None) as batch_op:
        batch_op.drop_column("for_managers")

"""challenges: milestones told (push at start, halfway, last day), moved standings, push events due later, duels

Revision ID: a2c5ec80970c
Revises: 4d6f8a0c2e1b
Create Date: 2026-12-02 14:40:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a2c5ec80970c"
down_revision = "4d6f8a0c2e1b"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.add_column(sa.Column("milestones_told", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("moved_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("push_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "duel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("challenger_id", sa.Integer(), nullable=False),
        sa.Column("opponent_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("challenger_shares", sa.Boolean(), nullable=False),
        sa.Column("opponent_shares", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_duel_ends_after_start")),
        sa.CheckConstraint("challenger_id <> opponent_id", name=op.f("ck_duel_two_people")),
        sa.ForeignKeyConstraint(
            ["challenger_id"], ["user.id"], name=op.f("fk_duel_challenger_id_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["opponent_id"], ["user.id"], name=op.f("fk_duel_opponent_id_user"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], name=op.f("fk_duel_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duel")),
    )
    with op.batch_alter_table("duel", schema=None) as batch_op:
        batch_op.create_index("ix_duel_challenger", ["challenger_id"], unique=False)
        batch_op.create_index("ix_duel_opponent", ["opponent_id"], unique=False)
        batch_op.create_index("ix_duel_org_ends", ["organisation_id", "ends_at"], unique=False)


def downgrade():
    with op.batch_alter_table("duel", schema=None) as batch_op:
        batch_op.drop_index("ix_duel_org_ends")
        batch_op.drop_index("ix_duel_opponent")
        batch_op.drop_index("ix_duel_challenger")
    op.drop_table("duel")
    with op.batch_alter_table("push_event", schema=None) as batch_op:
        batch_op.drop_column("due_at")
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.drop_column("moved_at")
        batch_op.drop_column("milestones_told")

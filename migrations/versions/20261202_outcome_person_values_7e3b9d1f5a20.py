"""outcomes: figures per person (visible to that person only) and how a measure combines them (sum | average)

Revision ID: 7e3b9d1f5a20
Revises: 5b7d9e1f3a2c
Create Date: 2026-12-02 20:45:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7e3b9d1f5a20"
down_revision = "5b7d9e1f3a2c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outcome_measure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("combine", sa.String(length=8), nullable=False, server_default="sum"))

    op.create_table(
        "outcome_person_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["user.id"], name=op.f("fk_outcome_person_value_entered_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["outcome_measure.id"],
            name=op.f("fk_outcome_person_value_measure_id_outcome_measure"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_outcome_person_value_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_outcome_person_value_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_person_value")),
        sa.UniqueConstraint(
            "measure_id", "user_id", "week_start", name=op.f("uq_outcome_person_value_measure_id_user_id_week_start")
        ),
    )
    with op.batch_alter_table("outcome_person_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcome_person_value_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outcome_person_value_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("outcome_person_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_person_value_user_id"))
        batch_op.drop_index(batch_op.f("ix_outcome_person_value_organisation_id"))
    op.drop_table("outcome_person_value")
    with op.batch_alter_table("outcome_measure", schema=None) as batch_op:
        batch_op.drop_column("combine")

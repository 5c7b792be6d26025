"""energy: the opt-in weekly energy pulse, its private answers and frozen team aggregates

Revision ID: e4e7a1b2c3d5
Revises: 8c2e4a6b0d1f
Create Date: 2026-12-02 14:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e4e7a1b2c3d5"
down_revision = "8c2e4a6b0d1f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "energy_settings",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("threshold >= 5", name=op.f("ck_energy_settings_threshold_at_least_5")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_energy_settings_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user.id"], name=op.f("fk_energy_settings_updated_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_energy_settings")),
    )
    op.create_table(
        "energy_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("gave", sa.String(length=120), nullable=False),
        sa.Column("cost", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name=op.f("ck_energy_answer_level_1_to_5")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_energy_answer_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_energy_answer_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_energy_answer")),
        sa.UniqueConstraint("user_id", "week_start", name=op.f("uq_energy_answer_user_id_week_start")),
    )
    with op.batch_alter_table("energy_answer", schema=None) as batch_op:
        batch_op.create_index("ix_energy_answer_org_week", ["organisation_id", "week_start"], unique=False)
    op.create_table(
        "energy_week",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_energy_week_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_energy_week")),
        sa.UniqueConstraint("organisation_id", "week_start", name=op.f("uq_energy_week_organisation_id_week_start")),
    )
    op.create_table(
        "energy_aggregate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_key", sa.String(length=32), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("gave", sa.JSON(), nullable=False),
        sa.Column("cost", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["week_id"], ["energy_week.id"], name=op.f("fk_energy_aggregate_week_id_energy_week"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_energy_aggregate")),
        sa.UniqueConstraint("week_id", "scope", "scope_key", name=op.f("uq_energy_aggregate_week_id_scope_scope_key")),
    )
    with op.batch_alter_table("energy_aggregate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_energy_aggregate_week_id"), ["week_id"], unique=False)


def downgrade():
    with op.batch_alter_table("energy_aggregate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_energy_aggregate_week_id"))
    op.drop_table("energy_aggregate")
    op.drop_table("energy_week")
    with op.batch_alter_table("energy_answer", schema=None) as batch_op:
        batch_op.drop_index("ix_energy_answer_org_week")
    op.drop_table("energy_answer")
    op.drop_table("energy_settings")

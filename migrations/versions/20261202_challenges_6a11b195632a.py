"""challenges: time-boxed challenges, their aggregate of counted check-ins, and the feed line of a result

Revision ID: 6a11b195632a
Revises: 5b7d9f1a3c6e
Create Date: 2026-12-02 10:32:25.182998

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "6a11b195632a"
down_revision = '5b7d9f1a3c6e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "challenge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("behaviour_ids", sa.JSON(), nullable=False),
        sa.Column("team_ids", sa.JSON(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.String(length=500), nullable=True),
        sa.Column("closing_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("standing", sa.JSON(), nullable=True),
        sa.Column("standing_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("baselines", sa.JSON(), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_challenge_ends_after_start")),
        sa.CheckConstraint("target IS NULL OR target >= 1", name=op.f("ck_challenge_target_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_challenge_created_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_challenge_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge")),
    )
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.create_index("ix_challenge_org_ends", ["organisation_id", "ends_at"], unique=False)

    op.create_table(
        "challenge_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("late", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("last_day_done", sa.Integer(), nullable=False),
        sa.Column("after_done", sa.Integer(), nullable=False),
        sa.Column("after_late", sa.Integer(), nullable=False),
        sa.Column("after_last_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_score_challenge_id_challenge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_challenge_score_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_challenge_score_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_score")),
        sa.UniqueConstraint("challenge_id", "user_id", name=op.f("uq_challenge_score_challenge_id_user_id")),
    )
    with op.batch_alter_table("challenge_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_challenge_score_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("feed_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("challenge_id", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("feed_event", schema=None) as batch_op:
        batch_op.drop_column("challenge_id")

    with op.batch_alter_table("challenge_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_score_user_id"))

    op.drop_table("challenge_score")
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.drop_index("ix_challenge_org_ends")

    op.drop_table("challenge")

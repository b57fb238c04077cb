"""plandoc_lifecycle: ideas can be archived, merged into another idea and given the
plan's confirmed order

Revision ID: 0008_plandoc_lifecycle
Revises: 0007_facilitator_login
Create Date: 2026-12-03 02:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008_plandoc_lifecycle"
down_revision = "0007_facilitator_login"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("idea", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("plan_rank", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_idea_merged_into_id_idea"),
            "idea",
            ["merged_into_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("idea", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_idea_merged_into_id_idea"), type_="foreignkey")
        batch_op.drop_column("plan_rank")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("archived_at")

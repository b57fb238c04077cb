"""quarantine: logged updates and snapshots that no longer apply, set aside

Revision ID: 0005_quarantine
Revises: 0004_mapping
Create Date: 2026-12-02 21:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005_quarantine"
down_revision = "0004_mapping"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "idea_quarantine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("facilitator_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quarantined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["idea.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["facilitator_id"], ["facilitator.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("idea_quarantine") as batch_op:
        batch_op.create_index(batch_op.f("ix_idea_quarantine_idea_id"), ["idea_id"], unique=False)


def downgrade():
    with op.batch_alter_table("idea_quarantine") as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_quarantine_idea_id"))
    op.drop_table("idea_quarantine")

"""privacy: removed and erased participants, curated and erased organisations

Revision ID: 0006_privacy
Revises: 0005_quarantine
Create Date: 2026-12-01 09:00:00.000000

Columns are only added (ALTER TABLE ... ADD COLUMN): SQLite would otherwise recreate the
participant table, and dropping the old one with foreign keys enforced would cascade to
the votes. Organisations that exist already stay free text (not curated): nobody can tell
which of them a facilitator meant to suggest to everyone.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006_privacy"
down_revision = "0005_quarantine"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("participant", sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("participant", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "organisation",
        sa.Column("curated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("organisation", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+), not a batch copy of the tables, for the same reason.
    op.drop_column("organisation", "erased_at")
    op.drop_column("organisation", "curated")
    op.drop_column("participant", "erased_at")
    op.drop_column("participant", "removed_at")

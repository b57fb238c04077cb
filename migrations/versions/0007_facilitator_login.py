"""facilitator_login: server-side facilitator sessions, so that logging out ends one

Revision ID: 0007_facilitator_login
Revises: 0006_privacy
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007_facilitator_login"
down_revision = "0006_privacy"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('facilitator_login',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['facilitator_id'], ['facilitator.id'], name=op.f('fk_facilitator_login_facilitator_id_facilitator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilitator_login')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_facilitator_login_token_hash'))
    )
    with op.batch_alter_table('facilitator_login', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilitator_login_facilitator_id'), ['facilitator_id'], unique=False)


def downgrade():
    with op.batch_alter_table('facilitator_login', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitator_login_facilitator_id'))

    op.drop_table('facilitator_login')

"""an assignment's link token and code may be forgotten once it has long ended

`purge` sets both to NULL for assignments that expired (or were revoked) more than a set number of
days ago, so the database stops holding secrets nobody needs; the assignment, its people and their
answers stay until they are purged in their turn.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.alter_column('token', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('code', existing_type=sa.String(length=16), nullable=True)


def downgrade() -> None:
    conn = op.get_bind()
    # A forgotten link cannot come back: give each a fresh unusable value so the columns can be required again.
    for (aid,) in conn.execute(sa.text("SELECT id FROM assignment WHERE token IS NULL OR code IS NULL")):
        conn.execute(sa.text("UPDATE assignment SET token = :t, code = :c WHERE id = :id"),
                     {"t": f"forgotten-{aid}", "c": f"-{aid}", "id": aid})
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.alter_column('code', existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column('token', existing_type=sa.String(length=64), nullable=False)

"""personal resume codes: each reader may carry on from any browser with a short code of their own

`participant.resume_code` is ten Crockford base32 symbols (50 bits), unique, shown to the reader on the
results page and the consult sheet; readers stored before this point get one the first time it is shown.
`participant.resume_revoked_at` is set when the clinician turns a reader's code off: it stops working, and
no new one is made for that reader.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resume_code', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('resume_revoked_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_participant_resume_code', ['resume_code'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_resume_code')
        batch_op.drop_column('resume_revoked_at')
        batch_op.drop_column('resume_code')

"""languages: each answer records the language it was shown in, each assignment the language it is read in

`answer.lang` and `item_tally.lang` say which language a question was shown in (the statistics stay
per question id across languages and filter by it); `assignment.lang` is the language a clinician
chose for the reading and its handout. Every row stored before this point was shown in English.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

TABLES = ('answer', 'assignment', 'item_tally')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('lang', sa.String(length=8), nullable=False, server_default='en'))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('lang')

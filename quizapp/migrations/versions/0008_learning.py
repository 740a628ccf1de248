"""learning: phases, the form drawn, a check before reading, a consult date, counts by phase

`answer.round` now holds the phase: 0 before reading, 1 first round, 2 second try, 3 re-check; every
answer stored before keeps its 1 or 2. `answer.form` says which parallel form of a question was drawn
(0 the first-round question, 1 its sibling, 2 its alternate): an old second-try answer to a question
the person did not answer in the first round was its sibling. `assignment.pre_check` asks for a check
before reading (off for assignments made before it existed, so nobody mid-way meets a new step);
`assignment.consult_on` is the consult date. `phase_tally` keeps anonymous running counts of the
answers before reading and at the re-check, like `item_tally` does for first rounds.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

SIBLING_ANSWERS = """
UPDATE answer SET form = 1
WHERE round = 2 AND NOT EXISTS (
    SELECT 1 FROM answer b WHERE b.attempt_id = answer.attempt_id AND b.round = 1 AND b.question_id = answer.question_id)
"""


def upgrade() -> None:
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form', sa.SmallInteger(), nullable=False, server_default='0'))
        batch_op.create_check_constraint('phase', 'round IN (0, 1, 2, 3)')
    op.execute(SIBLING_ANSWERS)
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pre_check', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('consult_on', sa.Date(), nullable=True))
    op.create_table('phase_tally',
    sa.Column('clinician_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('question_id', sa.String(length=60), nullable=False),
    sa.Column('round', sa.SmallInteger(), autoincrement=False, nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('lang', sa.String(length=8), server_default='en', nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('clinician_id', 'question_id', 'round', 'correct', 'lang', name=op.f('pk_phase_tally'))
    )


def downgrade() -> None:
    op.drop_table('phase_tally')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_column('consult_on')
        batch_op.drop_column('pre_check')
    op.execute("DELETE FROM answer WHERE round NOT IN (1, 2)")
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_constraint('phase', type_='check')
        batch_op.drop_column('form')

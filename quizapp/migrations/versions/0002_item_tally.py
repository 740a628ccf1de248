"""item statistics kept as running counts

The backfill below is frozen with this migration on purpose; the store keeps the live recount.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

BACKFILL = """
INSERT INTO item_tally (clinician_id, question_id, choice, correct, score, n)
SELECT COALESCE(g.clinician_id, 0), a.question_id, a.choice, a.correct, t.first_correct, COUNT(*)
FROM answer a
JOIN attempt t ON t.id = a.attempt_id
JOIN participant p ON p.id = t.participant_id
LEFT JOIN assignment g ON g.id = p.assignment_id
WHERE a.round = 1 AND t.finished_at IS NOT NULL
GROUP BY COALESCE(g.clinician_id, 0), a.question_id, a.choice, a.correct, t.first_correct
"""


def upgrade() -> None:
    op.create_table('item_tally',
    sa.Column('clinician_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('question_id', sa.String(length=60), nullable=False),
    sa.Column('choice', sa.String(length=1), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('clinician_id', 'question_id', 'choice', 'correct', 'score', name=op.f('pk_item_tally'))
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table('item_tally')

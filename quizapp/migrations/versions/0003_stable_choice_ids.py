"""choices keep their meaning: stable choice ids, snapshots that say what each choice meant

Answers stored before this point name a choice by its position ("a", "b", "c"), and the snapshot of
what the person saw holds no misconceptions. This migration rewrites each stored snapshot so every
choice carries its stable id and the misconception it revealed, moves old answers and counts onto the
stable ids, makes each answer point at its snapshot (a foreign key), and adds `participant.removed_at`.
The meanings come from `0003_choice_meanings.json`, frozen from the content as it was when answers
were still stored by position, so no code of the running app is imported. A choice whose text is not
in that file keeps its letter and is reported with no misconception. No row is lost.

Revision ID: 0003
Revises: 0002
"""
import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

MEANINGS = Path(__file__).with_name("0003_choice_meanings.json")

RECOUNT = """
INSERT INTO item_tally (clinician_id, question_id, content_hash, choice, correct, score, n)
SELECT COALESCE(g.clinician_id, 0), a.question_id, a.content_hash, a.choice, a.correct, t.first_correct, COUNT(*)
FROM answer a
JOIN attempt t ON t.id = a.attempt_id
JOIN participant p ON p.id = t.participant_id
LEFT JOIN assignment g ON g.id = p.assignment_id
WHERE a.round = 1 AND t.finished_at IS NOT NULL
GROUP BY COALESCE(g.clinician_id, 0), a.question_id, a.content_hash, a.choice, a.correct, t.first_correct
"""


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table('answer') as batch:
        batch.alter_column('choice', type_=sa.String(length=40), existing_type=sa.String(length=1),
                           existing_nullable=False)
    _keep_orphan_answers(conn)
    _rewrite_snapshots(conn, json.loads(MEANINGS.read_text(encoding="utf-8")))
    with op.batch_alter_table('answer') as batch:
        batch.create_foreign_key(op.f('fk_answer_content_hash_question_version'), 'question_version',
                                 ['content_hash'], ['content_hash'])
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))
    op.drop_table('item_tally')
    op.create_table(
        'item_tally',
        sa.Column('clinician_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('question_id', sa.String(length=60), nullable=False),
        sa.Column('content_hash', sa.String(length=32), nullable=False),
        sa.Column('choice', sa.String(length=40), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=False),
        sa.Column('score', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('clinician_id', 'question_id', 'content_hash', 'choice', 'correct', 'score',
                                name=op.f('pk_item_tally')))
    op.execute(RECOUNT)


def _keep_orphan_answers(conn) -> None:
    """Give an answer whose snapshot was never stored an empty one, so the key holds and no answer is lost."""
    orphans = conn.execute(sa.text("""
        SELECT DISTINCT a.content_hash, a.question_id, t.module_id FROM answer a
        JOIN attempt t ON t.id = a.attempt_id
        LEFT JOIN question_version v ON v.content_hash = a.content_hash
        WHERE v.content_hash IS NULL""")).all()
    for h, qid, mid in orphans:
        conn.execute(sa.text("INSERT INTO question_version (content_hash, module_id, question_id, snapshot) "
                             "VALUES (:h, :m, :q, :s)"),
                     {"h": h, "m": mid, "q": qid, "s": json.dumps({"prompt": "", "choices": [], "lost": True})})


def _rewrite_snapshots(conn, meanings: dict) -> None:
    """Give every stored choice its stable id and meaning, and move answers to the stable ids."""
    rows = conn.execute(sa.text("SELECT content_hash, question_id, snapshot FROM question_version")).all()
    for h, qid, raw in rows:
        snap = json.loads(raw)
        known = meanings.get(qid, {})
        renamed = {}
        for c in snap.get("choices", []):
            if "misconception" in c:
                continue  # already in the new shape
            stable, misconception = known.get(c["text"].strip(), [None, None])
            c["misconception"] = None if c.get("correct") else misconception
            if stable:
                renamed[c["id"]] = stable
                c["id"] = stable
        conn.execute(sa.text("UPDATE question_version SET snapshot = :s WHERE content_hash = :h"),
                     {"s": json.dumps(snap), "h": h})
        for old, new in renamed.items():
            conn.execute(sa.text("UPDATE answer SET choice = :new WHERE content_hash = :h AND choice = :old"),
                         {"new": new, "h": h, "old": old})


def downgrade() -> None:
    op.drop_table('item_tally')
    op.create_table(
        'item_tally',
        sa.Column('clinician_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('question_id', sa.String(length=60), nullable=False),
        sa.Column('choice', sa.String(length=40), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=False),
        sa.Column('score', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('clinician_id', 'question_id', 'choice', 'correct', 'score',
                                name=op.f('pk_item_tally')))
    with op.batch_alter_table('participant') as batch:
        batch.drop_column('removed_at')
    with op.batch_alter_table('answer') as batch:
        batch.drop_constraint(op.f('fk_answer_content_hash_question_version'), type_='foreignkey')

"""A migration run is one transaction on SQLite and PostgreSQL: a step that fails, or rows left pointing nowhere,
leave the database exactly as before. The models match the migrations, and downgrading and upgrading round-trip."""
from __future__ import annotations

import shutil
import textwrap

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from quizapp import migrations
from quizapp.models import Base
from tests.test_migrations import empty_url  # noqa: F401  (an empty database of each configured kind)

HALF_DONE = """
    with op.batch_alter_table('assignment') as batch:
        batch.add_column(sa.Column('probe', sa.Integer(), nullable=True))
    op.execute("UPDATE assignment SET probe = 1")
    op.execute("DELETE FROM participant")
    raise RuntimeError("a step of this migration fails")
"""
ORPHANS = """
    op.execute("INSERT INTO assignment (public_id, clinician_id, token, code, modules, label, created_at, expires_at,"
               " archived, lang) VALUES ('orphan', 999, 'orphan-token', 'ORPHAN01', 'basics', '', '2026-12-01',"
               " '2026-12-31', false, 'en')")
    op.execute("DELETE FROM clinician")
"""


def _probe_scripts(tmp_path, body: str):
    """A copy of the migrations with one more revision on top whose upgrade runs `body`."""
    where = tmp_path / "migrations"
    shutil.copytree(migrations.HERE, where, ignore=shutil.ignore_patterns("__pycache__"))
    head = ScriptDirectory(str(where)).get_current_head()
    (where / "versions" / "9999_probe.py").write_text(
        f"import sqlalchemy as sa\nfrom alembic import op\n\nrevision = '9999'\ndown_revision = {head!r}\n"
        f"branch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n{textwrap.indent(body, '')}\n\n"
        "def downgrade() -> None:\n    pass\n")
    return where, head


def _config(url: str, where=None):
    cfg = migrations.alembic_config(url)
    if where is not None:
        cfg.set_main_option("script_location", str(where))
    return cfg


def _snapshot(url: str) -> dict:
    """Every table's columns and rows, to compare before and after."""
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        out = {}
        with engine.connect() as conn:
            for name in sorted(inspector.get_table_names()):
                columns = tuple(c["name"] for c in inspector.get_columns(name))
                rows = sorted(map(tuple, conn.execute(sa.text(f'SELECT * FROM "{name}"')).all()), key=repr)
                out[name] = (columns, rows)
        return out
    finally:
        engine.dispose()


def _fill(url: str) -> None:
    """One clinician, one assignment, one person: rows a careless migration could lose."""
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO clinician (id, email, password_hash, active, session_version, created_at) "
                          "VALUES (1, 'kept@clinic.example', 'x', :t, 1, '2026-12-01')"), {"t": True})
        c.execute(sa.text("INSERT INTO assignment (id, public_id, clinician_id, token, code, modules, label, "
                          "created_at, expires_at, archived, lang) VALUES (1, 'asg', 1, 'tok', 'CODE0001', 'basics',"
                          " '', '2026-12-01', '2026-12-31', :f, 'en')"), {"f": False})
        c.execute(sa.text("INSERT INTO participant (id, public_id, assignment_id, role, created_at) "
                          "VALUES (1, 'per', 1, 'patient', '2026-12-01')"))
    engine.dispose()


@pytest.mark.parametrize("body", [HALF_DONE, ORPHANS], ids=["a-step-fails", "rows-left-pointing-nowhere"])
def test_a_migration_that_fails_partway_leaves_the_database_exactly_as_before(empty_url, tmp_path, body):
    migrations.upgrade(empty_url)
    _fill(empty_url)
    before, revision = _snapshot(empty_url), migrations.current(empty_url)
    where, head = _probe_scripts(tmp_path, body)
    assert revision == head
    with pytest.raises(Exception):  # noqa: B017  (the probe's own error, or the database's foreign-key error)
        command.upgrade(_config(empty_url, where), "head")
    assert migrations.current(empty_url) == revision
    assert _snapshot(empty_url) == before


def test_after_a_migration_run_the_app_connects_with_foreign_keys_on(empty_url, make_app):
    migrations.upgrade(empty_url)
    app = make_app(DATABASE_URL=empty_url)
    if app.extensions["db"].is_sqlite:
        with app.extensions["db"].engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_models_match_the_migrations(empty_url):
    migrations.upgrade(empty_url)
    engine = sa.create_engine(empty_url)
    try:
        with engine.connect() as conn:
            drift = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    finally:
        engine.dispose()
    assert drift == []


def test_downgrading_to_nothing_and_upgrading_again_gives_the_same_schema(empty_url):
    migrations.upgrade(empty_url)
    fresh = {t: cols for t, (cols, _) in _snapshot(empty_url).items()}
    command.downgrade(_config(empty_url), "base")
    assert set(_snapshot(empty_url)) <= {"alembic_version"}
    migrations.upgrade(empty_url)
    assert {t: cols for t, (cols, _) in _snapshot(empty_url).items()} == fresh

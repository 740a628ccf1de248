"""Alembic environment: runs migrations online against the configured URL, all of a run in one transaction."""
from alembic import context

from quizapp.db import make_engine
from quizapp.models import Base

config = context.config


def run() -> None:
    """Apply every migration of a run in one transaction: one that fails partway leaves the database as it was.

    PostgreSQL has transactional DDL. On SQLite the engine runs in autocommit (db.py issues BEGIN
    itself), so the run begins with BEGIN IMMEDIATE of its own; every ALTER and table copy then sits
    inside it. Batch mode rebuilds a table by copying it and dropping the old one: with foreign keys on,
    dropping `assignment` would cascade and delete every person, attempt and answer under it. So foreign
    keys are switched off first (SQLite ignores that switch inside a transaction) and checked with
    `PRAGMA foreign_key_check` before the commit, so rows left pointing nowhere roll the whole run back.
    """
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # takes effect only outside a transaction
                connection.commit()  # end the block SQLAlchemy began, so the migrations get a real BEGIN
                connection = connection.execution_options(sqlite_immediate=True)  # db.py's hook: BEGIN IMMEDIATE
            context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=sqlite,
                              compare_type=True, transactional_ddl=True)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:  # checked before the commit: orphaned rows roll the whole run back
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left rows pointing nowhere: {broken[:5]}")
    finally:
        engine.dispose()  # the connection with foreign keys off is closed, never reused

run()

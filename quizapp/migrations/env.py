"""Alembic environment: runs migrations online against the configured URL."""
from alembic import context

from quizapp.db import make_engine
from quizapp.models import Base

config = context.config


def run() -> None:
    """Apply migrations in one transaction per run.

    On SQLite, batch mode rebuilds a table by copying it and dropping the old one. With foreign keys
    on, dropping `assignment` would cascade and delete every person, attempt and answer under it, so
    foreign keys are off while migrating and checked once at the end.
    """
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=sqlite, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"migration left rows pointing nowhere: {broken[:5]}")
    engine.dispose()


run()

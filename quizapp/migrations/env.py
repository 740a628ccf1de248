"""Alembic environment: runs migrations online against the configured URL."""
from alembic import context

from quizapp.db import make_engine
from quizapp.models import Base

config = context.config


def run() -> None:
    """Apply migrations in one transaction per run."""
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()

"""Gene therapy comprehension tool: the application factory."""
from __future__ import annotations

from flask import Flask

from . import config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: layered config, then each part's init_app."""
    where = config.paths()
    app = Flask(
        __name__,
        instance_path=str(where["instance"]),
        instance_relative_config=True,
        template_folder=str(where["templates"]),
    )
    app.config.from_mapping(config.defaults(where["instance"], where["questions"]))
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("QUIZAPP")
    if test_config:
        app.config.update(test_config)
    config.production_overrides(app)
    config.ensure_secret_key(app)
    register_extensions(app)
    register_blueprints(app)
    return app


def register_extensions(app: Flask) -> None:
    """Attach content, database, forms, logins, headers and error pages."""
    from . import content, db, extensions, security, cli, web
    from .clinician import auth, cli as clinician_cli
    content.init_app(app)
    db.init_app(app)
    extensions.init_app(app)
    auth.init_app(app)
    clinician_cli.init_app(app)
    security.init_app(app)
    web.init_app(app)
    cli.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount the patient, clinician and author areas."""
    from .patient import bp as patient_bp
    from .clinician import bp as clinician_bp
    app.register_blueprint(patient_bp)
    app.register_blueprint(clinician_bp)

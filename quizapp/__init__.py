"""Gene therapy comprehension tool: the application factory."""
from __future__ import annotations

from flask import Flask

from . import config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: layered config, then extensions, blueprints, commands and error pages."""
    app = configured_app(test_config)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    return app


def configured_app(test_config: dict | None) -> Flask:
    """Create the Flask object with absolute folders and the layered settings."""
    where = config.paths()
    app = Flask(__name__, instance_path=str(where["instance"]), instance_relative_config=True,
                template_folder=str(where["templates"]))
    config.load(app, where, test_config)
    if app.config["PROXY_HOPS"]:  # trust exactly this many proxies' X-Forwarded-For, -Proto and -Host
        from werkzeug.middleware.proxy_fix import ProxyFix
        n = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    return app


def register_extensions(app: Flask) -> None:
    """Attach content, database, logs, languages, forms, sign-in, headers and template helpers."""
    from . import content, db, extensions, headers, i18n, logs, templating
    from .clinician import auth
    logs.init_app(app)
    content.init_app(app)
    i18n.init_app(app)
    db.init_app(app)
    extensions.init_app(app)
    auth.init_app(app)
    headers.init_app(app)
    templating.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount the patient and clinician areas: each views module defines its blueprint, and the joining,
    readers, language, sign-in and people modules add their routes to it."""
    from .clinician import auth, learning, people
    from .clinician import views as clinician
    from .patient import assigned, language, phased, readers
    from .patient import views as patient
    for blueprint in dict.fromkeys(m.bp for m in (patient, assigned, phased, readers, language, clinician, auth,
                                                  people, learning)):
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    """Add the operators' commands to the flask CLI (content registers check-content itself)."""
    from . import cli
    from .clinician import cli as clinician_cli
    cli.init_app(app)
    clinician_cli.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    """Show every error as a friendly page with an error id."""
    from . import errors
    errors.init_app(app)

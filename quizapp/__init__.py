"""Gene therapy comprehension tool: the application factory."""
from __future__ import annotations

from flask import Flask

from . import config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: layered config, then extensions, blueprints, commands and error pages."""
    app = configured_app(test_config)
    register_extensions(app)
    register_blueprints(app)
    register_health(app)
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
    from . import content, db, extensions, guards, headers, i18n, logs, templating
    from .clinician import auth
    logs.init_app(app)
    content.init_app(app)
    i18n.init_app(app)
    db.init_app(app)
    extensions.init_app(app)
    auth.init_app(app)
    headers.init_app(app)
    guards.init_app(app)
    templating.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount the patient and clinician areas: each views module defines its blueprint, and the joining,
    readers, language, sign-in and people modules add their routes to it."""
    from .clinician import account, auth, downloads, learning, people, twofactor
    from .clinician import views as clinician
    from .interchange import views as interchange
    from .patient import asking, assigned, language, papers, phased, readers
    from .patient import views as patient
    parts = (patient, assigned, asking, phased, papers, readers, language, clinician, auth, people, account,
             twofactor, learning, downloads, interchange)
    for blueprint in dict.fromkeys(m.bp for m in parts):
        app.register_blueprint(blueprint)


def register_health(app: Flask) -> None:
    """Add /healthz and /readyz for the load balancer and the service manager."""
    from . import health
    health.init_app(app)


def register_commands(app: Flask) -> None:
    """Add the operators', clinicians' and authors' commands to the flask CLI."""
    from . import cli, interchange
    from .clinician import cli as clinician_cli
    from .content import cli as content_cli
    cli.init_app(app)
    clinician_cli.init_app(app)
    content_cli.init_app(app)
    interchange.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    """Show every error as a friendly page with an error id."""
    from . import errors
    errors.init_app(app)

"""Extension objects, created without an app and attached in init_app."""
from __future__ import annotations

from flask import Flask
from flask_compress import Compress
from flask_login import LoginManager
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
compress = Compress()


def init_app(app: Flask) -> None:
    """Attach CSRF protection to every form and compression to large pages (the clinician package attaches
    login_manager)."""
    csrf.init_app(app)
    compress.init_app(app)

"""Links that leave the app on paper or in a message: built from the configured public address."""
from __future__ import annotations

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """Build an absolute link from PUBLIC_BASE_URL, never from the request's Host header (anyone can set it)."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base:  # local development only: production refuses to start without a base URL
        return url_for(endpoint, _external=True, **values)
    return base + url_for(endpoint, **values)

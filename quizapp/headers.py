"""Security headers on every response, error pages included."""
from __future__ import annotations

from flask import Flask, current_app, request

CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'; img-src 'self' data:")


def init_app(app: Flask) -> None:
    """Add the headers after every request."""
    app.after_request(set_headers)


def set_headers(response):
    """Add the security headers; keep patient and report pages out of caches."""
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h["X-Content-Type-Options"] = "nosniff"
    h["Referrer-Policy"] = "strict-origin-when-cross-origin"
    h["X-Frame-Options"] = "DENY"
    if current_app.config["HSTS"]:
        h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static":
        h["Cache-Control"] = "no-store"
    return response

"""Security headers on every response, error pages included."""
from __future__ import annotations

from flask import Flask, current_app, request

CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'; img-src 'self' data:")


PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def init_app(app: Flask) -> None:
    """Add the headers after every request."""
    app.after_request(set_headers)


def set_headers(response):
    """Add the security headers; keep patient and report pages out of caches."""
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h["X-Content-Type-Options"] = "nosniff"
    # A link page's address holds its token: it must never travel on to another site as a referrer.
    h["Referrer-Policy"] = "no-referrer" if request.path.startswith("/a/") else "strict-origin-when-cross-origin"
    h["X-Frame-Options"] = "DENY"
    h["Permissions-Policy"] = PERMISSIONS
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_app.config["HSTS"]:
        h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static":
        h["Cache-Control"] = "no-store"
    return response

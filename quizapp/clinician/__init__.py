"""The clinician workspace: sign in, assign reading, and read the consult report."""
from flask import Blueprint

bp = Blueprint("clinician", __name__, url_prefix="/clinician")

from . import auth, views  # noqa: E402,F401  (routes register on import)

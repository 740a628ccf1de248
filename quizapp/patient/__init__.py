"""The patient's way through: home, reading, questions, feedback, results, retry, consult sheet."""
from flask import Blueprint

bp = Blueprint("patient", __name__)

from . import assigned, views  # noqa: E402,F401  (routes register themselves on bp)

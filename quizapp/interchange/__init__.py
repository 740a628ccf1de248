"""Moving content and results: topics to and from GIFT, Moodle XML, QTI 3.0 and H5P; results as FHIR R4."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Add the commands, loaded only when one runs (web workers never import the XML or FHIR libraries)."""
    from ..content.cli import LazyCommand
    for name, target in (("export-topic", "export_topic"), ("import-topic", "import_topic"),
                         ("export-fhir", "export_fhir")):
        app.cli.add_command(LazyCommand(name, f"quizapp.interchange.cli:{target}"))

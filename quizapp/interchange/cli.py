"""The commands that move content and results: export-topic, import-topic, export-fhir."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..content import catalogue
from ..languages import codes, translations
from .topic import FORMATS, ImportProblem, left_out, notes, topic_doc

SUFFIX = {"gift": "gift.txt", "moodle-xml": "moodle.xml", "qti": "qti.zip", "h5p": "h5p"}
NAMES = {"gift": "GIFT", "moodle-xml": "Moodle XML", "qti": "QTI 3.0 package", "h5p": "H5P question set"}


def export_bytes(topic: str, fmt: str, lang: str) -> tuple[bytes, list[str]]:
    """A topic in one format and language, and what that format left out."""
    from . import gift, h5p, moodle, qti
    module = catalogue(lang).module(topic)
    if module is None:
        known = ", ".join(catalogue().modules)
        raise click.ClickException(f"no topic '{topic}' (topics: {known})")
    doc = topic_doc(module)
    idk = module.questions[0].choices[-1]
    writer = {"gift": gift.write, "moodle-xml": moodle.write, "qti": qti.write, "h5p": h5p.write}[fmt]
    return writer(doc, notes(doc, lang), (idk.text, idk.feedback)), left_out(doc, fmt)


@click.command("export-topic")
@click.argument("topic")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="The file format to write.")
@click.option("--lang", type=click.Choice(codes()), default="en", show_default=True, help="The topic's language.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (default TOPIC-LANG.<format>; '-' for standard output, text formats only).")
@with_appcontext
def export_topic(topic: str, fmt: str, lang: str, output: str | None) -> None:
    """Write a topic as GIFT, Moodle XML, a QTI 3.0 package or an H5P question set."""
    data, lost = export_bytes(topic, fmt, lang)
    for line in lost:
        click.echo(f"Left out: {line}", err=True)
    if output == "-":
        if fmt in ("qti", "h5p"):
            raise click.ClickException(f"{NAMES[fmt]} is a zip file: name a file with -o")
        sys.stdout.buffer.write(data)
        return
    path = Path(output or f"{topic}-{lang}.{SUFFIX[fmt]}")
    path.write_bytes(data)
    click.echo(f"Wrote {path} ({NAMES[fmt]}, {lang}, {len(data)} bytes).")


@click.command("import-topic")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", type=click.Choice(codes()), default="en", show_default=True,
              help=f"The file's language: {', '.join(t.code for t in translations())} writes that translation of "
                   "the English topic with the same id.")
@click.option("--id", "topic_id", help="The topic's id (default: the id in the file, or one made from its name).")
@click.option("--replace", is_flag=True, help="Overwrite the file of a topic with the same id.")
@with_appcontext
def import_topic(file: str, lang: str, topic_id: str | None, replace: bool) -> None:
    """Read GIFT, Moodle XML or this app's QTI package into questions/, then run the content gate."""
    from .importing import import_into
    folder = Path(current_app.config["QUESTIONS_DIR"])
    try:
        result = import_into(folder, file, Path(file).read_bytes(), lang, topic_id, replace)
    except ImportProblem as exc:
        raise click.ClickException(f"{file}: {exc}. Nothing was written.") from None
    for line in result.warnings:
        click.echo(f"WARNING {line}", err=True)
    for line in result.problems:
        click.echo(f"ERROR {line}", err=True)
    if not result.written:
        raise click.ClickException(f"{file}: the content loader or the content gate refused the topic (above). "
                                   "Nothing was written.")
    click.echo(f"Wrote {result.path}; the content gate finds no new error, and its choice ids are in the lock.")


@click.command("export-fhir")
@click.argument("assignment")
@click.option("--person", help="Only this person (the id in the clinician's address .../people/<person>/fhir).")
@click.option("-o", "--output", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Folder for the files: one Bundle per person, ASSIGNMENT-PERSON.fhir.json.")
@with_appcontext
def export_fhir(assignment: str, person: str | None, output: str) -> None:
    """Write each person's results of an assignment as a FHIR R4 Bundle (recorded in the audit trail)."""
    from .. import db
    from ..clinician.people import person_handle
    from ..states import AuditAction
    from ..store import clinicians
    from ..store import results as store
    from .results import build
    s = db.session()
    a = store.assignment_by_public_id(s, assignment)
    if a is None:
        raise click.ClickException(f"no assignment '{assignment}' (its id is the last part of its page's address)")
    people = [(person_handle(p.public_id), p) for p in clinicians.report_people(s, [a.id])[a.id]]
    if person is not None:
        people = [(h, p) for h, p in people if h == person]
        if not people:
            raise click.ClickException(f"assignment {assignment} has no person '{person}'")
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    for handle, rows in people:
        path = folder / f"{assignment}-{handle}.fhir.json"
        path.write_text(json.dumps(build(s, a, rows), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        click.echo(f"Wrote {path}")
    db.write(lambda w: clinicians.audit(w, None, AuditAction.EXPORT_FHIR, a.id))
    who = "person" if len(people) == 1 else "people"
    click.echo(f"{len(people)} {who} exported; the export is in the audit trail.")

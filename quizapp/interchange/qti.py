"""QTI 3.0 content package: a zip with imsmanifest.xml, one assessment test, one item per question, the pictures.

Each part of the reading is an assessment section with its text in a rubric block (the Markdown
as written) and its picture with alt text; each question a choice interaction whose choice
identifiers are our stable choice ids, "I don't know yet" last with fixed="true"; per-choice
feedback and the explanation are modal feedback. Every file carries xml:lang.
"""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile

from ..content.loader import FIGURES_DIR
from ..content.model import DONT_KNOW
from .moodle import note_comment, parse
from .topic import NOTE_MARK, Entry, ImportProblem, forms_of

NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEST = "assessment.xml"
MAX_UNPACKED = 50 * 1024 * 1024   # a topic's package is well under 1 MB; more is a zip bomb or not ours
ET.register_namespace("", NS)


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def write(doc: dict, note: dict, dont_know: tuple[str, str]) -> bytes:
    """The topic as a QTI 3.0 package (zip bytes)."""
    lang, files = note["lang"], {}
    test = ET.Element(q("qti-assessment-test"), {"identifier": doc["id"], "title": doc["title"], LANG: lang})
    test.append(note_comment(note))
    part = ET.SubElement(test, q("qti-test-part"), identifier="part-1", navigation_mode="linear",
                         submission_mode="individual")
    for s in doc["sections"]:
        sec = ET.SubElement(part, q("qti-assessment-section"), identifier=s["id"], title=s["title"], visible="true")
        body = ET.SubElement(ET.SubElement(sec, q("qti-rubric-block"), use="instructions", view="candidate"),
                             q("qti-content-body"))
        ET.SubElement(body, q("div"), {"class": "markdown"}).text = s["body"]
        if s.get("figure"):
            fig = s["figure"]
            figure = ET.SubElement(body, q("figure"))
            ET.SubElement(figure, q("img"), src=f"images/{fig['file']}", alt=fig["alt"])
            ET.SubElement(figure, q("figcaption")).text = fig["caption"]
            files[f"images/{fig['file']}"] = (FIGURES_DIR / fig["file"]).read_bytes()
        for item in (form for question in s["questions"] for form in forms_of(question)):
            href = f"items/{item['id']}.xml"
            ET.SubElement(sec, q("qti-assessment-item-ref"), identifier=item["id"], href=href)
            files[href] = _item(item, lang, dont_know)
    for el in test.iter():   # QTI 3 writes attributes with dashes
        for key in [k for k in el.attrib if "_" in k]:
            el.set(key.replace("_", "-"), el.attrib.pop(key))
    files = {TEST: _xml(test), **files}
    files["imsmanifest.xml"] = manifest(doc, lang, files)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _item(item: dict, lang: str, dont_know: tuple[str, str]) -> bytes:
    root = ET.Element(q("qti-assessment-item"), {"identifier": item["id"], "title": item["id"], "adaptive": "false",
                                                 "time-dependent": "false", LANG: lang})
    right = next(c["id"] for c in item["choices"] if c.get("correct"))
    resp = ET.SubElement(root, q("qti-response-declaration"), {"identifier": "RESPONSE", "cardinality": "single",
                                                               "base-type": "identifier"})
    ET.SubElement(ET.SubElement(resp, q("qti-correct-response")), q("qti-value")).text = right
    for ident, base in (("SCORE", "float"), ("FEEDBACK", "identifier"), ("SOLUTION", "identifier")):
        ET.SubElement(root, q("qti-outcome-declaration"), {"identifier": ident, "cardinality": "single",
                                                           "base-type": base})
    interaction = ET.SubElement(ET.SubElement(root, q("qti-item-body")), q("qti-choice-interaction"),
                                {"response-identifier": "RESPONSE", "shuffle": "false", "max-choices": "1"})
    ET.SubElement(interaction, q("qti-prompt")).text = item["prompt"]
    choices = [*((c["id"], c["text"], c["feedback"]) for c in item["choices"]), (DONT_KNOW, *dont_know)]
    for cid, text, _ in choices:
        attrs = {"identifier": cid, **({"fixed": "true"} if cid == DONT_KNOW else {})}
        ET.SubElement(interaction, q("qti-simple-choice"), attrs).text = text
    rp = ET.SubElement(root, q("qti-response-processing"))
    cond = ET.SubElement(ET.SubElement(rp, q("qti-response-condition")), q("qti-response-if"))
    match = ET.SubElement(cond, q("qti-match"))
    ET.SubElement(match, q("qti-variable"), identifier="RESPONSE")
    ET.SubElement(match, q("qti-correct"), identifier="RESPONSE")
    ET.SubElement(ET.SubElement(cond, q("qti-set-outcome-value"), identifier="SCORE"),
                  q("qti-base-value"), {"base-type": "float"}).text = "1"
    ET.SubElement(ET.SubElement(rp, q("qti-set-outcome-value"), identifier="FEEDBACK"), q("qti-variable"),
                  identifier="RESPONSE")
    ET.SubElement(ET.SubElement(rp, q("qti-set-outcome-value"), identifier="SOLUTION"), q("qti-base-value"),
                  {"base-type": "identifier"}).text = "explanation"
    for outcome, ident, text in [*(("FEEDBACK", cid, fb) for cid, _, fb in choices),
                                 ("SOLUTION", "explanation", item["explanation"])]:
        fb = ET.SubElement(root, q("qti-modal-feedback"), {"outcome-identifier": outcome, "identifier": ident,
                                                           "show-hide": "show"})
        ET.SubElement(fb, q("qti-content-body")).text = text
    return _xml(root)


def manifest(doc: dict, lang: str, files: dict[str, bytes]) -> bytes:
    """The package's manifest: the test, each item and each picture, every file listed."""
    root = ET.Element(f"{{{CP}}}manifest", identifier=f"{doc['id']}-package")
    meta = ET.SubElement(root, f"{{{CP}}}metadata")
    ET.SubElement(meta, f"{{{CP}}}schema").text = "QTI Package"
    ET.SubElement(meta, f"{{{CP}}}schemaversion").text = "3.0.0"
    ET.SubElement(root, f"{{{CP}}}organizations")
    resources = ET.SubElement(root, f"{{{CP}}}resources")
    for name in files:
        kind = "imsqti_test_xmlv3p0" if name == TEST else "imsqti_item_xmlv3p0" if name.startswith("items/") \
            else "webcontent"
        res = ET.SubElement(resources, f"{{{CP}}}resource", identifier=name.replace("/", "-").replace(".", "-"),
                            type=kind, href=name)
        ET.SubElement(res, f"{{{CP}}}file", href=name)
    ET.register_namespace("", CP)
    try:
        return _xml(root)
    finally:
        ET.register_namespace("", NS)


def read(data: bytes) -> tuple[list[Entry], dict | None, str]:
    """Read a QTI 3.0 package written by this app's export (sections, single-choice items, feedback)."""
    z, names = _open(data)
    test = parse(z.read(TEST), TEST)
    entries: list[Entry] = []
    for sec in test.iter(q("qti-assessment-section")):
        entries.append(_section_entry(sec))
        for ref in sec.findall(q("qti-assessment-item-ref")):
            href = ref.get("href", "")
            if href not in names:
                raise ImportProblem(f"item {ref.get('identifier')}: the package has no file {href}")
            entries.append(_read_item(parse(z.read(href), href), href))
    return entries, _note(test), test.get("title", "")


def _open(data: bytes) -> tuple[zipfile.ZipFile, set[str]]:
    """Open the package, refusing what is not a zip, unpacks too large, or lacks the manifest or the test."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = set(z.namelist())
    except zipfile.BadZipFile:
        raise ImportProblem("the file is not a zip package (a QTI package is a .zip with imsmanifest.xml)") from None
    if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
        raise ImportProblem(f"the package unpacks to more than {MAX_UNPACKED // 2**20} MB; refused")
    if "imsmanifest.xml" not in names or TEST not in names:
        raise ImportProblem(f"the package has no imsmanifest.xml or {TEST}: only this app's own QTI export is read")
    return z, names


def _note(test: ET.Element) -> dict | None:
    """This app's own data about the topic, kept in a comment of the test (None in a package from elsewhere)."""
    note = None
    for c in test.iter():
        text = (c.text or "").strip() if c.tag is ET.Comment else ""
        if text.startswith(NOTE_MARK):
            note = json.loads(text[len(NOTE_MARK):])
    return note


def _section_entry(sec: ET.Element) -> Entry:
    """A section of the test as a part of the reading, with its figure if it has one."""
    body = sec.find(f"{q('qti-rubric-block')}/{q('qti-content-body')}")
    if body is None:
        raise ImportProblem(f"section {sec.get('identifier')}: no reading (rubric block)")
    text, img = body.findtext(q("div"), ""), body.find(f"{q('figure')}/{q('img')}")
    figure = {"file": img.get("src", "").rsplit("/", 1)[-1], "alt": img.get("alt", ""),
              "caption": body.findtext(f"{q('figure')}/{q('figcaption')}", "")} if img is not None else None
    return Entry("section", f"section {sec.get('identifier')}", sec.get("identifier", ""),
                 sec.get("title", ""), text.strip(), figure=figure)


def _read_item(root: ET.Element, where: str) -> Entry:
    right = root.findtext(f"{q('qti-response-declaration')}/{q('qti-correct-response')}/{q('qti-value')}", "")
    where = f"item {root.get('identifier')} ({where})"
    interaction = root.find(f"{q('qti-item-body')}/{q('qti-choice-interaction')}")
    if interaction is None or interaction.get("max-choices", "1") != "1":
        raise ImportProblem(f"{where}: only single-choice interactions are supported")
    feedback = {(f.get("outcome-identifier"), f.get("identifier")): "".join(f.itertext()).strip()
                for f in root.findall(q("qti-modal-feedback"))}
    choices = [{"id": c.get("identifier"), "text": "".join(c.itertext()).strip(),
                "correct": c.get("identifier") == right,
                "feedback": feedback.get(("FEEDBACK", c.get("identifier")), "")}
               for c in interaction.findall(q("qti-simple-choice"))]
    return Entry("question", where, root.get("identifier", ""), "", interaction.findtext(q("qti-prompt"), "").strip(),
                 choices, feedback.get(("SOLUTION", "explanation"), ""))

"""Every export validates: Moodle XML and each QTI file parse, the QTI manifest lists every file, the H5P package has
its required files in the topic's language, GIFT escapes its special characters and says what it left out."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest

from quizapp.interchange import gift
from quizapp.interchange.cli import export_bytes
from tests.interchange_helpers import shipped_app

QTI = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"
CP = "{http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = shipped_app(tmp_path_factory.mktemp("instance"))
    with app.app_context():
        yield app


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_qti_package_parses_and_its_manifest_lists_every_file(app, lang):
    data, _ = export_bytes("basics", "qti", lang)
    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    manifest = ET.fromstring(z.read("imsmanifest.xml"))
    listed = {f.get("href") for f in manifest.iter(f"{CP}file")}
    assert listed == names - {"imsmanifest.xml"}
    assert {r.get("type") for r in manifest.iter(f"{CP}resource")} == \
        {"imsqti_test_xmlv3p0", "imsqti_item_xmlv3p0", "webcontent"}
    items = [ET.fromstring(z.read(n)) for n in names if n.startswith("items/")]
    assert items and all(item.get(LANG) == lang for item in items)
    for item in items:
        choices = list(item.iter(f"{QTI}qti-simple-choice"))
        assert choices[-1].get("identifier") == "dont-know" and choices[-1].get("fixed") == "true"
        assert all(c.get("fixed") is None for c in choices[:-1])
        shown = {f.get("identifier") for f in item.iter(f"{QTI}qti-modal-feedback")}
        assert {c.get("identifier") for c in choices} | {"explanation"} == shown
    test = ET.fromstring(z.read("assessment.xml"))
    assert test.get(LANG) == lang
    images = [i for i in test.iter(f"{QTI}img")]
    assert images and all(i.get("alt") and i.get("src") in names for i in images)


def test_the_moodle_xml_parses_with_one_right_answer_and_the_pictures_inside(app):
    data, left_out = export_bytes("basics", "moodle-xml", "es")
    assert left_out == []
    quiz = ET.fromstring(data)
    questions = [q for q in quiz if q.tag == "question"]
    choice = [q for q in questions if q.get("type") == "multichoice"]
    assert choice and all([a.get("fraction") for a in q.findall("answer")].count("100") == 1 for q in choice)
    assert all(q.findall("answer")[-1].findtext("text") == "Todavía no lo sé" for q in choice)
    assert all(q.findall("answer")[-1].get("fraction") == "0" for q in choice)
    assert all(q.findtext("generalfeedback/text") for q in choice)
    assert all(a.findtext("feedback/text") for q in choice for a in q.findall("answer"))
    parts = [q for q in questions if q.get("type") == "description"]
    files = [f for q in parts for f in q.iter("file")]
    assert files and all(f.get("encoding") == "base64" and f.text for f in files)
    assert all("@@PLUGINFILE@@/" + f.get("name") in q.findtext("questiontext/text") for q in parts for f in q.iter("file"))


@pytest.mark.parametrize("lang,check", [("en", "Check"), ("es", "Comprobar")])
def test_the_h5p_package_has_its_required_files_and_buttons_in_the_topics_language(app, lang, check):
    data, left_out = export_bytes("basics", "h5p", lang)
    z = zipfile.ZipFile(io.BytesIO(data))
    assert {"h5p.json", "content/content.json"} <= set(z.namelist())
    meta = json.loads(z.read("h5p.json"))
    assert meta["mainLibrary"] == "H5P.QuestionSet" and meta["language"] == lang
    assert {d["machineName"] for d in meta["preloadedDependencies"]} >= {"H5P.QuestionSet", "H5P.MultiChoice"}
    content = json.loads(z.read("content/content.json"))
    questions = content["questions"]
    assert questions and all(q["library"].startswith("H5P.MultiChoice ") for q in questions)
    assert all(q["params"]["UI"]["checkAnswerButton"] == check for q in questions)
    assert all(sum(a["correct"] for a in q["params"]["answers"]) == 1 for q in questions)
    media = [q["params"]["media"]["type"]["params"] for q in questions if "media" in q["params"]]
    assert media and all(m["alt"] and "content/" + m["file"]["path"] in z.namelist() for m in media)
    assert left_out    # the reading of each part does not travel in a question set


def test_gift_escapes_its_special_characters_and_reads_them_back():
    text = "Nota: 50% = {half} ~ about #1, see https://example.org\\path\nnext line"
    escaped = gift.escape(text)
    assert "\\:" in escaped and "\\=" in escaped and "\\{" in escaped and "\\~" in escaped and "\\#" in escaped
    assert "\n" not in escaped
    assert gift.unescape(escaped) == text


def test_the_gift_export_says_which_pictures_it_left_out(app, tmp_path):
    out = tmp_path / "basics.gift.txt"
    result = app.test_cli_runner().invoke(args=["export-topic", "basics", "--format", "gift", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Left out: left out the picture dna-gene-protein.svg" in result.output
    text = out.read_text(encoding="utf-8")
    assert "::basics-gene-recipe-use::" in text and "~%0%I don't know yet#" in text
    assert ".svg" not in text


def test_the_export_command_writes_the_default_file_name_and_refuses_an_unknown_topic(app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export-topic", "risks", "--format", "qti", "--lang", "es"])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(tmp_path / "risks-es.qti.zip")
    bad = runner.invoke(args=["export-topic", "nosuch", "--format", "gift"])
    assert bad.exit_code != 0 and "no topic 'nosuch'" in bad.output
    zipped = runner.invoke(args=["export-topic", "risks", "--format", "h5p", "-o", "-"])
    assert zipped.exit_code != 0 and "zip file" in zipped.output

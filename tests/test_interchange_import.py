"""Importing a topic: our own exports come back through the content gate; bad input is refused with the line or
item it came from, and nothing is written."""
from __future__ import annotations

import io
import shutil
import zipfile

import pytest
import yaml

from quizapp.interchange.cli import export_bytes
from quizapp.interchange.importing import read_file
from tests.config import CONTENT
from tests.interchange_helpers import SHIPPED, shipped_app, snapshot, strip

MOODLE = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{}\n</quiz>\n'
QUESTION = ('<question type="multichoice"><name><text>{name}</text></name>'
            '<questiontext format="html"><text>{text}</text></questiontext>'
            '<answer fraction="100"><text>Yes</text><feedback><text>Right.</text></feedback></answer>'
            '<answer fraction="0"><text>No</text><feedback><text>Not quite.</text></feedback></answer></question>')


@pytest.fixture
def small(make_app, tmp_path):
    """An app on a copy of the small test content, and that copy."""
    folder = tmp_path / "questions"
    shutil.copytree(CONTENT, folder)
    return make_app(QUESTIONS_DIR=str(folder)), folder


@pytest.fixture
def shipped(tmp_path):
    """An app on a copy of the shipped topics (the gate passes on them), and that copy."""
    folder = tmp_path / "questions"
    shutil.copytree(SHIPPED, folder)
    instance = tmp_path / "instance"
    return shipped_app(instance, folder), folder


def refused(app, folder, tmp_path, name: str, data: bytes, *args: str) -> str:
    """Import a file that must be refused; return the message, having checked nothing was written."""
    before = snapshot(folder)
    path = tmp_path / name
    path.write_bytes(data)
    result = app.test_cli_runner().invoke(args=["import-topic", str(path), *args])
    assert result.exit_code != 0, result.output
    assert "Nothing was written" in result.output
    assert snapshot(folder) == before
    return result.output


def test_malformed_gift_is_refused_naming_the_line(small, tmp_path):
    gift = "// a comment\n\n::q1::Which one?{\n=Yes\n~No\n\n::q2::And this?{=A ~B}\n"
    out = refused(*small, tmp_path, "bad.gift.txt", gift.encode())
    assert "line 3" in out and "never closed" in out


def test_xml_with_entities_is_refused(small, tmp_path):
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<quiz><question type="multichoice"><name><text>&c;</text>'
              '</name></question></quiz>\n')
    out = refused(*small, tmp_path, "laughs.xml", laughs.encode())
    assert "DTD or entities" in out


@pytest.mark.parametrize("name,data,where", [
    ("script.xml", MOODLE.format(QUESTION.format(name="q-one", text="&lt;script&gt;alert(1)&lt;/script&gt;Why?")),
     "question 1 (q-one)"),
    ("onerror.gift.txt", "::q-two::[html]<img src\\=x onerror\\=alert(1)>Why?{=Yes ~No}\n", "line 1 (question q-two)"),
])
def test_html_with_a_script_is_refused(small, tmp_path, name, data, where):
    out = refused(*small, tmp_path, name, data.encode())
    assert where in out and "script" in out


def test_other_html_becomes_plain_text():
    data = MOODLE.format(QUESTION.format(name="q-one", text="&lt;p&gt;Is this &lt;b&gt;safe&lt;/b&gt;?&lt;/p&gt;"))
    doc, _ = read_file("x.xml", data.encode())
    assert doc["sections"][0]["questions"][0]["prompt"] == "Is this safe?"


@pytest.mark.parametrize("answers,found", [("{~Yes ~No}", 0), ("{=Yes =No ~Maybe}", 2)])
def test_a_question_with_no_right_answer_or_two_is_refused(small, tmp_path, answers, found):
    out = refused(*small, tmp_path, "keys.gift.txt", f"::fine::Ok?{{=A ~B}}\n\n::q-key::Which?{answers}\n".encode())
    assert "line 3 (question q-key)" in out and f"exactly one right answer, found {found}" in out


@pytest.mark.parametrize("answers,words", [("{T}", "only multiple choice"), ("{~%50%A =B ~C}", "partial credit")])
def test_other_kinds_of_question_are_refused(small, tmp_path, answers, words):
    out = refused(*small, tmp_path, "kinds.gift.txt", f"::q-kind::Which?{answers}\n".encode())
    assert "q-kind" in out and words in out


def test_a_file_that_is_neither_utf8_nor_windows_1252_is_refused(small, tmp_path):
    out = refused(*small, tmp_path, "odd.gift.txt", b"::q::Which?{=Yes ~No}\n\n::r::Bad \x81 byte{=A ~B}\n")
    assert "line 3" in out and "not UTF-8" in out


def test_a_zip_that_unpacks_to_too_much_is_refused(small, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", "<manifest/>")
        z.writestr("assessment.xml", b"<a>" + b" " * (51 * 2**20) + b"</a>")
    out = refused(*small, tmp_path, "bomb.zip", buf.getvalue())
    assert "more than 50 MB" in out


def test_a_file_from_elsewhere_names_what_the_content_needs_and_writes_nothing(small, tmp_path):
    gift = "::Consent 1::What can you do at any time?{=Leave the study#Yes. ~Nothing#Not quite.}\n"
    out = refused(*small, tmp_path, "theirs.gift.txt", gift.encode(), "--id", "consent")
    assert "question consent-1 / field 'concept'" in out and "field 'reviewed'" in out


def test_ids_for_a_file_from_elsewhere_are_made_from_its_words_the_same_each_time():
    gift = "::Consent 1::What can you do?{=Leave the study at any time ~Nothing at all ~Nothing at all!}\n"
    first, _ = read_file("theirs.gift.txt", gift.encode(), "consent")
    again, _ = read_file("theirs.gift.txt", gift.encode(), "consent")
    (q,) = first["sections"][0]["questions"]
    assert q["id"] == "consent-1"
    assert [c["id"] for c in q["choices"]] == ["leave-the-study-at-any-time", "nothing-at-all", "nothing-at-all-2"]
    assert first == again


def test_a_spanish_import_needs_its_english_topic(small, tmp_path):
    data = export_bytes_for(small[0], "demo", "gift", "es")
    out = refused(*small, tmp_path, "demo.gift.txt", data, "--lang", "es", "--id", "nosuch")
    assert "no English topic 'nosuch'" in out


def test_an_existing_topic_is_replaced_only_when_asked(small, tmp_path):
    data = export_bytes_for(small[0], "demo", "qti", "en")
    out = refused(*small, tmp_path, "demo.zip", data)
    assert "--replace" in out


def export_bytes_for(app, topic: str, fmt: str, lang: str) -> bytes:
    with app.app_context():
        return export_bytes(topic, fmt, lang)[0]


def test_our_own_export_comes_back_over_its_topic_through_the_gate(shipped, tmp_path):
    app, folder = shipped
    before = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (folder / "04-risks.yaml",
                                                                          folder / "es" / "04-risks.yaml")}
    lock = (folder / "choice-ids.lock.json").read_bytes()
    runner = app.test_cli_runner()
    for lang, fmt, name in (("en", "qti", "risks.zip"), ("es", "moodle-xml", "risks.xml")):
        (tmp_path / name).write_bytes(export_bytes_for(app, "risks", fmt, lang))
        result = runner.invoke(args=["import-topic", str(tmp_path / name), "--lang", lang, "--replace"])
        assert result.exit_code == 0, result.output
        assert "the content gate finds no new error" in result.output
    for path, data in before.items():
        assert strip(yaml.safe_load(path.read_text(encoding="utf-8"))) == strip(data)
    assert (folder / "choice-ids.lock.json").read_bytes() == lock


def test_a_windows_1252_file_is_read_with_a_warning(shipped, tmp_path):
    app, folder = shipped
    text = export_bytes_for(app, "trials", "gift", "es").decode("utf-8")
    (tmp_path / "trials.gift.txt").write_bytes(text.encode("cp1252"))
    result = app.test_cli_runner().invoke(args=["import-topic", str(tmp_path / "trials.gift.txt"), "--lang", "es",
                                                "--replace"])
    assert result.exit_code == 0, result.output
    assert "WARNING" in result.output and "Windows-1252" in result.output
    written = (folder / "es" / "05-trials.yaml").read_text(encoding="utf-8")
    assert strip(yaml.safe_load(written)) == strip(yaml.safe_load((SHIPPED / "es" / "05-trials.yaml").read_text("utf-8")))
    assert "Todavía no lo sé" not in written


def test_a_topic_taken_out_comes_back_as_a_new_file_in_its_place(shipped, tmp_path):
    app, folder = shipped
    data = export_bytes_for(app, "families", "moodle-xml", "en")
    original = (folder / "06-families.yaml").read_text(encoding="utf-8")
    for path in (folder / "06-families.yaml", folder / "es" / "06-families.yaml"):
        path.unlink()
    common = folder / "_common.yaml"   # a bundle names the topic: take it out there too
    common.write_text(common.read_text(encoding="utf-8").replace("risks, families]", "risks]"), encoding="utf-8")
    (tmp_path / "families.xml").write_bytes(data)
    result = shipped_app(tmp_path / "again", folder).test_cli_runner().invoke(
        args=["import-topic", str(tmp_path / "families.xml")])
    assert result.exit_code == 0 and "Wrote" in result.output, result.output
    written = (folder / "06-families.yaml").read_text(encoding="utf-8")
    assert strip(yaml.safe_load(written)) == strip(yaml.safe_load(original))


def test_a_topic_the_gate_finds_new_errors_in_is_not_written(shipped, tmp_path):
    app, folder = shipped
    text = export_bytes_for(app, "trials", "gift", "en").decode("utf-8")
    at = text.index("\n\t=") + 3
    cued = text[:at] + "By far the longest and most careful of the three options here, " + text[at:]
    out = refused(app, folder, tmp_path, "trials.gift.txt", cued.encode("utf-8"), "--replace")
    assert "1.6 times" in out

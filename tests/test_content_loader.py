"""Broken content is refused with one clear message naming the file and the place."""
from __future__ import annotations

import shutil

import pytest
import yaml

from quizapp import create_app
from quizapp.content import ContentError, load_catalogue
from tests.config import CONTENT, TEST_SECRET

MODULE = "01-demo.yaml"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "questions"
    shutil.copytree(CONTENT, target)
    return target


def edit(folder, change, name=MODULE):
    """Load a YAML file, apply change(data), write it back."""
    path = folder / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def problems(folder) -> str:
    with pytest.raises(ContentError) as info:
        load_catalogue(folder)
    return str(info.value)


def test_good_fixture_loads_with_markdown_rendered_and_hashes(folder):
    cat = load_catalogue(folder)
    mod = cat.module("demo")
    assert "<strong>DNA</strong>" in mod.sections[0].body_html
    assert len({q.content_hash for q in mod.questions}) == 4


def test_raw_html_in_markdown_is_escaped_not_rendered(folder):
    edit(folder, lambda d: d["sections"][0].update(body="Hello <script>alert(1)</script> there"))
    html = load_catalogue(folder).module("demo").sections[0].body_html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_duplicate_question_id_names_file_module_section_and_question(folder):
    edit(folder, lambda d: d["sections"][1]["questions"][0].update(id="demo-q1"))
    msg = problems(folder)
    assert "01-demo.yaml: module demo / section two / question demo-q1: duplicate question id" in msg


def test_duplicate_section_id_is_reported(folder):
    edit(folder, lambda d: d["sections"][1].update(id="one"))
    assert "duplicate section id 'one'" in problems(folder)


def test_no_correct_choice_is_reported(folder):
    edit(folder, lambda d: d["sections"][0]["questions"][0]["choices"][0].update(correct=False,
                                                                                  misconception="cure"))
    assert "question demo-q1: field 'choices': needs exactly one correct choice, found 0" in problems(folder)


def test_two_correct_choices_are_reported(folder):
    def change(d):
        c = d["sections"][0]["questions"][0]["choices"][1]
        c["correct"] = True
        c.pop("misconception")
    edit(folder, change)
    assert "needs exactly one correct choice, found 2" in problems(folder)


def test_unknown_misconception_is_reported(folder):
    edit(folder, lambda d: d["sections"][0]["questions"][1]["choices"][1].update(misconception="made-up"))
    assert "question demo-q2 / choice #2: field 'misconception': unknown misconception 'made-up'" in problems(folder)


def test_wrong_choice_without_misconception_is_reported(folder):
    edit(folder, lambda d: d["sections"][0]["questions"][1]["choices"][1].pop("misconception"))
    assert "a wrong choice must name the misconception it reveals" in problems(folder)


def test_unknown_glossary_term_is_reported(folder):
    edit(folder, lambda d: d["sections"][0].update(terms=["dna", "unicorn"]))
    assert "section one: field 'terms': unknown glossary term 'unicorn'" in problems(folder)


def test_missing_field_names_the_question_and_field(folder):
    edit(folder, lambda d: d["sections"][1]["questions"][1].pop("explanation"))
    assert "module demo / section two / question demo-q4 / field 'explanation': Field required" in problems(folder)


def test_unknown_field_is_refused(folder):
    edit(folder, lambda d: d["sections"][0].update(colour="blue"))
    assert "section one / field 'colour': Extra inputs are not permitted" in problems(folder)


def test_bad_yaml_reports_the_line(folder):
    path = folder / MODULE
    lines = path.read_text().splitlines()
    lines[3] = "summary: [unclosed"
    path.write_text("\n".join(lines))
    msg = problems(folder)
    assert "01-demo.yaml: bad YAML at line" in msg


def test_missing_or_empty_folder_fails_loudly(tmp_path):
    assert "does not exist" in problems(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    assert "no module files" in problems(tmp_path / "empty")


def test_server_refuses_to_start_on_broken_content(folder, tmp_path):
    edit(folder, lambda d: d["sections"][0]["questions"][0].pop("prompt"))
    with pytest.raises(ContentError, match="question demo-q1 / field 'prompt'"):
        create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "QUESTIONS_DIR": str(folder),
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"})



def test_checked_catalogue_is_cached_in_the_instance_folder_and_refreshed_when_content_changes(tmp_path):
    import shutil

    from quizapp.content import compiled
    folder = tmp_path / "questions"
    shutil.copytree(CONTENT, folder)
    cache = tmp_path / "cache"
    first = compiled.load(folder, cache)
    (written,) = cache.glob("catalogue-*.pickle")
    assert compiled.load(folder, cache) == first
    demo = folder / "01-demo.yaml"
    demo.write_text(demo.read_text().replace("title: ", "title: Changed ", 1))
    changed = compiled.load(folder, cache)
    assert changed.modules["demo"].title.startswith("Changed ")
    (rewritten,) = cache.glob("catalogue-*.pickle")
    assert rewritten != written


def test_a_damaged_cache_is_rebuilt_and_broken_content_still_stops_the_start(tmp_path):
    import shutil

    from quizapp.content import compiled
    folder = tmp_path / "questions"
    shutil.copytree(CONTENT, folder)
    cache = tmp_path / "cache"
    compiled.load(folder, cache)
    (written,) = cache.glob("catalogue-*.pickle")
    written.write_bytes(b"not a pickle")
    assert "demo" in compiled.load(folder, cache).modules
    (folder / "01-demo.yaml").write_text("id: demo\n")
    with pytest.raises(ContentError):
        compiled.load(folder, cache)

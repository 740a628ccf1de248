"""Every shipped topic, exported to GIFT, Moodle XML and QTI and read back, is the same topic, in both languages.

Same questions, choices, answer keys, feedback, explanations and ids; the only difference allowed is
what a format cannot carry (GIFT: pictures), and the import names it.
"""
from __future__ import annotations

import pytest
import yaml

from quizapp.content import catalogue
from quizapp.interchange.cli import export_bytes
from quizapp.interchange.importing import read_file, yaml_text
from quizapp.interchange.topic import CANNOT_CARRY, prune, topic_doc
from tests.interchange_helpers import SHIPPED, shipped_app, strip

TOPICS = sorted(yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in SHIPPED.glob("[0-9]*.yaml"))
GOOD = SHIPPED.parent / "tests" / "fixtures" / "gate" / "good"   # every question has a sibling and an alternate
NAMES = {"gift": "topic.gift.txt", "moodle-xml": "topic.xml", "qti": "topic.zip"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = shipped_app(tmp_path_factory.mktemp("instance"))
    with app.app_context():
        yield app


def without_pictures(doc: dict) -> dict:
    """The topic as GIFT can carry it: every part without its picture."""
    return prune({**doc, "sections": [{k: v for k, v in s.items() if k != "figure"} for s in doc["sections"]]})


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "qti"])
@pytest.mark.parametrize("topic", TOPICS)
def test_a_shipped_topic_comes_back_the_same(app, topic, fmt, lang):
    doc = topic_doc(catalogue(lang).module(topic))
    data, left_out = export_bytes(topic, fmt, lang)
    back, warnings = read_file(NAMES[fmt], data)
    expected = without_pictures(doc) if fmt == "gift" else doc
    assert back == expected
    assert warnings == []
    assert bool(CANNOT_CARRY[fmt]) == bool(left_out)
    if fmt == "gift":
        assert len([s for s in doc["sections"] if s.get("figure")]) == len([x for x in left_out if x.startswith("left out the picture")])


@pytest.mark.parametrize("topic", TOPICS)
def test_the_file_an_import_writes_holds_what_the_authored_file_holds(app, topic):
    path = next(p for p in SHIPPED.glob("[0-9]*.yaml") if yaml.safe_load(p.read_text(encoding="utf-8"))["id"] == topic)
    back, _ = read_file("topic.zip", export_bytes(topic, "qti", "en")[0])
    written = yaml.safe_load(yaml_text(back))
    authored = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert strip(written) == strip(authored)



@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "qti"])
def test_every_parallel_form_travels_and_comes_back_in_its_place(tmp_path, fmt):
    app = shipped_app(tmp_path / "instance", GOOD)
    with app.app_context():
        module = next(iter(catalogue().modules.values()))
        assert all(q.alternate and q.sibling for q in module.questions)
        doc = topic_doc(module)
        back, _ = read_file(NAMES[fmt], export_bytes(module.id, fmt, "en")[0])
    assert (without_pictures(doc) if fmt == "gift" else doc) == back
    assert all(q["alternate"]["id"] == m.alternate.id for s in back["sections"] for q, m in
               zip(s["questions"], module.section(s["id"]).questions, strict=True))

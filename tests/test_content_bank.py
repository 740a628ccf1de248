"""Cueing across the bank, in English and Spanish: each rule fails on its own fixture and passes the good one."""
from __future__ import annotations

import flask
import pytest

from quizapp.content.cli import check_content
from tests.cue_fixtures import build, cues, errors
from tests.gate_helpers import GOOD

# fixture, language, what the gate says (without the file's path)
RULES = [
    ("key-rank", "en", "module alpha: the right option is the middle one in 50% of its 6 questions"),
    ("key-rank", "es", "module alpha: the right option is the middle one in 50% of its 6 questions"),
    ("length-ratio", "en", "question alpha-q4 / field 'choices': options run from 16 to 30 characters, 1.88 times; "
                           "keep the longest within 1.6 times the shortest"),
    ("length-ratio", "es", "question alpha-q4 / field 'choices': options run from 20 to 35 characters, 1.75 times"),
    ("solver-topic", "en", "module alpha: a test-wise reader who never reads scores 72% by playing 'echo'; 50% at "
                           "most per topic"),
    ("solver-topic", "es", "module alpha: a test-wise reader who never reads scores 67% by playing 'echo'"),
    ("solver-overall", "en", "_common.yaml: over all topics a test-wise reader who never reads scores 44% by playing "
                             "'echo'; 40% at most"),
    ("solver-overall", "es", "es/_common.yaml: over all topics a test-wise reader who never reads scores 43% by "
                             "playing 'echo'"),
    ("stock-distractor", "en", "question alpha-q4: the wrong option 'a cold that spreads' (or a near-copy of it) is "
                               "used in 3 questions (alpha-q4, beta-q5, gamma-q1); 2 at most"),
    ("stock-distractor", "es", "question alpha-q4: the wrong option 'un catarro que se pega' (or a near-copy of it) "
                               "is used in 3 questions (alpha-q4, beta-q5, gamma-q1)"),
    ("prompt-copy", "en", "question beta-q1 / field 'prompt': a near-copy of question alpha-q1 in topic alpha (91% "
                          "alike); test each idea in one topic"),
    ("prompt-copy", "es", "question beta-q1 / field 'prompt': a near-copy of question alpha-q1 in topic alpha"),
]
KINDS = {"key-rank": "the right option is the", "length-ratio": "options run from", "solver-topic": "per topic",
         "solver-overall": "over all topics", "stock-distractor": "near-copy of it", "prompt-copy": "field 'prompt'"}


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return build(tmp_path_factory.mktemp("cues"), "good")


@pytest.mark.parametrize("name, lang, message", RULES, ids=[f"{n}-{lang}" for n, lang, _ in RULES])
def test_each_cue_rule_fails_on_its_fixture_and_passes_the_good_one(tmp_path, good, name, lang, message):
    assert message in errors(build(tmp_path, name), lang)
    assert KINDS[name] not in errors(good, lang)


@pytest.mark.parametrize("name, lang", [(n, lang) for n in KINDS for lang in ("en", "es")])
def test_each_fixture_breaks_only_its_own_cue_rule(tmp_path, name, lang):
    found = errors(build(tmp_path, name), lang)
    assert [kind for kind, text in KINDS.items() if text in found] == [name]


def test_the_good_fixture_balances_key_ranks_and_keeps_every_strategy_near_chance(good):
    for lang in ("en", "es"):
        report = cues(good, lang)
        assert [t.id for t in report.topics] == ["alpha", "beta", "gamma"]
        for topic in report.topics:
            assert topic.ranks == pytest.approx({"shortest": 1 / 3, "middle": 1 / 3, "longest": 1 / 3})
            assert topic.best[1] <= 0.5 and "learner" in topic.scores
        assert report.overall.best[1] <= 0.4


def test_spanish_lengths_are_measured_on_the_spanish_text(tmp_path):
    """The length-ratio fixture changes one option per language; each language is judged on its own words."""
    folder = build(tmp_path, "length-ratio")
    (folder / "es" / "01-alpha.yaml").write_text(
        (folder / "es" / "01-alpha.yaml").read_text(encoding="utf-8").replace("Un catarro que se pega a los amigos",
                                                                              "Un catarro que se pega"),
        encoding="utf-8")
    assert "options run from 16 to 30" in errors(folder, "en") and "options run from" not in errors(folder, "es")


def invoke(folder, *args: str):
    """Run check-content through a minimal Flask app's CLI runner."""
    app = flask.Flask(__name__)
    app.config["QUESTIONS_DIR"] = str(folder)
    return app.test_cli_runner().invoke(check_content, list(args))


def test_check_content_prints_the_cue_table_per_topic_and_language_and_fails_on_a_cue(tmp_path):
    folder = build(tmp_path, "solver-topic")
    result = invoke(folder, "--update-lock")
    out = result.output
    assert result.exit_code == 1
    english, spanish = out.index("Cueing (en)"), out.index("Cueing (es)")
    assert english < out.index("Translation: es") < spanish
    for start in (english, spanish):
        table = out[start:].splitlines()
        head = table[1].split()
        assert head[:5] == ["topic", "items", "short", "middle", "long"] and head[-1] == "best"
        for name in ("longest", "shortest", "hedge", "echo", "contra", "3rules", "learner"):
            assert name in head
        alpha = next(line for line in table if line.startswith("alpha "))
        assert alpha.split()[2:5] == ["33%", "33%", "33%"]
        assert alpha.split()[-2:] == ["echo", "72%" if start == english else "67%"]
        assert any(line.startswith("all topics") for line in table[:10])


def test_check_content_shows_the_cue_table_on_the_good_gate_fixture_and_exits_zero():
    result = invoke(GOOD)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output[result.output.index("Cueing (en)"):].splitlines()
               if line.startswith("good "))
    assert row.split()[1:5] == ["24", "35%", "35%", "31%"]

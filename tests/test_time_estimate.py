"""The minutes a topic says it takes count reading, every question with its feedback, the second try and the end."""
from __future__ import annotations

from pathlib import Path

from quizapp.content import load_catalogue
from quizapp.content.model import SECONDS_PER_FEEDBACK, SECONDS_PER_QUESTION, WORDS_PER_MINUTE

ROOT = Path(__file__).resolve().parent.parent


def test_the_estimate_counts_feedback_and_the_second_try_not_only_reading_and_answering():
    for module in load_catalogue(ROOT / "questions").modules.values():
        words = sum(s.word_count for s in module.sections)
        reading_and_answering = words / WORDS_PER_MINUTE + len(module.questions) * SECONDS_PER_QUESTION / 60
        with_feedback = reading_and_answering + len(module.questions) * SECONDS_PER_FEEDBACK / 60
        assert module.reading_minutes > with_feedback + 2, module.id  # plus about a third again, and the results


def test_a_real_topic_of_about_a_thousand_words_and_fourteen_questions_says_about_twenty_minutes():
    basics = load_catalogue(ROOT / "questions").module("basics")
    assert len(basics.questions) >= 12
    assert 18 <= basics.reading_minutes <= 25

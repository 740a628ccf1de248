"""Cues in one question's options: each rule fires on a small catalogue and passes a good one."""
from __future__ import annotations

import dataclasses

import pytest

from quizapp.content import cues
from quizapp.content.model import Choice, Question
from tests.gate_helpers import TODAY, edit, errors, folder, q, warnings  # noqa: F401 (folder: a fixture)


def question(prompt: str, key: str, *wrong: str) -> Question:
    """A bare question: the first option right, the rest wrong."""
    choices = (Choice("key", key, True, "Yes."), *(Choice(f"w{n}", w, False, "No.", "x") for n, w in enumerate(wrong)))
    return Question("t-1", "t", "s", "c", prompt, choices, "Because.", "hash")


def rewrite(cat, change):
    """The catalogue with change(question) applied to every question, sibling and alternate."""
    def fix(x: Question) -> Question:
        return dataclasses.replace(change(x), sibling=x.sibling and fix(x.sibling),
                                   alternate=x.alternate and fix(x.alternate))
    modules = {mid: dataclasses.replace(m, sections=tuple(
        dataclasses.replace(s, questions=tuple(fix(x) for x in s.questions)) for s in m.sections))
        for mid, m in cat.modules.items()}
    return dataclasses.replace(cat, modules=modules)


def with_texts(x: Question, key, wrong) -> Question:
    """A question whose right option text is key(text) and each wrong one wrong(text, question)."""
    return dataclasses.replace(x, choices=tuple(
        dataclasses.replace(c, text=key(c.text) if c.correct else wrong(c.text, x)) if not c.unknown else c
        for c in x.choices))


# ---------------------------------------------------------------- option wording

@pytest.mark.parametrize("text, banned", [
    ("All of the above", "'all of the above'"),
    ("None of the above", "'none of the above'"),
    ("It always works", "'always'"),
    ("It NEVER fails", "'never'"),
    ("Both of the above", "a reference to other options"),
    ("Answers a and b", "a reference to other options"),
])
def test_banned_phrases_in_options_are_errors(folder, text, banned):
    edit(folder, lambda d: q(d, 0, 0)["choices"][2].update(text=text))
    assert f"question good-gene-recipe / choice #3 / field 'text': uses {banned}" in errors(folder)


def test_banned_words_match_whole_words_only_and_only_in_options(folder):
    def change(d):
        q(d, 0, 0)["choices"][2].update(text="A germ in the hallways")
        q(d, 0, 0)["choices"][2].update(feedback="Not quite. It is not always easy. A gene is a recipe.")
        q(d, 0, 0).update(explanation="A gene is a recipe, answer a question with it.")
    edit(folder, change)
    assert "which item-writing rules ban" not in errors(folder)


def test_lowercase_negative_in_a_prompt_is_an_error_but_capital_not_is_allowed(folder):
    edit(folder, lambda d: q(d, 0, 1).update(prompt="Where is your DNA not kept?"))
    assert "question good-dna-where / field 'prompt': negative wording ('not')" in errors(folder)
    edit(folder, lambda d: q(d, 0, 1).update(prompt="Where is your DNA NOT kept?"))
    assert "negative wording" not in errors(folder)


def test_prompt_ending_in_a_or_an_is_a_grammar_clue(folder):
    edit(folder, lambda d: q(d, 0, 0).update(prompt="A gene is a"))
    assert "question good-gene-recipe / field 'prompt': ends with 'a' or 'an'" in errors(folder)


# ---------------------------------------------------------------- rule 1: length

def test_options_beyond_1_6_times_in_length_are_an_error(folder):
    edit(folder, lambda d: q(d, 1, 0)["choices"][1].update(text="To give you a mild case of flu"))
    assert "question good-vector-job / field 'choices': options run from" not in errors(folder)    # 30 / 26
    edit(folder, lambda d: q(d, 1, 0)["choices"][1].update(text="To give you a mild case of the virus it came from"))
    assert ("question good-vector-job / field 'choices': options run from 26 to 49 characters, 1.88 times; keep the "
            "longest within 1.6 times the shortest") in errors(folder)


def test_a_right_option_over_15_percent_longer_than_the_longest_wrong_one_is_an_error(folder):
    edit(folder, lambda d: q(d, 1, 0)["choices"][0].update(text="To carry a gene into the cells you need"))
    assert len("To carry a gene into the cells you need") <= 1.15 * len("To give you a mild case of a virus")
    assert "question good-vector-job / field 'choices': the right option" not in errors(folder)
    edit(folder, lambda d: q(d, 1, 0)["choices"][0].update(text="To carry a new gene safely into your cells"))
    assert ("question good-vector-job / field 'choices': the right option is 42 characters, more than 15 % longer "
            "than the longest wrong one (34)") in errors(folder)


# ---------------------------------------------------------------- rule 2: absolutes and hedges

@pytest.mark.parametrize("key, wrong, complaint", [
    ("A recipe your cells read", "Only a disease you were born with",
     "a wrong option uses absolute wording ('only') and the right one does not"),
    ("A recipe your cells can read", "A disease you were born with",
     "only the right option uses hedge wording ('can')"),
    ("A recipe all your cells read", "A disease you were born with",
     "only the right option uses absolute wording ('all')"),
    ("A recipe your cells read", "A germ that cannot leave you",
     "a wrong option uses absolute wording ('cannot')"),
])
def test_absolute_and_hedge_words_must_be_balanced_between_right_and_wrong_options(folder, key, wrong, complaint):
    edit(folder, lambda d: [q(d, 0, 0)["choices"][0].update(text=key), q(d, 0, 0)["choices"][1].update(text=wrong)])
    assert f"question good-gene-recipe / field 'choices': {complaint}" in errors(folder)


def test_balanced_absolutes_and_hedges_pass(folder):
    edit(folder, lambda d: [q(d, 0, 0)["choices"][0].update(text="A recipe all your cells can read"),
                            q(d, 0, 0)["choices"][1].update(text="Only a disease you may be born with")])
    assert "wording" not in errors(folder)


# ---------------------------------------------------------------- rule 3: stock distractors

def test_a_wrong_option_text_in_more_than_two_questions_is_an_error(folder):
    places = [(0, 0, 2), (0, 1, 1), (2, 1, 1)]
    edit(folder, lambda d: [q(d, s, n)["choices"][c].update(text="A cold from a friend") for s, n, c in places[:2]])
    assert "the wrong option" not in errors(folder)
    edit(folder, lambda d: q(d, 2, 1)["choices"][1].update(text="a cold from a  friend."))
    assert ("01-good.yaml: module good / section one / question good-gene-recipe: the wrong option 'a cold from a "
            "friend' (or a near-copy of it) is used in 3 questions (good-gene-recipe, good-dna-where, "
            "good-cald-cause); 2 at most") in errors(folder)


def test_near_copies_of_a_wrong_option_count_as_the_same_option(folder):
    texts = ["A cold from a friend", "A cold from your friend", "The cold from a friend"]
    edit(folder, lambda d: [q(d, s, n)["choices"][c].update(text=t)
                            for (s, n, c), t in zip([(0, 0, 2), (0, 1, 1), (2, 1, 1)], texts, strict=True)])
    assert ("the wrong option 'a cold from a friend' (or a near-copy of it) is used in 3 questions (good-gene-recipe, "
            "good-dna-where, good-cald-cause)") in errors(folder)
    edit(folder, lambda d: q(d, 2, 1)["choices"][1].update(text="A virus from a friend"))
    assert "(or a near-copy of it)" not in errors(folder)


# ---------------------------------------------------------------- rule 4: ruled out by the stem

@pytest.mark.parametrize("prompt, wrong, why", [
    ("How does a gene differ from a vector?", "They are the same thing",
     "the stem asks how things differ and this option says they do not"),
    ("Your care team knows your case. Who can tell you what it means?", "A team that does not know your case",
     "it denies what the stem states as given"),
    ("You feel well a year after treatment. How long do your check-ups go on?", "Until you feel well",
     "it waits 'until' something the stem says has already happened"),
    ("You feel well two years after treatment. Do you still need check-ups?", "Yes, but just until the 3-month check",
     "it ends at a time the stem says is already past"),
    ("Your treatment edits your DNA, and no virus is used. Which risk applies?", "The virus giving you its illness",
     "it names what the stem says is not there ('virus')"),
])
def test_a_wrong_option_the_stem_rules_out_is_an_error(folder, prompt, wrong, why):
    edit(folder, lambda d: [q(d, 3, 0).update(prompt=prompt), q(d, 3, 0)["choices"][1].update(text=wrong)])
    assert f"question good-next-step / choice #2 / field 'text': {why}" in errors(folder)


def test_an_asked_premise_or_a_right_option_denying_a_reported_claim_is_not_ruled_out():
    assert cues.ruled_out("Do you feel well? How long do check-ups go on?", "Until you feel well") == ""
    claim = question("Your friend says a vector gives you the virus. Is that right?",
                     "No, a vector does not give you the virus", "Yes, it gives you a mild case", "Yes, for a day")
    assert not any("choice #1" in f for f in cues.option_findings(claim))


# ---------------------------------------------------------------- feedback that repeats the explanation

def test_feedback_repeating_the_explanation_is_a_warning(folder):
    edit(folder, lambda d: q(d, 2, 1)["choices"][0].update(feedback="Yes. CALD comes from a change in one gene."))
    assert ("question good-cald-cause / choice #1 / field 'feedback': repeats the explanation (100% of content "
            "words shared)") in warnings(folder)
    assert "repeats the explanation" not in errors(folder)


def test_wrong_feedback_copying_a_sentence_of_the_explanation_is_an_error(folder):
    """The feedback page shows a wrong choice's feedback and the explanation together: no near-copies."""
    edit(folder, lambda d: q(d, 2, 1)["choices"][2].update(
        feedback="Not quite. Everyone has genes. CALD comes from a change in one gene."))
    assert ("question good-cald-cause / choice #3 / field 'feedback': 'CALD comes from a change in one gene.' "
            "repeats a sentence of the explanation") in errors(folder)


def test_the_right_choice_may_restate_the_explanation_as_it_is_shown_alone(folder):
    edit(folder, lambda d: q(d, 2, 1)["choices"][0].update(feedback="Yes. CALD comes from a change in one gene."))
    assert "repeats a sentence" not in errors(folder)

"""Cues in the options and the test-wise solver: each rule fires on a small catalogue and passes a good one."""
from __future__ import annotations

import dataclasses

import pytest

from quizapp.content import cues, load_catalogue
from quizapp.content.gate import review
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

def test_options_of_very_different_length_are_a_warning(folder):
    edit(folder, lambda d: q(d, 1, 0)["choices"][1].update(text="A virus"))
    assert "question good-vector-job / field 'choices': options differ a lot in length" in warnings(folder)


def test_a_right_option_over_15_percent_longer_than_the_longest_wrong_one_is_an_error(folder):
    edit(folder, lambda d: q(d, 1, 0)["choices"][0].update(text="To carry a gene into the cells you need"))
    assert len("To carry a gene into the cells you need") <= 1.15 * len("To give you a mild case of a virus")
    assert "question good-vector-job / field 'choices': the right option" not in errors(folder)
    edit(folder, lambda d: q(d, 1, 0)["choices"][0].update(text="To carry a new gene safely into your cells"))
    assert ("question good-vector-job / field 'choices': the right option is 42 characters, more than 15 % longer "
            "than the longest wrong one (34)") in errors(folder)


def test_right_option_strictly_longest_in_over_a_third_of_a_modules_questions_is_an_error(folder):
    cat = load_catalogue(folder)
    assert "strictly longest" not in "\n".join(review(cat, today=TODAY).errors)
    longest = max(len(c.text) for c in cat.module("good").question("good-gene-recipe").choices if not c.correct)

    def one_longer(x: Question) -> Question:
        """Make the right option one character longer than the longest wrong one (within 15 %)."""
        width = max(len(c.text) for c in x.authored_choices if not c.correct) + 1
        return with_texts(x, lambda t: t.ljust(width, "."), lambda t, _: t)
    assert longest > 7
    report = review(rewrite(cat, one_longer), today=TODAY)
    assert "01-good.yaml: module good: the right option is the strictly longest in 24 of 24 questions" in "\n".join(
        report.errors)
    assert not any("15 % longer" in e for e in report.errors)


def test_right_option_strictly_shortest_in_over_a_third_of_a_modules_questions_is_an_error(folder):
    cat = load_catalogue(folder)
    assert sum(map(cues.key_is_shortest, cat.module("good").all_questions)) == 6                  # 6 of 24
    assert "strictly shortest" not in "\n".join(review(cat, today=TODAY).errors)

    def one_shorter(x: Question) -> Question:
        """Pad each wrong option to one character longer than the right one."""
        width = len(x.correct_choice.text) + 1
        return with_texts(x, lambda t: t, lambda t, _: t.ljust(width, "."))
    report = review(rewrite(cat, one_shorter), today=TODAY)
    assert "01-good.yaml: module good: the right option is the strictly shortest in 24 of 24 questions" in "\n".join(
        report.errors)
    assert cues.key_is_shortest(question("What is kept?", "Red", "Tans", "Bigs"))
    assert not cues.key_is_shortest(question("What is kept?", "Red", "Tan", "Bigs"))


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
    edit(folder, lambda d: [q(d, s, n)["choices"][c].update(text="A germ you caught") for s, n, c in places[:2]])
    assert "the wrong option" not in errors(folder)
    edit(folder, lambda d: q(d, 2, 1)["choices"][1].update(text="a germ you  caught."))
    assert ("01-good.yaml: module good / section one / question good-gene-recipe: the wrong option 'a germ you "
            "caught' is used in 3 questions (good-gene-recipe, good-dna-where, good-cald-cause); 2 at most") in errors(
        folder)


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
])
def test_a_wrong_option_the_stem_rules_out_is_an_error(folder, prompt, wrong, why):
    edit(folder, lambda d: [q(d, 3, 0).update(prompt=prompt), q(d, 3, 0)["choices"][1].update(text=wrong)])
    assert f"question good-next-step / choice #2 / field 'text': {why}" in errors(folder)


def test_an_asked_premise_or_a_right_option_denying_a_reported_claim_is_not_ruled_out():
    assert cues.ruled_out("Do you feel well? How long do check-ups go on?", "Until you feel well") == ""
    claim = question("Your friend says a vector gives you the virus. Is that right?",
                     "No, a vector does not give you the virus", "Yes, it gives you a mild case", "Yes, for a day")
    assert not any("choice #1" in f for f in cues.option_findings(claim))


# ---------------------------------------------------------------- rule 5: the test-wise solver

def test_solver_points_follow_the_documented_weights():
    x = question("Why are check-ups needed for years?", "Some effects may show up years later",
                 "Only for the first month", "None at all")
    # right: longest + hedge + no absolute + most stem words; wrong ones: nothing or nearly nothing
    assert cues.cue_points(x) == [4.0, 0.0, 0.0]
    assert cues.solve(x) == 1.0


def test_solver_shares_credit_among_tied_top_options():
    assert cues.solve(question("What is kept?", "Red", "Tan", "Big")) == pytest.approx(1 / 3)
    assert cues.solve(question("What is kept?", "Reds", "Tans", "Big")) == pytest.approx(1 / 2)
    assert cues.solve(question("What is kept?", "Red", "Tans", "Bigs")) == 0.0
    assert cues.solver_score([]) == 0.0


def test_a_cue_laden_module_scores_high_and_fails_and_the_balanced_one_passes(folder):
    cat = load_catalogue(folder)
    balanced = review(cat, today=TODAY)
    assert balanced.rows[0].solver <= cues.MAX_SOLVER and "solver" not in "\n".join(balanced.errors)
    laden = rewrite(cat, lambda x: with_texts(x, lambda t: f"{t}, in most cases", lambda t, _: f"Only: {t}"))
    report = review(laden, today=TODAY)
    assert report.rows[0].solver == 1.0
    assert ("01-good.yaml: module good: a test-wise solver that never reads scores 100% (longest option, hedges, "
            "no absolute words, words from the stem); 40% at most") in "\n".join(report.errors)


def test_the_solver_ignores_i_dont_know_yet(folder):
    x = load_catalogue(folder).module("good").question("good-gene-recipe")
    assert len(x.choices) == 4 and len(cues.cue_points(x)) == 3


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

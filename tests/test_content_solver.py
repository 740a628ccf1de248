"""The test-wise solver: each strategy wins on questions built to reward it, and ties are scored fairly."""
from __future__ import annotations

import pytest

from quizapp.content import bank, solver
from quizapp.content.model import Choice, Question

FILLER = ("moss", "kelp", "reed", "fern")


def filler(words: int, n: int) -> str:
    """An option of a given number of plain words that echo no stem and carry no cue."""
    return " ".join(FILLER[n % len(FILLER)] for _ in range(words)).capitalize()


def question(qid: str, prompt: str, key: str, *wrong: str) -> Question:
    """A question whose first option is the right one."""
    choices = (Choice("key", key, True, "Yes."), *(Choice(f"w{n}", w, False, "No.", "x") for n, w in enumerate(wrong)))
    return Question(qid, qid.split("-")[0], "s", "c", prompt, choices, "Because.", "hash")


def ranked(topic: str, ranks: str) -> list[Question]:
    """Questions whose key has the given length ranks in turn ('s', 'm' or 'l'), and no other cue."""
    out = []
    for n, rank in enumerate(ranks):
        key_words = {"s": 2, "m": 3, "l": 4}[rank]
        wrong = [w for w in (2, 3, 4) if w != key_words]
        out.append(question(f"{topic}-{n}", "Which one is it?", filler(key_words, n),
                            *(filler(w, n + 1 + i) for i, w in enumerate(wrong))))
    return out


def best(topics: dict[str, list[Question]]) -> tuple[str, dict[str, float]]:
    """The overall best strategy's name, and every strategy's overall score."""
    report = bank.review(topics, dict.fromkeys(topics, "t"), {q.id: q.id for qs in topics.values() for q in qs}, "c")
    return report.overall.best[0], report.overall.scores


@pytest.mark.parametrize("strategy, ranks", [("longest", "llll"), ("shortest", "ssss"), ("middle", "mmmm")])
def test_each_length_strategy_wins_when_the_key_sits_at_its_rank(strategy, ranks):
    name, scores = best({"t": ranked("t", ranks)})
    assert name == strategy and scores[strategy] == 1.0
    # with no absolutes and no hedges, the three rules come down to the middle length
    assert all(v < 1.0 for k, v in scores.items() if k not in (strategy, "three rules" if ranks == "mmmm" else ""))


def test_hedges_over_absolutes_wins_when_the_key_hedges_and_wrong_options_are_absolute():
    plain = ranked("t", "slms")
    questions = [
        question("t-1", "Which one is it?", "It may help " + plain[0].authored_choices[0].text, "It only helps a bit",
                 "Moss reed kelp fern moss"),
        question("t-2", "Which one is it?", "Reed kelp moss fern can help", "Moss kelp", "Fern reed fern"),
        question("t-3", "Which one is it?", "It can always help you", "It never helps you", "It helps you well"),
        question("t-4", "Which one is it?", "It may do every part", "It does every part well", "It does part"),
    ]
    name, scores = best({"t": questions})
    assert name == "hedge" and scores["hedge"] == pytest.approx(0.75) and scores["three rules"] < 0.75


def test_stem_echo_wins_when_the_key_repeats_the_stems_words():
    questions = [question(f"t-{n}", f"Where does the {w} go after the dose?", f"The {w} goes home",
                          "Into the garden shed", "It rests")
                 for n, w in enumerate(("vector", "medicine", "carrier"))]
    name, scores = best({"t": questions})
    assert name == "echo" and scores["echo"] == 1.0


def test_the_contradiction_strategy_wins_when_the_stem_rules_the_wrong_options_out():
    questions = [question(f"t-{n}", "Your treatment edits your DNA, and no virus is used. Which risk applies?", key,
                          "The virus giving you its illness", "A reaction to the virus")
                 for n, key in enumerate(("An edit elsewhere", "A change at a wrong spot of your DNA",
                                          "An edit in a look-alike spot"))]
    name, scores = best({"t": questions})
    assert name == "contradiction" and scores["contradiction"] == 1.0
    assert all(v < 1.0 for k, v in scores.items() if k != "contradiction")


def test_the_three_rules_win_when_the_key_is_the_middle_length_once_absolutes_are_dropped():
    questions = [question(f"t-{n}", "Which one is it?", filler(4, n), filler(2, n + 1), filler(6, n + 2),
                          "It helps every single person in the world")
                 for n in range(3)]
    name, scores = best({"t": questions})
    assert name == "three rules" and scores["three rules"] == 1.0 and scores["middle"] == 0.5


def test_the_learner_learns_a_habit_on_the_other_topics_that_no_fixed_strategy_plays():
    """Here the key is the option with an absolute word and the wrong ones hedge: test-wise rules lose."""
    def topic(name: str) -> list[Question]:
        return [question(f"{name}-{n}", "Which one is it?", key, "It may help " + filler(1, n),
                         "It can help " + filler(2, n))
                for n, key in enumerate(("It helps every one", "It only helps", "It helps all of them"))]
    topics = {name: topic(name) for name in ("a", "b", "c", "d", "e", "f")}
    name, scores = best(topics)
    assert name == "learner" and scores["learner"] == 1.0
    assert scores["hedge"] == 0.0 and scores["three rules"] == 0.0


def test_the_learner_plays_only_when_there_are_other_topics_to_learn_from():
    report = bank.review({"t": ranked("t", "slm")}, {"t": "t"}, {}, "c")
    assert solver.LEARNER not in report.topic("t").scores


def test_ties_in_length_share_the_rank_and_the_credit():
    tied = question("t-1", "Which one?", "Reds", "Tans", "Big")
    assert solver.rank_shares(tied) == {"shortest": 0.0, "middle": 0.5, "longest": 0.5}
    assert solver.score(solver.STRATEGIES["longest"](tied, solver.ENGLISH), tied) == 0.5
    same = question("t-2", "Which one?", "Red", "Tan", "Big")
    assert solver.rank_shares(same) == pytest.approx({r: 1 / 3 for r in solver.RANKS})
    assert solver.score(solver.STRATEGIES["middle"](same, solver.ENGLISH), same) == pytest.approx(1 / 3)


def test_i_dont_know_yet_is_never_an_option_the_solver_weighs():
    from quizapp.content.model import DONT_KNOW_CHOICE
    x = question("t-1", "Which one?", "Reds", "Tans", "Big")
    with_unknown = Question(x.id, x.module_id, "s", "c", x.prompt, (*x.choices, DONT_KNOW_CHOICE), "B.", "h")
    assert len(solver.features(with_unknown)) == 3
    assert all(len(play(with_unknown, solver.ENGLISH)) == 3 for play in solver.STRATEGIES.values())

"""The guess of what a disclosure may be about: one category when the model is sure, else two, else none."""

from dataclasses import replace

import numpy as np
import pytest

from assistant.learning import train as T
from assistant.learning.corpus import Example
from assistant.nlp.linear import LinearModel
from assistant.nlp.models import CONCERN_WORDS, SHIPPED_DIR, concern_words, read_models

NO_FEATURES = (np.zeros(0, dtype=np.int64), np.zeros(0))


@pytest.fixture(scope="module")
def shipped():
    return read_models(SHIPPED_DIR, "shipped")


def _with(shipped, intercepts):
    classes = tuple(CONCERN_WORDS)
    model = LinearModel(classes, "softmax", np.zeros((len(classes), 1)), np.asarray(intercepts, dtype=float))
    return replace(shipped, concern=model)


def _scores(**high):
    z = [0.0] * len(CONCERN_WORDS)
    for name, value in high.items():
        z[list(CONCERN_WORDS).index(name)] = value
    return z


def test_a_sure_guess_is_named_alone_an_unsure_one_names_two_and_a_toss_up_none(shipped):
    words = ["w:hit"]
    assert _with(shipped, _scores(domestic_abuse=6.0)).concern_guess(*NO_FEATURES, words) == ("domestic_abuse",)
    torn = _with(shipped, _scores(domestic_abuse=3.0, violence=2.9))
    assert torn.concern_guess(*NO_FEATURES, words) == ("domestic_abuse", "violence")
    assert _with(shipped, _scores()).concern_guess(*NO_FEATURES, words) == ()  # seven ways even: no guess


def test_no_guess_without_a_word_the_model_knows_or_without_a_concern_model(shipped):
    assert _with(shipped, _scores(domestic_abuse=6.0)).concern_guess(*NO_FEATURES, ["", ""]) == ()
    assert replace(shipped, concern=None).concern_guess(*NO_FEATURES, ["w:hit"]) == ()


def test_every_category_has_plain_words_and_unknown_names_are_left_out():
    assert concern_words(("self_harm",)) == "self-harm"
    assert concern_words(("exploitation", "abuse_neglect")) == "\u201cexploitation\u201d or \u201cabuse or neglect\u201d"
    assert concern_words(("made_up", "suicidal")) == "thoughts of suicide"


@pytest.mark.parametrize("categories", [("suicidal", "violence"), ("suicidal", "violence", "self_harm")])
def test_the_concern_model_trains_on_two_or_more_categories_and_guesses_from_words(pipeline, categories):
    cues = {"suicidal": "end it all tonight", "violence": "smash his face in", "self_harm": "cut my arms again"}
    examples = [Example("personal", f"{lead} {cues[c]}", "difficulty", (), True, batch=f"w{n % 4}", sg_category=c)
                for n, (lead, c) in enumerate((lead, c) for lead in ("honestly I might", "some days I will", "I just want to",
                                                                    "he says I'll", "it's like I could", "maybe I should")
                                              for c in categories)]
    table = T.featurise(examples, pipeline, log=None)
    counts = table.matrix()
    rows = np.arange(len(examples))
    params = replace(T.Params(), min_df=1)
    cols = T.choose_columns(table, counts, rows, params)
    model = T.fit_concern(examples, counts, rows, cols, params)
    assert model is not None and model.classes == tuple(CONCERN_WORDS)
    design = T.transform(counts, rows, cols)
    x = np.hstack([design.words.toarray(), design.readings.toarray()])
    scores = x @ model.coef.T + model.intercept
    guessed = [model.classes[int(np.argmax(row))] for row in scores]
    assert guessed == [e.sg_category for e in examples]


def test_no_concern_model_from_disclosures_of_one_category(pipeline):
    examples = [Example("personal", f"I will end it {n}", "difficulty", (), True, sg_category="suicidal") for n in range(3)]
    table = T.featurise(examples, pipeline, log=None)
    counts = table.matrix()
    rows = np.arange(3)
    cols = T.choose_columns(table, counts, rows, replace(T.Params(), min_df=1))
    assert T.fit_concern(examples, counts, rows, cols, T.Params()) is None


@pytest.mark.parametrize(
    "framework, text, category",
    [
        ("personal", "He hits me when he's been drinking", "domestic_abuse"),
        ("relational", "I keep thinking everyone would be better off if I wasn't around", "suicidal"),
        ("relational", "He makes me go with men for money", "exploitation"),
        ("relational", "I cut myself again last night", "self_harm"),
        ("carer", "I'm at the end of my rope, I shook him last night and I'm frightened of what I'll do",
         "carer_breaking_point"),
    ],
)
def test_the_shipped_engine_guesses_what_a_plain_disclosure_may_be_about(analysers, framework, text, category):
    analysis = analysers[framework].analyse(text)
    assert analysis.flags == ("safeguarding",)
    assert category in analysis.concern


def test_an_answer_with_no_alert_carries_no_guess(analysers):
    assert analysers["personal"].analyse("I'd like to get out to the shops on my own").concern == ()

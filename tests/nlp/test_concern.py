"""The guess of what a disclosure may be about: one category when the model is sure, else two."""

import numpy as np

from assistant.nlp.linear import LinearModel
from assistant.nlp.models import CONCERN_SURE, CONCERN_WORDS, concern_words


def _models_with(intercepts):
    from dataclasses import replace

    from assistant.nlp.models import SHIPPED_DIR, read_models

    classes = tuple(CONCERN_WORDS)
    model = LinearModel(classes, "softmax", np.zeros((len(classes), 1)), np.asarray(intercepts, dtype=float))
    return replace(read_models(SHIPPED_DIR, "shipped"), concern=model)


def test_a_sure_guess_is_named_alone_and_an_unsure_one_names_the_two_likeliest():
    sure = [0.0] * 7
    sure[1] = 6.0
    assert _models_with(sure).concern_guess(np.zeros(0, dtype=np.int64), np.zeros(0)) == ("domestic_abuse",)
    torn = [0.0] * 7
    torn[1], torn[5] = 2.0, 1.9
    guess = _models_with(torn).concern_guess(np.zeros(0, dtype=np.int64), np.zeros(0))
    assert guess == ("domestic_abuse", "violence") and CONCERN_SURE > 0.5


def test_every_category_has_plain_words():
    assert concern_words(("self_harm",)) == "self-harm"
    assert concern_words(("exploitation", "abuse_neglect")) == "exploitation (money, sex, crime), or abuse or neglect"

"""The tuned sentence model: it gives a score for each of the three questions, it is blended in by the
shares chosen on held-out writers, and a missing or damaged copy fails clearly."""

import shutil

import numpy as np
import pytest

from assistant.errors import ModelMissingError
from assistant.frameworks import load_framework
from assistant.nlp.sentence_vectors import MODEL_DIR
from assistant.nlp.tuned_model import HEADS_FILE, KINDS, MODEL_FILE, TunedModel, tuned_model


@pytest.fixture(scope="module")
def tuned():
    return tuned_model()


def test_scores_cover_every_kind_and_every_outcome_of_the_corpus_frameworks(tuned):
    read = tuned.read("I'd love to get back on the tools, earning my own money again")
    assert read.kind.shape == (len(KINDS),) and abs(read.kind.sum() - 1) < 1e-4
    assert 0.0 <= read.safeguarding <= 1.0
    for name in ("personal", "carer", "relational"):
        assert set(tuned.frameworks[name]) == set(load_framework(name).ids)
        assert read.outcomes[name].shape == (len(tuned.frameworks[name]),)
        assert ((read.outcomes[name] >= 0) & (read.outcomes[name] <= 1)).all()


def test_it_has_learned_the_three_questions(tuned):
    family = tuned.read("I'd love to see my grandchildren more, they live over in Leeds")
    ids = tuned.frameworks["personal"]
    assert ids[int(np.argmax(family.outcomes["personal"]))] == "qol.seeing_people"
    assert KINDS[int(np.argmax(family.kind))] == "outcome"
    service = tuned.read("I need a social worker")
    assert KINDS[int(np.argmax(service.kind))] == "service"
    assert tuned.read("He hits me when he's been drinking").safeguarding > 0.5
    assert tuned.read("I'd like to go to the bingo with my sister").safeguarding < 0.2


def test_nothing_to_read_is_no_opinion(tuned):
    assert tuned.read("") is None
    assert tuned.read("   ") is None


@pytest.mark.parametrize("text", ["[bold]{{ 7*7 }}<script>", "\x00\x01 ok", "🙂🙂🙂", "é" * 20_000])
def test_odd_input_is_read_without_error(tuned, text):
    read = tuned.read(text)
    assert read is None or (np.isfinite(read.kind).all() and np.isfinite(read.safeguarding))


def test_a_missing_or_damaged_tuned_model_is_a_clear_error(tmp_path):
    shutil.copyfile(MODEL_DIR / "vocab.txt", tmp_path / "vocab.txt")
    with pytest.raises(ModelMissingError, match="tuned sentence model"):
        TunedModel(tmp_path)
    shutil.copyfile(MODEL_DIR / HEADS_FILE, tmp_path / HEADS_FILE)
    with pytest.raises(ModelMissingError, match="tuned sentence model .* missing or damaged"):
        TunedModel(tmp_path)
    (tmp_path / MODEL_FILE).write_bytes(b"not a model")
    with pytest.raises(ModelMissingError, match="tuned sentence model .* cannot be read"):
        TunedModel(tmp_path)

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


ORDINARY = ("I've lived in this flat about twelve years and the neighbours are mostly alright. "
            "My daughter comes on a Sunday when she can and we have a roast if I can manage it. "
            "I worked on the buses for thirty years and I still know every route in town. "
            "The garden has gone a bit wild but I like watching the birds from the kitchen window. "
            "I do the crossword every morning with my tea, it keeps my brain ticking over. "
            "The surgery is a bit of a walk but there's a bench halfway where I sit for a minute. "
            "I'd like to get back to the club on a Thursday, they do a quiz and a raffle. ")


def test_a_short_answer_is_read_whole(tuned):
    text = "I'd love to get back on the tools, earning my own money again"
    (start, end, ids), = tuned.windows(text)
    assert (start, end) == (0, len(text)) and ids == tuned.pieces.ids(text)


@pytest.mark.parametrize("text", [ORDINARY * 2, (ORDINARY * 2).replace(".", "").lower(), "word " * 3000],
                         ids=["sentences", "speech written down", "one word over and over"])
def test_a_long_answer_is_read_in_windows_that_cover_every_sentence(tuned, text):
    from assistant.nlp.tuned_model import WINDOW_PIECES

    windows = tuned.windows(text)
    assert len(windows) > 1 and all(0 < len(ids) <= WINDOW_PIECES for _, _, ids in windows)
    read = [piece for _, _, ids in windows for piece in ids]
    assert set(read) == set(tuned.pieces.ids(text, limit=10 ** 6))  # no part left unread
    assert windows[-1][1] == len(text.rstrip())


@pytest.mark.parametrize("disclosure", [
    "My nephew has my bank card and I haven't seen my pension in months, but he says he's looking after it.",
    "I keep a stash of tablets in the drawer, just in case it all gets too much.",
])
def test_a_concern_at_the_end_of_a_long_answer_is_not_averaged_away(tuned, analysers, disclosure):
    """Read whole, the model never reached the last sentence of an answer this long, and the
    alert was missed; read in windows it is raised, and it names that sentence."""
    text = ORDINARY * 2 + disclosure
    read = tuned.read(text)
    assert read.safeguarding > 0.5 and text[slice(*read.concern_span)].strip().endswith(disclosure)
    result = analysers["personal"].analyse(text)
    assert result.safeguarding
    assert result.alert_sentences and all(said in disclosure for said in result.alert_sentences)
    quiet = analysers["personal"].analyse(ORDINARY * 2)
    assert not quiet.safeguarding  # the ordinary part alone raises nothing

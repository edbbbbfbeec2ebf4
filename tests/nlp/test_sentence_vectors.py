"""The sentence model: it splits words as the model expects, reads meaning, and fails clearly."""

import numpy as np
import pytest

from assistant.errors import ModelMissingError
from assistant.nlp.sentence_vectors import DIMENSIONS, MAX_PIECES, SentenceEncoder, basic_words, sentence_encoder


@pytest.fixture(scope="module")
def encoder():
    return sentence_encoder()


def test_words_are_split_as_the_model_was_trained():
    assert list(basic_words("Café, I'm FINE!")) == ["cafe", ",", "i", "'", "m", "fine", "!"]
    assert list(basic_words("tired😢 [bold]")) == ["tired", "😢", "[", "bold", "]"]


def test_unknown_and_overlong_words_become_one_unknown_piece(encoder):
    pieces = encoder.pieces
    assert pieces.ids("allotment") and pieces.unknown not in pieces.ids("allotment")
    assert pieces.ids("x" * 500) == [pieces.unknown]
    assert len(pieces.ids("word " * 10_000)) == MAX_PIECES


def test_meaning_is_a_unit_vector_and_the_same_every_time(encoder):
    first = encoder.encode("I'd love to get back to my allotment")
    assert first.shape == (DIMENSIONS,)
    assert abs(float(np.linalg.norm(first)) - 1.0) < 1e-4
    assert np.array_equal(first, encoder.encode("I'd love to get back to my allotment"))
    assert not encoder.encode("").any()


@pytest.mark.parametrize("text", ["[bold]{{ 7*7 }}<script>", "\x00\x01 ok", "🙂🙂🙂", "é" * 20_000])
def test_odd_input_is_read_without_error(encoder, text):
    assert np.isfinite(encoder.encode(text)).all()


def test_answers_that_mean_the_same_sit_closer_than_answers_that_do_not(encoder):
    work = encoder.encode("I want to get back to work")
    tools = encoder.encode("I'd love to be back on the tools, earning my own money")
    cat = encoder.encode("The cat has been poorly all week")
    assert float(work @ tools) > float(work @ cat) + 0.1


def test_a_missing_model_is_a_clear_error(tmp_path):
    (tmp_path / "vocab.txt").write_text("[UNK]\n[CLS]\n[SEP]\n", encoding="utf-8")
    with pytest.raises(ModelMissingError, match="sentence model"):
        SentenceEncoder(tmp_path)


def test_a_damaged_model_is_a_clear_error(tmp_path):
    (tmp_path / "vocab.txt").write_text("[UNK]\n[CLS]\n[SEP]\n", encoding="utf-8")
    (tmp_path / "minilm-l6-int8.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelMissingError, match="cannot be read"):
        SentenceEncoder(tmp_path)


def test_reading_meaning_leaves_nothing_behind_and_tells_no_one(tmp_path):
    """ONNX Runtime carries usage telemetry (a device id and events under ~/.cache/Microsoft, meant to be
    sent on). The assistant switches it off: reading an answer writes nothing outside the data folder."""
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local" / "share"))
    code = ("from assistant.nlp.sentence_vectors import SentenceEncoder; "
            "print(SentenceEncoder().encode('I want to get back to work').shape)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "(384,)" in done.stdout
    assert [p for p in home.rglob("*") if p.is_file()] == []

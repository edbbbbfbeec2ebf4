"""An answer's meaning as one vector: all-MiniLM-L6-v2 (8-bit, ONNX Runtime), mean-pooled.

The word features know only the words the corpus used; this knows that "back on
the tools" sits near work and "for the fog to lift" near feeling better, so
the trained models get a little of what people mean in words nobody wrote down.
The model ships in `sentence_model/` (see its NOTICE.md); it runs on one
thread so the interface keeps the other core, and it never uses the network.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.errors import ModelMissingError
from assistant.locations import PACKAGE_DIR

# ONNX Runtime has Microsoft's usage telemetry built in: unless this is set before it is first imported,
# it writes a device id and usage events under ~/.cache/Microsoft and may try to send them. Nothing of
# that kind may happen here, so it is switched off for this process, whatever the environment says.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

MODEL_DIR = PACKAGE_DIR / "nlp" / "sentence_model"
MODEL_FILE = "minilm-l6-int8.onnx"
DIMENSIONS = 384
# The model reads at most 256 pieces, two of them the start and end markers; a longer
# answer is read from its start (the word features still see all of it).
MAX_PIECES = 254
MAX_WORD = 100  # longer "words" (a pasted hash, a run of one letter) are one unknown piece


def _punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char)[0] in "PS"  # symbols too, so an emoji stands apart from its word


def _cjk(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


def basic_words(text: str):
    """The model's own first split: lower case, accents off, punctuation and each CJK character apart."""
    text = unicodedata.normalize("NFD", text.lower())
    for chunk in text.split():
        word = []
        for char in chunk:
            category = unicodedata.category(char)
            if category == "Mn" or category[0] == "C":
                continue
            if _punctuation(char) or _cjk(char):
                if word:
                    yield "".join(word)
                    word = []
                yield char
            else:
                word.append(char)
        if word:
            yield "".join(word)


class WordPieces:
    """Greedy longest-first word pieces over the model's vocabulary (as BERT splits words)."""

    def __init__(self, vocabulary: list[str]) -> None:
        self.index = {piece: i for i, piece in enumerate(vocabulary)}
        self.unknown = self.index["[UNK]"]
        self.start = self.index["[CLS]"]
        self.end = self.index["[SEP]"]
        self._word = lru_cache(maxsize=50_000)(self._split_word)

    def _split_word(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_WORD:
            return (self.unknown,)
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.index.get(piece)
                if found is not None:
                    pieces.append(found)
                    break
                end -= 1
            else:
                return (self.unknown,)
            start = end
        return tuple(pieces)

    def ids(self, text: str, limit: int = MAX_PIECES) -> list[int]:
        out: list[int] = []
        for word in basic_words(text):
            out.extend(self._word(word))
            if len(out) >= limit:
                return out[:limit]
        return out


HINT = "Reinstall the assistant (`make run` installs everything it needs)."


def onnx_session(model: Path, folder: Path, name: str = "sentence model"):
    """One ONNX Runtime session on one thread, or a clear error saying what is wrong with the file."""
    try:
        import onnxruntime
    except ImportError as exc:
        raise ModelMissingError("ONNX Runtime, which reads the sentence model, is not installed.", hint=HINT) from exc
    if not model.is_file():
        raise ModelMissingError(f"The {name} in {folder} is missing or damaged ({model.name} is not there).", hint=HINT)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # no warnings on the terminal
    try:
        return onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # ONNX Runtime has its own error classes (a damaged file, a bad graph)
        raise ModelMissingError(f"The {name} in {folder} cannot be read ({exc}).", hint=HINT) from exc


def word_pieces(folder: Path) -> WordPieces:
    try:
        return WordPieces((folder / "vocab.txt").read_text(encoding="utf-8").splitlines())
    except (OSError, KeyError) as exc:
        raise ModelMissingError(f"The sentence model in {folder} is missing or damaged ({exc}).", hint=HINT) from exc


_workers: dict[str, ThreadPoolExecutor] = {}
_worker_lock = threading.Lock()


def on_meaning_thread(fn, *args, lane: str = "meaning") -> Future:
    """Run `fn` on a thread of its own (one per lane; ONNX Runtime lets go of the GIL), so an answer's
    meaning is read while spaCy parses it on the other core; `.result()` waits for it."""
    with _worker_lock:
        if lane not in _workers:
            _workers[lane] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"sentence-{lane}")
        worker = _workers[lane]
    return worker.submit(fn, *args)


def model_inputs(pieces: WordPieces, ids: list[int]) -> dict[str, np.ndarray]:
    row = np.asarray([[pieces.start, *ids, pieces.end]], dtype=np.int64)
    return {"input_ids": row, "attention_mask": np.ones_like(row), "token_type_ids": np.zeros_like(row)}


class SentenceEncoder:
    """Loads the model once; `encode` turns a text into a unit vector (zeros when it has no words)."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        self.pieces = word_pieces(folder)
        self.session = onnx_session(folder / MODEL_FILE, folder)
        self._running = threading.Lock()

    def submit(self, text: str) -> Future:
        """Start reading `text` on the meaning thread."""
        return on_meaning_thread(self.encode, text)

    def encode(self, text: str) -> np.ndarray:
        ids = self.pieces.ids(text)
        if not ids:
            return np.zeros(DIMENSIONS, dtype=np.float32)
        with self._running:
            hidden = self.session.run(None, model_inputs(self.pieces, ids))[0][0]
        mean = hidden.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm).astype(np.float32) if norm else np.zeros(DIMENSIONS, dtype=np.float32)


def one_per_process(make):
    """`make()` once for this process, on first use (a model takes a few tenths of a second to load)."""
    lock = threading.Lock()
    made: list = []

    def get():
        with lock:
            if not made:
                made.append(make())
            return made[0]

    return get


sentence_encoder = one_per_process(SentenceEncoder)  # the one frozen encoder of this process

"""The tuned sentence model: a copy of the sentence model taught the corpus's three questions.

It reads an answer whole, as a person would, and gives its own scores for the
answer's kind, a possible safeguarding concern and each outcome of the three
corpus frameworks. The engine blends them with the linear models' scores
(weights chosen on held-out writers by `make model`); the linear models still
supply the evidence words. Made by `tools/tune_sentence_model.py`.

It was taught on answers of a few sentences (at most about 60 word pieces).
Read whole, a long answer averages one worrying sentence away among many
ordinary ones, and past its input limit the model never sees the end at all.
So a longer answer is read a sentence or two at a time: a concern or an
outcome in any window counts (the highest score), and the kind is the windows'
kinds weighed by their length.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import ModelMissingError
from assistant.nlp.models import KINDS
from assistant.nlp.sentence_vectors import HINT, MODEL_DIR, model_inputs, one_per_process, onnx_session, word_pieces

MODEL_FILE = "minilm-l6-tuned-int8.onnx"
HEADS_FILE = "tuned-heads.json"
WHOLE_PIECES = 64  # about the longest answer in the corpus it was taught on: shorter ones are read whole
WINDOW_PIECES = 40  # a longer one is read a sentence or two at a time
RUN_PIECES, RUN_STEP = 24, 8  # a sentence longer than a window: overlapping runs, so a short disclosure is in one nearly alone
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class TunedScores:
    kind: np.ndarray  # over KINDS, sums to 1
    safeguarding: float
    outcomes: dict[str, np.ndarray]  # by framework, in that framework's id order
    concern_span: tuple[int, int] | None = None  # where a long answer's most worrying window is (characters)


class TunedModel:
    def __init__(self, folder: Path = MODEL_DIR) -> None:
        try:
            heads = json.loads((folder / HEADS_FILE).read_text(encoding="utf-8"))
            if tuple(heads["kinds"]) != KINDS:
                raise ValueError("its kinds are not the five kinds")
            self.frameworks: dict[str, tuple[str, ...]] = {name: tuple(ids) for name, ids in heads["frameworks"].items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelMissingError(f"The tuned sentence model in {folder} is missing or damaged ({exc}).", hint=HINT) from exc
        self.pieces = word_pieces(folder)
        self.session = onnx_session(folder / MODEL_FILE, folder, "tuned sentence model")
        self._running = threading.Lock()
        self.width = sum(len(ids) for ids in self.frameworks.values())

    def read(self, text: str) -> TunedScores | None:
        """None when there is nothing the model can read: then the linear models decide alone."""
        windows = self.windows(text)
        if not windows:
            return None
        reads = [self._read_pieces(ids) for _, _, ids in windows]
        if len(reads) == 1:
            kind, flag, outcomes = reads[0]
            return TunedScores(kind, flag, self._by_framework(outcomes))
        sizes = np.asarray([len(ids) for _, _, ids in windows], dtype=np.float64)
        kind = (np.vstack([r[0] for r in reads]) * sizes[:, None]).sum(axis=0) / sizes.sum()
        worst = int(np.argmax([r[1] for r in reads]))
        outcomes = np.vstack([r[2] for r in reads]).max(axis=0)
        start, end, _ = windows[worst]
        return TunedScores(kind, reads[worst][1], self._by_framework(outcomes), (start, end))

    def windows(self, text: str) -> list[tuple[int, int, list[int]]]:
        """The answer as the model reads it (start, end, word pieces): whole when short; else one
        window starting at each sentence and running on over whole sentences while they fit, so
        every sentence is read with a little of what comes after it. Text with no sentence ends
        (speech written down) is read in overlapping runs of pieces."""
        ids = self.pieces.ids(text, limit=WHOLE_PIECES + 1)
        if len(ids) <= WHOLE_PIECES:
            return [(0, len(text), ids)] if ids else []
        sentences = []
        for start, end in _sentences(text):
            sentence = text[start:end]
            pieces = self.pieces.ids(sentence, limit=len(sentence) + 1)  # never more pieces than characters
            if len(pieces) <= WINDOW_PIECES:
                sentences.append((start, end, pieces))
                continue
            for k in range(0, max(1, len(pieces) - RUN_PIECES + RUN_STEP), RUN_STEP):
                sentences.append((start, end, pieces[k:k + RUN_PIECES]))
        found = []
        for first, (start, end, pieces) in enumerate(sentences):
            window = list(pieces)
            for _, next_end, more in sentences[first + 1:]:
                if len(window) + len(more) > WINDOW_PIECES:
                    break
                window += more
                end = next_end
            found.append((start, end, window))
        return found

    def _read_pieces(self, ids: list[int]) -> tuple[np.ndarray, float, np.ndarray]:
        with self._running:
            kind, flag, outcomes = self.session.run(None, model_inputs(self.pieces, ids))
        return kind[0].astype(np.float64), float(flag[0]), outcomes[0].astype(np.float64)

    def _by_framework(self, outcomes: np.ndarray) -> dict[str, np.ndarray]:
        by_framework, start = {}, 0
        for name, framework_ids in self.frameworks.items():
            by_framework[name] = outcomes[start:start + len(framework_ids)]
            start += len(framework_ids)
        return by_framework


def _sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences (an end mark followed by space, or a line break, ends one)."""
    spans, start = [], 0
    for mark in _SENTENCE_END.finditer(text):
        if mark.start() > start:
            spans.append((start, mark.start()))
        start = mark.end()
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


tuned_model = one_per_process(TunedModel)  # the one tuned model of this process

"""The tuned sentence model: a copy of the sentence model taught the corpus's three questions.

It reads an answer whole, as a person would, and gives its own scores for the
answer's kind, a possible safeguarding concern and each outcome of the three
corpus frameworks. The engine blends them with the linear models' scores
(weights chosen on held-out writers by `make model`); the linear models still
supply the evidence words. Made by `tools/tune_sentence_model.py`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import ModelMissingError
from assistant.nlp.models import KINDS
from assistant.nlp.sentence_vectors import HINT, MODEL_DIR, model_inputs, one_per_process, onnx_session, word_pieces

MODEL_FILE = "minilm-l6-tuned-int8.onnx"
HEADS_FILE = "tuned-heads.json"


@dataclass(frozen=True)
class TunedScores:
    kind: np.ndarray  # over KINDS, sums to 1
    safeguarding: float
    outcomes: dict[str, np.ndarray]  # by framework, in that framework's id order


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
        ids = self.pieces.ids(text)
        if not ids:
            return None
        with self._running:
            kind, flag, outcomes = self.session.run(None, model_inputs(self.pieces, ids))
        by_framework, start = {}, 0
        for name, framework_ids in self.frameworks.items():
            by_framework[name] = outcomes[0, start:start + len(framework_ids)].astype(np.float64)
            start += len(framework_ids)
        return TunedScores(kind[0].astype(np.float64), float(flag[0]), by_framework)


tuned_model = one_per_process(TunedModel)  # the one tuned model of this process

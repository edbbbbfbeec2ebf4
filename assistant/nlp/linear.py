"""Linear models read with NumPy alone: fast to load, no pickle, no scikit-learn at run time.

Training (assistant/learning/) fits scikit-learn models and writes their
weights here as plain arrays and JSON; the running engine only multiplies.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.nlp.features import AnswerFeatures


@dataclass
class FeatureSpace:
    """Which features a model knows, and how word features are weighted (TF-IDF)."""

    words: list[str]
    idf: np.ndarray
    readings: list[str]
    reading_weight: float

    def __post_init__(self) -> None:
        self.word_index = {w: i for i, w in enumerate(self.words)}
        offset = len(self.words)
        self.reading_index = {r: offset + i for i, r in enumerate(self.readings)}
        meaning = [self.reading_index.get(f"e:{k}") for k in range(sum(r.startswith("e:") for r in self.readings))]
        self.meaning_columns = np.asarray(meaning, dtype=np.int64) if meaning and None not in meaning else None

    @property
    def reads_meaning(self) -> bool:
        return self.meaning_columns is not None

    @property
    def size(self) -> int:
        return len(self.words) + len(self.readings)

    def vectorise(self, features: AnswerFeatures) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Sparse (indices, values) of one answer, and the word feature behind each index (or "")."""
        idx: list[int] = []
        vals: list[float] = []
        names: list[str] = []
        for name, count in features.words.items():
            j = self.word_index.get(name)
            if j is None:
                continue
            idx.append(j)
            vals.append((1.0 + math.log(count)) * float(self.idf[j]))
            names.append(name)
        norm = math.sqrt(sum(v * v for v in vals)) or 1.0
        vals = [v / norm for v in vals]
        for name, value in features.readings.items():
            j = self.reading_index.get(name)
            if j is not None:
                idx.append(j)
                vals.append(value * self.reading_weight)
                names.append("")
        if self.meaning_columns is not None and features.meaning is not None:
            size = len(self.meaning_columns)
            return (np.concatenate([np.asarray(idx, dtype=np.int64), self.meaning_columns]),
                    np.concatenate([np.asarray(vals, dtype=np.float64),
                                    np.asarray(features.meaning[:size], dtype=np.float64) * self.reading_weight]),
                    names + [""] * size)
        return np.asarray(idx, dtype=np.int64), np.asarray(vals, dtype=np.float64), names


@dataclass
class LinearModel:
    """Weights for some classes over one feature space: one-vs-rest (sigmoid) or softmax."""

    classes: tuple[str, ...]
    link: str
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)

    def scores(self, idx: np.ndarray, vals: np.ndarray) -> np.ndarray:
        z = self.coef[:, idx] @ vals + self.intercept if len(idx) else self.intercept.astype(np.float64)
        if self.link == "softmax":
            z = z - z.max()
            e = np.exp(z)
            return e / e.sum()
        return 1.0 / (1.0 + np.exp(-z))

    def contributions(self, cls: int, idx: np.ndarray, vals: np.ndarray) -> np.ndarray:
        """How much each present feature moves the class's score."""
        return self.coef[cls, idx] * vals if len(idx) else np.zeros(0)


def save_models(folder: Path, space: FeatureSpace, models: dict[str, LinearModel], meta: dict, private: bool = False) -> None:
    """Write the feature space and models as JSON + a compressed NumPy archive.

    A model retrained on a practitioner's own decisions holds words from people's answers:
    `private` makes its folder and files readable by their owner only."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o755)
    arrays = {"idf": space.idf.astype(np.float32)}
    described = {}
    for name, model in models.items():
        # Half precision is plenty for a linear score and halves the package's size.
        arrays[f"{name}.coef"] = model.coef.astype(np.float16)
        arrays[f"{name}.intercept"] = model.intercept.astype(np.float32)
        described[name] = {"classes": list(model.classes), "link": model.link}
    weights = folder / "weights.npz"
    with open(weights, "wb") as handle:
        np.savez_compressed(handle, **arrays)
    document = {**meta, "space": {"words": space.words, "readings": space.readings, "reading_weight": space.reading_weight},
                "models": described}
    (folder / "model.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    if private:
        folder.chmod(0o700)
        for path in (weights, folder / "model.json"):
            path.chmod(0o600)


def load_models(folder: Path) -> tuple[FeatureSpace, dict[str, LinearModel], dict]:
    """Read what save_models wrote. Raises OSError/ValueError/KeyError on a damaged folder."""
    document = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    with np.load(folder / "weights.npz", allow_pickle=False) as arrays:
        s = document["space"]
        space = FeatureSpace(list(s["words"]), arrays["idf"].astype(np.float64), list(s["readings"]), float(s["reading_weight"]))
        models = {}
        for name, described in document["models"].items():
            coef = arrays[f"{name}.coef"].astype(np.float64)
            intercept = arrays[f"{name}.intercept"].astype(np.float64)
            if coef.shape != (len(described["classes"]), space.size):
                raise ValueError(f"model {name!r} does not fit its feature space")
            models[name] = LinearModel(tuple(described["classes"]), described["link"], coef, intercept)
    meta = {k: v for k, v in document.items() if k not in {"space", "models"}}
    return space, models, meta

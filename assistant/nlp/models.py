"""The trained models the engine uses, where they live, and how they are chosen.

The models ship inside the package (`assistant/nlp/model/`, written by `make
model`). A practitioner's own retrained model (`outcomes model update`) lives
in their data folder and is used instead until `outcomes model reset`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError
from assistant.locations import PACKAGE_DIR, user_model_dir
from assistant.nlp.linear import FeatureSpace, LinearModel, load_models

SHIPPED_DIR = PACKAGE_DIR / "nlp" / "model"
KINDS = ("outcome", "service", "difficulty", "strength", "other")


class ModelError(AssistantError):
    title = "The trained model cannot be used"


@dataclass
class Thresholds:
    """Decision thresholds, chosen on the development split when the model is trained."""

    safeguarding: float = 0.5
    first: dict[str, float] | None = None  # by predicted kind: propose the best outcome at or above this
    more: float = 0.5  # a second or third outcome at or above this...
    relative: float = 0.5  # ...and at least this share of the best one's score

    def first_for(self, kind: str) -> float:
        return (self.first or {}).get(kind, 0.5)

    @classmethod
    def from_dict(cls, data: dict) -> "Thresholds":
        return cls(float(data["safeguarding"]), {k: float(v) for k, v in data["first"].items()},
                   float(data["more"]), float(data["relative"]))

    def to_dict(self) -> dict:
        return {"safeguarding": self.safeguarding, "first": dict(self.first or {}), "more": self.more, "relative": self.relative}


def decide_kind(kind_scores, wish_stated: bool, change_noticed: bool = False) -> str:
    """The model's kind, except where labelling.md is plain: a wish stated anywhere, or a change the
    person notices ("I'm not lonely any more"), makes the answer an outcome rather than a strength or difficulty."""
    kind = KINDS[max(range(len(KINDS)), key=lambda k: kind_scores[k])]
    if (wish_stated or change_noticed) and kind in {"strength", "difficulty"}:
        return "outcome"
    return kind


def choose_outcomes(scores, kind: str, thresholds: Thresholds, limit: int = 3) -> list[int]:
    """Which outcome classes to propose, best first: the best one if it clears the bar for the
    answer's kind, then others that are strong in themselves and beside the best."""
    order = sorted(range(len(scores)), key=lambda j: -scores[j])
    if not order or scores[order[0]] < thresholds.first_for(kind):
        return []
    chosen = [order[0]]
    for j in order[1:limit]:
        if scores[j] >= thresholds.more and scores[j] >= thresholds.relative * scores[order[0]]:
            chosen.append(j)
    return chosen


@dataclass
class EngineModels:
    space: FeatureSpace
    kind: LinearModel
    safeguarding: LinearModel
    outcomes: dict[str, LinearModel]  # by framework name
    thresholds: Thresholds
    meta: dict
    origin: str  # "shipped" or "local"
    folder: Path
    meaning: object = None  # the sentence encoder, when the model reads answers' meaning

    def covers(self, framework: str) -> bool:
        return framework in self.outcomes


def read_models(folder: Path, origin: str) -> EngineModels:
    """Load one model folder, or say clearly why it cannot be used."""
    try:
        space, models, meta = load_models(folder)
        outcome_models = {name.split(":", 1)[1]: m for name, m in models.items() if name.startswith("outcomes:")}
        kind = models["kind"]
        if tuple(kind.classes) != KINDS:
            raise ValueError("the kind model's classes are not the five kinds")
        meaning = None
        if space.reads_meaning:
            from assistant.nlp.sentence_vectors import sentence_encoder

            meaning = sentence_encoder()
        return EngineModels(space, kind, models["safeguarding"], outcome_models,
                            Thresholds.from_dict(meta["thresholds"]), meta, origin, folder, meaning)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if origin == "local":
            raise ModelError(f"Your retrained model in {folder} cannot be read ({exc}).",
                             hint="Run `outcomes model reset` to go back to the model that came with the assistant.") from exc
        raise ModelError(f"The assistant's trained model in {folder} is missing or damaged ({exc}).",
                         hint="Reinstall the assistant, or rebuild the model with `make model`.") from exc


def load_engine_models() -> EngineModels:
    """The practitioner's retrained model if there is one, otherwise the shipped model."""
    local = user_model_dir() / "current"
    if (local / "model.json").exists():
        return read_models(local, "local")
    return read_models(SHIPPED_DIR, "shipped")

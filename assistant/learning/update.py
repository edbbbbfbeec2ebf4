"""Learning from the practitioners who use it: `outcomes model update | report | reset`.

Every decision on the outcomes board is a labelled example in the local
database. An update retrains the models with those examples added (on this
machine; nothing leaves it), scores the current and the candidate model on the
frozen test split, and keeps the candidate only if it lowers neither
safeguarding recall nor top-1 accuracy there.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError
from assistant.frameworks import load_framework
from assistant.learning.corpus import Example, load_split
from assistant.locations import user_model_dir
from assistant.nlp.engine import Analyser
from assistant.nlp.models import EngineModels, load_engine_models, read_models

# A practitioner's decision counts for more than one corpus answer: it is about their own people.
DECISION_WEIGHT = 3.0
GUARDED = ("safeguarding_recall", "top1_accuracy")


class UpdateRefused(AssistantError):
    title = "The retrained model was not used"


@dataclass
class UpdateResult:
    examples: int
    current: dict
    candidate: dict
    accepted: bool
    reason: str


def examples_from_decisions(decisions: list[dict]) -> list[Example]:
    """Board decisions as outcome-only examples (nothing is known of kind or safeguarding)."""
    found = []
    for d in decisions:
        try:
            ids = set(load_framework(d["framework"]).ids)
        except AssistantError:
            continue  # a framework that is no longer installed
        outcomes = tuple(i for i in d["outcome_ids"] if i in ids)
        declined = tuple(i for i in d["declined_ids"] if i in ids and i not in outcomes)
        if outcomes or declined:
            found.append(Example(d["framework"], d["text"], "outcome", outcomes, False, batch="decisions",
                                 split="local", weight=DECISION_WEIGHT, declined=declined, outcomes_only=True))
    return found


def frozen_test_figures(models: EngineModels, pipeline) -> dict:
    """The engine with these models, end to end, on the frozen test split."""
    from assistant.evaluation import predict_answers, score_answers

    examples = load_split("test")
    analysers = {name: Analyser(load_framework(name), pipeline, models) for name in sorted({e.framework for e in examples})}
    return score_answers(examples, predict_answers(examples, analysers))


def candidate_dir() -> Path:
    return user_model_dir() / "candidate"


def current_dir() -> Path:
    return user_model_dir() / "current"


def update_model(decisions: list[dict], pipeline, log=print, corpus: list[Example] | None = None,
                 score=frozen_test_figures) -> UpdateResult:
    """Retrain with the decisions added; keep the candidate only if the guarded figures hold.

    `corpus` (default: the train and dev writers) and `score` are for tests."""
    from assistant.learning.train import params_from, train

    feedback = examples_from_decisions(decisions)
    if not feedback:
        raise AssistantError("There are no decisions on the outcomes board in this database yet.",
                             hint="Agree, re-categorise, decline or add outcomes on the board (F7), then update.")
    current = load_engine_models()
    examples = [*(corpus if corpus is not None else [*load_split("train"), *load_split("dev")]), *feedback]
    log(f"retraining with {len(feedback)} decisions from this database added to {len(examples) - len(feedback)} corpus answers")
    folder = candidate_dir()
    if folder.exists():
        shutil.rmtree(folder)
    train(examples, pipeline, params_from(current.meta), folder, log=log, private=True, thresholds=current.thresholds,
          blend=current.blend, extra_meta={"decisions": len(feedback)})
    candidate = read_models(folder, "local")
    log("scoring the current and the candidate model on the frozen test split")
    before = score(current, pipeline)
    after = score(candidate, pipeline)
    worse = [key for key in GUARDED if after[key] < before[key]]
    if worse:
        reason = "it would lower " + " and ".join(k.replace("_", " ") for k in worse) + " on the frozen test split"
        return UpdateResult(len(feedback), before, after, False, reason)
    target = current_dir()
    if target.exists():
        shutil.rmtree(target)
    folder.rename(target)
    return UpdateResult(len(feedback), before, after, True, "it is at least as good on safeguarding recall and top-1")


def report_models(pipeline) -> list[tuple[str, EngineModels, dict]]:
    """The current model, and the candidate of the last update (or the shipped model) beside it."""
    from assistant.nlp.models import SHIPPED_DIR

    current = load_engine_models()
    rows = [("current", current, frozen_test_figures(current, pipeline))]
    if (candidate_dir() / "model.json").exists():
        other = read_models(candidate_dir(), "local")
        rows.append(("candidate (refused)", other, frozen_test_figures(other, pipeline)))
    elif current.origin == "local":
        shipped = read_models(SHIPPED_DIR, "shipped")
        rows.append(("shipped", shipped, frozen_test_figures(shipped, pipeline)))
    return rows


def reset_models() -> bool:
    """Back to the shipped model: forget the retrained and candidate models."""
    removed = False
    for folder in (current_dir(), candidate_dir()):
        if folder.exists():
            shutil.rmtree(folder)
            removed = True
    return removed

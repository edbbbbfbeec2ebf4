"""The architecture comparison behind the shipped model (`python -m assistant.learning.train --compare`).

Every variant is scored on the same held-out-writer predictions (train and dev
batches split by writer into folds), with its thresholds chosen on those same
predictions; the rules alone are scored on the same answers. The frozen test
split is not used.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.frameworks import load_framework
from assistant.learning.corpus import Example
from assistant.learning.train import Params, choose_thresholds, decide, figures, out_of_fold, prepare
from assistant.nlp.engine import Analyser

NO_READINGS = {"kind_readings": (), "sg_readings": (), "outcome_readings": ()}
FROZEN_VECTOR = {"kind_readings": Params().kind_readings + (("e", 0.5),), "sg_readings": (("e", 1.0),),
                 "outcome_readings": (("e", 0.5),)}
VARIANTS = {
    "words: unigrams + bigrams": Params(families=("w", "b"), phrase_weight=0.0, **NO_READINGS),
    "+ character n-grams": Params(families=("w", "b", "c"), phrase_weight=0.0, **NO_READINGS),
    "+ lemmas, refused/negated/wished words": Params(phrase_weight=0.0, **NO_READINGS),
    "+ the rules' reading for kind (cues, shapes, matcher)": Params(phrase_weight=0.0),
    "+ taxonomy phrases as examples (shipped; the tuned sentence model is blended in on top)": Params(),
    "+ the frozen sentence vector (shipped before the tuned model)": Params(**FROZEN_VECTOR),
}


def rules_alone(examples: list[Example], pipeline) -> list[dict]:
    analysers = {name: Analyser(load_framework(name), pipeline) for name in {e.framework for e in examples}}
    predictions: list[dict] = [{} for _ in examples]
    for name, analyser in analysers.items():
        idx = [i for i, e in enumerate(examples) if e.framework == name]
        for i, result in zip(idx, analyser.analyse_many([examples[i].text for i in idx])):
            predictions[i] = result.to_dict()
    return predictions


def _row(name: str, f: dict) -> str:
    return (f"| {name} | {f['top1_accuracy']:.3f} | {f['outcome_f1']:.3f} | {f['kind_accuracy']:.3f} | "
            f"{f['safeguarding_recall']:.3f} / {f['safeguarding_precision']:.3f} |")


def compare(examples: list[Example], pipeline, variants: dict[str, Params] | None = None, log=print) -> list[str]:
    prep = prepare(examples, pipeline, log)
    rows = prep.corpus_rows
    lines = ["| system | top-1 | outcome F1 | kind | safeguarding recall / precision |", "| --- | --- | --- | --- | --- |"]
    lines.append(_row("rules alone", figures(prep.examples, rows, rules_alone(examples, pipeline))))
    log(lines[-1])
    for name, params in (variants or VARIANTS).items():
        raw = out_of_fold(prep, rows, params, log=None)
        thresholds = choose_thresholds(raw, prep.examples, rows, params)
        lines.append(_row(name, figures(prep.examples, rows, decide(raw, prep.examples, rows, thresholds))))
        log(lines[-1])
    return lines


def sweep(examples: list[Example], pipeline, base: Params, field: str, values, log=print) -> None:
    """One hyper-parameter at a time, on the same folds."""
    prep = prepare(examples, pipeline, log=None)
    rows = prep.corpus_rows
    for value in values:
        params = replace(base, **{field: value})
        raw = out_of_fold(prep, rows, params, log=None)
        thresholds = choose_thresholds(raw, prep.examples, rows, params)
        log(_row(f"{field}={value}", figures(prep.examples, rows, decide(raw, prep.examples, rows, thresholds))))


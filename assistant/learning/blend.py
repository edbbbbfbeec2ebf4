"""How much of each score the tuned sentence model gets, chosen on held-out writers.

`tools/tune_sentence_model.py` leaves out-of-fold scores for every training
answer (each from a network that never saw that writer). Blended with the
linear models' own out-of-fold scores, they show honestly what a share of the
tuned model adds: the share that does best on those writers is kept (kind
accuracy; safeguarding precision at the recall target; top-1 plus outcome
F1), and the thresholds are then chosen on the blended scores.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from assistant.learning.corpus import Example, corpus_dir, example_key

SHARES = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
OUT_OF_FOLD_FILE = "tuned_out_of_fold.npz"


def load_out_of_fold(examples: list[Example], rows: np.ndarray, framework_ids) -> dict | None:
    """The tuned model's held-out scores for `rows` (None when there are none to use).
    Rows it has no score for (an answer added since it was tuned) keep the linear scores."""
    path = corpus_dir() / OUT_OF_FOLD_FILE
    if not path.exists():
        return None
    with np.load(path) as stored:  # each read of a stored array unpacks it again: read each once
        data = {name: stored[name] for name in stored.files}
    frameworks = json.loads(str(data["frameworks"]))  # which outcome each column is
    where = {str(k): n for n, k in enumerate(data["key"])}
    offsets, start = {}, 0
    for name, ids in frameworks.items():
        offsets[name] = {oid: start + k for k, oid in enumerate(ids)}
        start += len(ids)
    found = np.zeros(len(rows), dtype=bool)
    kind = np.zeros((len(rows), 5))
    flag = np.zeros(len(rows))
    outcomes: list[np.ndarray | None] = []
    for n, i in enumerate(rows):
        e = examples[i]
        k = where.get(example_key(e.framework, e.text))
        if k is None or e.framework not in offsets:
            outcomes.append(None)
            continue
        found[n] = True
        kind[n] = data["kind"][k]
        flag[n] = data["safeguarding"][k]
        columns = offsets[e.framework]
        row = data["outcomes"][k]
        outcomes.append(np.asarray([row[columns[oid]] if oid in columns else np.nan
                                    for oid in framework_ids(e.framework)]))
    if not found.any():
        return None
    return {"found": found, "kind": kind, "safeguarding": flag, "outcomes": outcomes}


def blend_raw(raw, tuned: dict, shares: dict[str, float]):
    """The linear out-of-fold scores with the tuned model's shares mixed in (as the engine does)."""
    found = tuned["found"]

    def mix(name, mine, theirs):
        w = shares.get(name, 0.0) * found.reshape((-1,) + (1,) * (np.ndim(mine) - 1))
        return (1 - w) * mine + w * theirs

    outcomes = []
    w = shares.get("outcomes", 0.0)
    for mine, theirs in zip(raw.outcomes, tuned["outcomes"]):
        if theirs is None or not w or len(mine) == 0:
            outcomes.append(mine)
        else:
            outcomes.append(np.where(np.isnan(theirs), mine, (1 - w) * mine + w * np.nan_to_num(theirs)))
    return replace(raw, kind=mix("kind", raw.kind, tuned["kind"]),
                   safeguarding=mix("safeguarding", raw.safeguarding, tuned["safeguarding"]), outcomes=outcomes)


def choose_blend(raw, tuned: dict, examples: list[Example], rows: np.ndarray, params, log=print) -> dict[str, float]:
    from assistant.learning.train import choose_thresholds, decide, figures

    def score(shares: dict[str, float]) -> dict:
        blended = blend_raw(raw, tuned, shares)
        thresholds = choose_thresholds(blended, examples, rows, params)
        return figures(examples, rows, decide(blended, examples, rows, thresholds))

    shares = {"kind": 0.0, "safeguarding": 0.0, "outcomes": 0.0}
    measures = {"kind": lambda f: f["kind_accuracy"],
                "safeguarding": lambda f: f["safeguarding_precision"] if f["safeguarding_recall"] >= params.sg_recall - 0.005 else 0.0,
                "outcomes": lambda f: f["top1_accuracy"] + f["outcome_f1"]}
    for name in ("kind", "safeguarding", "outcomes"):
        results = {w: score({**shares, name: w}) for w in SHARES}
        best = max(SHARES, key=lambda w: (round(measures[name](results[w]), 4), -w))
        shares[name] = best
        if log:
            log(f"  tuned share of {name}: " + ", ".join(f"{w}: {measures[name](results[w]):.3f}" for w in SHARES) + f" -> {best}")
    return shares

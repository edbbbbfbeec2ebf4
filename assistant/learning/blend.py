"""How much of each score the tuned sentence model gets, chosen on held-out writers.

`tools/tune_sentence_model.py` leaves out-of-fold scores for every training
answer (each from a network that never saw that writer). Blended with the
linear models' own out-of-fold scores, they show honestly what a share of the
tuned model adds: the share that does best on those writers is kept (kind
accuracy; safeguarding precision at the recall target; top-1 plus outcome
F1), and the thresholds are then chosen on the blended scores. A yes/no score
may also be mixed as log-odds rather than probabilities, so that a model that is
sure of itself outweighs one that is not; that is kept only where it does better.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from assistant.learning.corpus import Example, corpus_dir, example_key
from assistant.nlp.models import Blend

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


def blend_raw(raw, tuned: dict, blend: Blend):
    """The linear out-of-fold scores with the tuned model's shares mixed in (as the engine does)."""
    found = tuned["found"]

    def mix(name, mine, theirs):
        if not blend.share(name):
            return mine
        where = found.reshape((-1,) + (1,) * (np.ndim(mine) - 1))
        return np.where(where, blend.mix(name, mine, theirs), mine)

    outcomes = []
    for mine, theirs in zip(raw.outcomes, tuned["outcomes"]):
        if theirs is None or not blend.share("outcomes") or len(mine) == 0:
            outcomes.append(mine)
        else:
            outcomes.append(np.where(np.isnan(theirs), mine, blend.mix("outcomes", mine, np.nan_to_num(theirs))))
    return replace(raw, kind=mix("kind", raw.kind, tuned["kind"]),
                   safeguarding=mix("safeguarding", raw.safeguarding, tuned["safeguarding"]), outcomes=outcomes)


def choose_blend(raw, tuned: dict, examples: list[Example], rows: np.ndarray, params, log=print) -> Blend:
    """Each score's share, one score at a time; a yes/no score (safeguarding, an outcome) also tries
    mixing as log-odds. Ties go to the smaller share, then to plain probabilities."""
    from assistant.learning.train import choose_thresholds, decide, figures

    def score(blend: Blend) -> dict:
        blended = blend_raw(raw, tuned, blend)
        thresholds = choose_thresholds(blended, examples, rows, params)
        return figures(examples, rows, decide(blended, examples, rows, thresholds))

    blend = Blend({"kind": 0.0, "safeguarding": 0.0, "outcomes": 0.0})
    measures = {"kind": lambda f: f["kind_accuracy"],
                "safeguarding": lambda f: f["safeguarding_precision"] if f["safeguarding_recall"] >= params.sg_recall - 0.005 else 0.0,
                "outcomes": lambda f: f["top1_accuracy"] + f["outcome_f1"]}
    for name in ("kind", "safeguarding", "outcomes"):
        ways = (False,) if name == "kind" else (False, True)
        options = [(w, log_odds) for log_odds in ways for w in SHARES if w or not log_odds]
        results = {}
        for w, log_odds in options:
            odds = blend.log_odds | {name} if log_odds else blend.log_odds - {name}
            results[(w, log_odds)] = (Blend({**blend.shares, name: w}, odds), measures[name](score(Blend({**blend.shares, name: w}, odds))))
        best = max(options, key=lambda o: (round(results[o][1], 4), -o[0], not o[1]))
        blend = results[best][0]
        if log:
            log(f"  tuned share of {name}: " + ", ".join(f"{w}{' log-odds' if lo else ''}: {results[(w, lo)][1]:.3f}"
                                                        for w, lo in options) + f" -> {best[0]}{' as log-odds' if best[1] else ''}")
    return Blend({k: v for k, v in blend.shares.items() if v > 0}, blend.log_odds & {k for k, v in blend.shares.items() if v > 0})

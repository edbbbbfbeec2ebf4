"""Train the engine's models from the corpus (and a practitioner's own decisions).

    python -m assistant.learning.train            # what `make model` runs
    python -m assistant.learning.train --compare  # the architecture comparison

Three models share one feature space (assistant/nlp/features.py): the kind of
statement (softmax over five kinds), safeguarding (binary, recall first) and,
per framework, the outcomes (one-vs-rest). Decision thresholds are chosen on
predictions for writers the model has not seen: the train and dev batches are
split by writer into folds, each fold predicted by a model trained on the
others. The frozen test split is never read here.

scikit-learn is imported only in this module; the engine reads the weights
with NumPy.
"""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
from scipy import sparse

from assistant.frameworks import load_framework
from assistant.learning.corpus import Example, load_split, split_digest, writer_folds
from assistant.nlp.features import answer_features
from assistant.nlp.linear import FeatureSpace, LinearModel, save_models
from assistant.nlp.models import (CONCERN_SURE, CONCERN_WORDS, KINDS, SHIPPED_DIR, Blend, Thresholds, choose_outcomes,
                                  decide_kind, kind_and_outcomes, labelled_kind, sigmoid as _sigmoid)
from assistant.nlp.rules import RuleReader
from assistant.nlp.text import for_analysis

FRAMEWORKS = ("personal", "carer", "relational")
WORD_FAMILIES = ("w", "b", "l", "c", "x", "n", "s")
SEED = 7


@dataclass(frozen=True)
class Params:
    """Everything that shapes a model; the comparison varies these."""

    families: tuple[str, ...] = WORD_FAMILIES
    # How much each model weighs the rules' reading, by family: r = cues, shapes, the rules'
    # kind and concern; m = matcher scores; f = the outcomes the rules would propose;
    # e = the frozen sentence model's vector, which the shipped design leaves out: the tuned
    # sentence model's scores are blended in instead (corpus/README.md, "The tuned sentence model").
    kind_readings: tuple[tuple[str, float], ...] = (("r", 0.5), ("m", 0.5), ("f", 0.5))
    sg_readings: tuple[tuple[str, float], ...] = ()
    outcome_readings: tuple[tuple[str, float], ...] = ()
    min_df: int = 2
    c_kind: float = 4.0
    c_safeguarding: float = 16.0
    c_outcome: float = 8.0
    c_concern: float = 8.0
    phrase_weight: float = 1.0
    sg_recall: float = 0.97
    folds: int = 4

    def describe(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


def framework_ids(name: str) -> tuple[str, ...]:
    if name not in _IDS:
        _IDS[name] = load_framework(name).ids
    return _IDS[name]


_IDS: dict[str, tuple[str, ...]] = {}


# ----- features --------------------------------------------------------------------------
# What the rules said about a possible concern: nothing, only the parse, or a fixed pattern.
RULE_NONE, RULE_PARSE, RULE_CUE = 0, 1, 2
PARSE_FLOORS = (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12)


@dataclass
class FeatureTable:
    """Every example's features as one sparse matrix over all feature names seen."""

    names: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    rows: list[dict[int, float]] = field(default_factory=list)
    rule_flags: list[int] = field(default_factory=list)  # RULE_NONE, RULE_PARSE or RULE_CUE
    # The same without the cues written from the models' misses: what the threshold is chosen on.
    threshold_rule_flags: list[int] = field(default_factory=list)

    def column(self, name: str) -> int:
        j = self.index.get(name)
        if j is None:
            j = self.index[name] = len(self.names)
            self.names.append(name)
        return j

    def matrix(self) -> sparse.csr_matrix:
        indptr, indices, data = [0], [], []
        for row in self.rows:
            indices.extend(row.keys())
            data.extend(row.values())
            indptr.append(len(indices))
        return sparse.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                                  np.asarray(indptr, dtype=np.int64)), shape=(len(self.rows), len(self.names)))


def featurise(examples: list[Example], pipeline, log=print) -> FeatureTable:
    """Parse and read every example with its framework's rules, then extract features."""
    from assistant.nlp.sentence_vectors import sentence_encoder

    readers = {name: RuleReader(load_framework(name), pipeline) for name in {e.framework for e in examples}}
    encoder = sentence_encoder()
    table = FeatureTable()
    texts = [for_analysis(e.text) for e in examples]
    for n, (example, doc) in enumerate(zip(examples, pipeline.nlp.pipe(texts, batch_size=128))):
        reading = readers[example.framework].read(doc)
        features = answer_features(reading, encoder.encode(doc.text))
        row: dict[int, float] = {}
        for name, count in features.words.items():
            row[table.column(name)] = count
        for name, value in features.readings.items():
            row[table.column(name)] = value
        for k, value in enumerate(features.meaning.tolist()):
            row[table.column(f"e:{k}")] = value
        table.rows.append(row)
        table.rule_flags.append(RULE_CUE if len(reading.parsed_only) < len(reading.flagged_sentences)
                                else RULE_PARSE if reading.flagged else RULE_NONE)
        base = reading.without_misses
        table.threshold_rule_flags.append(RULE_CUE if "cue" in base else RULE_PARSE if "parse" in base else RULE_NONE)
        if log and (n + 1) % 2000 == 0:
            log(f"  featurised {n + 1}/{len(examples)}")
    return table


@dataclass
class Columns:
    """The columns the models use: word columns with their IDF, and reading columns."""

    words: np.ndarray
    readings: np.ndarray
    reading_names: list[str]
    idf: np.ndarray

    def reading_scale(self, weights: tuple[tuple[str, float], ...]) -> np.ndarray:
        """Per reading column, the weight one model gives its family (0: unused)."""
        by_prefix = dict(weights)
        return np.asarray([by_prefix.get(name.split(":", 1)[0], 0.0) for name in self.reading_names])


READING_PREFIXES = ("r", "m", "f", "e")


def choose_columns(table: FeatureTable, counts: sparse.csr_matrix, rows: np.ndarray, params: Params) -> Columns:
    sub = counts[rows]
    present = (sub != 0).astype(np.int64)
    df = np.asarray(present.sum(axis=0)).ravel()
    families = set(params.families)
    used = {prefix for weights in (params.kind_readings, params.sg_readings, params.outcome_readings)
            for prefix, w in weights if w > 0}
    word_cols, reading_cols = [], []
    for j, name in enumerate(table.names):
        prefix = name.split(":", 1)[0]
        if prefix in READING_PREFIXES:
            if prefix in used and df[j] > 0:
                reading_cols.append(j)
        elif prefix in families and df[j] >= params.min_df:
            word_cols.append(j)
    words = np.asarray(word_cols, dtype=np.int64)
    n = len(rows)
    idf = np.log((1 + n) / (1 + df[words])) + 1.0
    return Columns(words, np.asarray(reading_cols, dtype=np.int64), [table.names[j] for j in reading_cols], idf)


@dataclass
class Design:
    """Some rows as model input: weighted word columns, and raw reading columns."""

    words: sparse.csr_matrix
    readings: sparse.csr_matrix

    def rows(self, keep) -> "Design":
        return Design(self.words[keep], self.readings[keep])

    def stack(self, other: "Design") -> "Design":
        return Design(sparse.vstack([self.words, other.words], format="csr"),
                      sparse.vstack([self.readings, other.readings], format="csr"))

    def matrix(self, scale: np.ndarray) -> sparse.csr_matrix:
        return sparse.hstack([self.words, self.readings @ sparse.diags(scale)], format="csr")


def transform(counts: sparse.csr_matrix, rows: np.ndarray, cols: Columns) -> Design:
    """The same weighting as FeatureSpace.vectorise: (1 + log tf) * idf, L2 over words; readings as they are."""
    words = counts[rows][:, cols.words].tocsr().astype(np.float64)
    words.data = 1.0 + np.log(words.data)
    words = words.multiply(cols.idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(words.multiply(words).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    words = (sparse.diags(1.0 / norms) @ words).tocsr()
    return Design(words, counts[rows][:, cols.readings].tocsr())


def _unscaled(coef: np.ndarray, n_words: int, scale: np.ndarray) -> np.ndarray:
    """Fold a model's reading weights into its coefficients, so the engine reads raw values."""
    coef = np.array(coef, dtype=np.float64, copy=True)
    coef[:, n_words:] *= scale
    return coef


# ----- fitting ---------------------------------------------------------------------------
@dataclass
class Fitted:
    cols: Columns
    kind: LinearModel
    safeguarding: LinearModel
    outcomes: dict[str, LinearModel]


def _logistic(c: float, balanced: bool = False):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, solver="liblinear", class_weight="balanced" if balanced else None,
                              max_iter=2000, random_state=SEED)


def fit(examples: list[Example], table: FeatureTable, counts: sparse.csr_matrix, rows: np.ndarray, params: Params,
        phrase_rows: dict[str, tuple[np.ndarray, list[str]]] | None = None) -> Fitted:
    """Fit the three kinds of model on the given rows (phrase rows add to the outcome models only)."""
    from sklearn.linear_model import LogisticRegression

    cols = choose_columns(table, counts, rows, params)
    n_words = len(cols.words)
    full = np.asarray([i for i in rows if not examples[i].outcomes_only], dtype=np.int64)
    design = transform(counts, full, cols)
    kinds = np.asarray([KINDS.index(examples[i].kind) for i in full])
    weights = np.asarray([examples[i].weight for i in full])
    kind_scale = cols.reading_scale(params.kind_readings)
    kind_model = LogisticRegression(C=params.c_kind, max_iter=3000, random_state=SEED)
    kind_model.fit(design.matrix(kind_scale), kinds, sample_weight=weights)
    coef = np.zeros((len(KINDS), n_words + len(cols.readings)))
    intercept = np.zeros(len(KINDS))
    for position, cls in enumerate(kind_model.classes_):
        coef[cls] = kind_model.coef_[position]
        intercept[cls] = kind_model.intercept_[position]
    kind = LinearModel(KINDS, "softmax", _unscaled(coef, n_words, kind_scale), intercept)

    flagged = np.asarray([examples[i].safeguarding for i in full], dtype=int)
    sg_scale = cols.reading_scale(params.sg_readings)
    sg_model = _logistic(params.c_safeguarding, balanced=True).fit(design.matrix(sg_scale), flagged, sample_weight=weights)
    safeguarding = LinearModel(("safeguarding",), "sigmoid", _unscaled(sg_model.coef_, n_words, sg_scale),
                               sg_model.intercept_.copy())

    outcomes = {}
    outcome_scale = cols.reading_scale(params.outcome_readings)
    for name in sorted({examples[i].framework for i in rows}):
        framework = load_framework(name)
        own = np.asarray([i for i in rows if examples[i].framework == name], dtype=np.int64)
        x_own = transform(counts, own, cols).matrix(outcome_scale)
        own_weights = [examples[i].weight for i in own]
        extra_rows, extra_ids = (phrase_rows or {}).get(name, (np.zeros(0, dtype=np.int64), []))
        x_extra = transform(counts, extra_rows, cols).matrix(outcome_scale) if len(extra_rows) else None
        coef = np.zeros((len(framework.ids), x_own.shape[1]))
        intercept = np.full(len(framework.ids), -8.0)
        for k, outcome_id in enumerate(framework.ids):
            keep = [n for n, i in enumerate(own) if examples[i].knows(outcome_id)]
            y = [int(outcome_id in examples[own[n]].outcomes) for n in keep]
            w = [own_weights[n] for n in keep]
            x = x_own[keep]
            if x_extra is not None:
                x = sparse.vstack([x, x_extra], format="csr")
                y = y + [int(o == outcome_id) for o in extra_ids]
                w = w + [params.phrase_weight] * len(extra_ids)
            if sum(y) == 0 or sum(y) == len(y):
                continue  # nothing to learn from: the class is never proposed
            model = _logistic(params.c_outcome).fit(x, np.asarray(y), sample_weight=np.asarray(w))
            coef[k] = model.coef_[0]
            intercept[k] = model.intercept_[0]
        outcomes[name] = LinearModel(tuple(framework.ids), "sigmoid", _unscaled(coef, n_words, outcome_scale), intercept)
    return Fitted(cols, kind, safeguarding, outcomes)


# What a disclosure may be about (the corpus's `sg_category`), for the alert to say as a guess.
CONCERNS = tuple(CONCERN_WORDS)


def fit_concern(examples: list[Example], counts: sparse.csr_matrix, rows: np.ndarray, cols: Columns,
                params: Params) -> LinearModel | None:
    """Softmax over the categories, fitted on the disclosures among the rows, in the shared feature space."""
    from sklearn.linear_model import LogisticRegression

    flagged = np.asarray([i for i in rows if examples[i].safeguarding and examples[i].sg_category in CONCERNS],
                         dtype=np.int64)
    labels = np.asarray([CONCERNS.index(examples[i].sg_category) for i in flagged])
    if len(set(labels.tolist())) < 2:
        return None
    scale = cols.reading_scale(params.sg_readings)
    model = LogisticRegression(C=params.c_concern, max_iter=3000, random_state=SEED)
    model.fit(transform(counts, flagged, cols).matrix(scale), labels)
    coef = np.zeros((len(CONCERNS), len(cols.words) + len(cols.readings)))
    intercept = np.full(len(CONCERNS), -30.0)  # a category no disclosure had is never the guess
    if len(model.classes_) == 2:
        # scikit-learn fits two classes as one binary row: softmax over (0, z) is that row's sigmoid.
        intercept[model.classes_[0]] = 0.0
        coef[model.classes_[1]] = model.coef_[0]
        intercept[model.classes_[1]] = model.intercept_[0]
    else:
        for position, cls in enumerate(model.classes_):
            coef[cls] = model.coef_[position]
            intercept[cls] = model.intercept_[position]
    return LinearModel(CONCERNS, "softmax", _unscaled(coef, len(cols.words), scale), intercept)


def concern_held_out(prep: "Prepared", rows: np.ndarray, params: Params) -> dict:
    """How often the guessed category is the writer's, for disclosures of writers the model has not seen."""
    examples = prep.examples
    right = top_two = total = 0
    sure = sure_right = 0
    for held in writer_folds(examples, rows, params.folds):
        train_rows = np.setdiff1d(rows, np.asarray(held, dtype=np.int64))
        cols = choose_columns(prep.table, prep.counts, train_rows, params)
        model = fit_concern(examples, prep.counts, train_rows, cols, params)
        test = np.asarray([i for i in held if examples[i].safeguarding and examples[i].sg_category in CONCERNS],
                          dtype=np.int64)
        if model is None or not len(test):
            continue
        design = transform(prep.counts, test, cols)
        x = sparse.hstack([design.words, design.readings], format="csr")
        scores = _softmax(x @ model.coef.T + model.intercept)
        for n, i in enumerate(test):
            order = np.argsort(-scores[n])
            gold = CONCERNS.index(examples[i].sg_category)
            total += 1
            right += int(order[0] == gold)
            top_two += int(gold in order[:2])
            if scores[n, order[0]] >= CONCERN_SURE:
                sure += 1
                sure_right += int(order[0] == gold)
    if not total:
        return {}
    return {"disclosures": total, "accuracy": right / total, "top_two": top_two / total,
            f"share_at_least_{CONCERN_SURE}": sure / total, f"accuracy_at_least_{CONCERN_SURE}": sure_right / max(sure, 1)}


@dataclass
class RawScores:
    """A model's scores for some examples, before thresholds."""

    kind: np.ndarray  # (n, 5)
    safeguarding: np.ndarray  # (n,)
    outcomes: list[np.ndarray]  # per example, over its framework's ids
    rule_flags: np.ndarray  # (n,) RULE_NONE, RULE_PARSE or RULE_CUE
    flags: dict[str, np.ndarray] = field(default_factory=dict)  # reading features the decisions use


DECISION_READINGS = ("r:wish_first", "g:few_words", "g:change_noticed", "g:bare_service")


def table_flag(raw: RawScores, name: str) -> np.ndarray:
    return raw.flags.get(name, np.zeros(len(raw.safeguarding), dtype=bool))


def _decision_flags(table: FeatureTable, rows: np.ndarray) -> dict[str, np.ndarray]:
    found = {}
    for name in DECISION_READINGS:
        column = table.index.get(name)
        found[name] = np.asarray([column is not None and column in table.rows[i] for i in rows], dtype=bool)
    base = getattr(table, "threshold_rule_flags", None)  # (absent from a table made before it was kept)
    if base:
        found[THRESHOLD_RULES] = np.asarray([base[i] for i in rows], dtype=np.int8)
    return found


THRESHOLD_RULES = "threshold_rules"


def score_rows(fitted: Fitted, examples: list[Example], table: FeatureTable, counts, rows: np.ndarray) -> RawScores:
    design = transform(counts, rows, fitted.cols)
    x = sparse.hstack([design.words, design.readings], format="csr")
    kind = _softmax(x @ fitted.kind.coef.T + fitted.kind.intercept)
    sg = _sigmoid(x @ fitted.safeguarding.coef[0] + fitted.safeguarding.intercept[0])
    outcome_scores = []
    for n, i in enumerate(rows):
        model = fitted.outcomes.get(examples[i].framework)
        if model is None:
            outcome_scores.append(np.zeros(0))
            continue
        outcome_scores.append(_sigmoid(x[n] @ model.coef.T + model.intercept).ravel())
    return RawScores(kind, np.asarray(sg).ravel(), outcome_scores, np.asarray([table.rule_flags[i] for i in rows]),
                     _decision_flags(table, rows))


def _softmax(z) -> np.ndarray:
    z = np.asarray(z)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# ----- decisions and figures -----------------------------------------------------------------
def decide(raw: RawScores, examples: list[Example], rows: np.ndarray, thresholds: Thresholds) -> list[dict]:
    """Predictions as the engine makes them (same decision functions)."""
    predictions = []
    wish = table_flag(raw, "r:wish_first")
    change = table_flag(raw, "g:change_noticed")
    few = table_flag(raw, "g:few_words")
    bare = table_flag(raw, "g:bare_service")
    ruled = rules_flag(raw, thresholds.parse_floor)
    for n, i in enumerate(rows):
        said = (bool(wish[n]), bool(change[n]), bool(bare[n]))
        kind = decide_kind(raw.kind[n], *said)
        scores = raw.outcomes[n]
        ids = framework_ids(examples[i].framework)
        if len(scores):
            kind, chosen = kind_and_outcomes(raw.kind[n], kind, list(scores), thresholds,
                                             relabel=lambda k, said=said: labelled_kind(k, *said))
        else:
            chosen = []
        flagged = bool(ruled[n]) or (raw.safeguarding[n] >= thresholds.safeguarding and not few[n])
        predictions.append({"kind": kind, "outcomes": [{"id": ids[j]} for j in chosen],
                            "flags": ["safeguarding"] if flagged else []})
    return predictions


def rules_flag(raw: RawScores, parse_floor: float, choosing: bool = False) -> np.ndarray:
    """Where the rules raise an alert: a fixed pattern always; the parse alone unless the model's
    score is under the floor. `choosing` a threshold, the rules are read without the cues written from
    the models' misses on these same writers (their catches here are not evidence of what they catch)."""
    codes = np.asarray(raw.flags.get(THRESHOLD_RULES, raw.rule_flags) if choosing else raw.rule_flags, dtype=np.int8)
    return (codes == RULE_CUE) | ((codes == RULE_PARSE) & (raw.safeguarding >= parse_floor))


def choose_safeguarding(raw: RawScores, gold: list[Example], params: Params) -> tuple[float, float]:
    """The model's threshold and the parse's floor. For each floor, the highest threshold that keeps
    recall at the target (rules OR model); a floor is allowed only if every disclosure found with
    no floor is still found (not merely as many: the same ones) and it is no higher than its
    threshold; of those, the floor whose alerts are most often right."""
    truth = np.asarray([e.safeguarding for e in gold], dtype=bool)
    few = table_flag(raw, "g:few_words")
    allowed_misses = int(math.floor((1 - params.sg_recall) * int(truth.sum())))
    best = None
    found_without_floor = None
    for floor in PARSE_FLOORS:  # 0.0 first: no floor, rules OR model
        ruled = rules_flag(raw, floor, choosing=True)
        model_needed = np.sort(raw.safeguarding[truth & ~ruled & ~few])
        sg = float(model_needed[allowed_misses]) if len(model_needed) > allowed_misses else 0.5
        sg = max(0.02, min(0.95, sg - 1e-6))
        flagged = ruled | ((raw.safeguarding >= sg) & ~few)
        found = flagged & truth
        if found_without_floor is None:
            found_without_floor = found
        elif floor > sg or np.any(found_without_floor & ~found):
            continue
        precision = int(found.sum()) / max(1, int(flagged.sum()))
        if best is None or precision > best[0] + 1e-9:
            best = (precision, sg, floor)
    return best[1], best[2]


def choose_thresholds(raw: RawScores, examples: list[Example], rows: np.ndarray, params: Params) -> Thresholds:
    """Safeguarding: see choose_safeguarding.
    Outcomes: a small search for the best balance of top-1 accuracy and micro-F1."""
    from assistant.evaluation import score_answers

    gold = [examples[i] for i in rows]
    sg, parse_floor = choose_safeguarding(raw, gold, params)

    full = [n for n, e in enumerate(gold) if not e.outcomes_only]
    wish = table_flag(raw, "r:wish_first")
    change = table_flag(raw, "g:change_noticed")
    bare = table_flag(raw, "g:bare_service")
    kinds = [decide_kind(raw.kind[n], bool(wish[n]), bool(change[n]), bool(bare[n])) for n in range(len(rows))]

    def objective(t: Thresholds, subset: list[int]) -> float:
        preds = []
        for n in subset:
            ids = framework_ids(gold[n].framework)
            chosen = choose_outcomes(list(raw.outcomes[n]), kinds[n], t) if len(raw.outcomes[n]) else []
            preds.append({"kind": kinds[n], "outcomes": [{"id": ids[j]} for j in chosen], "flags": []})
        figures = score_answers([gold[n] for n in subset], preds)
        return figures["top1_accuracy"] + figures["outcome_f1"]

    grid = (0.05, 0.08, 0.12, 0.16, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8)
    # A service named with no purpose, or small talk, carries no outcome (labelling.md): when the
    # answer reads as one of those, an outcome is proposed only if the model is sure of it.
    sure_only = {"service", "other"}
    t = Thresholds(safeguarding=sg, first={k: 0.6 if k in sure_only else 0.2 for k in KINDS}, more=0.4, relative=0.5,
                   parse_floor=parse_floor)
    for _ in range(2):
        for kind in KINDS:
            subset = [n for n in full if kinds[n] == kind]
            if not subset:
                continue
            options = [v for v in grid if v >= 0.5] if kind in sure_only else grid
            best = max(options, key=lambda v: (objective(replace(t, first={**t.first, kind: v}), subset), v))
            t = replace(t, first={**t.first, kind: best})
        t = replace(t, more=max((0.2, 0.3, 0.4, 0.5, 0.6), key=lambda v: (objective(replace(t, more=v), full), v)))
        t = replace(t, relative=max((0.2, 0.35, 0.5, 0.65), key=lambda v: (objective(replace(t, relative=v), full), v)))
    return t


def figures(examples: list[Example], rows: np.ndarray, predictions: list[dict]) -> dict:
    from assistant.evaluation import score_answers

    return score_answers([examples[i] for i in rows], predictions)


# ----- the whole run ---------------------------------------------------------------------------
def phrase_examples() -> list[Example]:
    """The frameworks' own phrases, as short labelled examples for the outcome models."""
    found = []
    for name in FRAMEWORKS:
        for outcome in load_framework(name).outcomes:
            for phrase in outcome.phrases:
                found.append(Example(name, phrase, "outcome", (outcome.id,), False, batch="taxonomy", split="phrases"))
    return found


@dataclass
class Prepared:
    examples: list[Example]
    table: FeatureTable
    counts: sparse.csr_matrix
    corpus_rows: np.ndarray
    phrase_rows: dict[str, tuple[np.ndarray, list[str]]]


def prepare(examples: list[Example], pipeline, log=print) -> Prepared:
    phrases = phrase_examples()
    everything = [*examples, *phrases]
    table = featurise(everything, pipeline, log)
    counts = table.matrix()
    corpus_rows = np.arange(len(examples), dtype=np.int64)
    phrase_rows: dict[str, tuple[np.ndarray, list[str]]] = {}
    for name in FRAMEWORKS:
        idx = [len(examples) + k for k, p in enumerate(phrases) if p.framework == name]
        phrase_rows[name] = (np.asarray(idx, dtype=np.int64), [phrases[k - len(examples)].outcomes[0] for k in idx])
    return Prepared(everything, table, counts, corpus_rows, phrase_rows)


def out_of_fold(prep: Prepared, rows: np.ndarray, params: Params, log=print) -> RawScores:
    """Each fold scored by a model trained on the other folds' writers."""
    examples = prep.examples
    parts: dict[int, tuple] = {}
    folds = [np.asarray(f, dtype=np.int64) for f in writer_folds(examples, rows, params.folds)]
    for k, held in enumerate(folds):
        train_rows = np.setdiff1d(rows, held)
        fitted = fit(examples, prep.table, prep.counts, train_rows, params,
                     prep.phrase_rows if params.phrase_weight > 0 else None)
        raw = score_rows(fitted, examples, prep.table, prep.counts, held)
        for n, i in enumerate(held):
            parts[int(i)] = (raw.kind[n], raw.safeguarding[n], raw.outcomes[n], raw.rule_flags[n])
        if log:
            log(f"  fold {k + 1}/{len(folds)}: {len(held)} answers from {len({examples[i].batch for i in held})} writers")
    order = [parts[int(i)] for i in rows]
    return RawScores(np.vstack([p[0] for p in order]), np.asarray([p[1] for p in order]),
                     [p[2] for p in order], np.asarray([p[3] for p in order]), _decision_flags(prep.table, rows))


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parents[2], timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def train(examples: list[Example], pipeline, params: Params, out: Path, log=print, extra_meta: dict | None = None,
          private: bool = False, thresholds: Thresholds | None = None, blend: Blend | None = None) -> dict:
    """Fit on every example given and write the model to `out`.

    Without `thresholds`, they are first chosen on held-out-writer predictions (the folds), with
    the tuned sentence model's share of each score (`blend`); a practitioner's update passes the
    shipped model's thresholds and shares instead, which is much quicker."""
    from assistant.learning.blend import blend_raw, choose_blend, load_out_of_fold

    prep = prepare(examples, pipeline, log)
    rows = prep.corpus_rows
    held_out = None
    if thresholds is None:
        log(f"choosing thresholds on {params.folds} writer folds")
        raw = out_of_fold(prep, rows, params, log)
        tuned = load_out_of_fold(prep.examples, rows, framework_ids)
        blend = Blend({})
        if tuned is not None:
            log(f"blending in the tuned sentence model's held-out scores ({int(tuned['found'].sum())} answers)")
            blend = choose_blend(raw, tuned, prep.examples, rows, params, log)
            raw = blend_raw(raw, tuned, blend)
        thresholds = choose_thresholds(raw, prep.examples, rows, params)
        held_out = figures(prep.examples, rows, decide(raw, prep.examples, rows, thresholds))
    log(f"fitting on {len(rows)} answers")
    fitted = fit(prep.examples, prep.table, prep.counts, rows, params, prep.phrase_rows if params.phrase_weight > 0 else None)
    space = FeatureSpace([prep.table.names[j] for j in fitted.cols.words], fitted.cols.idf,
                         fitted.cols.reading_names, 1.0)
    models = {"kind": fitted.kind, "safeguarding": fitted.safeguarding,
              **{f"outcomes:{name}": model for name, model in fitted.outcomes.items()}}
    concern = fit_concern(prep.examples, prep.counts, rows, fitted.cols, params)
    if concern is not None:
        models["concern"] = concern
    concern_figures = concern_held_out(prep, rows, params) if held_out is not None else None
    meta = {
        "trained_on": date.today().isoformat(), "commit": git_commit(), "params": params.describe(),
        "thresholds": thresholds.to_dict(), **(blend or Blend({})).to_meta(), "answers": int(len(rows)),
        "writers": sorted({e.batch for e in examples}), "held_out_writer_figures": held_out,
        **({"concern_held_out": concern_figures} if concern_figures else {}),
        "test_split_sha256": split_digest("test"), **(extra_meta or {}),
    }
    save_models(out, space, models, meta, private=private)
    return meta


def params_from(meta: dict) -> Params:
    """The parameters a model was trained with (so an update trains the same way)."""
    raw = dict(meta.get("params", {}))
    known = {f for f in Params.__dataclass_fields__}
    values = {}
    for key, value in raw.items():
        if key not in known:
            continue
        if key.endswith("_readings"):
            value = tuple((prefix, float(w)) for prefix, w in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[key] = value
    return Params(**values)


def main(argv: list[str]) -> int:
    from assistant.nlp.pipeline import load_pipeline

    pipeline = load_pipeline()
    examples = [*load_split("train"), *load_split("dev")]
    if "--compare" in argv:
        from assistant.learning.compare import compare

        compare(examples, pipeline)
        return 0
    out = SHIPPED_DIR
    meta = train(examples, pipeline, Params(), out)
    print(f"wrote {out} ({meta['answers']} answers from {len(meta['writers'])} writers)")
    print("Score it on the frozen test split with `outcomes eval`.")
    print("held-out-writer figures:", {k: round(v, 3) if isinstance(v, float) else v for k, v in meta["held_out_writer_figures"].items()})
    print("thresholds:", meta["thresholds"])
    if meta.get("concern_held_out"):
        print("what a disclosure may be about, held-out writers:",
              {k: round(v, 3) if isinstance(v, float) else v for k, v in meta["concern_held_out"].items()})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

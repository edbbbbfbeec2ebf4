"""Score the engine and the question coach on labelled data.

Answers come from the corpus (`corpus/batches/`): the frozen test split (writers
never used for training or rules, scored as shipped), the dev writers and the
train writers (tuned on, so their figures flatter). Questions come from
`corpus/questions/` (a frozen test batch and training batches).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DataFileError


@dataclass(frozen=True)
class LabelledQuestion:
    text: str
    judged: str
    open: bool
    service_led: bool
    leading: bool
    jargon: tuple[str, ...]
    batch: str = ""


def load_questions(path: Path) -> list[LabelledQuestion]:
    """One batch of labelled practitioner turns (JSON lines)."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            found.append(LabelledQuestion(rec["text"], rec["judged"], bool(rec["open"]), bool(rec["service_led"]),
                                          bool(rec["leading"]), tuple(rec["jargon"]), path.stem))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataFileError(f"{path.name}:{number}: not a labelled question ({exc}).") from exc
    return found


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_answers(answers, predictions: list[dict]) -> dict[str, float]:
    """answers: anything with framework, kind, outcomes, safeguarding; predictions: classify-shaped dicts."""
    top1_right = top1_total = 0
    tp = fp = fn = 0
    kind_right = 0
    sg_tp = sg_fp = sg_fn = 0
    for gold, pred in zip(answers, predictions):
        predicted = [o["id"] for o in pred["outcomes"]]
        if gold.outcomes:
            top1_total += 1
            top1_right += bool(predicted) and predicted[0] in gold.outcomes
        tp += len(set(predicted) & set(gold.outcomes))
        fp += len(set(predicted) - set(gold.outcomes))
        fn += len(set(gold.outcomes) - set(predicted))
        kind_right += pred["kind"] == gold.kind
        flagged = "safeguarding" in pred["flags"]
        sg_tp += flagged and gold.safeguarding
        sg_fp += flagged and not gold.safeguarding
        sg_fn += (not flagged) and gold.safeguarding
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {
        "answers": len(answers),
        "top1_accuracy": _ratio(top1_right, top1_total),
        "outcome_precision": precision,
        "outcome_recall": recall,
        "outcome_f1": _f1(precision, recall),
        "kind_accuracy": _ratio(kind_right, len(answers)),
        "safeguarding_recall": _ratio(sg_tp, sg_tp + sg_fn),
        "safeguarding_precision": _ratio(sg_tp, sg_tp + sg_fp),
    }


def balanced_accuracy(gold: list[bool], predicted: list[bool]) -> float:
    pos = [p for g, p in zip(gold, predicted) if g]
    neg = [not p for g, p in zip(gold, predicted) if not g]
    return (_ratio(sum(pos), len(pos)) + _ratio(sum(neg), len(neg))) / 2


def score_questions(questions: list[LabelledQuestion], checks: list[dict]) -> dict[str, float]:
    n = len(questions)
    tp = fp = fn = 0
    for gold, pred in zip(questions, checks):
        want = {t.lower() for t in gold.jargon}
        got = {t.lower() for t in pred["jargon"]}
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    # Every question the coach finds weak gets a better wording (a reframe or "What's your name?" is not weak).
    weak = [p for p in checks if p.get("needs_rewording", not p["open"] or p["service_led"] or p["leading"])]
    return {
        "questions": n,
        "open_accuracy": _ratio(sum(g.open == p["open"] for g, p in zip(questions, checks)), n),
        "open_balanced": balanced_accuracy([g.open for g in questions], [p["open"] for p in checks]),
        "service_led_accuracy": _ratio(sum(g.service_led == p["service_led"] for g, p in zip(questions, checks)), n),
        "leading_balanced": balanced_accuracy([g.leading for g in questions], [p["leading"] for p in checks]),
        "jargon_f1": _f1(precision, recall),
        "suggestion_when_needed": _ratio(sum(bool(p["suggestion"]) for p in weak), len(weak)),
    }


def predict_answers(examples, analysers: dict) -> list[dict]:
    """The engine's classify output for each example, framework by framework."""
    predictions: list[dict] = [{} for _ in examples]
    for framework in sorted({e.framework for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.framework == framework]
        for i, result in zip(idx, analysers[framework].analyse_many([examples[i].text for i in idx])):
            predictions[i] = result.to_dict()
    return predictions


def evaluate_answers(analysers: dict, splits=("test", "dev", "train"), folder: Path | None = None) -> dict[str, dict]:
    """Figures per split and per batch, for the engine as given."""
    from assistant.learning.corpus import load_split

    report: dict[str, dict] = {}
    for split in splits:
        examples = load_split(split, folder)
        if not examples:
            continue
        predictions = predict_answers(examples, analysers)
        report[split] = score_answers(examples, predictions)
        if split == "test":
            for batch in sorted({e.batch for e in examples}):
                idx = [i for i, e in enumerate(examples) if e.batch == batch]
                report[f"test: {batch}"] = score_answers([examples[i] for i in idx], [predictions[i] for i in idx])
    return report


def question_files(split: str, folder: Path | None = None) -> list[Path]:
    from assistant.learning.corpus import corpus_dir

    return sorted(((folder or corpus_dir()) / "questions" / split).glob("*.jsonl"))


def evaluate_questions(coach, splits=("test", "train"), folder: Path | None = None) -> dict[str, dict]:
    """The coach's figures per split of labelled practitioner turns."""
    report: dict[str, dict] = {}
    for split in splits:
        questions = [q for path in question_files(split, folder) for q in load_questions(path)]
        if questions:
            checks = [coach.check(q.text) for q in questions]
            report[split] = score_questions(questions, [{**c.to_dict(), "needs_rewording": c.needs_rewording} for c in checks])
    return report

"""Score the engine and the question coach on a labelled development set.

The set lives in tests/data/. About a third of it (chosen by a hash of the
text, so the split never changes) is held back: if scores on the held-back
part fall well below the rest, the phrases are being tuned to the set.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DataFileError

KINDS = ("outcome", "service", "difficulty", "strength", "other")


@dataclass(frozen=True)
class LabelledAnswer:
    framework: str
    kind: str
    outcomes: tuple[str, ...]
    safeguarding: bool
    text: str

    @property
    def held_out(self) -> bool:
        return is_held_out(self.text)


@dataclass(frozen=True)
class LabelledQuestion:
    open: bool
    service_led: bool
    leading: bool
    jargon: tuple[str, ...]
    text: str

    @property
    def held_out(self) -> bool:
        return is_held_out(self.text)


def is_held_out(text: str) -> bool:
    return zlib.crc32(text.encode("utf-8")) % 10 < 3


def _rows(path: Path, columns: int):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(" | ", columns - 1)]
        if len(parts) != columns:
            raise DataFileError(f"{path.name}:{number}: expected {columns} fields separated by ' | '")
        yield number, parts


def load_answers(folder: Path) -> list[LabelledAnswer]:
    answers = []
    for path in sorted(folder.glob("answers_*.txt")):
        for number, (framework, kind, outcomes, flag, text) in _rows(path, 5):
            if kind not in KINDS:
                raise DataFileError(f"{path.name}:{number}: unknown kind '{kind}'")
            ids = tuple(o.strip() for o in outcomes.split(",") if o.strip() and o.strip() != "-")
            answers.append(LabelledAnswer(framework, kind, ids, flag == "sg", text))
    return answers


def load_questions(folder: Path) -> list[LabelledQuestion]:
    questions = []
    for path in sorted(folder.glob("questions*.txt")):
        for _, (is_open, service_led, leading, jargon, text) in _rows(path, 5):
            terms = tuple(t.strip() for t in jargon.split(",") if t.strip() and t.strip() != "-")
            questions.append(LabelledQuestion(is_open == "y", service_led == "y", leading == "y", terms, text))
    return questions


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_answers(answers: list[LabelledAnswer], predictions: list[dict]) -> dict[str, float]:
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
    return {
        "questions": n,
        "open_accuracy": _ratio(sum(g.open == p["open"] for g, p in zip(questions, checks)), n),
        "service_led_accuracy": _ratio(sum(g.service_led == p["service_led"] for g, p in zip(questions, checks)), n),
        "leading_accuracy": _ratio(sum(g.leading == p["leading"] for g, p in zip(questions, checks)), n),
        "jargon_f1": _f1(precision, recall),
        "suggestion_when_needed": _ratio(
            sum(bool(p["suggestion"]) for p in checks if not p["open"] or p["service_led"] or p["leading"]),
            sum(1 for p in checks if not p["open"] or p["service_led"] or p["leading"]),
        ),
    }


def evaluate(folder: Path, analysers: dict, coach) -> dict[str, dict[str, dict[str, float]]]:
    """Scores for all answers and questions, the tuning part and the held-out part."""
    answers = load_answers(folder)
    questions = load_questions(folder)
    predictions: list[dict] = [{} for _ in answers]
    for framework in sorted({a.framework for a in answers}):
        idx = [i for i, a in enumerate(answers) if a.framework == framework]
        results = analysers[framework].analyse_many([answers[i].text for i in idx])
        for i, result in zip(idx, results):
            predictions[i] = result.to_dict()
    checks = [coach.check(q.text).to_dict() for q in questions]
    report: dict[str, dict[str, dict[str, float]]] = {}
    for part, keep in (("all", lambda x: True), ("tuning", lambda x: not x.held_out), ("held_out", lambda x: x.held_out)):
        a_idx = [i for i, a in enumerate(answers) if keep(a)]
        q_idx = [i for i, q in enumerate(questions) if keep(q)]
        report[part] = {
            "answers": score_answers([answers[i] for i in a_idx], [predictions[i] for i in a_idx]),
            "questions": score_questions([questions[i] for i in q_idx], [checks[i] for i in q_idx]),
        }
    report["_errors"] = {"answers": [(a, p) for a, p in zip(answers, predictions)], "questions": list(zip(questions, checks))}  # type: ignore[assignment]
    return report

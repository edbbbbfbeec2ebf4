"""Floors on the labelled development set, and a check that the held-back part keeps up."""

import pytest

from assistant.evaluation import evaluate, load_answers, load_questions
from assistant.frameworks import load_framework
from assistant.nlp.coach import QuestionCoach

from .conftest import DATA


@pytest.fixture(scope="module")
def report(analysers):
    result = evaluate(DATA, analysers, QuestionCoach())
    result.pop("_errors")
    return result


def test_dev_set_is_big_and_covers_every_outcome_and_kind():
    answers = load_answers(DATA)
    assert len(answers) >= 300
    assert len(load_questions(DATA)) >= 80
    for name in ("personal", "carer", "relational"):
        counts = {i: 0 for i in load_framework(name).ids}
        for a in answers:
            if a.framework == name:
                for i in a.outcomes:
                    counts[i] += 1
        assert min(counts.values()) >= 4, {k: v for k, v in counts.items() if v < 4}
    assert {a.kind for a in answers} == {"outcome", "service", "difficulty", "strength", "other"}
    flagged = sum(a.safeguarding for a in answers)
    assert 0.07 <= flagged / len(answers) <= 0.15


def test_answer_floors(report):
    figures = report["all"]["answers"]
    assert figures["top1_accuracy"] >= 0.74
    assert figures["outcome_f1"] >= 0.72
    assert figures["kind_accuracy"] >= 0.84
    assert figures["safeguarding_recall"] >= 0.95
    assert figures["safeguarding_precision"] >= 0.80


def test_coach_floors(report):
    figures = report["all"]["questions"]
    assert figures["open_accuracy"] >= 0.90
    assert figures["service_led_accuracy"] >= 0.85
    assert figures["leading_accuracy"] >= 0.85
    assert figures["jargon_f1"] >= 0.80
    assert figures["suggestion_when_needed"] == 1.0


def test_held_out_part_stays_close_to_the_tuning_part(report):
    tuned, held = report["tuning"]["answers"], report["held_out"]["answers"]
    assert held["top1_accuracy"] >= tuned["top1_accuracy"] - 0.10
    assert held["kind_accuracy"] >= tuned["kind_accuracy"] - 0.10

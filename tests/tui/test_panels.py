"""The analysis panel agrees with the question that follows it (no terminal needed)."""

import pytest

from assistant.conversation.records import AnswerReading
from assistant.frameworks import load_framework
from assistant.tui.widgets.panels import about_safety, analysis_panel


def _panel(reading: AnswerReading, cowrite: bool = False) -> str:
    return analysis_panel("typed", reading, load_framework("personal"), cowrite).plain


def test_a_wish_for_a_service_says_the_next_question_asks_what_it_would_make_possible():
    text = _panel(AnswerReading(kind="outcome", topic="a wet room", arranged=True))
    assert "Kind: outcome" in text
    assert "a service or equipment, wished for or arranged" in text
    assert "a change that matters" not in text


def test_an_arranged_service_with_a_purpose_says_what_the_question_will_ask():
    outcome = {"id": "qol.staying_well", "label": "Staying well", "score": 0.8, "evidence": ["bath myself"]}
    text = _panel(AnswerReading(kind="outcome", outcomes=(outcome,), arranged=True))
    assert "a service someone arranges" in text
    assert "bath myself" in text


def test_a_plain_outcome_keeps_its_usual_words_and_co_writers_see_no_kinds():
    outcome = {"id": "qol.seeing_people", "label": "Seeing people", "score": 0.9, "evidence": ["my son"]}
    assert "a change that matters" in _panel(AnswerReading(kind="outcome", outcomes=(outcome,)))
    assert "Kind:" not in _panel(AnswerReading(kind="outcome", arranged=True), cowrite=True)


@pytest.mark.parametrize("certain", [True, False])
def test_a_raised_alert_says_what_it_may_be_about_as_a_guess_for_practitioners_only(certain):
    reading = AnswerReading(kind="difficulty", flags=("safeguarding",), concern=("domestic_abuse", "violence"),
                            alert_certain=certain)
    safety = about_safety(reading, None)  # as the conversation screen decides it: a sure alert is "about safety"
    assert safety == certain
    text = analysis_panel("typed", reading, load_framework("personal"), False, safety).plain
    assert "SAFEGUARDING CONCERN RAISED" in text
    assert "may be about \u201cdomestic abuse\u201d or \u201cviolence or threats\u201d (a guess from the words, not a finding)" in text
    for_person = analysis_panel("typed", reading, load_framework("personal"), True, safety).plain
    assert "may be about" not in for_person and "domestic" not in for_person


def test_the_guess_travels_with_the_stored_reading_and_bad_stored_values_are_dropped():
    reading = AnswerReading(kind="other", flags=("safeguarding",), concern=("suicidal",))
    assert AnswerReading.from_json(reading.to_json()).concern == ("suicidal",)
    assert AnswerReading.from_json({"kind": "other", "concern": "suicidal"}).concern == ()
    assert AnswerReading.from_json({"kind": "other", "concern": ["\x1b[2J", "suicidal", 3]}).concern == ("suicidal",)
    assert AnswerReading.from_json({"kind": "other"}).concern == ()


def test_a_possible_concern_closed_as_none_no_longer_shows_the_red_banner():
    """Sunita checked "a walk down the canal" with Dean and closed it as no concern; the panel kept
    "SAFEGUARDING CONCERN RAISED … thoughts of suicide" under his answer."""
    reading = AnswerReading(kind="difficulty", flags=("safeguarding",), alert_certain=False, concern=("suicidal",))
    framework = load_framework("relational")
    assert "SAFEGUARDING CONCERN RAISED" in analysis_panel("typed", reading, framework, False).plain
    text = analysis_panel("typed", reading, framework, False, checked=True).plain
    assert "SAFEGUARDING CONCERN RAISED" not in text and "recorded as no concern" in text

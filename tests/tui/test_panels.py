"""The analysis panel agrees with the question that follows it (no terminal needed)."""

from assistant.conversation.records import AnswerReading
from assistant.frameworks import load_framework
from assistant.tui.widgets.panels import analysis_panel


def _panel(reading: AnswerReading, cowrite: bool = False) -> str:
    return analysis_panel("typed", reading, load_framework("personal"), cowrite).plain


def test_a_wish_for_a_service_says_the_next_question_asks_what_it_would_make_possible():
    text = _panel(AnswerReading(kind="outcome", topic="a wet room", arranged=True))
    assert "Kind: outcome" in text
    assert "a wish for a service or equipment" in text
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


def test_a_raised_alert_says_what_it_may_be_about_as_a_guess_for_practitioners_only():
    reading = AnswerReading(kind="difficulty", flags=("safeguarding",), concern=("domestic_abuse", "violence"))
    text = _panel(reading)
    assert "SAFEGUARDING CONCERN RAISED" in text
    assert "may be about domestic abuse, or violence or threats (a guess from the words)" in text
    assert "may be about" not in _panel(reading, cowrite=True)


def test_the_guess_travels_with_the_stored_reading_and_bad_stored_values_are_dropped():
    reading = AnswerReading(kind="other", flags=("safeguarding",), concern=("suicidal",))
    assert AnswerReading.from_json(reading.to_json()).concern == ("suicidal",)
    assert AnswerReading.from_json({"kind": "other", "concern": "suicidal"}).concern == ()
    assert AnswerReading.from_json({"kind": "other"}).concern == ()

import pytest

from assistant.conversation.bank import AUDIENCES, TECHNIQUES, load_bank
from assistant.errors import DataFileError
from assistant.locations import bundled_dir


def test_bank_has_enough_questions_for_every_audience_and_technique():
    bank = load_bank()
    assert len(bank.questions) >= 60
    for audience in AUDIENCES:
        techniques = {q.technique for q in bank.for_audience(audience)}
        assert techniques == set(TECHNIQUES), (audience, set(TECHNIQUES) - techniques)
    assert set(bank.techniques) == set(TECHNIQUES)


def test_carer_questions_differ_from_person_questions():
    bank = load_bank()
    person = {q.text for q in bank.for_audience("person")}
    carer = {q.text for q in bank.for_audience("carer")}
    assert not person & carer


def test_person_words_are_inserted_as_data_not_template():
    question = load_bank().by_id("ladder.so_what.1")
    words = "{{ 7*7 }} [bold]x[/bold] {outcome} <script>"
    rendered = question.render("practitioner", topic=words, outcome="seeing people")
    assert words in rendered


def test_cowrite_wording_is_first_person():
    question = load_bank().by_id("open.what_matters.1")
    assert " me" in question.wording("cowrite") or " my" in question.wording("cowrite") or question.wording("cowrite").startswith("What matters most to me")


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda t: t.replace('technique = "good_day"', 'technique = "chatting"', 1), "unknown technique 'chatting'"),
        (lambda t: t.replace('stage = "opening"', 'stage = "middle"', 1), "unknown stage 'middle'"),
        (lambda t: t.replace('id = "open.good_day.1"', 'id = "open.what_matters.1"', 1), "duplicate ID"),
        (lambda t: t.replace('follow_ups = ["open.what_matters.2"', 'follow_ups = ["nowhere"', 1), "follow-up 'nowhere' does not exist"),
        (lambda t: t.replace('plain = "What matters most to me at the moment?"', 'plane = "x"', 1), "unknown key(s) plane"),
    ],
)
def test_validation_names_file_question_and_problem(tmp_path, change, expected):
    for path in bundled_dir("prompts").glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text())
    person = tmp_path / "person.toml"
    person.write_text(change(person.read_text()))
    with pytest.raises(DataFileError) as caught:
        load_bank(tmp_path)
    assert "person.toml" in str(caught.value) and expected in str(caught.value)

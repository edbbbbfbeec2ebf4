import pytest

from assistant.nlp.coach import QuestionCoach


@pytest.fixture(scope="module")
def coach():
    return QuestionCoach()


def test_open_person_centred_question_needs_no_suggestion(coach):
    check = coach.check("What would a good day look like for you?")
    assert (check.open, check.service_led, check.leading, check.jargon, check.suggestion) == (True, False, False, [], "")


def test_closed_service_led_question_gets_an_open_rewording(coach):
    check = coach.check("Do you need help with washing and dressing?")
    assert not check.open and check.service_led
    assert coach.check(check.suggestion).open
    assert not coach.check(check.suggestion).leading


def test_either_or_is_closed(coach):
    assert not coach.check("What would you prefer, tea or coffee?").open
    assert not coach.check("Do you prefer mornings or afternoons?").open


def test_leading_tag_question(coach):
    check = coach.check("You'd like to see your son more, wouldn't you?")
    assert check.leading and not check.open and check.suggestion


def test_jargon_is_quoted_as_written(coach):
    assert coach.check("Are you happy with your Care Package and the respite?").jargon == ["Care Package", "respite"]


def test_so_what_question_naming_a_service_is_not_service_led(coach):
    assert not coach.check("If the shower room went in, what would that make possible for you?").service_led


@pytest.mark.parametrize("text", ["[bold]Do you[/bold]?", "{{ x }}", "<script>", "😀?", ""])
def test_odd_text_does_not_break_the_coach(coach, text):
    assert coach.check(text).text == text

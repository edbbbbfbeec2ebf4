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


# ----- spoken questions ----------------------------------------------------------------------

import pytest as _pytest

from assistant.nlp.coach import judged_question


@_pytest.mark.parametrize("turn, is_open", [
    ("Okay, and how have things been since the fall?", True),
    ("Yeah, what would make mornings easier?", True),
    ("Mm-hmm, so what would that give you?", True),
    ("Wh-what would a good day look like?", True),
    ("Sarah, let me ask you this, what matters most to you right now?", True),
    ("You said you're lonely a lot. Who would you like to spend more time with?", False),
    ("You said evenings are the worst. What's that like for you?", True),
    ("How long ago was that?", False),
    ("Where do you keep it?", False),
    ("What gym do you go to?", False),
    ("Anything else?", True),
    ("Is there anything you'd like to add?", True),
    ("Is that working for you, or?", True),
    ("Do you, do you get out much?", False),
    ("On a scale of one to ten, how confident are you?", False),
    ("When you think about caring for him over the next year, what worries you most?", True),
])
def test_spoken_turns_are_judged_on_the_question_asked(coach, turn, is_open):
    assert coach.check(turn).open is is_open, turn


def test_the_judged_sentence_is_the_last_question_in_the_turn():
    assert judged_question("You said you're lonely a lot. Who would you like to spend more time with?") == \
        "Who would you like to spend more time with?"
    assert judged_question("Tell me more about that.") == "Tell me more about that."


@_pytest.mark.parametrize("turn", [
    "What helps you when things get hard?",
    "Who do you turn to when there's a problem?",
    "How do you feel the new tablets are suiting you?",
])
def test_everyday_words_in_an_exploring_question_are_not_service_led(coach, turn):
    assert not coach.check(turn).service_led


def test_a_rewording_never_keeps_the_jargon_it_flagged(coach):
    check = coach.check("Do you need more help with personal care?")
    assert check.jargon and check.suggestion
    assert not any(term.lower() in check.suggestion.lower() for term in check.jargon)


def test_terms_are_read_whole(coach):
    assert coach.check("Have you been offered a continence assessment?").jargon == ["continence assessment"]
    assert "safeguarding referral" in coach.check("So we'd do a safeguarding referral, okay?").jargon


def test_every_weak_question_gets_a_suggestion_that_is_better(coach):
    for turn in ["Do you need help with washing?", "You'd like a carer, wouldn't you?", "Are you eligible for PIP?",
                 "Can you manage the stairs?", "So you're happy with the plan, yeah?"]:
        check = coach.check(turn)
        assert check.suggestion, turn
        better = coach.check(check.suggestion)
        assert better.open and not better.leading and not better.jargon, (turn, check.suggestion)


def test_frozen_coach_figures_hold():
    """Floors within 0.03 of the measured figures on the frozen batch (corpus/SCORES.md)."""
    from assistant.evaluation import evaluate_questions
    from assistant.nlp.coach import QuestionCoach

    figures = evaluate_questions(QuestionCoach(), splits=("test",))["test"]
    assert figures["questions"] == 180
    assert figures["open_balanced"] >= 0.94
    assert figures["service_led_accuracy"] >= 0.837
    assert figures["leading_balanced"] >= 0.883
    assert figures["jargon_f1"] >= 0.794
    assert figures["suggestion_when_needed"] == 1.0


def test_the_apps_own_network_questions_are_open_and_about_people(coach):
    """A trainee asking the bank's own "who matters to you?" question is never told it is closed."""
    from assistant.conversation.bank import load_bank

    network = [q.text for q in load_bank().questions if q.technique == "network"]
    assert network
    for text in network:
        assert coach.check(text).open, text
    assert coach.technique("Who do you enjoy spending time with?") == "network"
    assert not coach.check("Who's your GP?").open  # a name, one fact


def test_paid_carers_are_not_read_as_the_person_caring(coach):
    """"The carers" who come in are the person's help; only a carer is asked about caring."""
    paid = coach.check("How are you getting on with the carers?")
    assert paid.suggestion and "caring" not in paid.suggestion and coach.check(paid.suggestion).open
    caring = coach.check("Have you had a carer's assessment?")
    assert "caring" in caring.suggestion


def test_questions_about_the_people_around_someone(coach):
    """Asked about people they enjoy, the practice persona talks about people, not their hobbies."""
    assert coach.technique("Tell me about the people you enjoy spending time with") == "network"
    assert coach.technique("What do you enjoy doing?") == "strengths"


@pytest.mark.parametrize("name", ["michael", "sandra"])
def test_the_scenarios_own_reframes_and_so_whats_are_not_marked_poor(coach, name):
    """A trainer shows a scenario's reframe, then a trainee types it: the coach must not call it poor practice."""
    from assistant.conversation.scenarios import load_scenario

    for turn in load_scenario(name).turns:
        if turn.technique not in {"reframe", "so_what"}:
            continue
        check = coach.check(turn.question)
        assert not check.service_led and not check.leading and not check.jargon, turn.question
        assert check.open or check.offers_back, turn.question
        assert not check.suggestion, turn.question
        if turn.technique == "reframe":
            assert coach.technique(turn.question) == "reframe"
            assert check.labels() == ["closed, as a reframe or check-back should be"]


def test_a_closed_question_that_is_no_reframe_still_gets_a_rewording(coach):
    check = coach.check("Would you like meals on wheels?")
    assert not check.open and not check.offers_back and check.service_led and check.suggestion


def test_a_name_question_is_closed_and_needs_no_rewording(coach):
    for question in ("What's your name?", "What is her name?"):
        check = coach.check(question)
        assert not check.open and not check.suggestion
    assert "tell me about what" not in coach.check("What time do you get up?").suggestion

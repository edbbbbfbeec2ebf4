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


# ----- what a trainer (Marcus) found ------------------------------------------------------------

MARCUS_REFRAME = ("So it sounds like it's less about the day service and more about having friends your own age"
                  " - is that right?")


def test_a_reframe_checked_back_with_is_that_right_is_a_reframe_not_leading(coach):
    check = coach.check(MARCUS_REFRAME)
    assert coach.technique(MARCUS_REFRAME) == "reframe"
    assert not check.leading and not check.suggestion
    assert check.labels() == ["closed, as a reframe or check-back should be"]
    assert not coach.check("You feel nobody listens to you. Have I got that right?").leading


@pytest.mark.parametrize("question", [
    "You'd like to go to the day centre, wouldn't you?",
    "Don't you think you should go to the day centre?",
    "It's really about company, isn't it?",
    "You'll be wanting to go back to the same flat, I'd think. Is that right?",
])
def test_questions_that_push_an_answer_are_still_leading(coach, question):
    assert coach.check(question).leading, question


@pytest.mark.parametrize("question", [
    "How are things at the day centre?", "How do you get on with your support worker?",
    "What does your home help do that you like?", "When did you last see your GP?",
])
def test_everyday_service_names_are_not_jargon(coach, question):
    assert coach.check(question).jargon == [], question


@pytest.mark.parametrize("question, term", [
    ("Are your ADLs getting harder?", "ADLs"), ("How is the care package going?", "care package"),
    ("Has the domiciliary agency been on time?", "domiciliary"), ("Did you go to a step-down bed?", "step-down bed"),
    ("How did reablement go?", "reablement"), ("Do you have any support needs?", "support needs"),
])
def test_professional_terms_are_jargon(coach, question, term):
    assert term in coach.check(question).jargon


@pytest.mark.parametrize("question", ["Have you thought about AA?", "Have you thought about going to AA?",
                                      "What about Alcoholics Anonymous?"])
def test_suggesting_a_service_is_service_led_and_the_rewording_is_not_built_from_its_name(coach, question):
    check = coach.check(question)
    assert check.service_led and check.suggestion
    words = set(check.suggestion.lower().rstrip("?").replace(",", "").split())
    assert not words & {"aa", "alcoholics", "anonymous"}, check.suggestion
    better = coach.check(check.suggestion)
    assert better.open and not better.service_led and not better.leading


def test_a_why_didnt_you_question_sounds_like_blame_and_gets_a_neutral_wording(coach):
    check = coach.check("Why didn't you go to your appointment?")
    assert check.blaming and "sounds like blame" in check.labels() and check.suggestion
    better = coach.check(check.suggestion)
    assert better.open and not better.blaming and not better.leading
    for fine in ("Why does that matter to you?", "Why don't you tell me a bit more about that?",
                 "Why won't he let you see the kids?"):  # about someone else: no blame on the person (a reviewer's case)
        assert not coach.check(fine).blaming, fine


@pytest.mark.parametrize("question", ["Do you have any support needs?", "Do you need any help getting in and out of the bath?",
                                      "Do you have problems with your memory?"])
def test_a_rewording_never_carries_the_need_or_jargon_it_was_flagged_for(coach, question):
    check = coach.check(question)
    assert check.suggestion
    low = check.suggestion.lower()
    assert "support needs" not in low and "help" not in low and "problems" not in low, check.suggestion
    assert not coach.check(check.suggestion).jargon


def test_a_scaling_question_is_closed_by_design(coach):
    check = coach.check("On a scale of 1 to 10, how confident do you feel about that?")
    assert not check.open and not check.suggestion
    assert check.labels() == ["closed, as a scaling question is"]


@pytest.mark.parametrize("question, technique", [
    ("So what would having money coming in properly mean for you?", "so_what"),
    ("You mentioned feeling lonely. What would be different if you weren't?", "so_what"),
    ("So is it about having a job to do, and knowing people, like you did at the post office?", "reframe"),
    ("So what's important to you?", "what_matters"),
])
def test_techniques_are_read_from_the_whole_question(coach, question, technique):
    assert coach.technique(question) == technique


def test_the_note_on_an_own_question_keeps_the_coachs_warning(coach):
    from assistant.nlp.coach import own_question_note

    weak = "Would you say your ADLs are impacted?"
    note = own_question_note(coach.check(weak), coach.technique(weak), "Starts from what matters to the person.")
    assert note.startswith("Your own question") and "jargon: ADLs" in note and "Try:" in note
    assert "what matters" not in note.lower().split("try:")[0]
    good = "So what would having money coming in properly mean for you?"
    note = own_question_note(coach.check(good), coach.technique(good), "Asks what difference it would make.")
    assert note == "Your own question; it reads as so what: Asks what difference it would make."


def test_capital_letters_that_are_no_service_are_not_one(coach):
    """A reviewer's case: "TV" and "UK" were read as services (acronyms like "AA" are)."""
    assert coach.check("Have you thought about AA?").service_led
    assert not coach.check("Have you thought about the TV?").service_led

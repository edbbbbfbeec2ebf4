"""Practice mode rewards good questions: real answers, in or out of order, and an honest summary."""

from assistant.conversation.practice import PracticeSession
from assistant.conversation.scenarios import load_scenario
from assistant.nlp.coach import QuestionCoach


def session(name="michael"):
    return PracticeSession(load_scenario(name), QuestionCoach())


def test_a_strong_so_what_gets_a_real_answer():
    s = session()
    s.ask("What's important to you at the moment?")
    reply = s.ask("If the shower room went in, what would that make possible for you?")
    assert reply.advanced and "not sure" not in reply.answer.lower()


def test_a_good_question_out_of_order_gets_a_real_answer():
    s = session()
    reply = s.ask("What can you still do for yourself these days?")
    scenario = load_scenario("michael")
    strengths = next(t for t in scenario.turns if t.technique == "strengths")
    assert reply.advanced and reply.answer == strengths.answer
    assert s.position == 0  # the first step is still to come


def test_the_next_step_hint_moves_on_as_steps_are_reached():
    s = session()
    first = s.ask("What's important to you at the moment?").hint
    second = s.ask("If that was sorted, what would it make possible for you?").hint
    assert first and second and first != second


def test_a_network_question_counts_as_people_explored():
    s = session()
    s.ask("Who's important to you?")
    assert s.summary()["network_asked"]


def test_better_ways_to_ask_only_for_weak_questions():
    s = session()
    s.ask("What's important to you at the moment?")
    s.ask("Who could help with that, apart from us?")
    s.ask("Do you need a shower room?")
    rewordings = s.summary()["rewordings"]
    assert [q for q, _ in rewordings] == ["Do you need a shower room?"]


def test_weak_questions_get_the_answers_weak_questions_get():
    s = session()
    assert s.ask("You must be lonely on your own, aren't you?").answer == "If you say so."
    assert "don't know what" in s.ask("Shall we do a needs assessment?").answer
    assert not s.reached


def test_a_good_question_the_scenario_has_no_answer_for_gets_no_made_up_answer():
    """Sandra has no network step: "Who matters to you?" gets her aside about the people in her life (once),
    never her reply to a reframe ("Yes. Like…"); asked again, she has nothing more to say."""
    s = session("sandra")
    s.ask("What's important to you at the moment?")
    reply = s.ask("Who matters to you?")
    assert not reply.advanced and "mum" in reply.answer.lower()
    reply = s.ask("Who else would you like to spend time with?")
    assert not reply.advanced and not reply.answer.startswith("Yes")
    assert reply.hint.startswith("A good question, but Sandra has nothing more on that here.")
    assert s.position == 1


def test_a_step_about_something_the_person_never_raised_needs_a_question_that_names_it():
    """A trainer asked Sandra "so what would that make possible?" after her good day and was told about a
    day service nobody had mentioned."""
    s = session("sandra")
    s.ask("What's important to you at the moment?")
    s.ask("What would a really good day be for you?")
    reply = s.ask("So what would that make possible for you?")
    assert not reply.advanced and "day service" in reply.hint
    reply = s.ask("You go to the day service on Thursdays. What does that give you?")
    assert reply.advanced and "staff" in reply.answer


def test_an_answer_that_replies_to_its_own_question_is_not_given_out_of_order():
    """Michael's "so what?" answer is about the shower room: asked about his son first, he does not give it."""
    s = session("michael")
    first = s.ask("What's important to you at the moment?")
    assert first.advanced
    reply = s.ask("What difference would seeing him make to you?")
    assert "wash" in reply.answer or not reply.advanced  # the next step (about the shower room) fits a so-what
    s2 = session("sandra")
    s2.ask("What's important to you at the moment?")
    reply = s2.ask("If that changed, what would it make possible for you?")  # her so-what step answers the day service
    assert not reply.advanced and "day service" not in reply.answer.lower() and s2.position == 1


def test_the_hint_names_the_technique_with_the_right_article():
    s = session("sandra")
    for question in ("What's important to you at the moment?", "What would a really good day be for you?",
                     "You go to the day service on Thursdays. What does it give you?"):
        s.ask(question)
    hints = [s.ask("So is it more that you want to see people your own age?").hint]
    assert any("an aspiration question" in h for h in hints), hints


# ----- what a trainer (Marcus) found ------------------------------------------------------------

def sandra_at(step: int) -> PracticeSession:
    """Sandra with her first steps reached by her scenario's own questions."""
    s = session("sandra")
    for turn in load_scenario("sandra").turns[:step]:
        assert s.ask(turn.question).advanced, turn.question
    return s


def test_a_reframe_checked_back_gets_the_reframes_answer():
    s = sandra_at(3)
    reply = s.ask("So it sounds like it's less about the day service and more about having friends your own age"
                  " - is that right?")
    assert reply.advanced and "gig nights" in reply.answer and reply.answer != "If you say so."
    assert not s.summary()["rewordings"] and s.summary()["leading"] == 0


def test_a_persona_never_claims_not_to_know_a_word_from_her_own_story():
    s = session("sandra")
    reply = s.ask("You'd like to go to the day centre, wouldn't you?")
    assert "don't know" not in reply.answer and reply.check.leading
    assert reply.answer == "Not really."  # her own answer about more days at the day centre
    jean = session("jean")
    assert "key worker" in load_scenario("jean").summary
    reply = jean.ask("Have you talked to your key worker about it?")
    assert "key worker" in reply.check.jargon and "don't know" not in reply.answer
    assert "don't know what \u201creablement\u201d" in jean.ask("How did reablement go?").answer


def test_suggesting_a_service_counts_as_service_led():
    s = session("dee")
    reply = s.ask("Have you thought about AA?")
    assert reply.check.service_led and "aa?" not in reply.check.suggestion.lower()
    assert s.summary()["service_led"] == 1


def test_the_persona_and_the_coach_agree_about_a_question():
    """Dee was asked "When did you last see your daughter?": the coach offered a rewording, and the note
    under her answer called it a good question."""
    s = session("dee")
    reply = s.ask("When did you last see your daughter?")
    assert reply.check.suggestion and "A good question" not in reply.hint
    assert reply.answer == "A while ago now." and "closed question" in reply.hint
    for question in ("Who matters to you?", "Who else would you like to spend time with?", "Do you have family nearby?",
                     "On a scale of 1 to 10, how hopeful do you feel?", "Who could help with that, apart from us?"):
        reply = session("sandra").ask(question)
        flagged = bool(reply.check.suggestion)
        assert not (flagged and "A good question" in reply.hint), question
        assert flagged == (reply.answer in {"Yes, I suppose.", "I'm not sure, really.", "A while ago now."}), question


def test_a_question_that_sounds_like_blame_puts_the_persona_on_guard():
    reply = session("dee").ask("Why didn't you go to your appointment?")
    assert reply.check.blaming and "all right?" in reply.answer and "blame" in reply.hint
    assert not reply.advanced


def test_a_so_what_about_a_topic_she_raised_gets_her_answer_on_that_topic():
    """Asked what would be different if she weren't lonely, Sandra talked about the carers' rota."""
    for s in (sandra_at(1), sandra_at(4)):
        reply = s.ask("You mentioned feeling lonely. What would be different if you weren't?")
        assert reply.technique == "so_what"
        assert "people my own age" in reply.answer and "rota" not in reply.answer
        again = s.ask("And if you weren't so lonely, what would that mean for you?")
        assert "people my own age" not in again.answer  # said once

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
    reply = s.ask("Who would you like to spend more time with?")
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

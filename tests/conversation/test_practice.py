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

"""Scripted answers through the real engine and flow, without a terminal."""

import pytest

from assistant.conversation.bank import load_bank
from assistant.conversation.session import ConversationSession


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def run(bank, analyser, answers, mode="practitioner"):
    session = ConversationSession.start_new(bank, analyser.framework, mode)
    asked = [session.current]
    results = []
    for answer in answers:
        result = session.skip() if answer == "/skip" else session.submit(answer, analyser.analyse)
        results.append(result)
        asked.append(result.next_question)
    return session, asked, results


def test_service_answer_leads_to_so_what_quoting_the_person(bank, analysers):
    _, asked, _ = run(bank, analysers["personal"], ["They want to put a shower room in"])
    assert asked[1].technique == "so_what"
    assert "shower room" in asked[1].text


def test_so_what_goes_on_until_a_change_in_the_persons_life(bank, analysers):
    """A trainer's demonstration: "a cleaner" is quoted (not the whole sentence); "the place would be tidy"
    is how things would be, not how life would be, so one more rung says "that" about it; "yes, that's it"
    to the check-back confirms the outcome rather than adding a second one."""
    session, asked, _ = run(bank, analysers["personal"], [
        "I just need a cleaner, that's all.",
        "Well, the place would be tidy, I suppose.",
        "I want our Susan to enjoy visiting her dad without cleaning up after me.",
        "Yes, that's it. I want Susan to feel she can just come and sit down.",
    ])
    assert asked[1].technique == "so_what" and "“a cleaner”" in asked[1].text
    assert asked[2].technique in {"so_what", "reframe"} and "“" not in asked[2].text and "that" in asked[2].text.lower()
    assert asked[3].technique == "check_understanding" and "without cleaning up after me" in asked[3].text
    assert [o.words for o in session.flow.state.outcomes] == ["our Susan to enjoy visiting her dad without cleaning up after me"]
    session, _, _ = run(bank, analysers["personal"], [
        "I want our Susan to enjoy visiting her dad without cleaning up after me.",
        "Yes. And I'd also like to get back to the allotment on a Sunday.",
    ])
    assert len(session.flow.state.outcomes) == 2  # a yes that adds another wish
    # Kyle: the same said again in other words to the check-back is not a second outcome ("kicking me").
    session, _, _ = run(bank, analysers["relational"], ["wanna get me own place tbh", "somewhere thats mine, no one kicking me out"])
    assert [o.words for o in session.flow.state.outcomes] == ["getting me own place"]
    # A service spoken well of is someone on his side, not a provision to ask "so what?" about; and a
    # second wish is checked back too (the relational bank had one check-back only).
    session, asked, _ = run(bank, analysers["relational"], [
        "wanna get me own place tbh", "yeah", "my probation officer is sound tbh", "wanna get back on the sites n earn me own money"])
    assert asked[3].technique not in {"so_what", "reframe"} and session.flow.state.network == ["my probation officer is sound tbh"]
    assert asked[4].technique == "check_understanding" and "getting back on the sites" in asked[4].text
    # "…and I could get out to the club on a Friday" names a change in life: an outcome, not one more rung.
    session, asked, _ = run(bank, analysers["personal"], [
        "I just need a cleaner, that's all.", "My shopping would get done and I could get out to the club on a Friday"])
    assert session.flow.state.outcomes
    # A service asked for, with a difficulty beside it: "so what?" about the service, and no guess on the board.
    session, asked, _ = run(bank, analysers["personal"], ["I need a cleaner, really. The house has gone to pot."])
    assert asked[1].technique == "so_what" and "“a cleaner”" in asked[1].text
    assert session.flow.state.outcomes == []


def test_a_difficulty_said_to_a_strengths_question_is_not_a_strength(bank, analysers):
    from assistant.conversation.flow import PlannedQuestion

    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    strengths = bank.by_id("strengths.strengths.1")
    session.ask_instead(PlannedQuestion(strengths.id, strengths.text, strengths.technique, strengths.stage))
    session.submit("I just can't keep on top of the hoovering with my back.", analysers["personal"].analyse)
    assert session.flow.state.strengths == []


def test_strengths_are_asked_about_at_most_three_times(bank, analysers):
    _, asked, _ = run(bank, analysers["personal"], ["I'm not sure"] * 30)
    assert sum(1 for q in asked if q.technique == "strengths") <= 3


def test_ladder_stops_after_three_and_parks_the_topic(bank, analysers):
    session, asked, _ = run(bank, analysers["personal"], [
        "I need more hours of home help", "More home help", "A carer in the morning", "Just more carers",
    ])
    techniques = [q.technique for q in asked]
    assert techniques[1:4] in (["so_what", "reframe", "so_what"], ["so_what", "so_what", "so_what"])
    assert techniques[4] not in {"so_what", "reframe"}
    assert session.flow.state.parked_topics


def test_outcome_answer_is_explored_not_laddered(bank, analysers):
    _, asked, _ = run(bank, analysers["personal"], ["I want to get back to the bowling club"])
    assert asked[1].technique in {"check_understanding", "network", "strengths", "negotiation"}
    assert "bowling club" in asked[1].text


def test_no_question_is_asked_twice_in_a_long_conversation(bank, analysers):
    answers = ["I don't know"] * 45 + ["They're putting a rail in", "I need a carer", "ok"] * 5
    _, asked, _ = run(bank, analysers["personal"], answers)
    ids = [q.id for q in asked]
    assert len(ids) == len(set(ids))
    texts = [q.text for q in asked]
    assert len(texts) == len(set(texts))  # "Is there anything else you'd like to add?" was asked four times


@pytest.mark.parametrize("mode", ["practitioner", "cowrite"])
def test_dunno_to_anything_else_closes_and_nothing_is_worded_the_same_twice(bank, analysers, mode):
    _, asked, _ = run(bank, analysers["relational"], ["dunno really"] * 24, mode=mode)
    texts = [q.text for q in asked]
    assert len(texts) == len(set(texts))
    ids = [q.id for q in asked]
    first_else = next(n for n, i in enumerate(ids) if i.startswith("close.anything_else."))
    assert ids[first_else + 1] == "close.done.1"


@pytest.mark.parametrize("framework", ["personal", "carer", "relational"])
def test_strengths_and_network_come_before_closing(bank, analysers, framework):
    _, asked, _ = run(bank, analysers[framework], ["I'm not sure"] * 25)
    techniques = [q.technique for q in asked]
    first_close = techniques.index("closing")
    assert "strengths" in techniques[:first_close] and "network" in techniques[:first_close]


def test_a_person_who_has_said_what_they_are_good_at_is_not_asked_it_again(bank, analysers):
    session, asked, _ = run(bank, analysers["relational"],
                            ["im good at fixing bikes, always have been"] + ["I'm not sure"] * 20)
    assert session.flow.state.strengths
    techniques = [q.technique for q in asked]
    assert "strengths" not in techniques[:techniques.index("closing")]


def test_a_carer_who_has_spoken_about_their_own_health_is_not_asked_how_they_are_keeping(bank, analysers):
    session, asked, _ = run(bank, analysers["carer"],
                            ["I'm shattered, I'm up with him half the night"] + ["I'm not sure"] * 20)
    assert "carer.health_wellbeing" in session.flow.state.heard
    assert "carer.what_matters.4" not in [q.id for q in asked]
    _, asked, _ = run(bank, analysers["carer"], ["I'd love to get back to my choir on a Tuesday"] + ["I'm not sure"] * 20)
    ids = [q.id for q in asked]
    assert "carer.what_matters.4" in ids and "carer.aspiration.1" not in ids


def test_a_person_who_has_told_of_their_working_life_is_not_asked_about_it(bank, analysers):
    """Arthur said he drove buses for forty years; "tell me about the work you've had" came next all the same."""
    rest = ["I'm not sure"] * 20
    _, asked, _ = run(bank, analysers["personal"], ["I'd like to get out more. I drove buses for forty years, me"] + rest)
    assert "strengths.strengths.3" not in [q.id for q in asked]
    _, asked, _ = run(bank, analysers["personal"], ["I'd like to get out more, I'm stuck in most days"] + rest)
    assert "strengths.strengths.3" in [q.id for q in asked]  # asked when it has not been told


def test_nothing_more_to_anything_else_ends_the_conversation_kindly(bank, analysers):
    """Kyle said "nah thats it" and was asked "What else is on my mind?", then "anything we haven't talked about?"."""
    from assistant.conversation.flow import PlannedQuestion

    session = ConversationSession.start_new(bank, analysers["relational"].framework, "cowrite")
    session.submit("wanna get me own place", analysers["relational"].analyse)
    session.ask_instead(PlannedQuestion("close.anything_else.1", "Is there anything else I'd like to add?", "closing", "closing"))
    result = session.submit("nah thats it", analysers["relational"].analyse)
    assert result.next_question.id == "close.done.1" and "everything for now" in result.next_question.text
    from assistant.conversation.replies import NOTHING_MORE
    assert NOTHING_MORE.match("No, that's it, love. Thank you for listening.")  # Janet, to Priya
    assert not NOTHING_MORE.match("No, thank you for listening, but my husband hits me")
    result = session.submit("actually, my nan said i can stay at hers", analysers["relational"].analyse)
    assert not result.next_question.id.startswith("close.done")  # more said: the conversation goes on
    for more in ("no one helps me", "nah my dad's back tonight"):
        session.ask_instead(PlannedQuestion("close.anything_else.9", "Is there anything else I'd like to add?", "closing", "closing"))
        assert not session.submit(more, analysers["relational"].analyse).next_question.id.startswith("close.done"), more


def test_what_does_that_mean_is_asked_another_way(bank, analysers):
    """Tom asked "what does that mean?" and it was taken as his answer; the app moved on."""
    from assistant.conversation.flow import PlannedQuestion

    session = ConversationSession.start_new(bank, analysers["personal"].framework, "cowrite")
    strengths = bank.by_id("strengths.strengths.4")
    session.ask_instead(PlannedQuestion(strengths.id, strengths.plain, strengths.technique, strengths.stage))
    result = session.submit("what does that mean?", analysers["personal"].analyse)
    assert result.next_question.technique == "strengths" and result.next_question.id != strengths.id


def test_no_sign_of_progress_question_straight_after_the_safety_question(bank, analysers):
    """Asked "how would I know things were getting better?" right after the safety question, Tom wrote about
    the housemate, and it went in his plan."""
    session, asked, _ = run(bank, analysers["personal"], [
        "i want a job at the garden centre", "yes", "jake takes my stuff and says he will hurt me if i tell", "i dont no"])
    after = asked[asked.index(next(q for q in asked if q.is_safety_check)) + 1]
    signs = {q.id for q in bank.questions if q.fills == "good_looks_like"}
    assert after.technique not in {"scaling", "negotiation"} and after.id not in signs
    # Later on, where the question that asks for signs of progress comes next (whatever technique it is filed under).
    session, asked, _ = run(bank, analysers["personal"], [
        "I'd love to get back to the bowling club", "yes", *["I'm not sure"] * 9,
        "jake takes my stuff and says he will hurt me if i tell", "i dont no"])
    assert asked[-2].is_safety_check and session.current.id not in signs


def test_covers_must_name_outcome_ids_of_the_framework(bank, tmp_path):
    from assistant.conversation.bank import parse_questions
    from assistant.errors import DataFileError
    from assistant.frameworks import load_framework

    ids = {name: set(load_framework(name).ids) for name in ("personal", "carer", "relational")}
    audience_framework = {"person": "personal", "carer": "carer", "relational": "relational"}
    from assistant.conversation.replies import TOLD

    for question in bank.questions:
        assert set(question.covers) <= ids[audience_framework[question.audience]] | set(TOLD), question.id
    entry = {"id": "x.1", "technique": "what_matters", "stage": "opening", "text": "How?", "plain": "How?",
             "covers": "carer.health_wellbeing"}
    with pytest.raises(DataFileError, match="covers"):
        parse_questions(tmp_path / "x.toml", {"audience": "carer", "questions": [entry]})


def test_the_read_back_question_reads_back_what_was_heard(bank, analysers):
    session, asked, _ = run(bank, analysers["personal"],
                            ["I want to see my son more", "I'd love to get back to church on a Sunday"] + ["I'm not sure"] * 30)
    read_back = [q for q in asked if q and q.id == "close.check_understanding.1"]
    assert read_back, [q.id for q in asked if q]
    heard = [o.words for o in session.flow.state.outcomes]
    assert heard and all(f"“{words}”" in read_back[0].text for words in heard)
    # With nothing heard there is nothing to read back: never asked.
    _, asked, _ = run(bank, analysers["personal"], ["I'm not sure"] * 30)
    assert "close.check_understanding.1" not in [q.id for q in asked if q]


def test_the_read_back_reads_the_board_as_it_is_now(bank, analysers, tmp_path):
    """Turned down on the board: not read back; reworded there: read back in the new words."""
    from assistant.storage import Store

    analyser = analysers["personal"]
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(bank, analyser.framework, "practitioner", store, "Jean")
        session.submit("I want to see my son more", analyser.analyse)
        session.submit("I'd love to get back to church on a Sunday", analyser.analyse)
        first, second = store.outcomes(session.conversation_id)
        session.decline(first["id"])
        session.reword(second["id"], "St Mary's on a Sunday morning")
        text = session.flow._render(bank.by_id("close.check_understanding.1")).text
        assert "“St Mary's on a Sunday morning”" in text and "son" not in text


def test_words_put_into_a_question_stay_as_typed(bank):
    question = bank.by_id("close.check_understanding.1")
    text = question.render("practitioner", topic="T", outcomes="“{topic} {outcome}”")
    assert "“{topic} {outcome}”" in text


def test_skip_moves_on_and_is_recorded(bank, analysers):
    session, asked, results = run(bank, analysers["personal"], ["/skip", "/skip"])
    assert results[0].skipped and asked[1].id != asked[0].id
    assert session.flow.turns[0].skipped


def test_safeguarding_answer_is_followed_by_a_safety_question(bank, analysers):
    _, asked, results = run(bank, analysers["relational"], ["My ex battered me last night and I'm scared to go home"])
    assert "safeguarding" in results[0].analysis["flags"]
    assert asked[1].technique == "risk" and "safety" in asked[1].id


def test_carers_get_carer_questions(bank, analysers):
    _, asked, _ = run(bank, analysers["carer"], ["I'm exhausted"])
    assert all(q.id.startswith("carer.") for q in asked)


def test_relational_pacing_is_gentler_early(bank, analysers):
    _, asked, _ = run(bank, analysers["relational"], ["I need a hostel place", "Just a hostel place", "Supported accommodation", "A key worker"])
    ladder = [q.technique for q in asked[1:4]]
    assert ladder.count("so_what") + ladder.count("reframe") == 2


def test_cowrite_uses_plain_first_person_words_without_codes(bank, analysers):
    _, asked, _ = run(bank, analysers["personal"], ["I want to see my son", "my sister helps"], mode="cowrite")
    for question in asked:
        assert "qol." not in question.text and "process." not in question.text


def test_proposed_outcomes_are_collected_in_the_person_words(bank, analysers):
    session, _, _ = run(bank, analysers["personal"], ["I'd love to see my grandchildren more"])
    collected = session.flow.state.outcomes
    assert collected and collected[0].outcome_ids[0] == "qol.seeing_people"
    assert "grandchildren" in collected[0].words


def test_topic_done_stops_the_ladder(bank, analysers):
    session, asked, _ = run(bank, analysers["personal"], ["They want to put a shower room in"])
    assert session.current.technique == "so_what"
    question = session.topic_done()
    assert question.technique not in {"so_what", "reframe"}


def test_ask_instead_and_own_question(bank, analysers):
    session, _, _ = run(bank, analysers["personal"], [])
    alternative = session.alternatives()[0]
    assert session.ask_instead(alternative).id == alternative.id
    own = session.ask_own("What would you like me to know about your garden?")
    assert own.id == "custom.1" and session.current.text.startswith("What would you like me")


def test_back_reasks_the_previous_question(bank, analysers):
    session, asked, _ = run(bank, analysers["personal"], ["I want to see my son"])
    again = session.back()
    assert again.id == asked[0].id
    assert session.flow.state.outcomes == []


@pytest.mark.parametrize("framework", ["personal", "carer", "relational"])
def test_never_more_than_three_ladder_questions_in_a_row(bank, analysers, framework):
    services = ["I need more hours of home help", "A carer in the morning", "a wet room", "meals on wheels",
                "a stairlift", "a place at the day centre", "a befriender", "more visits", "a key safe", "a hostel place"]
    _, asked, _ = run(bank, analysers[framework], services * 4)
    run_length = longest = 0
    for question in asked:
        run_length = run_length + 1 if question.technique in {"so_what", "reframe"} else 0
        longest = max(longest, run_length)
    assert 1 <= longest <= 3
    assert len({q.id for q in asked}) == len(asked)


def test_ladder_of_service_answers_stops_after_three_and_parks_the_topic(bank, analysers):
    """The ladder itself, with answers every model reads as services."""
    session, asked, _ = run(bank, analysers["personal"], [
        "I need more hours of home help", "A carer in the morning", "I get a carer three times a day",
        "They're putting a shower room in",
    ])
    techniques = [q.technique for q in asked]
    assert techniques[1:4] in (["so_what", "reframe", "so_what"], ["so_what", "so_what", "so_what"])
    assert techniques[4] not in {"so_what", "reframe"}
    assert session.flow.state.parked_topics


def test_the_board_shows_each_piece_of_evidence_once():
    """Two outcomes found from the same words list those words once, in the order found."""
    from assistant.conversation.records import AnswerReading

    reading = AnswerReading("difficulty", ({"id": "change.mobility", "evidence": ["stuck in the house", "March"]},
                                           {"id": "qol.things_to_do", "evidence": ["stuck in the house"]}))
    assert reading.evidence == ["stuck in the house", "March"]


def test_a_wished_for_service_gets_a_so_what(bank, analysers):
    session, asked, _ = run(bank, analysers["personal"], ["I'd like a wet room"])
    assert asked[1].technique in {"so_what", "reframe"} and "wet room" in asked[1].text


@pytest.mark.parametrize("technique, answer", [
    ("closing", "thursday at the drop in, mornings are better"),
    ("negotiation", "ring the housing office about the waiting list"),
])
def test_a_service_given_as_the_how_is_not_met_with_so_what(bank, analysers, technique, answer):
    """A time and place to meet, or a first step, is the arrangement for what was found, not a new topic."""
    analyser = analysers["relational"]
    session = ConversationSession.start_new(bank, analyser.framework, "cowrite")
    analyse = analyser.analyse
    for _ in range(40):
        if session.current.technique == technique:
            break
        session.submit("I'm not sure", analyse)
    assert session.current.technique == technique
    result = session.submit(answer, analyse)
    assert session.flow.turns[-2].analysis.kind == "service"
    assert result.next_question.technique not in {"so_what", "reframe"}
    assert not session.flow.state.ladder_topic


def test_a_service_the_person_turns_down_is_not_met_with_so_what(bank, analysers):
    """Their no stands: "the wellbeing group… not for me" is not asked "if that got sorted…"."""
    for answer in ("everyone keeps on at me to go to the wellbeing group. not for me",
                   "I don't want a shower room, I never asked for it"):
        session, asked, results = run(bank, analysers["relational"], [answer], mode="cowrite")
        assert session.flow.turns[0].analysis.turned_down, answer
        assert asked[1].technique not in {"so_what", "reframe"}, (answer, asked[1].text)
    _, asked, _ = run(bank, analysers["relational"], ["They want to put a shower room in"])
    assert asked[1].technique in {"so_what", "reframe"}  # a service arranged, not refused, still is


def test_what_the_person_is_good_at_is_a_strength_not_an_outcome(bank, analysers):
    analyser = analysers["relational"]
    session = ConversationSession.start_new(bank, analyser.framework, "cowrite")
    session.ask_own("What am I good at, or what do I enjoy?", "strengths")
    session.submit("fixing things. bikes mainly. and cooking, i do a decent curry", analyser.analyse)
    assert session.flow.state.strengths and not session.flow.state.outcomes


def test_a_strength_naming_someone_said_to_the_strengths_question_is_a_strength(bank, analysers):
    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    session.ask_own("What are you good at, or what do you enjoy?", "strengths")
    answer = "My daughter says I'm too stubborn to give up, and I did the church flowers for years"
    session.submit(answer, analysers["personal"].analyse)
    assert answer in session.flow.state.strengths and answer not in session.flow.state.network


def test_a_score_or_a_first_step_without_a_wish_is_not_a_new_outcome(bank, analysers):
    """A carer found "about a 3" and "the choir leader" on her board."""
    from assistant.conversation.flow import PlannedQuestion

    analyser = analysers["carer"]
    session = ConversationSession.start_new(bank, analyser.framework, "practitioner")
    session.submit("I'd love to get back to my choir on a Tuesday", analyser.analyse)
    for question_id, answer in (("carer.scaling.1", "about a 3 if im honest, some days a 2, it's been a rough month"),
                                ("carer.negotiation.1", "ring the choir leader, Pat, and ask about tuesdays")):
        question = bank.by_id(question_id)
        session.ask_instead(PlannedQuestion(question.id, question.text, question.technique, question.stage))
        session.submit(answer, analyser.analyse)
    assert len(session.flow.state.outcomes) == 1


def test_after_when_and_where_to_meet_only_anything_else_is_asked(bank, analysers):
    from assistant.conversation.flow import PlannedQuestion

    analyser = analysers["carer"]
    session = ConversationSession.start_new(bank, analyser.framework, "cowrite")
    session.submit("I'd love a proper night's sleep", analyser.analyse)
    meet = next(q for q in bank.questions if q.audience == "carer" and q.fills == "next_meeting")
    session.ask_instead(PlannedQuestion(meet.id, meet.plain, meet.technique, meet.stage))
    result = session.submit("thursday mornings at the carers centre", analyser.analyse)
    assert result.next_question.id.startswith("close.anything_else.")
    # "No, that's all" to "anything else?" ends it kindly, never with a new opening question.
    assert session.submit("no that's all", analyser.analyse).next_question.id.startswith("close.done.")


def test_an_outcome_said_twice_is_proposed_once(bank, analysers):
    session, _, _ = run(bank, analysers["personal"], ["I want to stay in my own home", "I'm not sure",
                                                       "I want to stay in my own home"])
    words = [o.words for o in session.flow.state.outcomes]
    assert len(words) == len(set(w.lower() for w in words)) and words


def test_an_outcome_said_again_in_fewer_words_is_neither_proposed_nor_checked_back_again(bank, analysers):
    session, asked, _ = run(bank, analysers["personal"], ["I want to see my son more, he lives in Leeds", "yes that's it",
                                                          "I'd feel like a proper dad again",
                                                          "seeing my son, like I said, that's the main thing"])
    words = [o.words for o in session.flow.state.outcomes]
    assert words.count("seeing my son more") == 1 and "seeing my son" not in words
    assert session.current.technique != "check_understanding"
    checked = [q.text for q in asked if q.technique == "check_understanding"]
    assert sum("seeing my son" in text for text in checked) == 1, checked
    # Seeing someone else is another outcome, not the same said again.
    session, _, _ = run(bank, analysers["personal"], ["I want to see my son more", "yes", "I want to see my daughter as well"])
    assert len([o for o in session.flow.state.outcomes if "seeing" in o.words]) == 2
    # Words that add something (a reviewer's cases) make it new, even when all the earlier words are in it.
    from assistant.conversation.flow import CollectedOutcome
    from assistant.conversation.replies import said_again

    for earlier, later in (("living on my own", "not living on my own"), ("keeping my flat", "keeping my flat and getting my kids back"),
                           ("seeing my kids", "seeing my kids without social there")):
        assert not said_again(later, ["x"], CollectedOutcome(earlier, ["x"], 0)), later


def test_someone_praised_to_any_question_goes_with_the_people_who_matter(bank, analysers):
    from assistant.conversation.flow import PlannedQuestion

    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    strengths = next(q for q in bank.questions if q.technique == "strengths" and not q.needs_topic)
    session.ask_instead(PlannedQuestion(strengths.id, strengths.plain, strengths.technique, strengths.stage))
    session.submit("my sister Pat is good to me", analysers["personal"].analyse)
    assert session.flow.state.network == ["my sister Pat is good to me"] and session.flow.state.strengths == []
    # Good *at* something, said to "what are you good at?", is the person's strength they share.
    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    session.ask_instead(PlannedQuestion(strengths.id, strengths.plain, strengths.technique, strengths.stage))
    session.submit("my son is good at fixing things, so am I", analysers["personal"].analyse)
    assert session.flow.state.network == []
    from assistant.conversation.replies import SOMEONE_PRAISED
    assert SOMEONE_PRAISED.search("my mum, shes been a rock")  # Shaz's mum, lost from "people who matter"


def test_a_possible_concern_is_never_followed_by_so_what_or_a_first_step(bank, analysers):
    """Priya: "Some nights I could just walk out that door and not come back" raised a possible concern,
    and the next question was "What would be a realistic first step towards that?"."""
    from dataclasses import replace

    analyser = analysers["carer"]
    walk_out = "Some nights I could just walk out that door and not come back, I'm that tired"

    def possible_concern(text):
        reading = analyser.analyse(text)
        if text != walk_out:
            return reading
        return replace(reading, kind="difficulty", flags=("safeguarding",), alert_certain=False,
                       alert_sentences=(walk_out,), topic="walk out that door")

    session = ConversationSession.start_new(bank, analyser.framework, "practitioner")
    session.submit("I want to get back to the church choir", possible_concern)
    session.submit("yes", possible_concern)
    nxt = session.submit(walk_out, possible_concern).next_question
    assert not nxt.is_safety_check  # a possible concern: raised as an alert, the conversation carries on
    assert nxt.technique not in {"so_what", "reframe", "negotiation", "scaling"} and "walk out" not in nxt.text
    assert nxt.id not in {q.id for q in bank.questions if q.fills == "good_looks_like"}


@pytest.mark.parametrize("mode", ["practitioner", "cowrite"])
def test_a_question_about_who_sees_this_is_answered_straight_away(bank, analysers, mode):
    """Shaz asked "is this going to social services??" and was asked whether she had somewhere safe to stay."""
    session, asked, _ = run(bank, analysers["relational"], [
        "i want to get my kids back at weekends", "ye", "im fine i said. is this going to social services??", "ye ok"], mode=mode)
    answer = asked[3]
    assert answer.id == "privacy.who_sees.1" and not answer.is_safety_check
    assert ("stays on this computer" in answer.text) == (mode == "cowrite") and "shar" in answer.text
    assert [o.words for o in session.flow.state.outcomes] == ["getting my kids back at weekends"]  # "ye ok" agrees nothing new
    assert session.current.id != "privacy.who_sees.1"
    assert "who sees" in session.why(answer)  # not "checking the notes say what I mean"


def test_a_concern_about_money_alone_gets_a_safety_question_about_money(bank, analysers):
    _, asked, results = run(bank, analysers["personal"], ["My grandson has got my bank card and I've not seen a penny"])
    assert asked[1].is_safety_check and "money" in asked[1].text
    _, asked, _ = run(bank, analysers["personal"], ["he hits me when he's had a drink"])
    assert asked[1].is_safety_check and "money" not in asked[1].text


def test_money_and_harm_together_get_the_general_safety_question(bank, analysers):
    _, asked, _ = run(bank, analysers["personal"], ["My grandson takes my pension and hits me if I ask for it"])
    assert asked[1].is_safety_check and "money" not in asked[1].text


def test_money_owed_to_someone_who_has_the_person_hold_things_gets_the_general_safety_question(bank, analysers):
    """Jordan's "sort my money out… an older lad keeps asking me to hold stuff at mine n i owe him" was met by
    "have I got what I need for today (food, gas, electric)?": criminal exploitation, not money alone."""
    _, asked, _ = run(bank, analysers["relational"], [
        "sort my money out so im not skint all the time. theres an older lad keeps asking me to hold stuff at mine n i owe him"])
    assert asked[1].is_safety_check and "gas" not in asked[1].text


def test_what_must_go_in_the_plan_is_collected_even_without_a_wish(bank, analysers):
    """Gary's "sleep. put sleep in." to "what's the one thing that must go in the plan?" went nowhere: an outcome
    with no wish, said to a planning question, was taken as the how of one already found."""
    session, _, _ = run(bank, analysers["carer"], ["I want to keep my job at the depot, that's the main thing"])
    from assistant.conversation.flow import PlannedQuestion

    closing = bank.by_id("carer.closing.1")
    session.ask_instead(PlannedQuestion(closing.id, closing.text, closing.technique, closing.stage))
    session.submit("sleep. put sleep in.", analysers["carer"].analyse)
    assert [o.words for o in session.flow.state.outcomes][-1] == "sleep"
    # A first step is still the how of an outcome already found.
    session, _, _ = run(bank, analysers["carer"], ["I want to keep my job at the depot, that's the main thing"])
    step = next(q for q in bank.questions if q.technique == "negotiation" and q.id.startswith("carer."))
    session.ask_instead(PlannedQuestion(step.id, step.text.replace("{topic}", "keeping my job"), step.technique, step.stage))
    session.submit("ring the union rep", analysers["carer"].analyse)
    assert len(session.flow.state.outcomes) == 1


def test_her_in_a_wish_names_the_person_said_just_before(bank, analysers):
    """Kerry-Ann's nan wish was checked back as "seeing her more": out of its answer, "her" is nobody."""
    session, asked, _ = run(bank, analysers["personal"], ["my nan is in the home she is 90", "i want to see her more"])
    assert "seeing my nan more" in asked[-1].text and [o.words for o in session.flow.state.outcomes] == ["seeing my nan more"]
    # Two people who could be "her": the words stay as said, never a guess.
    session, asked, _ = run(bank, analysers["personal"], ["my mum and my sister live in Bolton", "i want to see her more"])
    assert [o.words for o in session.flow.state.outcomes] == ["seeing her more"]


@pytest.mark.parametrize("wish, before, named", [
    ("looking after her at home", ["My wife has dementia now"], "looking after my wife at home"),
    ("having them back at weekends", ["my kids are in foster care"], "having them back at weekends"),  # "them": people or things
    ("seeing her more", ["My nan is in a home now", "Sarah from my old school, I'd like to see her more"], "seeing her more"),
    ("seeing her kids more", ["My sister is in prison", "I want to see her kids more"], "seeing her kids more"),
    ("getting them back", ["My mates nicked all my tools", "I want to get them back"], "getting them back"),
    ("seeing him more", ["my nan is 90"], "seeing him more"),  # "him" is not the nan
    ("seeing her and him", ["my mum and my dad"], "seeing her and him"),
    ("making her own tea", ["my daughter"], "making her own tea"),  # nobody to name: "her own"
])
def test_naming_who(wish, before, named):
    from assistant.conversation.wording import naming_who

    assert naming_who(wish, before) == named


def test_a_sign_of_progress_is_not_taken_for_a_strength(bank, analysers):
    """ "i see nan evry sunday" to "how would I know things were getting better?" went under what Kerry-Ann
    can already do: it is what good would look like."""
    from assistant.conversation.flow import PlannedQuestion

    session, _, _ = run(bank, analysers["personal"], ["I want to see my nan more, she's in a home"], mode="cowrite")
    signs = bank.by_id("plan.scaling.1")
    session.ask_instead(PlannedQuestion(signs.id, signs.plain, signs.technique, signs.stage))
    session.submit("i see nan evry sunday", analysers["personal"].analyse)
    assert not any("evry sunday" in s for s in [*session.flow.state.strengths, *session.flow.state.network])


@pytest.mark.parametrize("thumbs", ["👍", "👍🏽", "no 👍", "✅"])
def test_a_thumbs_up_to_anything_else_closes_and_to_a_check_back_agrees(bank, analysers, thumbs):
    """Kerry-Ann typed "👍" to "anything else?" and was asked "What else is on my mind?"."""
    from assistant.conversation.flow import PlannedQuestion
    from assistant.conversation.replies import YES

    session = ConversationSession.start_new(bank, analysers["personal"].framework, "cowrite")
    session.submit("i want to go to the disko on frday", analysers["personal"].analyse)
    session.ask_instead(PlannedQuestion("close.anything_else.1", "Is there anything else I'd like to add?", "closing", "closing"))
    result = session.submit(thumbs, analysers["personal"].analyse)
    assert result.next_question.id == "close.done.1"
    assert bool(YES.match(thumbs)) is (not thumbs.startswith("no"))


def test_two_things_that_would_get_done_are_still_how_things_would_be(bank, analysers):
    """Marcus, training: "More hours from my support worker", then "the flat would be tidier and the shopping
    would get done" was met with "who could help you with that?", one rung short of a change in life."""
    _, asked, _ = run(bank, analysers["personal"], ["More hours from my support worker",
                                                     "Well the flat would be tidier and the shopping would get done."])
    assert asked[1].technique == "so_what" and "“more hours”" in asked[1].text
    assert asked[2].technique in {"so_what", "reframe"} and "that" in asked[2].text.lower()


def test_someone_named_in_a_wish_does_not_stand_for_the_people_who_matter(bank, analysers):
    """Marcus's plan said "People who matter: None recorded yet." after a conversation full of his sister:
    named only inside wishes, she made the question about people count as asked."""
    session, asked, _ = run(bank, analysers["personal"], ["I want to see my sister more, she's in Cardiff", "yes",
                                                          "I'd feel less lonely", "yes that's it", "I used to be a chef",
                                                          "our Bev, my sister, and the lads from the pub quiz"])
    assert any(q.technique == "network" for q in asked[:-1])
    assert "our Bev, my sister, and the lads from the pub quiz" in session.flow.state.network


@pytest.mark.parametrize("told", ["I've always worked, I do the books at the chippy", "I work shifts at the Co-op",
                                  "I worked in the mill for thirty years"])
def test_work_already_told_of_is_not_asked_about(told):
    """Tariq heard "Tell me about the work or roles you've had" straight after "I've always worked, I do the
    books at the chippy"."""
    from assistant.conversation.replies import TOLD

    assert TOLD["told.work_history"].search(told)
    assert not TOLD["told.work_history"].search("I cook for my mum every night")
    assert not TOLD["told.work_history"].search("I want to work again")


def test_a_yes_then_and_another_thing_adds_it(bank, analysers):
    """Lorraine: "Yeah. And keeping the flat, really." to the check-back was taken as a plain yes; the flat,
    her main wish, never reached the board."""
    session, asked, _ = run(bank, analysers["personal"], [
        "Honestly, getting on top of the rent. I've lost hours at work. I just want to stop dreading the post.",
        "Yeah. And keeping the flat, really. I can't lose the flat, not with my mum round the corner."])
    assert [o.words for o in session.flow.state.outcomes] == ["not dreading the post", "keeping the flat"]
    assert "keeping the flat" in asked[-1].text
    # A plain yes still only agrees.
    session, _, _ = run(bank, analysers["personal"], ["I just want to stop dreading the post.", "Yeah, that's it."])
    assert [o.words for o in session.flow.state.outcomes] == ["not dreading the post"]


def test_a_long_run_of_thumbs_is_read_at_once():
    """A reviewer's case: "no thanks" and forty thumbs then a word took minutes (a repeat inside a repeat).
    Read in a child process that must finish, so a regression fails rather than hangs the suite."""
    import subprocess
    import sys

    code = ("from assistant.conversation.replies import NOTHING_MORE, YES\n"
            "t = 'no thanks ' + '\\U0001F44D ' * 40\n"
            "assert NOTHING_MORE.match(t) and not NOTHING_MORE.match(t + 'x') and not YES.match(t + 'x')\n")
    done = subprocess.run([sys.executable, "-c", code], timeout=120, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def test_no_to_a_check_back_asks_for_the_right_words(bank, analysers):
    """Jordan: "nah theyre 2 different things. the course is one and the flat is another" to the check-back of
    "finishing my plastering course and getting my own flat" was passed over for when to meet again."""
    session, asked, _ = run(bank, analysers["relational"], [
        "i wanna finish my plastering course and get my own flat",
        "nah theyre 2 different things. the course is one and the flat is another",
        "finishing my course. getting my own flat"], mode="cowrite")
    assert asked[2].id.startswith("reword.") and "own words" in asked[2].text
    assert [o.words for o in session.flow.state.outcomes] == ["finishing my course"]
    assert asked[3].technique == "check_understanding" and "finishing my course" in asked[3].text
    # A no with a wish of its own is that wish; a yes is a yes.
    session, asked, _ = run(bank, analysers["personal"], ["I'd love to see my grandson more",
                                                          "No, it's more about getting my confidence back"])
    assert not asked[2].id.startswith("reword.")
    session, asked, _ = run(bank, analysers["personal"], ["I'd love to see my grandson more", "Yes, that's it"])
    assert not asked[2].id.startswith("reword.") and [o.words for o in session.flow.state.outcomes] == ["seeing my grandson more"]


def test_a_first_step_said_as_a_doing_is_the_step_and_a_wish_said_as_one_is_new(bank, analysers):
    """"Ringing the council about a Discretionary Housing Payment, with my sister", said to "what could be a first
    step?", went on the board as a second outcome once a model read it as an outcome."""
    from assistant.conversation.flow import PlannedQuestion

    for said, outcomes in (("Ringing the council about a Discretionary Housing Payment, with my sister", 1),
                           ("I'd like to get back to church too, that matters", 2)):
        session, _, _ = run(bank, analysers["personal"], ["I just want to keep the flat, that's the main thing", "Yes, that's it"])
        step = bank.by_id("explore.negotiation.1")
        session.ask_instead(PlannedQuestion(step.id, step.text, step.technique, step.stage))
        session.submit(said, analysers["personal"].analyse)
        assert len(session.flow.state.outcomes) == outcomes, said


def test_no_to_a_read_back_of_everything_or_a_no_that_agrees_keeps_the_outcomes(bank, analysers):
    """A code review: "No, that's everything" to "What have I missed or got wrong?", and "No, that's right" to a
    check-back, took the last outcome out of what is read back and asked for the right words."""
    from assistant.conversation.flow import PlannedQuestion

    session, asked, _ = run(bank, analysers["personal"], ["I'd love to see my grandson more", "No, that's right"])
    assert not asked[2].id.startswith("reword.") and len(session.flow.state.outcomes) == 1
    session, _, _ = run(bank, analysers["personal"], ["I'd love to see my grandson more", "Yes, that's it"])
    close = next(q for q in bank.questions if q.technique == "check_understanding" and q.reads_back and q.id.startswith("close."))
    session.ask_instead(PlannedQuestion(close.id, close.text.replace("{outcomes}", "“seeing my grandson more”"), close.technique,
                                        close.stage))
    result = session.submit("No, that's everything", analysers["personal"].analyse)
    assert not result.next_question.id.startswith("reword.") and len(session.flow.state.outcomes) == 1


def test_a_closing_answer_naming_what_is_on_the_board_adds_nothing(bank, analysers):
    """A code review: "no just what we said, keeping the flat" to "anything else?" added a second outcome."""
    from assistant.conversation.flow import PlannedQuestion

    session, _, _ = run(bank, analysers["personal"], ["I just want to keep the flat, that's the main thing", "Yes, that's it"])
    session.ask_instead(PlannedQuestion("close.anything_else.1", "Is there anything else you'd like to add?", "closing", "closing"))
    session.submit("no just what we said, keeping the flat", analysers["personal"].analyse)
    assert len(session.flow.state.outcomes) == 1


def test_a_reassurance_around_an_overdose_still_gets_the_safety_question(bank, analysers):
    """A code review: quoting each alert sentence once (none inside another) left "im fine i took all me tablets"
    looking like a reassurance alone, and no second safety question was asked."""
    _, asked, results = run(bank, analysers["personal"], ["my stepdad hits me", "im fine i took all me tablets an hour ago"])
    assert "safeguarding" in results[1].reading.flags and asked[2].is_safety_check

"""A conversation a person can trust: nothing leaked, alerts acted on, the flow listens. No terminal."""


import pytest

from assistant.conversation.bank import load_bank
from assistant.conversation.session import ConversationSession
from assistant.errors import AssistantError
from assistant.plan.model import build_plan
from assistant.plan.render import render
from assistant.storage import Store

from ..conftest import run_cli

DISCLOSURE = "My nephew takes my bank card and leaves me short every week"
SUICIDAL = "Sometimes I think about ending it"


@pytest.fixture
def bank():
    return load_bank()


def _session(tmp_path, analysers, framework="personal", mode="practitioner", name="Ann"):
    store = Store(tmp_path / "o.db")
    return store, ConversationSession.start_new(load_bank(), analysers[framework].framework, mode, store, name)


def test_a_persons_copy_never_quotes_an_answer_that_raised_an_alert(tmp_path, analysers):
    store, session = _session(tmp_path, analysers)
    analyse = analysers["personal"].analyse
    for answer in ["I'd love to get back to the bowling club", "I used to be a postmistress", DISCLOSURE, SUICIDAL,
                   "My sister is round the corner"]:
        session.submit(answer, analyse)
    for row in session.board():
        session.agree(row.id)
    plan = build_plan(store, session.conversation_id, session.framework)
    for fmt in ("md", "html", "docx"):
        person = render(plan, session.framework, fmt, include_safeguarding=False)
        text = person.decode("utf-8", "ignore") if fmt != "docx" else _docx_text(person)
        for words in ("bank card", "ending it", "nephew"):
            assert words not in text, (fmt, words)
        practitioner = render(plan, session.framework, fmt, include_safeguarding=True)
        text = practitioner.decode("utf-8", "ignore") if fmt != "docx" else _docx_text(practitioner)
        assert "bank card" in text  # the practitioner's copy keeps the alert
    store.close()


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_the_practitioner_can_include_a_held_back_item_one_by_one(tmp_path, analysers):
    from assistant.conversation.flow import CollectedOutcome, PlannedQuestion

    with Store(tmp_path / "o.db") as store:
        cid = store.create_conversation("Ann", "personal", "practitioner")
        answer = "I want him to stop taking my pension, then I could go to the lunch club again"
        turn = store.add_question(cid, PlannedQuestion("q1", "What matters to you?", "what_matters", "opening"))
        store.save_answer_text(cid, turn, answer)
        # A weaker alert: the conversation went on and an outcome was proposed from the same answer.
        store.save_analysis(cid, turn, {"kind": "outcome", "outcomes": [], "flags": ["safeguarding"]}, alert=True,
                            outcomes=[CollectedOutcome("going to the lunch club again", ["qol.things_to_do"], 0)])
        store.update_outcome(store.outcomes(cid)[0]["id"], status="accepted")
        framework = analysers["personal"].framework
        plan = build_plan(store, cid, framework)
    held = plan["held_back"]
    assert [h["words"] for h in held] == ["going to the lunch club again"] and not held[0]["include"]
    # In the practitioner's plan, to be planned like any other; marked, and out of the person's copy.
    assert [(o["words"], o["held_back"]) for o in plan["outcomes"]] == [("going to the lunch club again", True)]
    practitioner = render(plan, framework, "md").decode()
    assert "### 1. going to the lunch club again" in practitioner and "Held back from the person's copy" in practitioner
    assert "lunch club" not in render(plan, framework, "md", include_safeguarding=False).decode()
    plan["held_back"][0]["include"] = True
    person = render(plan, framework, "md", include_safeguarding=False).decode()
    assert "lunch club" in person and "pension" not in person
    # ...and "what matters" in the person's copy names it (Lorraine's "keeping the flat" was left out there).
    assert "Going to the lunch club again." in person
    # The practitioner's copy names it in "what matters" too (the two copies disagreed for Priya).
    assert "Going to the lunch club again." in render(plan, framework, "md").decode()


def test_an_included_strength_is_in_the_practitioners_copy_as_well(tmp_path, analysers):
    store, session = _session(tmp_path, analysers)
    session.submit("I'd love to get back to the bowling club", analysers["personal"].analyse)
    session.submit(DISCLOSURE, analysers["personal"].analyse)
    plan = build_plan(store, session.conversation_id, session.framework)
    plan["held_back"].append({"section": "strengths", "words": "I was a postmistress for thirty years", "include": True})
    for copy in (render(plan, session.framework, "md").decode(),
                 render(plan, session.framework, "md", include_safeguarding=False).decode()):
        assert "I was a postmistress for thirty years" in copy
    store.close()


def test_an_outcome_from_another_answer_that_repeats_an_alert_is_held_back_not_lost(tmp_path, analysers):
    """The person's copy leaves out anything repeating an alert answer; the practitioner sees it and decides."""
    from assistant.conversation.flow import CollectedOutcome, PlannedQuestion

    with Store(tmp_path / "o.db") as store:
        cid = store.create_conversation("Arthur", "personal", "practitioner")
        first = store.add_question(cid, PlannedQuestion("q1", "What matters to you?", "what_matters", "opening"))
        store.save_answer_text(cid, first, "I'd sleep in my own bed again. My grandson has my bank card and I never see the money")
        store.save_analysis(cid, first, {"kind": "outcome", "outcomes": [], "flags": ["safeguarding"]}, alert=True)
        second = store.add_question(cid, PlannedQuestion("q2", "What would a good day be?", "good_day", "opening"))
        store.save_answer_text(cid, second, "Sleeping upstairs in my own bed again, not on the settee")
        store.save_analysis(cid, second, {"kind": "outcome", "outcomes": [], "flags": []},
                            outcomes=[CollectedOutcome("sleeping upstairs in my own bed again", ["qol.living_as_you_want"], 0)])
        store.update_outcome(store.outcomes(cid)[0]["id"], status="accepted")
        framework = analysers["personal"].framework
        plan = build_plan(store, cid, framework)
    assert [o["words"] for o in plan["outcomes"] if o.get("held_back")] == ["sleeping upstairs in my own bed again"]
    assert [h["words"] for h in plan["held_back"]] == ["sleeping upstairs in my own bed again"]
    assert "sleeping upstairs" not in render(plan, framework, "md", include_safeguarding=False).decode()
    plan["held_back"][0]["include"] = True
    person = render(plan, framework, "md", include_safeguarding=False).decode()
    assert "sleeping upstairs" in person and "bank card" not in person


def test_what_the_persons_copy_leaves_out_is_named(tmp_path, analysers):
    from assistant.plan.model import left_out_of_person_copy

    store, session = _session(tmp_path, analysers)
    session.submit(DISCLOSURE, analysers["personal"].analyse)
    session.submit("I'd love to get back to the bowling club", analysers["personal"].analyse)
    plan = build_plan(store, session.conversation_id, session.framework)
    assert left_out_of_person_copy(plan) == []
    plan["strengths"] = ["bowls", "my nephew takes my bank card"]  # typed in by mistake
    assert left_out_of_person_copy(plan) == ["my nephew takes my bank card"]
    store.close()


def test_an_alert_checked_and_closed_as_no_concern_holds_nothing_back(tmp_path, analysers):
    """Priya recorded "no concern" for a false alarm; its words (and her own outcome repeating them) still
    vanished from Janet's copy, and where to meet was held back as if there were a concern."""
    from assistant.conversation.flow import CollectedOutcome, PlannedQuestion
    from assistant.conversation.records import NO_CONCERN
    from assistant.conversation.session import acknowledge_alert

    with Store(tmp_path / "o.db") as store:
        cid = store.create_conversation("Janet", "personal", "practitioner")
        first = store.add_question(cid, PlannedQuestion("q1", "What matters to you?", "what_matters", "opening"))
        store.save_answer_text(cid, first, "Meet the sitting lady first, have her come round for a cuppa with Femi and me")
        store.save_analysis(cid, first, {"kind": "outcome", "outcomes": [], "flags": ["safeguarding"], "alert_certain": False},
                            alert=True, outcomes=[CollectedOutcome("meeting the sitting lady first", ["qol.control"], 0)])
        meet = next(q for q in load_bank().questions if q.fills == "next_meeting")
        second = store.add_question(cid, PlannedQuestion(meet.id, meet.text, meet.technique, meet.stage))
        store.save_answer_text(cid, second, "Tuesday mornings at home")
        store.save_analysis(cid, second, {"kind": "other", "outcomes": [], "flags": []})
        store.update_outcome(store.outcomes(cid)[0]["id"], status="accepted")
        framework = analysers["personal"].framework
        held = build_plan(store, cid, framework)
        assert [h["words"] for h in held["held_back"]] == ["meeting the sitting lady first", "Tuesday mornings at home"]
        alert = store.alerts(cid)[0]
        acknowledge_alert(store, cid, alert["id"], NO_CONCERN)
        plan = build_plan(store, cid, framework)
    assert plan["held_back"] == [] and not any(o.get("held_back") for o in plan["outcomes"])
    person = render(plan, framework, "md", include_safeguarding=False).decode()
    assert "meeting the sitting lady first" in person and "Tuesday mornings at home" in person
    assert "cuppa" in render(plan, framework, "md", include_safeguarding=True).decode()  # the record keeps the alert


def _agreed_from_an_alert(store, name, framework, mode, answer, outcome, area, certain) -> int:
    """A conversation whose one answer raised an alert (sure, or a possible concern) and gave an agreed outcome."""
    from assistant.conversation.flow import CollectedOutcome, PlannedQuestion

    cid = store.create_conversation(name, framework, mode)
    turn = store.add_question(cid, PlannedQuestion("q1", "What matters to you?", "what_matters", "opening"))
    store.save_answer_text(cid, turn, answer)
    store.save_analysis(cid, turn, {"kind": "outcome", "outcomes": [], "flags": ["safeguarding"], "alert_certain": certain},
                        alert=True, outcomes=[CollectedOutcome(outcome, [area], 0)])
    store.update_outcome(store.outcomes(cid)[0]["id"], status="accepted")
    return cid


def test_a_saved_version_releases_what_a_possible_concern_closed_since_held_back(tmp_path, analysers):
    """Shaz saved her plan before Dee closed the "lol" alert as no concern: her outcome stayed out of her copy."""
    from assistant.conversation.records import NO_CONCERN
    from assistant.conversation.session import acknowledge_alert
    from assistant.plan.model import latest_plan

    with Store(tmp_path / "o.db") as store:
        cid = _agreed_from_an_alert(store, "Shaz", "relational", "cowrite",
                                    "feel like me again, nails done n nights out wiv the girls (not THAT kind of going out lol)",
                                    "feel like me again", "soft.confidence", certain=False)
        framework = analysers["relational"].framework
        store.save_plan_version(cid, build_plan(store, cid, framework), "person")
        assert [h["words"] for h in latest_plan(store, cid, framework)[0]["held_back"]] == ["feel like me again"]
        acknowledge_alert(store, cid, store.alerts(cid)[0]["id"], NO_CONCERN)
        plan, _ = latest_plan(store, cid, framework)
    assert plan["held_back"] == [] and not plan["outcomes"][0]["held_back"]
    person = render(plan, framework, "md", include_safeguarding=False).decode()
    assert "feel like me again" in person


def test_the_same_words_typed_for_an_alert_the_rules_were_sure_of_hold_everything_back_still(tmp_path, analysers):
    """A reviewer closed "my son hits me" with the no-concern words through `outcomes alerts`; its words went into
    the person's copy. Only a possible concern can be closed so."""
    from assistant.conversation.records import NO_CONCERN
    from assistant.conversation.session import acknowledge_alert

    with Store(tmp_path / "o.db") as store:
        cid = _agreed_from_an_alert(store, "Ann", "personal", "practitioner",
                                    "I want to see my grandson, but my son hits me when he's had a drink",
                                    "seeing my grandson", "qol.seeing_people", certain=True)
        acknowledge_alert(store, cid, store.alerts(cid)[0]["id"], NO_CONCERN)
        framework = analysers["personal"].framework
        plan = build_plan(store, cid, framework)
    assert [h["words"] for h in plan["held_back"]] == ["seeing my grandson"]
    assert "grandson" not in render(plan, framework, "md", include_safeguarding=False).decode()


def test_a_sign_or_step_that_the_persons_copy_leaves_out_is_named(tmp_path, analysers):
    from assistant.plan.model import left_out_of_person_copy

    store, session = _session(tmp_path, analysers)
    session.submit("I'd love to get back to the bowling club", analysers["personal"].analyse)
    session.submit(DISCLOSURE, analysers["personal"].analyse)
    for row in session.board():
        session.agree(row.id)
    plan = build_plan(store, session.conversation_id, session.framework)
    bowls = next(o for o in plan["outcomes"] if "bowling" in o["words"])
    bowls["good_looks_like"] = "down the club on Thursdays"
    bowls["milestones"] = [{"what": "ring the club", "by": ""}, {"what": "my nephew gives my bank card back", "by": ""}]
    assert left_out_of_person_copy(plan) == ["my nephew gives my bank card back"]
    store.close()


def test_a_saved_version_edited_by_hand_is_still_filtered_for_the_person(tmp_path, analysers):
    store, session = _session(tmp_path, analysers)
    session.submit(DISCLOSURE, analysers["personal"].analyse)
    plan = build_plan(store, session.conversation_id, session.framework)
    plan["strengths"] = ["my nephew takes my bank card"]  # typed in by mistake
    person = render(plan, session.framework, "md", include_safeguarding=False).decode()
    assert "bank card" not in person
    store.close()


def test_an_alert_cannot_be_acknowledged_with_nothing_done(tmp_path, analysers):
    store, session = _session(tmp_path, analysers)
    result = session.submit(DISCLOSURE, analysers["personal"].analyse)
    assert result.alert is not None and result.alert.sentences
    for empty in ("", "   ", "\t"):
        with pytest.raises(AssistantError, match="what has been or will be done"):
            session.acknowledge(result.alert.id, empty)
    assert session.unacknowledged_alerts()
    session.acknowledge(result.alert.id, "Talked it through; referred to adult safeguarding")
    assert not session.unacknowledged_alerts()
    store.close()


def test_alerts_command_lists_and_acknowledges_with_the_same_rules(tmp_path, analysers):
    db = tmp_path / "o.db"
    run = run_cli("converse", "--framework", "personal", "--json", "--db", str(db), "--name", "Ann", input=DISCLOSURE + "\n")
    assert run.returncode == 0
    listed = run_cli("alerts", "--db", str(db))
    out = listed.stdout.decode()
    assert listed.returncode == 0 and "WAITING" in out and "bank card" in out
    refused = run_cli("alerts", "1", "--db", str(db), "--acknowledge", "1", "--action", "  ")
    assert refused.returncode != 0 and "done" in refused.stderr.decode() and "Traceback" not in refused.stderr.decode()
    done = run_cli("alerts", "1", "--db", str(db), "--acknowledge", "1", "--action", "Rang the safeguarding team")
    assert done.returncode == 0
    assert "acknowledged" in run_cli("alerts", "--db", str(db)).stdout.decode()


def test_cowritten_plans_wait_for_the_practitioner_before_export(tmp_path, analysers):
    db = tmp_path / "o.db"
    run_cli("converse", "--framework", "personal", "--mode", "cowrite", "--json", "--db", str(db), "--name", "Ann",
            input=SUICIDAL + "\n")
    refused = run_cli("plan", "export", "--format", "md", "--out", str(tmp_path / "p.md"), "--db", str(db))
    assert refused.returncode != 0 and "--acknowledge" in refused.stderr.decode()
    run_cli("alerts", "--db", str(db), "--acknowledge", "1", "--action", "Safety plan made together; GP tomorrow")
    done = run_cli("plan", "export", "--format", "md", "--out", str(tmp_path / "p.md"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "ending it" not in (tmp_path / "p.md").read_text()


def test_an_answer_saved_but_never_read_is_read_before_anything_reports_on_it(tmp_path, analysers):
    db = tmp_path / "o.db"
    with Store(db) as store:
        session = ConversationSession.start_new(load_bank(), analysers["personal"].framework, "practitioner", store, "Ann")
        session.record_answer(DISCLOSURE)  # the process is killed here, before the analysis
    report = run_cli("plan", "export", "--format", "md", "--out", str(tmp_path / "p.md"), "--db", str(db))
    assert report.returncode == 0, report.stderr
    text = (tmp_path / "p.md").read_text()
    assert "None raised" not in text and "bank card" in text and "NOT YET ACKNOWLEDGED" in text


def test_the_plan_says_not_yet_checked_instead_of_none_raised(tmp_path, analysers):
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(load_bank(), analysers["personal"].framework, "practitioner", store, "Ann")
        session.record_answer("I'd like to get out more")
        plan = build_plan(store, session.conversation_id, session.framework)
    assert plan["unchecked"] == 1
    text = render(plan, session.framework, "md", include_safeguarding=True).decode()
    assert "None raised" not in text and "NOT YET CHECKED" in text


def test_topic_done_is_kept_and_honoured_after_resume(tmp_path, analysers, bank):
    analyse = analysers["personal"].analyse
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner", store, "Ann")
        session.submit("They want to put a stairlift in", analyse)
        assert session.current.technique == "so_what"
        after = session.topic_done()
        assert after.technique not in {"so_what", "reframe"}
        assert not bank.by_id(after.id).refers_back if after.id in {q.id for q in bank.questions} else True
        resumed = ConversationSession.resume(bank, analysers["personal"].framework, store, session.conversation_id, analyse)
        assert resumed.current.id == after.id
        assert resumed.flow.turns[-1].topic_done
        assert "stairlift" in resumed.flow.state.done_topics[0]


def test_nothing_refers_back_to_a_topic_that_is_done(tmp_path, analysers, bank):
    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    session.submit("I'd love to get back to the bowling club", analysers["personal"].analyse)
    for _ in range(6):
        question = session.topic_done()
        assert question.id not in {q.id for q in bank.questions} or not bank.by_id(question.id).refers_back
        session.submit("I'm not sure", analysers["personal"].analyse)


def test_a_reply_to_the_safety_question_is_never_an_outcome(analysers, bank):
    session = ConversationSession.start_new(bank, analysers["relational"].framework, "practitioner")
    session.submit("My ex battered me last night and I'm scared to go home", analysers["relational"].analyse)
    assert session.current.is_safety_check
    session.submit("I'm at my mum's tonight, I want to feel safe and get my own place away from him",
                   analysers["relational"].analyse)
    assert session.flow.state.outcomes == []


def test_a_scaling_answer_is_a_score_not_an_outcome(analysers, bank):
    from assistant.conversation.flow import PlannedQuestion

    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    session.ask_instead(PlannedQuestion("explore.scaling.1", "On a scale of 1 to 10, where are you with that now?", "scaling", "planning"))
    session.submit("About a 4, maybe a 5 on a good day", analysers["personal"].analyse)
    assert session.flow.state.outcomes == [] and session.flow.state.scores[0][1] == 4


def test_proposals_are_the_outcome_phrase_not_the_whole_answer(analysers, bank):
    session = ConversationSession.start_new(bank, analysers["relational"].framework, "practitioner")
    session.submit("Honestly all I want is to keep this flat. I was on the streets for a year before I got it, "
                   "and the hostel before that was no better.", analysers["relational"].analyse)
    collected = session.flow.state.outcomes
    assert collected and collected[0].words == "keeping this flat"
    assert "keeping this flat" in session.current.text and "streets" not in session.current.text


def test_people_named_means_the_network_is_not_asked_again(analysers, bank):
    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    session.submit("My sister's round the corner and my neighbour Pat pops in most days", analysers["personal"].analyse)
    asked = []
    for _ in range(20):
        asked.append(session.current)
        session.submit("I don't know really", analysers["personal"].analyse)
    assert not [q for q in asked if q.technique == "network"]


def test_the_plan_summary_reads_as_a_sentence_and_has_room_to_sign(tmp_path, analysers):
    store, session = _session(tmp_path, analysers)
    for answer in ["I'd love to get back to the bowling club.", "I'd like to learn to use a tablet;"]:
        session.submit(answer, analysers["personal"].analyse)
    for row in session.board():
        session.agree(row.id)
    plan = build_plan(store, session.conversation_id, session.framework)
    assert ".;" not in plan["summary"] and plan["summary"].endswith(".") and " and " in plan["summary"]
    text = render(plan, session.framework, "md").decode()
    assert text.count("Signed") >= 3 and "Date" in text
    store.close()


def test_the_journey_never_quotes_an_answer_that_raised_an_alert(tmp_path):
    from assistant.plan.model import journey_for_the_person

    journey = {"person": "Ann", "cowrite": False, "outcomes": [{"words": "seeing my son", "original_words": "seeing my son",
               "points": [{"on": "2026-11-01", "label": "Review 1", "rating": 4, "said": "about a 4",
                           "helped": "my nephew takes my bank card so I can't get the bus"}]}]}
    shown = journey_for_the_person(journey, [DISCLOSURE])
    point = shown["outcomes"][0]["points"][0]
    assert point["helped"] == "" and point["said"] == "about a 4"

    journey["outcomes"].append({"words": "Feeling less low", "original_words": "Feeling less low", "points": []})
    shown = journey_for_the_person(journey, [DISCLOSURE, "Feeling less low. Some nights I still cut to get through it"])
    assert [o["words"] for o in shown["outcomes"]] == ["seeing my son"]  # an outcome from an alert answer goes whole


def test_an_outcome_held_back_from_the_persons_plan_is_out_of_its_journey_too():
    """Dean's "seeing my daughter again" came from an answer that raised an alert but shares no run of words
    with it: held back by the answer, it was out of his plan and still in "My journey so far"."""
    from assistant.plan.model import person_copy

    point = {"on": "2026-11-01", "label": "Review 1", "rating": 4, "said": "she rang me on Sunday"}
    plan = {"person": "Dean", "summary": "", "held_back": [], "alerts": [],
            "outcomes": [{"words": "seeing my daughter again", "original_words": "seeing my daughter again", "held_back": True},
                         {"words": "getting back on the tools", "original_words": "getting back on the tools"}],
            "journey": {"person": "Dean", "cowrite": False, "outcomes": [
                {"words": "seeing my daughter again", "original_words": "seeing my daughter again", "points": [point]},
                {"words": "getting back on the tools", "original_words": "getting back on the tools", "points": [point]}]}}
    assert [o["words"] for o in person_copy(plan)["journey"]["outcomes"]] == ["getting back on the tools"]
    plan["held_back"] = [{"section": "outcomes", "words": "seeing my daughter again",
                          "original_words": "seeing my daughter again", "include": True}]
    assert len(person_copy(plan)["journey"]["outcomes"]) == 2  # once the practitioner includes it, it is there
    # Set aside at a review ("no longer wanted"), it leaves the plan's outcomes but not its held-back list
    # nor the journey: still out of the person's copy.
    plan["outcomes"] = plan["outcomes"][1:]
    plan["held_back"][0]["include"] = False
    assert [o["words"] for o in person_copy(plan)["journey"]["outcomes"]] == ["getting back on the tools"]


def test_every_new_disclosure_gets_its_own_safety_check(analysers, bank):
    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    analyse = analysers["personal"].analyse
    session.submit("My grandson borrows my pension card and I never see the money", analyse)
    first = session.current
    assert first.is_safety_check
    session.submit("Oh I'm safe enough, he's a good lad really.", analyse)
    assert not session.current.is_safety_check
    session.submit("Some days lately I think they'd all be better off without me.", analyse)
    assert session.current.is_safety_check and session.current.id != first.id  # never the same question twice


def test_a_reply_to_the_safety_question_raises_its_alert_without_a_second_safety_question(tmp_path, analysers):
    store, session = _session(tmp_path, analysers)
    analyse = analysers["personal"].analyse
    session.submit("Some nights I still cut to get through it", analyse)
    assert session.current.is_safety_check
    reply = session.submit("I'm alright, honest. I'm not going to kill myself or anything.", analyse)
    assert reply.alert is not None  # the practitioner sees it
    assert len(session.flow.state.alerts) == 2 and not session.current.is_safety_check
    first, second = session.alerts()
    assert session.alert_it_follows(second) is None  # only a recorded alert is followed
    session.acknowledge(first.id, "Safety plan agreed")
    assert session.alert_it_follows(session.alerts()[1]).id == first.id
    assert session.alert_it_follows(session.alerts()[0]) is None  # the first answered no safety question
    assert not session.reply_told_more(session.alerts()[1])
    # A reply that tells of something new gets its own safety question; the practitioner is told so and may still
    # fold it into the concern (two trials' practitioners had to write everything again for a brush-off).
    session.submit("My stepdad hits me", analyse)
    session.acknowledge(session.alerts()[-1].id, "Referral made")
    session.submit("im safe here but he's outside the hostel right now and he's got a knife", analyse)
    assert session.current.is_safety_check and session.reply_told_more(session.alerts()[-1])
    assert session.alert_it_follows(session.alerts()[-1]).action == "Referral made"
    store.close()


def test_a_possible_concern_in_a_reply_to_the_safety_question_may_join_the_concern_recorded(tmp_path, analysers):
    """Jordan's "its not a big deal honestly hes alright" after telling of an older lad's "stuff" raised a possible
    concern and a second safety question; Priya had no "part of the concern just recorded" and wrote it all again."""
    store, session = _session(tmp_path, analysers)
    analyse = analysers["personal"].analyse
    session.submit("an older lad keeps asking me to hold stuff at mine and i owe him", analyse)
    session.acknowledge(session.alerts()[-1].id, "Talked it through; exploitation referral")
    reply = session.submit("its not a big deal honestly hes alright", analyse)
    assert reply.alert is not None  # the engine reads the brush-off as a concern of its own
    assert session.alert_it_follows(session.alerts()[-1]).id == session.alerts()[0].id
    store.close()


def test_a_reassuring_reply_in_everyday_words_gets_no_second_safety_question(analysers, bank):
    """Kyle, in a hostel: "ye im alrite…" was met by a second safety question straight after the first."""
    session = ConversationSession.start_new(bank, analysers["relational"].framework, "cowrite")
    analyse = analysers["relational"].analyse
    session.submit("the lads from my old crew keep ringing me to do a bit of running for them. i owe them money", analyse)
    assert session.current.is_safety_check
    session.submit("ye im alrite its not like thats gonna happen or owt, im just saying", analyse)
    assert not session.current.is_safety_check
    # Reassurance beside something new is not reassurance (a reviewer's case).
    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    analyse = analysers["personal"].analyse
    session.submit("Some nights I still cut to get through it", analyse)
    assert session.current.is_safety_check
    session.submit("I'm grand. I took all me tablets an hour ago.", analyse)
    assert session.current.is_safety_check


def test_no_to_are_you_safe_raises_an_alert_of_its_own(tmp_path, analysers):
    """Tom, asked "Am I safe right now?", wrote "not when jake is in": nothing was raised, and a scaling
    question came next."""
    from assistant.conversation.flow import PlannedQuestion
    from assistant.conversation.replies import says_not_safe

    store, session = _session(tmp_path, analysers)
    analyse = analysers["personal"].analyse
    session.submit("jake takes my stuff and says he will hurt me if i tell", analyse)
    first = session.current
    assert first.is_safety_check
    reply = session.submit("not when jake is in", analyse) if "safe" in first.text else None
    if reply is None:  # the bank chose a question about danger: answer it as Tom would
        reply = session.submit("yeah when jake is in", analyse)
    assert reply.alert is not None and reply.alert.sentences
    assert session.current.is_safety_check and session.current.id != first.id
    asks_safe = PlannedQuestion("safety.risk.1", "Are you safe right now?", "risk", "exploring")
    asks_danger = PlannedQuestion("safety.risk.3", "Is anything happening right now that puts you in danger?", "risk", "exploring")
    assert says_not_safe(asks_safe, "no, not really") and not says_not_safe(asks_safe, "yes I'm fine, honest")
    assert says_not_safe(asks_danger, "yeah, sometimes") and not says_not_safe(asks_danger, "no, nothing like that")
    assert says_not_safe(asks_danger, "I don't feel safe at home")
    store.close()


@pytest.mark.parametrize("mode", ["cowrite", "practitioner"])
def test_yes_to_a_check_back_agrees_the_outcome_whoever_types_it(tmp_path, analysers, bank, mode):
    """Tom said "yes" to each check-back and then had to agree every outcome again on the board; so did
    Priya, typing Janet's "Yes, that's it" in a conversation she led."""
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(bank, analysers["personal"].framework, mode, store, "Tom")
        session.submit("i want a job at the garden centre", analysers["personal"].analyse)
        assert session.current.technique == "check_understanding"
        session.submit("yes", analysers["personal"].analyse)
        (row,) = store.outcomes(1)
        assert row["status"] == "accepted"  # the person's say: the board can still change it
    with Store(tmp_path / "o2.db") as store:
        # Shaz's "ye" to a check-back left it undecided, where "yes lol" agreed it.
        session = ConversationSession.start_new(bank, analysers["relational"].framework, mode, store, "Shaz")
        session.submit("i want to do the peer mentor course", analysers["relational"].analyse)
        session.submit("ye", analysers["relational"].analyse)
        assert [r["status"] for r in store.outcomes(1)] == ["accepted"]


def test_a_new_disclosure_in_reply_to_the_safety_question_gets_a_safety_question_of_its_own(analysers, bank):
    session = ConversationSession.start_new(bank, analysers["personal"].framework, "practitioner")
    analyse = analysers["personal"].analyse
    session.submit("Some nights I still cut to get through it", analyse)
    first = session.current
    assert first.is_safety_check
    session.submit("No. He hits me when he's been drinking and he's outside now.", analyse)
    assert session.current.is_safety_check and session.current.id != first.id
    second = session.current
    session.submit("I'm ok, but he said he'll kill me if I tell anyone", analyse)  # reassuring words, then more
    assert session.current.is_safety_check and session.current.id not in {first.id, second.id}


def test_people_named_in_reply_to_the_network_question_are_kept_as_people(tmp_path, analysers):
    from assistant.conversation.flow import PlannedQuestion

    store, session = _session(tmp_path, analysers)
    session.ask_instead(PlannedQuestion("explore.network.1", "Who are the people who matter most to you?", "network", "network"))
    session.submit("My daughter Karen, Liam, and Bert from the next plot.", analysers["personal"].analyse)
    assert store.network(session.conversation_id) == ["My daughter Karen, Liam, and Bert from the next plot."]
    assert session.flow.state.outcomes == []
    store.close()


@pytest.mark.parametrize("framework,worry", [
    ("personal", "I worry about falling on the path to the plot and nobody finding me"),
    ("carer", "I'm frightened he'll wander off at night and I won't hear him"),
    ("relational", "I'm scared I'll lose the flat if the neighbours keep complaining"),
])
def test_a_worry_is_never_followed_by_if_you_had_that(analysers, bank, framework, worry):
    session = ConversationSession.start_new(bank, analysers[framework].framework, "practitioner")
    session.submit(worry, analysers[framework].analyse)
    for _ in range(3):
        question = bank.by_id(session.current.id) if session.current.id in {q.id for q in bank.questions} else None
        if question is not None and question.technique == "so_what":
            assert "difficulty" in question.suits, session.current.text
        session.submit("I'm not sure, it just gets to me", analysers[framework].analyse)


def test_a_wish_typed_as_said_is_heard(analysers):
    """Kyle typed "wanna get back on the sites n earn me own money": the board never got it."""
    reading = analysers["relational"].analyse("wanna get back on the sites n earn me own money")
    assert reading.kind == "outcome" and reading.wish.startswith("getting back on the sites")
    reading = analysers["relational"].analyse("its only supervised for now. wanna see her proper without sum1 watching")
    assert reading.wish.startswith("seeing her proper")
    assert analysers["relational"].analyse("wanna know what happens next").wish == ""  # a question, not a wish
    # Tom's "chose" became "chosing": a past form typed for the plain verb takes the plain verb's -ing.
    assert analysers["personal"].analyse("i want to chose my own food shoping").wish == "choosing my own food shoping"


def test_verbs_joined_in_a_wish_are_checked_back_alike(analysers):
    # "choosing my own food and cook it myself" was read back to Tom: both verbs take -ing.
    personal = analysers["personal"]
    assert personal.analyse("I want to choose my own food and cook it myself").wish == \
        "choosing my own food and cooking it myself"
    assert personal.analyse("I'd like to go out and see my friends").wish == "going out and seeing my friends"
    assert personal.analyse("I want to see my son and his kids").wish == "seeing my son and his kids"  # a noun stays
    # "Try and", "go and": one wish in British English, said with "to" (a reviewer saw "trying and getting").
    assert personal.analyse("I want to try and get back to work").wish == "trying to get back to work"
    assert personal.analyse("I'd like to go and see my mum").wish == "going to see my mum"
    # Jordan's "i guess" stayed in his outcome; "what I think" is still the wish.
    assert analysers["relational"].analyse("getting my own flat i guess").wish == "getting my own flat"
    assert personal.analyse("I want people to listen to what I think").wish.endswith("what I think")
    # "stopping dreading the post" read oddly: stopping a doing is checked back as not doing it.
    assert personal.analyse("I want to stop dreading the post.").wish == "not dreading the post"
    assert personal.analyse("I want to stop drinking and get my kids back").wish == "not drinking and getting my kids back"
    assert personal.analyse("I want to stop the bailiffs coming").wish == "stopping the bailiffs coming"  # a thing stopped


def test_how_much_something_is_missed_is_not_what_is_wished_for(analysers):
    """Janet's "I miss it something rotten" was checked back as "something rotten" matters to her."""
    carer = analysers["carer"]
    assert "rotten" not in carer.analyse("The choir. I miss it something rotten").wish
    # "So much" can be the point (a reviewer: cutting down is not stopping), and "them" is not pointing back.
    relational = analysers["relational"]
    assert relational.analyse("I want to stop using so much").wish == "not using so much"
    assert relational.analyse("my kids are in care, I want them back home with me").wish == "them back home with me"


def test_a_long_wish_is_quoted_back_to_a_whole_phrase(analysers):
    # A clause that ends a word or three past the limit is kept whole (a trainer saw "…without cleaning").
    reading = analysers["personal"].analyse("I want to get a job at the dog rescue place one day")
    assert reading.wish == "getting a job at the dog rescue place one day"
    reading = analysers["personal"].analyse("I want her to enjoy visiting her dad without cleaning up after me")
    assert reading.wish.endswith("without cleaning up after me")
    reading = analysers["personal"].analyse("I want to get a job at the dog rescue place on the far side of town near my sister's")
    assert reading.wish == "getting a job at the dog rescue place"
    # Doreen's check-back read "managing my own tablets again rather".
    reading = analysers["personal"].analyse("I'd like to manage my own tablets again rather than have the carers do it")
    assert reading.wish == "managing my own tablets again"
    reading = analysers["personal"].analyse("I want to go back to the club where I used to play snooker with my brother every week")
    assert reading.wish == "going back to the club"
    reading = analysers["personal"].analyse("I'd like to get to the bowls club on Tuesdays and see my friends")
    assert reading.wish == "getting to the bowls club on Tuesdays"


def test_quoted_words_read_as_part_of_a_sentence():
    from assistant.conversation.wording import short_words
    from assistant.plan.model import readable_summary

    assert short_words("The physio comes on Tuesdays") == "the physio comes on Tuesdays"
    assert short_words("I want my garden back") == "I want my garden back"
    # Dean: "Write down I need a council flat…" was quoted back with the instruction to the worker in it.
    assert short_words("Write down I need a council flat and a drug worker") == "I need a council flat and a drug worker"
    assert short_words("can you put on the plan that I want to work") == "I want to work"
    assert short_words("write letters to my son") == "write letters to my son"  # a wish, not an instruction
    assert short_words("Put down roots in the village") == "Put down roots in the village"
    assert short_words("Write down my memories for the grandkids") == "Write down my memories for the grandkids"
    assert readable_summary(["Seeing Bert", "Knowing my pension is mine", "OT visits"]) == \
        "Seeing Bert, knowing my pension is mine and OT visits."
    # A phrase that has its own "and" keeps it, and the phrases are kept apart.
    assert readable_summary(["Wash myself without waiting for the carer, and feel like me again", "seeing my son"]) == \
        "Wash myself without waiting for the carer, and feel like me again; seeing my son."


def test_cutting_said_without_myself_is_a_certain_concern_and_hair_is_not(analysers):
    said = analysers["relational"].analyse("Feeling less low. Some nights I still cut to get through it")
    assert said.safeguarding and said.alert_certain  # so the safety question follows
    assert not analysers["relational"].analyse("I still cut all the girls' hair in the hostel").alert_certain


def test_the_reply_to_the_safety_question_is_shown_with_its_alert(tmp_path, analysers):
    """Kerry-Ann, co-writing, answered the safety question ("yes in the day. no one nos") before Jo saw
    the alert: the reply was only in the transcript. It goes with the alert everywhere the practitioner
    looks, and never into the person's own copy."""
    store, session = _session(tmp_path, analysers, mode="cowrite", name="Kerry-Ann")
    analyse = analysers["personal"].analyse
    session.submit("i want to go to the disko on frday", analyse)
    session.submit("one of the night staff shouts at me and says im thick, dont tell anyone ill get in trouble", analyse)
    assert session.current.is_safety_check
    session.submit("yes in the day.   no one nos", analyse)
    [alert] = session.alerts()
    assert alert.reply == "yes in the day. no one nos"
    session.acknowledge(alert.id, "Talked with her and her advocate; told the provider's safeguarding lead")
    plan = build_plan(store, session.conversation_id, session.framework)
    assert plan["alerts"][0]["reply"] == "yes in the day. no one nos"
    for fmt in ("md", "html", "docx"):
        practitioner = render(plan, session.framework, fmt, include_safeguarding=True)
        text = practitioner.decode("utf-8", "ignore") if fmt != "docx" else _docx_text(practitioner)
        assert "no one nos" in text, fmt
        # A co-written plan's practitioner copy says whose it is, and its safeguarding section is the practitioner's.
        assert "copy, not for the person" in text and "Reply to the safety question" in text, fmt
        assert "What I said when asked" not in text and "Safeguarding alerts (practitioner only)" in text, fmt
        person = render(plan, session.framework, fmt, include_safeguarding=False)
        text = person.decode("utf-8", "ignore") if fmt != "docx" else _docx_text(person)
        assert "no one nos" not in text and "night staff" not in text and "practitioner" not in text.lower(), fmt
    store.close()
    listed = run_cli("alerts", "--db", str(tmp_path / "o.db"))
    assert "reply to the safety question: \u201cyes in the day. no one nos\u201d" in listed.stdout.decode("utf-8")


def test_an_alert_with_no_safety_question_after_it_has_no_reply(tmp_path, analysers):
    store, session = _session(tmp_path, analysers)
    session.submit(DISCLOSURE, analysers["personal"].analyse)
    assert [a.reply for a in session.alerts()] == [""]  # asked, not yet answered
    session.skip()
    assert [a.reply for a in session.alerts()] == [""]  # skipped: nothing said
    store.close()


def test_a_number_given_after_the_first_steps_is_the_starting_point_and_the_rest_a_sign(tmp_path, analysers, bank):
    """Lorraine said "About a 3. Knowing the council had the form would move it up." after the first step and
    what would still work: her review called its first number "a first rating", and the plan put the whole
    answer, number and all, under what good looks like."""
    from assistant.conversation.flow import PlannedQuestion
    from assistant.review.outcomes import baselines

    store, session = _session(tmp_path, analysers)
    analyse = analysers["personal"].analyse
    session.submit("I just want to keep the flat, that's the main thing", analyse)
    session.submit("Yes, that's it", analyse)
    for qid, said in (("explore.negotiation.1", "Ringing the council about a Discretionary Housing Payment, with my sister"),
                      ("plan.negotiation.1", "A payment plan I can actually manage, like ten pound a week"),
                      ("explore.scaling.1", "About a 3. Knowing the council had the form would move it up.")):
        question = bank.by_id(qid)
        session.ask_instead(PlannedQuestion(question.id, question.text, question.technique, question.stage))
        session.submit(said, analyse)
    for row in session.board():
        session.agree(row.id)
    [start] = baselines(store, session.conversation_id).values()
    assert start.rating == 3
    plan = build_plan(store, session.conversation_id, session.framework)
    [outcome] = plan["outcomes"]
    assert outcome["good_looks_like"] == "Knowing the council had the form would move it up."
    store.close()


def test_how_things_are_now_said_with_a_number_is_not_a_sign(tmp_path, analysers, bank):
    """Gary's "about a 3. I'm not sleeping, she's up and down all night" went under "what good looks like"."""
    from assistant.conversation.flow import PlannedQuestion

    store, session = _session(tmp_path, analysers, framework="carer")
    analyse = analysers["carer"].analyse
    session.submit("I want to still be Lynne's husband, not just her carer", analyse)
    session.submit("Yes, that's it", analyse)
    question = next(q for q in bank.questions if q.technique == "scaling" and q.id.startswith("carer."))
    session.ask_instead(PlannedQuestion(question.id, question.text.replace("{topic}", "that"), question.technique, question.stage))
    session.submit("about a 3. I'm not sleeping, she's up and down all night", analyse)
    for row in session.board():
        session.agree(row.id)
    plan = build_plan(store, session.conversation_id, session.framework)
    assert plan["outcomes"][0]["good_looks_like"] == ""
    store.close()

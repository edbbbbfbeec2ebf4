"""Plans from a scripted conversation: every format, every section, escaping, Unicode, versions."""

import io
import os
import stat
from datetime import date

import pytest
from docx import Document

from assistant.conversation.bank import load_bank
from assistant.conversation.session import ConversationSession
from assistant.errors import ExportError
from assistant.plan.editing import text_to_milestones, text_to_risks
from assistant.plan.model import build_plan, empty_outcome, latest_plan
from assistant.plan.render import render, render_html, render_markdown
from assistant.plan.target import write_atomically
from assistant.plan.smart import check_outcome, check_plan
from assistant.storage import Store

from ..conftest import run_cli

ODD = "{{ 7*7 }} {% if x %} <script>alert(1)</script> [bold]x[/bold] café 😀 naïve\x07bell"


@pytest.fixture
def conversation(tmp_path, analysers):
    """Michael's conversation, his outcomes agreed, and a filled-in plan saved as version 1."""
    path = tmp_path / "o.db"
    analyser = analysers["personal"]
    store = Store(path)
    session = ConversationSession.start_new(load_bank(), analyser.framework, "practitioner", store, "Michael")
    for answer in ["They want to put a shower room in", f"I don't want a shower room, I want to see my son {ODD}",
                   "I used to be a postmistress", "My sister is round the corner", "He hits me sometimes"]:
        session.submit(answer, analyser.analyse)
    for row in store.outcomes(1):
        store.update_outcome(row["id"], status="accepted")
        # Reworded with the person, in their words (and awkward characters, to test escaping).
        store.update_outcome(row["id"], words=f"{row['words']} {ODD}")
    plan = build_plan(store, 1, analyser.framework, today=date(2026, 11, 24))
    outcome = plan["outcomes"][0]
    outcome.update({
        "why_it_matters": "He's my only family",
        "good_looks_like": "I see him three times a week",
        "verification": ["self", "third_party"],
        "who_helps": {"self": "phone him", "family": "my son helps me shower", "community": "", "services": "transport"},
        "milestones": [{"what": "First visit", "by": "2026-12-05"}],
        "compromise": "Transport instead of a shower room",
        "risks": [{"to": "status_quo", "description": "stays lonely", "likelihood": "high", "impact": "high", "management": "start visits now"}],
    })
    plan["not_agreed"] = [{"what": "A shower room", "alternatives": "showering at his son's"}]
    plan["agreement"] = {"person_comments": "Yes, this is me", "carer": "", "practitioner": "A. Worker"}
    store.save_plan_version(1, plan, "practitioner")
    yield store, analyser.framework
    store.close()


def test_a_sign_of_progress_starts_what_good_looks_like_and_is_not_met_with_so_what(tmp_path, analysers):
    """"How would you know things were better?" is answered with what the person would notice: it goes
    under the outcome just talked about, and the next question does not ask "so what?" of it."""
    analyser = analysers["personal"]
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(load_bank(), analyser.framework, "practitioner", store, "Margaret")
        session.submit("I'd love to have my grandchildren to stay over again", analyser.analyse)
        session.ask_own("How would you know that things were getting better?", "scaling")
        sign = "When I've slept upstairs a whole week and had the kids over once"
        result = session.submit(sign, analyser.analyse)
        assert result.next_question.technique not in {"so_what", "reframe"}
        session.ask_own("On a scale of 1 to 10, where are things now?", "scaling")
        session.submit("about a 4", analyser.analyse)  # a score, not a sign
        # Told as a wish, a sign is still a sign: not a second outcome on the board.
        from assistant.conversation.flow import PlannedQuestion

        asks_for_a_sign = load_bank().by_id("plan.scaling.1")
        session.ask_instead(PlannedQuestion(asks_for_a_sign.id, asks_for_a_sign.text, "scaling", asks_for_a_sign.stage))
        wished = "I'd be having the grandkids every other weekend and I'd want to get out to the park with them"
        session.submit(wished, analyser.analyse)
        assert len(store.outcomes(1)) == 1
        for row in store.outcomes(1):
            store.update_outcome(row["id"], status="accepted")
        plan = build_plan(store, 1, analyser.framework)
        assert [o["good_looks_like"] for o in plan["outcomes"]] == [f"{sign}; {wished}"]


def test_a_first_step_and_what_would_still_work_start_the_outcome_they_follow(tmp_path, analysers):
    """"What would be a good enough first step?" and "if we can't do it exactly that way…" are answered
    for the outcome just talked about: the plan starts its steps and its compromise in those words, and
    the person's copy leaves out a step that repeats an answer which raised an alert."""
    from assistant.conversation.flow import PlannedQuestion
    from assistant.plan.model import person_copy

    analyser = analysers["personal"]
    bank = load_bank()

    def ask(question_id):
        question = bank.by_id(question_id)
        session.ask_instead(PlannedQuestion(question.id, question.text, question.technique, question.stage))

    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(bank, analyser.framework, "practitioner", store, "Arthur")
        session.submit("What I miss is the bowls club on a Wednesday, I'd love to get back to it", analyser.analyse)
        ask("explore.negotiation.1")
        step = "Ring Jimmy from the club and ask if he'd pick me up"
        session.submit(step, analyser.analyse)
        ask("plan.negotiation.1")
        session.submit("dunno really", analyser.analyse)  # small talk: nothing to start from
        ask("explore.negotiation.1")
        session.submit("My son takes my pension and says I can't go", analyser.analyse)  # an alert: never a step
        ask("plan.negotiation.1")
        session.submit("Even the Saturday afternoon game would do me", analyser.analyse)
        assert len(store.outcomes(1)) == 1
        for row in store.outcomes(1):
            store.update_outcome(row["id"], status="accepted")
        plan = build_plan(store, 1, analyser.framework)
        outcome = plan["outcomes"][0]
        assert outcome["milestones"] == [{"what": step, "by": ""}]
        assert outcome["compromise"] == "Even the Saturday afternoon game would do me"
        # Edited on the plan screen to repeat the alert answer: out of the person's copy.
        outcome["milestones"].append({"what": "Tell the bank my son takes my pension", "by": ""})
        assert [m["what"] for m in person_copy(plan)["outcomes"][0]["milestones"]] == [step]


def test_a_sign_of_progress_goes_under_the_latest_agreed_outcome(tmp_path, analysers):
    """A trainer's sign ("Susan would stay for her tea on a Sunday") vanished: it went under a proposal
    turned down on the board in between, which the plan leaves out."""
    from assistant.conversation.flow import PlannedQuestion

    analyser = analysers["personal"]
    bank = load_bank()
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(bank, analyser.framework, "practitioner", store, "Bert")
        session.submit("I'd love to get back to the allotment on a Sunday", analyser.analyse)
        session.ask_own("What else would you like to be different?", "what_matters")
        session.submit("I want to feel less anxious about the post", analyser.analyse)
        asks = bank.by_id("plan.scaling.1")
        session.ask_instead(PlannedQuestion(asks.id, asks.text, asks.technique, asks.stage))
        sign = "I'd be down there every Sunday with a flask, that's how I'd know"
        session.submit(sign, analyser.analyse)
        first, second = store.outcomes(1)
        store.update_outcome(first["id"], status="accepted")
        store.update_outcome(second["id"], status="declined")
        plan = build_plan(store, 1, analyser.framework)
        assert [o["good_looks_like"] for o in plan["outcomes"]] == [sign]
        # Still waiting for a decision, the later outcome keeps what was said about it (a reviewer's case).
        store.update_outcome(second["id"], status="proposed")
        assert [o["good_looks_like"] for o in build_plan(store, 1, analyser.framework)["outcomes"]] == [""]
        store.update_outcome(second["id"], status="accepted")
        assert [o["good_looks_like"] for o in build_plan(store, 1, analyser.framework)["outcomes"]] == ["", sign]


def test_a_wish_said_to_what_would_make_it_one_better_is_a_new_outcome(tmp_path, analysers):
    """Only a question that asks for a sign of progress takes a wish as one (a reviewer found a carer's
    wish for a night's sleep lost under her choir)."""
    from assistant.conversation.flow import PlannedQuestion

    analyser = analysers["carer"]
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(load_bank(), analyser.framework, "practitioner", store, "Ann")
        session.submit("I'd love to get back to my choir on a Tuesday", analyser.analyse)
        scaling = load_bank().by_id("carer.scaling.1")
        session.ask_instead(PlannedQuestion(scaling.id, scaling.text, "scaling", scaling.stage))
        session.submit("About a 3. I'd love a full night's sleep once a week, just one", analyser.analyse)
        assert len(store.outcomes(1)) == 2


def test_a_strength_said_after_an_agreement_is_written_without_it(tmp_path, analysers):
    analyser = analysers["personal"]
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(load_bank(), analyser.framework, "practitioner", store, "Margaret")
        session.ask_own("What are you good at?", "strengths")
        session.submit("Yes, that's it. I used to do all the cooking for the whole street", analyser.analyse)
        assert store.strengths(1) == ["Yes, that's it. I used to do all the cooking for the whole street"]  # kept as said
        plan = build_plan(store, 1, analyser.framework)
        assert plan["strengths"] == ["I used to do all the cooking for the whole street"]


def test_a_saved_plan_follows_the_board(tmp_path, analysers):
    """An outcome agreed after the plan was saved is in it; one turned down later is not; a rewording shows."""
    analyser = analysers["personal"]
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(load_bank(), analyser.framework, "cowrite", store, "Dean")
        session.submit("I'd love to get back to the bowling club", analyser.analyse)
        session.submit("I want to see my son more", analyser.analyse)
        first, second = store.outcomes(1)[:2]
        store.update_outcome(first["id"], status="accepted")
        plan, _ = latest_plan(store, 1, analyser.framework)
        plan["outcomes"][0]["why_it_matters"] = "It's where my friends are"
        store.save_plan_version(1, plan, "person")
        store.update_outcome(second["id"], status="accepted")
        store.update_outcome(first["id"], words="bowling on Thursdays again")
        plan, version = latest_plan(store, 1, analyser.framework)
        assert version == 1
        assert [o["words"] for o in plan["outcomes"]] == ["bowling on Thursdays again", second["words"]]
        assert plan["outcomes"][0]["why_it_matters"] == "It's where my friends are"  # what was written stays
        store.update_outcome(first["id"], status="declined")
        plan, _ = latest_plan(store, 1, analyser.framework)
        assert [o["words"] for o in plan["outcomes"]] == [second["words"]]


def test_when_and_where_to_meet_goes_in_the_plan_in_the_persons_words(tmp_path, analysers):
    analyser = analysers["relational"]
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(load_bank(), analyser.framework, "cowrite", store, "Dean")
        question = load_bank().by_id("rel.closing.2")
        from assistant.conversation.flow import PlannedQuestion

        session.ask_instead(PlannedQuestion(question.id, question.plain, question.technique, question.stage))
        session.submit("I'd like to meet somewhere I can feel safe and see my kids after", analyser.analyse)
        assert store.outcomes(1) == []  # when and where to meet is never an outcome on the board
        session.ask_instead(PlannedQuestion(question.id, question.plain, question.technique, question.stage))
        result = session.submit("tuesdays, at the cafe near the hostel not the office", analyser.analyse)
        assert result.next_question.technique not in {"so_what", "reframe"}
        plan = build_plan(store, 1, analyser.framework)
        assert plan["next_meeting"] == "tuesdays, at the cafe near the hostel not the office"
        assert "When and where I'd like to meet: tuesdays, at the cafe near the hostel" in render(plan, analyser.framework, "md").decode()


def test_draft_holds_only_agreed_outcomes_strengths_people_alerts(tmp_path, analysers):
    analyser = analysers["personal"]
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(load_bank(), analyser.framework, "practitioner", store, "Jean")
        session.submit("I'd love to get back to the bowling club", analyser.analyse)
        assert build_plan(store, 1, analyser.framework)["outcomes"] == []
        store.update_outcome(store.outcomes(1)[0]["id"], status="accepted")
        plan = build_plan(store, 1, analyser.framework, today=date(2026, 1, 1))
        # The outcome is the person's wish in their own words, not the whole answer.
        assert plan["outcomes"][0]["words"] == "getting back to the bowling club"
        assert plan["review_date"] == "2026-03-26"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_text_formats_have_every_section_and_the_persons_words(conversation, fmt):
    store, framework = conversation
    plan, _ = latest_plan(store, 1, framework)
    text = render(plan, framework, fmt).decode("utf-8")
    for heading in ("What matters to Michael", "Agreed outcomes", "Who will help", "Milestones", "Risks and how they are managed",
                    "Strengths", "People who matter", "What could not be agreed or provided", "Safeguarding alerts", "Review", "Agreement"):
        assert heading in text, heading
    assert "He's my only family" in text or "He&#39;s my only family" in text
    assert "café 😀 naïve" in text and "\x07" not in text and "naïvebell" in text
    # Template syntax stays literal; in Markdown every * is escaped (7*7 … 8*8 would otherwise be emphasis).
    assert ("{{ 7*7 }}" if fmt == "html" else "{{ 7\\*7 }}") in text and "{% if x %}" in text
    assert "<script>" not in text
    assert "He hits me sometimes" in text


def test_html_is_self_contained_accessible_and_printable(conversation):
    store, framework = conversation
    html = render_html(latest_plan(store, 1, framework)[0], framework)
    assert "&lt;script&gt;" in html and "http" not in html.replace("http-equiv", "")
    assert "@media print" in html and '<html lang="en-GB">' in html
    assert '<th scope="col">' in html and "<caption>" in html and "<h1>" in html


def test_docx_opens_and_holds_the_plan(conversation):
    store, framework = conversation
    data = render(latest_plan(store, 1, framework)[0], framework, "docx")
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Support plan: Michael" in text and "café 😀 naïve" in text and "{{ 7*7 }}" in text and "<script>" in text
    assert "\x07" not in text
    assert any(p.style.name.startswith("Heading") for p in doc.paragraphs)


def test_cowrite_plan_is_first_person_without_codes_or_safeguarding(conversation):
    store, framework = conversation
    plan = latest_plan(store, 1, framework)[0]
    plan["mode"] = "cowrite"
    text = render_markdown(plan, framework)
    assert "What matters to me" in text and "qol." not in text and "He hits me" not in text
    assert "He hits me" in render_markdown(plan, framework, include_safeguarding=True)


def test_a_saved_plan_shows_what_was_done_about_an_alert_since(conversation, tmp_path):
    """A key worker's copy said "not yet acknowledged" for alerts recorded after the version was saved."""
    store, framework = conversation
    alert = store.alerts(1)[0]
    assert not alert["acknowledged_at"]  # when version 1 was saved
    store.acknowledge_alert(alert["id"], "practitioner", "Safety plan agreed with Michael")
    for plan in (latest_plan(store, 1, framework)[0], None):
        if plan is None:  # an older version, exported on its own
            out = tmp_path / "v1.md"
            result = run_cli("plan", "export", "1", "--version", "1", "--safeguarding", "--format", "md", "--out", str(out), "--db", str(store.path))
            assert result.returncode == 0, result.stderr.decode()
            text = out.read_text(encoding="utf-8")
        else:
            text = render_markdown(plan, framework, include_safeguarding=True)
        assert "Safety plan agreed with Michael" in text and "not yet acknowledged" not in text


def test_where_and_when_to_meet_stays_out_of_the_persons_copy_while_there_is_an_alert(tmp_path, analysers):
    """Kyle's own copy said "tuesdays in the hostel office after i pick up me script", with an alert about
    the crew he owes: it tells them where he will be. Held back until the practitioner includes it."""
    from assistant.conversation.flow import PlannedQuestion
    from assistant.plan.model import person_copy

    analyser = analysers["relational"]
    bank = load_bank()
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(bank, analyser.framework, "practitioner", store, "Kyle")
        session.submit("wanna get me own place", analyser.analyse)
        session.submit("the lads from my old crew keep ringing me to do a bit of running for them, i owe them", analyser.analyse)
        meet = bank.by_id("rel.closing.2")
        session.ask_instead(PlannedQuestion(meet.id, meet.text, meet.technique, meet.stage))
        said = "tuesdays in the hostel office after i pick up me script"
        session.submit(said, analyser.analyse)
        assert store.alerts(1)
        plan = build_plan(store, 1, analyser.framework)
        assert plan["next_meeting"] == said
        assert person_copy(plan)["next_meeting"] == ""
        item = next(h for h in plan["held_back"] if h["words"] == said)
        item["include"] = True
        assert person_copy(plan)["next_meeting"] == said
        plan["next_meeting"] = "Thursday, by phone"  # the practitioner's own words: theirs to give
        item["include"] = False
        assert person_copy(plan)["next_meeting"] == "Thursday, by phone"

    # A version saved before the alert: exported on its own, it holds the meeting back all the same.
    with Store(tmp_path / "v.db") as store:
        session = ConversationSession.start_new(bank, analyser.framework, "practitioner", store, "Kyle")
        session.submit("wanna get me own place", analyser.analyse)
        session.ask_instead(PlannedQuestion(meet.id, meet.text, meet.technique, meet.stage))
        session.submit(said, analyser.analyse)
        store.save_plan_version(1, build_plan(store, 1, analyser.framework), "practitioner")
        session.submit("the lads from my old crew keep ringing me to do a bit of running for them, i owe them", analyser.analyse)
        assert store.alerts(1)
    out = tmp_path / "v1.md"
    result = run_cli("plan", "export", "1", "--version", "1", "--no-safeguarding", "--format", "md", "--out", str(out),
                     "--db", str(tmp_path / "v.db"))
    assert result.returncode == 0, result.stderr.decode()
    assert "hostel office" not in out.read_text(encoding="utf-8")


def test_words_about_the_person_who_harms_stay_out_of_the_persons_copy_when_said_again_differently():
    """Tom's own copy said "What good looks like: jake stops taking my stuf" after he told of a housemate who
    takes his things and says he'll hurt him if he tells: no four words in a row were the same."""
    from assistant.plan.model import person_copy, repeats_alert

    told = "jake takes my stuff and says he will hurt me if i tell"
    assert repeats_alert("jake stops taking my stuf", [told])
    assert not repeats_alert("going to the football with my dad", [told])  # nothing shared: kept
    plan = {"outcomes": [{**empty_outcome("choosing my own food shopping"), "good_looks_like": "jake stops taking my stuf"}],
            "alerts": [{"words": told}], "held_back": [], "strengths": [], "people": [], "summary": ""}
    assert person_copy(plan)["outcomes"][0]["good_looks_like"] == ""


def test_smart_check_names_what_is_missing_gently():
    hints = check_outcome({"words": "better", "milestones": [], "who_helps": {}})
    joined = " ".join(hints)
    assert "specific" in joined and "How will you know" in joined and "first step" in joined and "who will help" in joined
    complete = {"words": "See my son three times a week", "good_looks_like": "three visits a week", "verification": ["self"],
                "milestones": [{"what": "first visit", "by": "2030-01-01"}], "who_helps": {"self": "phone him"}}
    assert check_outcome(complete, today=date(2026, 1, 1)) == []
    assert "No date yet." in check_outcome({**complete, "milestones": [{"what": "visit", "by": ""}]})
    loose = check_outcome({**complete, "milestones": [*complete["milestones"], {"what": "Plant onions", "by": "next spring"}]},
                          today=date(2026, 1, 1))
    assert any("\u201cnext spring\u201d is not a date" in h for h in loose)
    assert check_plan({"outcomes": [], "review_date": ""})["plan"]


def test_versions_keep_earlier_plans_and_original_words(conversation):
    store, framework = conversation
    plan = latest_plan(store, 1, framework)[0]
    plan["outcomes"][0]["words"] = "See my son every week"
    assert store.save_plan_version(1, plan, "practitioner") == 2
    versions = store.plan_versions(1)
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["content"]["outcomes"][0]["words"] != "See my son every week"
    assert versions[1]["content"]["outcomes"][0]["original_words"] == "seeing my son"


def test_line_forms_parse_and_keep_every_word():
    assert text_to_milestones("First visit | 2026-12-05\nsecond") == [{"what": "First visit", "by": "2026-12-05"}, {"what": "second", "by": ""}]
    risks, hints = text_to_risks("neighbours | they complain | sometimes | low | talk to them")
    assert risks[0]["description"].startswith("neighbours") and hints


def test_atomic_write_and_clear_errors(tmp_path):
    target = tmp_path / "plan.md"
    write_atomically(b"hello", target)
    assert target.read_bytes() == b"hello" and stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with pytest.raises(ExportError, match="does not exist"):
        write_atomically(b"x", tmp_path / "missing" / "plan.md")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.geteuid() != 0:
            with pytest.raises(ExportError, match="Cannot write"):
                write_atomically(b"x", locked / "plan.md")
    finally:
        locked.chmod(0o700)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".plan-")] == []


def test_cli_export_every_format_and_unwritable_path(conversation, tmp_path):
    store, _ = conversation
    db = str(store.path)
    for fmt in ("md", "html", "docx"):
        out = tmp_path / f"plan.{fmt}"
        result = run_cli("plan", "export", "--format", fmt, "--out", str(out), "--db", db)
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 500
    bad = run_cli("plan", "export", "--format", "md", "--out", str(tmp_path / "nowhere" / "plan.md"), "--db", db)
    assert bad.returncode != 0 and "does not exist" in bad.stderr.decode() and "Traceback" not in bad.stderr.decode()
    listed = run_cli("plan", "versions", "--db", db).stdout.decode()
    assert "version   1" in listed


def test_converse_saves_like_the_ui_and_accepts_proposed(tmp_path):
    db = tmp_path / "c.db"
    answers = "I want to get back to the bowling club\nThey're putting a rail in\n"
    result = run_cli("converse", "--framework", "personal", "--json", "--db", str(db), "--name", "Bill", "--accept-proposed", input=answers)
    assert result.returncode == 0, result.stderr
    with Store(db) as store:
        info = store.conversation()
        assert info.person == "Bill" and info.answers == 2
        rows = store.outcomes(info.id)
        assert rows and all(r["status"] == "accepted" for r in rows)
        assert rows[0]["words"] == "getting back to the bowling club"
    md = tmp_path / "bill.md"
    assert run_cli("plan", "export", "--format", "md", "--out", str(md), "--db", str(db)).returncode == 0
    assert "bowling club" in md.read_text()


def test_risks_read_back_in_the_persons_words_when_they_write_their_plan():
    from assistant.plan.editing import risks_to_text

    risks, hints = text_to_risks("my worker | they forget to ring | medium | low | I ring them", plain=True)
    assert risks[0]["to"] == "practitioner" and not hints
    assert risks_to_text(risks, plain=True).startswith("my worker |")
    assert risks_to_text(risks).startswith("practitioner |")
    _, hints = text_to_risks("the cat | scratches | low | low | keep out", plain=True)
    assert "my worker" in hints[0] and "practitioner" not in hints[0]


def test_a_short_item_is_held_back_only_for_whole_words():
    from assistant.plan.model import repeats_alert

    assert not repeats_alert("Pat", ["the patient one upstairs"]) and not repeats_alert("Ann", ["he is planning to move"])
    assert repeats_alert("my nephew", ["my nephew takes my card"])


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_persons_own_plan_reads_as_a_plan_not_a_form_of_empty_rows(analysers, fmt):
    """Co-writing, only the helpers written in are listed, and what is still to write says so in words."""
    from assistant.plan.model import empty_outcome

    framework = analysers["personal"].framework
    painting = empty_outcome("painting again")
    painting["who_helps"]["family"] = "my sister drives me"
    plan = {"person": "Dee", "framework": "personal", "framework_title": framework.title, "mode": "cowrite",
            "summary": "Painting again.", "review_date": "", "strengths": [], "people": [], "held_back": [],
            "not_agreed": [], "alerts": [], "agreement": {}, "outcomes": [painting, empty_outcome("seeing my son")]}
    data = render(plan, framework, fmt)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs) + " ".join(
        c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells) if fmt == "docx" else data.decode()
    assert "my sister drives me" in text and "Nobody written in yet." in text and "not written yet" in text
    assert "Community" not in text and "Services" not in text
    practitioner = render({**plan, "mode": "practitioner"}, framework, fmt)
    if fmt != "docx":
        assert "Community" in practitioner.decode() and "—" in practitioner.decode()  # the practitioner's form keeps every row


def test_the_persons_copy_of_a_practitioners_plan_has_no_codes_or_drafting_notes(analysers):
    from assistant.plan.model import empty_outcome

    framework = analysers["personal"].framework
    plan = {"person": "Doreen", "framework": "personal", "framework_title": framework.title, "mode": "practitioner",
            "summary": "Feeling safe at home.", "review_date": "", "strengths": [], "people": [], "held_back": [],
            "not_agreed": [], "alerts": [], "agreement": {},
            "outcomes": [empty_outcome("feeling safe at home", ["qol.feeling_safe"])]}
    practitioner = render(plan, framework, "md").decode()
    assert "(qol.feeling_safe)" in practitioner and "SMART check" in practitioner
    person = render(plan, framework, "md", include_safeguarding=False).decode()
    assert "qol." not in person and "SMART" not in person and "Me / the person" not in person
    assert "Framework category" not in person and "Framework category" in render(plan, framework, "md").decode()
    assert "Doreen:" in person and "the person themself" not in person.lower()  # who helps: Doreen, by name
    marked = render({**plan, "person": "[Dee](http://x) *D*"}, framework, "md", include_safeguarding=False).decode()
    assert "[Dee](http://x)" not in marked and "*D*" not in marked  # a name is text, never a link or emphasis


def test_every_plan_gives_dates_as_people_write_them(tmp_path, analysers):
    from assistant.plan.model import empty_outcome
    from assistant.plan.render import plain_date

    assert plain_date("2027-02-18") == "18 February 2027" and plain_date("next spring") == "next spring"
    framework = analysers["personal"].framework
    plan = {"person": "Dee", "framework": "personal", "framework_title": framework.title, "mode": "cowrite",
            "summary": "Painting again.", "review_date": "2027-02-18", "strengths": [], "people": [], "held_back": [],
            "not_agreed": [], "alerts": [], "agreement": {},
            "outcomes": [{**empty_outcome("painting again"), "milestones": [{"what": "buy paints", "by": "2026-12-05"}]}]}
    text = render(plan, framework, "md").decode()
    assert "18 February 2027" in text and "5 December 2026" in text and "2027-02-18" not in text
    practitioner = render({**plan, "mode": "practitioner"}, framework, "md").decode()
    assert "18 February 2027" in practitioner and "2027-02-18" not in practitioner  # a UK reader's date, for everyone
    # Drafting hints stay on the plan screen: the person's own plan is not marked like homework.
    assert "SMART check" in practitioner and "Things to think about" not in text


@pytest.mark.parametrize("typed, stored", [
    ("15/12/2026", "2026-12-15"), ("1/3/27", "2027-03-01"), ("15 Dec 2026", "2026-12-15"),
    ("15th December 2026", "2026-12-15"), ("2026-12-15", "2026-12-15"), ("31/02/2026", "31/02/2026"),
    ("next spring", "next spring"),
])
def test_a_step_date_typed_the_uk_way_is_read(typed, stored):
    from assistant.plan.editing import milestones_to_text

    steps = text_to_milestones(f"Ring the club | {typed}")
    assert steps == [{"what": "Ring the club", "by": stored}]
    if stored[:2] == "20":
        assert milestones_to_text(steps) == f"Ring the club | {stored[8:10]}/{stored[5:7]}/{stored[:4]}"
        assert not [h for h in check_outcome({"words": "ring the club every week", "milestones": steps},
                                             review_date="2027-12-31") if "not a date" in h]


def test_the_persons_copy_never_names_a_held_back_outcome_anywhere(analysers):
    """Not in the summary (a review writes it from every outcome), nor in words started from answers."""
    from assistant.plan.model import empty_outcome, person_copy

    framework = analysers["personal"].framework
    held = {**empty_outcome("a good night's rest in my room"), "original_words": "sleep in my own bed again", "held_back": True}
    kept = {**empty_outcome("seeing my son more"), "good_looks_like": "my grandson gives me my bank card back"}
    plan = {"person": "Ann", "framework": "personal", "framework_title": framework.title, "mode": "cowrite",
            "summary": "seeing my son more; a good night's rest in my room", "review_date": "", "strengths": [], "people": [],
            "held_back": [{"section": "outcomes", "words": "a good night's rest in my room",
                           "original_words": "sleep in my own bed again", "include": False}],
            "not_agreed": [], "agreement": {}, "next_meeting": "when my grandson gives me my bank card back",
            "alerts": [{"raised": "2026-11-26T10:00", "words": "I want to sleep in my own bed again. My grandson gives me my bank card back only on Fridays",
                        "acknowledged": "", "by": "", "action": ""}],
            "outcomes": [kept, held]}
    copy = person_copy(plan)
    assert [o["words"] for o in copy["outcomes"]] == ["seeing my son more"]
    assert "rest in my room" not in copy["summary"] and copy["summary"]
    assert copy["outcomes"][0]["good_looks_like"] == "" and copy["next_meeting"] == ""
    for fmt in ("md", "html", "docx"):  # the practitioner's copy of a co-written plan, with the alerts
        assert render(plan, framework, fmt, include_safeguarding=True)


def test_a_saved_plan_keeps_its_outcome_when_the_same_words_were_also_turned_down(tmp_path, analysers):
    analyser = analysers["personal"]
    with Store(tmp_path / "o.db") as store:
        cid = store.create_conversation("Dean", "personal", "cowrite")
        store.add_outcome(cid, "staying in my own home", ["qol.living_as_you_want"], agreed=True)
        twice = store.add_outcome(cid, "staying in my own home", ["qol.living_as_you_want"])
        store.update_outcome(twice, status="declined")
        plan, _ = latest_plan(store, cid, analyser.framework)
        plan["outcomes"][0]["why_it_matters"] = "It's where my life is"
        plan["outcomes"][0]["words"] = "staying put in my own home"  # reworded on the plan screen
        store.save_plan_version(cid, plan, "person")
        plan, _ = latest_plan(store, cid, analyser.framework)
        assert [(o["words"], o["why_it_matters"]) for o in plan["outcomes"]] == [("staying put in my own home", "It's where my life is")]


def test_a_carers_own_plan_speaks_of_the_carer_as_its_owner():
    """Janet's copy read "to a carer: Femi falls while I'm out", "what the person can do" and had two lines
    to sign for her ("The person", "Carer")."""
    from assistant.frameworks import load_framework

    framework = load_framework("carer")
    outcome = {**empty_outcome("getting back to the choir", ["carer.life_of_own"]),
               "risks": [{"description": "Femi falls while I'm out", "to": "person", "likelihood": "low", "impact": "high", "management": "a sitter"},
                         {"description": "I'm worn out", "to": "carer", "likelihood": "high", "impact": "high", "management": "Sundays off"}]}
    plan = {"person": "Janet", "framework": "carer", "framework_title": framework.title, "mode": "practitioner",
            "outcomes": [outcome], "strengths": ["singing"], "people": [], "held_back": [], "alerts": [],
            "review_date": "2027-02-19", "next_meeting": "", "summary": "", "not_agreed": []}
    text = render(plan, framework, "md", include_safeguarding=False).decode()
    assert "to Janet: Femi falls" in text and "to Janet: I'm worn out" in text and "to a carer" not in text
    cowritten = render({**plan, "mode": "cowrite"}, framework, "md").decode()
    assert "to me: Femi falls" in cowritten  # "me" on the plan screen is the carer writing it
    assert "what Janet can do" in text and "the person can do" not in text
    assert "Janet: Signed" in text and "Carer: Signed" not in text


def test_risk_levels_said_in_other_words_are_read_and_nothing_typed_is_lost():
    """Bernadette typed "likely" and "possible": both were saved as medium without a word."""
    risks, hints = text_to_risks("carer | Gary reaches breaking point | likely | serious | crisis plan", carer_plan=True)
    assert (risks[0]["likelihood"], risks[0]["impact"], hints) == ("high", "high", [])
    risks, hints = text_to_risks("carer | something | perhaps | high | plan")
    assert risks[0]["likelihood"] == "medium" and "perhaps" in risks[0]["description"] and "perhaps" in hints[0]


def test_a_carers_plan_can_name_the_person_cared_for_as_at_risk(tmp_path):
    """"person" and "carer" in Gary's plan both read "to Gary": Lynne, who was at risk, could not be named."""
    from assistant.plan.editing import risk_choices
    from assistant.plan.render import risk_to_words

    risks, hints = text_to_risks("cared for | Lynne left alone behind a shut door | medium | high | sitting service", carer_plan=True)
    assert risks[0]["to"] == "cared_for" and not hints
    plan = {"person": "Gary", "framework": "carer"}
    assert risk_to_words("cared_for", plan, cowrite=False) == "to the person cared for"
    assert risk_to_words("carer", plan, cowrite=False) == "to Gary"
    assert "cared for" in risk_choices(False, carer_plan=True) and "person" not in risk_choices(False, carer_plan=True)
    assert "cared for" not in risk_choices(False, carer_plan=False)
    _, hints = text_to_risks("Lynne | left alone | low | high | plan", carer_plan=True)
    assert "cared for" in hints[0]


def test_only_a_carers_plan_has_a_person_cared_for():
    risks, hints = text_to_risks("cared for | left alone | low | high | plan")
    assert risks[0]["to"] == "person" and "cared for" in risks[0]["description"] and hints


def test_a_scaling_answer_is_a_sign_unless_it_tells_how_things_are_now():
    """A code review: "about a 4. a full night's sleep" was dropped; "I can't cope when she's up all night" kept."""
    from assistant.plan.model import progress_signs

    def signs(answer):
        turns = [{"id": 1, "answer": "I want to sleep through", "technique": "what_matters"},
                 {"id": 2, "answer": answer, "technique": "scaling"}]
        return progress_signs(turns, {1}, set()).get(1, [])

    assert signs("about a 4. a full night's sleep") == ["a full night's sleep"]
    assert signs("3, getting the carers to come on time") != []
    assert signs("about a 3. I can't cope when she's up all night") == []
    assert signs("about a 3. I'm not sleeping any more, she's up all night") == []

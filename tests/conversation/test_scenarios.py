import pytest

from assistant.conversation.bank import TECHNIQUES
from assistant.conversation.practice import PracticeSession, summary_text
from assistant.conversation.scenarios import all_scenarios, load_scenario, load_scenario_file, scenario_markdown
from assistant.errors import DataFileError, NotFoundError
from assistant.locations import bundled_dir
from assistant.nlp.coach import QuestionCoach

from ..conftest import run_cli

GUIDE_CASES = {"jean", "michael", "sandra", "bill", "helen", "catriona", "mackay"}


def test_every_case_study_is_a_valid_annotated_scenario():
    scenarios = {s.name: s for s in all_scenarios()}
    assert GUIDE_CASES <= set(scenarios)
    for scenario in scenarios.values():
        assert len(scenario.turns) >= 5 and len(scenario.service_led) >= 3
        assert all(t.technique in TECHNIQUES and t.why for t in scenario.turns)
        assert all(t.note for t in scenario.service_led)
        assert scenario.outcomes and scenario.plan_steps


def test_the_engine_mostly_agrees_with_the_scenarios_annotations(analysers):
    """The engine proposes; the annotation is the lesson. Where they differ, the demo shows both."""
    agree = total = 0
    for name in sorted(GUIDE_CASES):
        scenario = load_scenario(name)
        for outcome in scenario.outcomes:
            proposed = [o.id for o in analysers[scenario.framework].analyse(outcome.words).outcomes]
            total += 1
            agree += bool(set(proposed) & set(outcome.expect))
    assert agree / total >= 0.8, (agree, total)


def test_trainers_own_scenario_is_found_and_validated(tmp_path):
    folder = tmp_path / "config" / "scenarios"
    folder.mkdir(parents=True)
    text = (bundled_dir("prompts") / "scenarios" / "jean.toml").read_text()
    (folder / "ours.toml").write_text(text.replace('name = "jean"', 'name = "ours"'))
    assert load_scenario("ours").title.startswith("Jean")
    (folder / "broken.toml").write_text(text.replace('technique = "strengths"', 'technique = "chatting"'))
    with pytest.raises(DataFileError, match="broken.toml: turn 3: unknown technique 'chatting'"):
        load_scenario("broken")
    (folder / "badid.toml").write_text(text.replace('expect = ["qol.things_to_do"]', 'expect = ["qol.nope"]'))
    with pytest.raises(DataFileError, match="qol.nope is not in the 'personal' framework"):
        load_scenario_file(folder / "badid.toml")
    with pytest.raises(NotFoundError):
        load_scenario("nobody")


def test_handout_has_both_versions_and_the_plan():
    text = scenario_markdown(load_scenario("michael"))
    assert "## The outcomes-focused conversation" in text and "## The service-led version" in text
    assert "Why it helps" in text and "What it misses" in text and "## The plan" in text


def test_practice_persona_answers_only_good_questions():
    scenario = load_scenario("michael")
    session = PracticeSession(scenario, QuestionCoach())
    closed = session.ask("Do you need help with washing?")
    assert not closed.advanced and closed.answer in {t.answer for t in scenario.service_led}
    jargon = session.ask("Are you happy with your care package?")
    assert "care package" in jargon.answer and not jargon.advanced
    good = session.ask("What's important to you at the moment?")
    assert good.advanced and good.answer == scenario.turns[0].answer
    so_what = session.ask("If the shower room went in, what would it make possible for you?")
    assert so_what.advanced and so_what.answer == scenario.turns[1].answer
    summary = session.summary()
    assert summary["questions"] == 4 and summary["open_share"] == 0.5 and summary["so_what"] == 1
    assert summary["jargon"] == ["care package"] and len(summary["rewordings"]) == 2
    assert "Better ways to ask" in summary_text(summary)


def test_demo_cli_list_and_transcript():
    listed = run_cli("demo", "--list").stdout.decode()
    assert all(name in listed for name in GUIDE_CASES)
    handout = run_cli("demo", "mackay", "--transcript").stdout.decode()
    assert handout.startswith("# Mr and Mrs MacKay")
    missing = run_cli("demo", "nobody", "--transcript")
    assert missing.returncode != 0 and "no scenario called 'nobody'" in missing.stderr.decode()

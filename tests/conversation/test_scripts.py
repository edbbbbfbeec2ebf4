"""The project's answer scripts, played through the real engine and flow."""

from pathlib import Path

import pytest

from assistant.conversation.bank import load_bank
from assistant.conversation.scripts import check_script, load_scripts

FOLDER = Path(__file__).resolve().parents[1] / "data" / "flow_scripts"
SCRIPTS = [s for path in sorted(FOLDER.glob("*.toml")) for s in load_scripts(path)]
FLOOR = 0.95


@pytest.fixture(scope="module")
def results(analysers):
    bank = load_bank()
    return [check_script(s, bank, analysers[s.framework]) for s in SCRIPTS]


def test_there_are_many_scripts_in_every_framework():
    assert len(SCRIPTS) >= 8
    assert {s.framework for s in SCRIPTS} == {"personal", "carer", "relational"} or len(SCRIPTS) < 40


def test_expectations_hold(results):
    checked = sum(r.checked for r in results)
    held = sum(r.held for r in results)
    failures = [f"{r.script.source} / {r.script.name}: {f}" for r in results for f in r.failures]
    print(f"\nflow scripts: {held}/{checked} expectations hold ({held / checked:.3f})")
    assert held / checked >= FLOOR, "\n".join(failures)


@pytest.mark.parametrize("script", [s for s in SCRIPTS if s.source == "issue-examples.toml"], ids=lambda s: s.name[:60])
def test_every_named_behaviour_holds(script, analysers):
    result = check_script(script, load_bank(), analysers[script.framework])
    assert not result.failures, result.failures

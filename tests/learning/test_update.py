"""Learning from practitioners' decisions: recorded on the board, retrained locally, guarded by the frozen split."""

import stat

import pytest

from assistant.learning.corpus import load_split
from assistant.learning.update import current_dir, candidate_dir, examples_from_decisions, reset_models, update_model
from assistant.nlp.models import load_engine_models
from assistant.storage import Store

from ..conftest import run_cli


def _conversation_with_a_proposal(store: Store) -> tuple[int, int]:
    from assistant.conversation.flow import CollectedOutcome, PlannedQuestion

    cid = store.create_conversation("Ann", "personal", "practitioner")
    turn = store.add_question(cid, PlannedQuestion("q1", "What matters to you?", "what_matters", "opening"))
    store.save_answer_text(cid, turn, "I miss singing in the choir on a Thursday")
    store.save_analysis(cid, turn, {"kind": "outcome", "outcomes": [], "flags": []},
                        outcomes=[CollectedOutcome("I miss singing in the choir", ["qol.seeing_people"], 0)])
    return cid, store.outcomes(cid)[0]["id"]


def test_board_decisions_are_kept_as_labelled_examples(tmp_path):
    with Store(tmp_path / "a.db") as store:
        cid, row = _conversation_with_a_proposal(store)
        store.update_outcome(row, outcome_ids=["qol.things_to_do"])
        store.update_outcome(row, status="accepted")
        store.add_outcome(cid, "Get to the shops on my own", ["change.mobility"])
        other = store.add_outcome(cid, "Something else", ["qol.feeling_safe"])
        store.update_outcome(other, status="declined")
        decisions = store.decisions()
    assert [d["decision"] for d in decisions] == ["recategorise", "agree", "add", "add", "decline"]
    assert decisions[0]["text"] == "I miss singing in the choir on a Thursday"
    assert decisions[0]["outcome_ids"] == ["qol.things_to_do"] and decisions[0]["declined_ids"] == ["qol.seeing_people"]
    assert decisions[2]["text"] == "Get to the shops on my own"
    examples = examples_from_decisions(decisions)
    assert all(e.outcomes_only and e.framework == "personal" for e in examples)
    agreed = examples[1]
    assert agreed.outcomes == ("qol.things_to_do",) and agreed.knows("qol.things_to_do") and not agreed.knows("qol.staying_well")
    assert examples[-1].declined == ("qol.feeling_safe",) and examples[-1].outcomes == ()


def test_an_update_that_lowers_the_guarded_figures_is_refused(tmp_path, pipeline):
    decisions = [{"framework": "personal", "text": "I want to get back to my allotment", "outcome_ids": ["qol.things_to_do"],
                  "declined_ids": [], "decision": "agree"}]
    small = load_split("dev")[:400]  # a deliberately weak candidate
    result = update_model(decisions, pipeline, log=lambda m: None, corpus=small)
    assert not result.accepted
    assert "lower" in result.reason
    assert result.candidate["top1_accuracy"] < result.current["top1_accuracy"]
    assert load_engine_models().origin == "shipped"  # nothing changed
    assert (candidate_dir() / "model.json").exists()
    assert stat.S_IMODE(candidate_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE((candidate_dir() / "weights.npz").stat().st_mode) == 0o600
    assert reset_models() and not candidate_dir().exists()


def test_an_update_that_keeps_the_guarded_figures_is_used_and_reset_goes_back(pipeline):
    decisions = [{"framework": "carer", "text": "Some time to myself on a Saturday", "outcome_ids": ["carer.life_of_own"],
                  "declined_ids": [], "decision": "agree"}]
    same = {"safeguarding_recall": 0.97, "top1_accuracy": 0.8}
    result = update_model(decisions, pipeline, log=lambda m: None, corpus=load_split("dev")[:300], score=lambda m, p: dict(same))
    assert result.accepted
    models = load_engine_models()
    assert models.origin == "local" and models.meta["decisions"] == 1
    import json

    from assistant.nlp.models import SHIPPED_DIR, Blend

    shipped = Blend.from_meta(json.loads((SHIPPED_DIR / "model.json").read_text()))
    assert models.blend == shipped and shipped.log_odds  # the shipped shares, mixed the same way
    assert (current_dir() / "model.json").exists() and not candidate_dir().exists()
    assert reset_models()
    assert load_engine_models().origin == "shipped"


def test_update_with_no_decisions_says_so(tmp_path):
    db = tmp_path / "empty.db"
    Store(db).close()
    result = run_cli("model", "update", "--db", str(db))
    assert result.returncode != 0
    assert "no decisions" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_reset_when_already_shipped():
    result = run_cli("model", "reset")
    assert result.returncode == 0
    assert "Already using the shipped model" in result.stdout.decode()


@pytest.mark.parametrize("broken", [b"", b"not json"])
def test_a_damaged_local_model_is_a_clear_message(tmp_path, broken):
    folder = current_dir()
    folder.mkdir(parents=True)
    (folder / "model.json").write_bytes(broken)
    result = run_cli("classify", "--framework", "personal", input="I want to see my son\n")
    assert result.returncode != 0
    err = result.stderr.decode()
    assert "outcomes model reset" in err and "Traceback" not in err

import os
import sqlite3
import stat

import pytest

from assistant.conversation.bank import load_bank
from assistant.conversation.session import ConversationSession
from assistant.errors import StorageError
from assistant.storage import SCHEMA_VERSION, Store


def test_database_file_is_private_and_versioned(tmp_path):
    path = tmp_path / "nested" / "o.db"
    with Store(path) as store:
        assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_not_a_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my private notes")
    with pytest.raises(StorageError, match="not an Outcomes Assistant database"):
        Store(path)
    assert path.read_text() == "my private notes"


def test_damaged_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "o.db"
    with Store(path) as store:
        store.create_conversation("A", "personal", "practitioner")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(StorageError, match="damaged"):
        Store(path)
    assert path.read_bytes() == before


def test_second_instance_gets_a_clear_message(tmp_path):
    path = tmp_path / "o.db"
    with Store(path):
        with pytest.raises(StorageError, match="open in another Outcomes Assistant window"):
            Store(path)
    Store(path).close()


def test_every_answer_is_committed_and_resume_continues(tmp_path, analysers):
    path = tmp_path / "o.db"
    bank = load_bank()
    analyser = analysers["personal"]
    store = Store(path)
    session = ConversationSession.start_new(bank, analyser.framework, "practitioner", store, "Michael")
    session.submit("They want to put a shower room in", analyser.analyse)
    session.submit("I don't want a shower room, I want to see my son", analyser.analyse)
    waiting = session.current
    # Another connection sees everything already committed.
    other = sqlite3.connect(path)
    answers = [r[0] for r in other.execute("SELECT answer FROM turns WHERE answer IS NOT NULL ORDER BY id")]
    assert answers == ["They want to put a shower room in", "I don't want a shower room, I want to see my son"]
    other.close()
    store.close()
    store = Store(path)
    resumed = ConversationSession.resume(bank, analyser.framework, store, session.conversation_id, analyser.analyse)
    assert resumed.current.id == waiting.id
    assert [o["outcome_ids"][0] for o in store.outcomes(session.conversation_id)] == ["qol.seeing_people"]
    store.close()


def test_answer_saved_before_analysis_is_analysed_on_resume(tmp_path, analysers):
    path = tmp_path / "o.db"
    bank = load_bank()
    analyser = analysers["personal"]
    with Store(path) as store:
        session = ConversationSession.start_new(bank, analyser.framework, "practitioner", store, "Jean")
        store.save_answer_text(session.conversation_id, session._turn_ids[-1], "I want to see my grandchildren")
    with Store(path) as store:
        resumed = ConversationSession.resume(bank, analyser.framework, store, session.conversation_id, analyser.analyse)
        assert resumed.current.id != "open.what_matters.1"
        assert store.outcomes(session.conversation_id)[0]["words"] == "seeing my grandchildren"


def test_outcome_board_changes_keep_original_words(tmp_path):
    with Store(tmp_path / "o.db") as store:
        cid = store.create_conversation("Sandra", "personal", "cowrite")
        oid = store.add_outcome(cid, "more say over my day", ["process.having_a_say"])
        store.update_outcome(oid, words="choose when I get up", outcome_ids=["qol.living_as_you_want"], status="accepted")
        row = store.outcomes(cid)[0]
        assert (row["words"], row["original_words"], row["status"]) == ("choose when I get up", "more say over my day", "accepted")
        assert row["outcome_ids"] == ["qol.living_as_you_want"]


@pytest.mark.parametrize("mode, status", [("cowrite", "accepted"), ("practitioner", "proposed")])
def test_an_outcome_a_person_adds_themselves_is_agreed(tmp_path, analysers, mode, status):
    """Co-writing, the person typed it: their say is final. A practitioner's addition waits for the person."""
    bank = load_bank()
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(bank, analysers["personal"].framework, mode, store, "Sam")
        session.add_outcome("  my own  front door key ", ["qol.living_as_you_want"])
        row = store.outcomes(session.conversation_id)[0]
        assert (row["words"], row["status"]) == ("my own front door key", status)


def test_recategorising_drops_the_evidence_for_the_area_no_longer_chosen(tmp_path, analysers):
    analyser = analysers["personal"]
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(load_bank(), analyser.framework, "practitioner", store, "Jean")
        session.submit("I'd love to get back to the bowling club", analyser.analyse)
        row = store.outcomes(1)[0]
        assert row["evidence"]
        session.recategorise(row["id"], row["outcome_ids"][0])  # the same area: the evidence still stands
        assert store.outcomes(1)[0]["evidence"] == row["evidence"]
        session.recategorise(row["id"], "qol.seeing_people")
        assert store.outcomes(1)[0]["evidence"] == []


def test_a_failed_write_is_a_clear_storage_error(tmp_path):
    from assistant.storage import _Transaction

    path = tmp_path / "o.db"
    Store(path).close()
    readonly = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(StorageError, match="could not be written"):
        with _Transaction(readonly):
            readonly.execute("INSERT INTO people (name, created_at) VALUES ('x', 'y')")
    readonly.close()


def test_the_keyboard_stays_with_the_person_until_the_passphrase_takes_it_back(tmp_path, analysers):
    """Kept in the database, so a killed app knows a person was co-writing when it stopped."""
    with Store(tmp_path / "o.db") as store:
        session = ConversationSession.start_new(load_bank(), analysers["personal"].framework, "cowrite", store, "Dee")
        session.give_keyboard()
        assert store.cowriting_now() is None  # no passphrase yet: the practitioner never handed over
        session.set_handover("kettle")
        session.give_keyboard()
        assert store.cowriting_now() == (session.conversation_id, "conversation")
        assert not session.take_back("wrong") and store.cowriting_now() is not None
        assert session.take_back("kettle") and store.cowriting_now() is None

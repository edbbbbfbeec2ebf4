"""Hardening of the command line (tester's items 5, 10, 11, 13 and 14): real processes, real input."""

from __future__ import annotations

import sqlite3

import pytest

from .conftest import ROOT, run_cli
from .hardening_support import assert_clear_error, json_lines, run_script

# ----- item 11: conversation numbers out of range -------------------------------------------------
@pytest.mark.parametrize("number", ["0", "-1", str(2**63), str(2**64), "9" * 40, "3.5", "abc"])
@pytest.mark.parametrize("command", [["transcript"], ["plan", "versions"], ["plan", "export", "--format", "md"], ["resume"]])
def test_a_conversation_number_out_of_range_is_a_clear_message(tmp_path, number, command):
    db = tmp_path / "o.db"
    assert run_cli("converse", "--framework", "personal", "--db", str(db), "--name", "A", input="hello\n").returncode == 0
    extra = ["--out", str(tmp_path / "p.md")] if "export" in command else []
    result = run_cli(*command, *extra, "--db", str(db), "--", number)
    err = assert_clear_error(result)
    assert "conversation number" in err
    assert "OverflowError" not in err and "Python int too large" not in err


# ----- item 13: a failed write in converse says which line was saved last ---------------------------
FAIL_ON_WRITE = """
import sqlite3, sys
from assistant.storage import Store
method, failing_call = sys.argv[1], int(sys.argv[2])
original = getattr(Store, method)
calls = []

def fail_at(self, *args, **kwargs):
    calls.append(1)
    if len(calls) == failing_call:
        with self.transaction():   # the real transaction, as SQLite fails on a full disk
            raise sqlite3.OperationalError("database or disk is full")
    return original(self, *args, **kwargs)

setattr(Store, method, fail_at)
from assistant.cli import main
main(sys.argv[3:])
"""

INPUT = "I want to see my son\n\n/skip\nI'd like to go to the bowling club\nI love gardening\n"  # lines 1, 3, 4, 5


@pytest.mark.parametrize("method, call, expected, saved", [
    # line 4's words could not be saved
    ("save_answer_text", 3, "Input line 3 was the last one saved", ["I want to see my son"]),
    # line 4's words were saved, its analysis was not (resume finishes it)
    ("save_analysis", 2, "Input line 4 was the last one saved", ["I want to see my son", "I'd like to go to the bowling club"]),
    ("create_conversation", 1, "No input line was saved", []),
])
def test_a_failed_write_in_converse_names_the_last_line_saved(tmp_path, method, call, expected, saved):
    db = tmp_path / "o.db"
    result = run_script(FAIL_ON_WRITE, method, str(call), "converse", "--framework", "personal", "--json",
                        "--db", str(db), "--name", "Full", input=INPUT)
    err = assert_clear_error(result, "The database could not be written: the disk holding", "is full", expected)
    assert "Nothing was changed" not in err
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("SELECT answer FROM turns WHERE answer IS NOT NULL ORDER BY id")] == saved
    conn.close()

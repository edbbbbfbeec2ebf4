"""Hardening of the command line (tester's items 5, 10, 11, 13 and 14): real processes, real input."""

from __future__ import annotations

import sqlite3

import pytest

from .conftest import ROOT, run_cli
from .hardening_support import assert_clear_error, json_lines, run_script


def _framework_toml(name: str, outcomes: int, phrases: int) -> str:
    """A framework file with `outcomes` outcomes of `phrases` phrases each."""
    blocks = []
    for number in range(outcomes):
        listed = ", ".join(f'"phrase {number} number {i}"' for i in range(phrases))
        blocks.append(f'[[outcomes]]\nid = "o.{number}"\ngroup = "G"\nlabel = "L{number}"\nplain_label = "P"\n'
                      f'description = "D"\nphrases = [{listed}]\n')
    return f'name = "{name}"\ntitle = "Big"\n\n' + "\n".join(blocks)


# ----- item 5: escape sequences in answers are shown, never obeyed -------------------------------
OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"
CLEAR = "\x1b[2J\x1b[H"
NASTY = f"I want to see my son{OSC52}{CLEAR}\x9b31m red\x07 bell\x00nul\x7f\u202eevil"
RAW = [b"\x1b", b"\x07", b"\x00", b"\x7f", "\x9b".encode(), "\u202e".encode()]


def assert_nothing_a_terminal_obeys(data: bytes) -> None:
    for raw in RAW:
        assert raw not in data, (raw, data[:400])


def test_transcript_shows_control_characters_and_the_database_keeps_them(tmp_path):
    db = tmp_path / "o.db"
    talk = run_cli("converse", "--framework", "personal", "--db", str(db), "--name", f"Jo{OSC52}", input=NASTY + "\n")
    assert talk.returncode == 0, talk.stderr
    assert_nothing_a_terminal_obeys(talk.stdout)
    for args in (["transcript"], ["transcript", "--list"], ["plan", "versions"]):
        result = run_cli(*args, "--db", str(db))
        assert_nothing_a_terminal_obeys(result.stdout + result.stderr)
    shown = run_cli("transcript", "--db", str(db)).stdout.decode()
    assert "\\x1b]52;c;cm0gLXJmIH4K\\x07" in shown and "\\x1b[2J" in shown and "\\x9b31m" in shown and "\\u202e" in shown
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT answer FROM turns WHERE answer IS NOT NULL").fetchone()[0] == NASTY
    assert conn.execute("SELECT name FROM people").fetchone()[0] == f"Jo{OSC52}"
    conn.close()


@pytest.mark.parametrize("command", [["classify", "--framework", "personal"], ["check-question"],
                                     ["converse", "--framework", "personal"]])
def test_text_output_shows_control_characters(command):
    result = run_cli(*command, input=NASTY + "\nDo you need help with washing?" + CLEAR + "\n")
    assert result.returncode == 0, result.stderr
    assert_nothing_a_terminal_obeys(result.stdout)
    assert "\\x1b]52" in result.stdout.decode()


@pytest.mark.parametrize("command", [["classify", "--framework", "personal", "--json"], ["check-question", "--json"],
                                     ["converse", "--framework", "personal", "--json"]])
def test_json_output_keeps_the_text_exactly_with_nothing_raw(command):
    result = run_cli(*command, input=NASTY + "\n")
    assert result.returncode == 0, result.stderr
    assert_nothing_a_terminal_obeys(result.stdout)
    texts = [o["text"] for o in json_lines(result) if o.get("type", "answer") == "answer"]
    assert texts == [NASTY]


def test_error_messages_show_control_characters():
    result = run_cli("demo", f"x{CLEAR}", "--transcript")
    assert_clear_error(result, "\\x1b[2J")
    assert_nothing_a_terminal_obeys(result.stderr)


# ----- item 10: a framework's size is bounded with a clear message -------------------------------
def test_the_bundled_frameworks_fit_the_limits_comfortably():
    from assistant.frameworks import MAX_ENTRIES, MAX_PHRASES, load_framework

    for name in ("personal", "carer", "relational"):
        framework = load_framework(name)
        entries = sum(len(o.phrases) + len(o.keywords) + len(o.service_words) for o in framework.outcomes)
        assert entries <= MAX_ENTRIES // 4, (name, entries)
        for outcome in framework.outcomes:
            assert max(len(outcome.phrases), len(outcome.keywords), len(outcome.service_words)) <= MAX_PHRASES // 3


@pytest.mark.parametrize("shape", [(1, 100_000), (40, 200)], ids=["100,000 phrases in one outcome", "8,000 in all"])
def test_an_oversized_framework_is_refused_at_once_with_the_limit(tmp_path, shape):
    config = tmp_path / "config"
    (config / "taxonomy").mkdir(parents=True)
    big = config / "taxonomy" / "big.toml"
    big.write_text(_framework_toml("big", *shape))
    env = {"OUTCOMES_CONFIG_DIR": str(config)}
    validated = run_cli("taxonomy", "validate", str(big), env=env)
    assert_clear_error(validated, "big.toml", "at most")
    classified = run_cli("classify", "--framework", "big", "--json", input="hello\n", env=env)
    assert_clear_error(classified, "big.toml", "at most")
    listed = run_cli("taxonomy", "list", env=env)
    assert listed.returncode == 0 and "personal" in listed.stdout.decode() and "big.toml" in listed.stderr.decode()


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


# ----- item 14: one broken organisation file does not stop a listing ---------------------------------
def test_taxonomy_list_lists_the_good_reports_the_bad_and_names_replacements(tmp_path):
    config = tmp_path / "config"
    folder = config / "taxonomy"
    folder.mkdir(parents=True)
    (folder / "aaa.toml").write_text('name = "broken')
    (folder / "notutf8.toml").write_bytes(b"\xff\xfe")
    (folder / "carer.toml").write_text((ROOT / "taxonomy" / "carer.toml").read_text())
    (folder / "zzz.toml").write_text(_framework_toml("zzz", 1, 30))
    (folder / "personal.toml").write_text('name = "personal"\ntitle = "x"\noutcomes = []\n')
    result = run_cli("taxonomy", "list", env={"OUTCOMES_CONFIG_DIR": str(config)})
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err, err
    listed = {line.split()[0]: line for line in out.splitlines()}
    assert set(listed) == {"carer", "relational", "zzz"}
    assert "your organisation's file replaces the bundled one" in listed["carer"]
    assert "replaces" not in listed["relational"] and "replaces" not in listed["zzz"]
    for name in ("aaa.toml", "notutf8.toml", "personal.toml"):
        assert name in err
    assert "the bundled framework 'personal' is not used" in err


def test_demo_list_names_replaced_scenarios_and_reports_broken_ones(tmp_path):
    config = tmp_path / "config"
    folder = config / "scenarios"
    folder.mkdir(parents=True)
    (folder / "jean.toml").write_text((ROOT / "prompts" / "scenarios" / "jean.toml").read_text())
    (folder / "broken.toml").write_text("x = 1\n")
    result = run_cli("demo", "--list", env={"OUTCOMES_CONFIG_DIR": str(config)})
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err, err
    listed = {line.split()[0]: line for line in out.splitlines()}
    assert {"jean", "michael", "sandra"} <= set(listed)
    assert "replaces the bundled one" in listed["jean"] and "replaces" not in listed["michael"]
    assert "broken.toml" in err


# ----- commands that only read leave no database behind where there was none --------------------
@pytest.mark.parametrize("args, expected", [
    (("transcript", "--list"), "No saved conversations yet"),
    (("due",), "No reviews due"),
    (("alerts",), "no saved conversations"),
    (("review", "1", "--json"), "no conversation number 1"),
    (("plan", "versions"), "no saved conversations"),
])
def test_a_command_that_only_reads_creates_no_database(tmp_path, args, expected):
    db = tmp_path / "not-yet" / "o.db"
    result = run_cli("--db", str(db), *args)
    assert expected.lower() in (result.stdout + result.stderr).decode().lower()
    assert not db.exists() and not db.parent.exists()
